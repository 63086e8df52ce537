#!/bin/sh
# Regenerates Linker/symbol-order.txt: the functions a release tapnirs runs in its measured and
# everyday commands (--help, reanalyse, evaluate --replay, recover, report, export, check), in the
# order they first ran, read from valgrind's callgrind. The release link (Package.swift) lays these
# functions out first and together, so a process maps a few MiB of code instead of most of the
# binary's 20 MiB text: resident memory and start-up both shrink (docs/performance.md, "Code layout").
# Names that no longer exist are skipped by the linker: a stale file only costs memory, never
# correctness. Run after larger changes:  scripts/symbol-order.sh   (needs valgrind; about a minute)
set -eu
cd "$(dirname "$0")/.."
scripts/ensure-packages.sh valgrind
# The Makefile's RELEASE flags: the layout is for the binary `make bench` builds.
RELEASE="-c release --static-swift-stdlib --disable-local-rpath -Xswiftc -Xfrontend -Xswiftc -disable-concrete-type-metadata-mangled-name-accessors"
swift build $RELEASE
BIN=$(swift build $RELEASE --show-bin-path)/tapnirs
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# valgrind 3.19 cannot read the toolchain's DWARF 5; the symbol table is all it needs.
objcopy --strip-debug "$BIN" "$WORK/tapnirs"
T="$WORK/tapnirs"
"$T" bench-soak --protocol Protocols/gentile2019.yaml --channels 8 --rate 7.8125 --minutes 11.5 --out "$WORK/s" > /dev/null
SESSION=$(ls -d "$WORK"/s/sub-soak/ses-* | head -1)
# A killed copy for recover (status `running`, no summary.json).
cp -r "$SESSION" "$SESSION-killed"
python3 - "$SESSION-killed/session.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1])); m["status"] = "running"; json.dump(m, open(sys.argv[1], "w"), indent=2)
PY
rm -f "$SESSION-killed/summary.json"
n=0
profile() { n=$((n + 1)); valgrind --tool=callgrind --demangle=no --callgrind-out-file="$WORK/cg.$n" "$T" "$@" > /dev/null 2>&1; }
profile --help
profile reanalyse "$SESSION"
profile evaluate --replay Tests/Fixtures/neuro_run01.snirf
profile recover "$SESSION-killed"
profile report "$SESSION"
profile export --bids "$WORK/bids" "$SESSION"
profile check Protocols/gentile2019.yaml
python3 - "$WORK" "$n" > Linker/symbol-order.txt <<'PY'
import re, sys
work, runs = sys.argv[1], int(sys.argv[2])
seen = {}
for i in range(1, runs + 1):
    objects, functions, current = {}, {}, None
    for line in open(f"{work}/cg.{i}"):
        m = re.match(r"^(c?)(ob|fn)=\((\d+)\)(?: (.*))?$", line.rstrip("\n"))
        if not m:
            continue
        called, kind, key, name = m.groups()
        names = objects if kind == "ob" else functions
        if name:
            names[key] = name
        if called:
            continue
        if kind == "ob":
            current = objects.get(key, "")
        elif current.endswith("/tapnirs"):
            name = re.sub(r"'\d+$", "", functions.get(key, ""))  # callgrind's mark for a name seen twice
            if name and not name.startswith("0x"):
                seen.setdefault(name, None)
print("\n".join(seen))
PY
echo "Linker/symbol-order.txt: $(wc -l < Linker/symbol-order.txt) functions"
# SwiftPM does not know the file is an input of the link: relink now.
rm -f "$BIN"
swift build $RELEASE
