#!/bin/sh
# Memory of long sessions and of the end-of-session files (docs/performance.md, "Memory").
#
#   bench/memory.sh TAPNIRS [OUT] [MINUTES]
#
# 1. `tapnirs bench-soak`: a 64 channel × 50 Hz session of MINUTES (default 60) through the real
#    event loop, recorder and journal files, faster than real time, logging resident memory.
# 2. The same at 128 channels × 100 Hz, stopped dead 6 s before its end, as a kill -9 would.
# 3. On that session, each a process of its own under /usr/bin/time -v: `tapnirs recover`
#    (summary.json by replay, then nirs.snirf), nirs.snirf alone (chunked HDF5 writes),
#    `tapnirs report` (report.html), `tapnirs export --bids`.
# Prints one line per step (peak resident, wall time); everything stays in OUT.
set -eu
BIN=$1
OUT=${2:-bench-out/memory}
MINUTES=${3:-60}
rm -rf "$OUT"
mkdir -p "$OUT"

# measure NAME COMMAND...: runs COMMAND under /usr/bin/time -v, prints its peak and wall time.
measure() {
    name=$1
    shift
    if ! /usr/bin/time -v -o "$OUT/$name.time" "$@" > "$OUT/$name.out" 2>&1; then
        cat "$OUT/$name.out" "$OUT/$name.time" >&2
        echo "bench/memory.sh: $name failed" >&2
        exit 1
    fi
    awk -v name="$name" -F': ' '
        /Maximum resident set size/ { kib = $2 }
        /Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i] }
        END { printf "  %-34s peak resident %7.1f MiB   %6.1f s\n", name, kib / 1024, s }' "$OUT/$name.time"
}

session() { ls -d "$1"/sub-soak/ses-*; }

echo "memory (peak resident of each process, /usr/bin/time -v; curves in $OUT/memory-*.tsv):"
measure "soak 64x50, $MINUTES min" "$BIN" bench-soak --channels 64 --rate 50 --minutes "$MINUTES" --out "$OUT/s64" \
    --every-seconds 60 --memory-log "$OUT/memory-64x50.tsv" --json "$OUT/soak-64x50.json"
sed -n 's/^  /    /p' "$OUT/soak 64x50, $MINUTES min.out"
KILL=$(awk -v m="$MINUTES" 'BEGIN { print m - 0.1 }')
measure "soak 128x100, $MINUTES min (killed)" "$BIN" bench-soak --channels 128 --rate 100 --minutes "$MINUTES" --kill-at "$KILL" \
    --out "$OUT/s128" --every-seconds 60 --memory-log "$OUT/memory-128x100.tsv" --json "$OUT/soak-128x100.json"
sed -n 's/^  /    /p' "$OUT/soak 128x100, $MINUTES min (killed).out"
S128=$(session "$OUT/s128")
du -sh "$S128"/nirs_raw.tsv "$S128"/hemo.tsv | sed 's/^/    journal /'
measure "recover (summary.json, nirs.snirf)" "$BIN" recover "$S128"
rm "$S128/nirs.snirf"
measure "nirs.snirf (chunked HDF5)" "$BIN" bench-end "$S128" --only snirf
measure "report.html (tapnirs report)" "$BIN" report "$S128"
measure "export --bids" "$BIN" export --bids "$OUT/bids" "$S128"
du -sh "$S128/nirs.snirf" "$S128/report.html" "$S128/summary.json" | sed 's/^/    /'
