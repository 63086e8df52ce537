#!/usr/bin/env bash
# Runs the official BIDS validator (bids-validator-deno, from PyPI, in the repo's .venv; it
# works offline) on a BIDS dataset and exits non-zero when it reports any error-level issue.
# Usage: scripts/check-bids.sh DIR
# Prints every error in full and each warning on one line, then the counts; --json-out FILE keeps the
# validator's full JSON report.
set -euo pipefail
if [ $# -lt 1 ] || [ $# -gt 3 ]; then
  echo "usage: scripts/check-bids.sh DIR [--json-out FILE]" >&2
  exit 2
fi
dir="$1"
json_out=""
if [ "${2:-}" = "--json-out" ]; then json_out="${3:?--json-out needs a file}"; fi
if [ ! -d "$dir" ]; then
  echo "check-bids: $dir is not a folder" >&2
  exit 2
fi
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="$("$repo/scripts/ensure-venv.sh")"
validator="$(dirname "$python")/bids-validator-deno"
if [ ! -x "$validator" ]; then
  echo "check-bids: $validator missing (scripts/ensure-venv.sh should have installed bids-validator-deno)" >&2
  exit 2
fi
report="$(mktemp)"
trap 'rm -f "$report" "$report.err"' EXIT
# The validator exits 16 when it finds errors; its JSON report is what we judge by.
set +e
"$validator" "$dir" --format json > "$report" 2> "$report.err"
status=$?
set -e
if [ -n "$json_out" ]; then cp "$report" "$json_out"; fi
"$python" - "$report" "$status" "$report.err" <<'PY'
import json, sys
path, status, err = sys.argv[1], int(sys.argv[2]), sys.argv[3]
try:
    with open(path) as f:
        report = json.load(f)
except Exception as e:
    sys.stderr.write(f"check-bids: the validator gave no JSON report (exit {status}): {e}\n")
    sys.stderr.write(open(err).read())
    sys.exit(2)
issues = report.get("issues", {}).get("issues", [])
errors = [i for i in issues if i.get("severity") == "error"]
warnings = [i for i in issues if i.get("severity") == "warning"]
def show(i, full):
    where = i.get("location") or ""
    extra = (i.get("issueMessage") or i.get("rule") or "").strip()
    if not full:
        extra = extra.splitlines()[0] if extra else ""
    return f"{i.get('severity').upper()} {i.get('code')} {where} {extra}".rstrip()
for i in errors:
    print(show(i, True))
for i in warnings:
    print(show(i, False))
print(f"bids-validator: {len(errors)} error(s), {len(warnings)} warning(s)")
sys.exit(1 if errors else 0)
PY
