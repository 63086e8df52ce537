#!/bin/sh
# Render a session's report.html headless in Debian's chromium, to look at it without a desktop:
#   scripts/render-report.sh SESSION [OUT.png]
# Writes the report first (tapnirs report; TAPNIRS_BIN overrides the binary), then a 1200-pixel-wide
# screenshot, and prints any console message the page logged (there should be none).
set -eu
if [ $# -lt 1 ]; then echo "usage: $0 SESSION [OUT.png]" >&2; exit 2; fi
session=${1%/}
out=${2:-$session/report.png}
bin=${TAPNIRS_BIN:-$(dirname "$0")/../.build/debug/tapnirs}
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then echo "chromium not found: apt-get install -y chromium" >&2; exit 1; fi
"$bin" report "$session"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
case $session in /*) url="file://$session/report.html" ;; *) url="file://$(pwd)/$session/report.html" ;; esac
log=$(timeout 120 "$browser" --headless --disable-gpu --no-sandbox --no-first-run --hide-scrollbars \
    --user-data-dir="$profile" --enable-logging=stderr --v=0 --window-size=1200,4000 --screenshot="$out" "$url" 2>&1 >/dev/null || true)
printf '%s\n' "$log" | grep -E 'CONSOLE|Uncaught' >&2 && echo "console messages above" >&2
echo "screenshot: $out"
