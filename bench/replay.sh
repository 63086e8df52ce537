#!/bin/sh
# Whole-process speed and peak memory of tapnirs reanalyse (a 690 s gentile2019 session, 8
# simulated channels, recorded by bench-soak) and tapnirs evaluate --replay (neuro_run01),
# beside MNE-Python's read_raw_snirf -> optical density -> Beer-Lambert on the same files.
# Usage: bench/replay.sh TAPNIRS PYTHON OUT   (docs/performance.md, "Replay and reanalysis")
# The TAPNIRS of `make bench` is a release build with the Swift runtime linked in (--static-swift-stdlib).
set -eu
BIN=$1; PY=$2; OUT=$3
rm -rf "$OUT"; mkdir -p "$OUT"
"$BIN" bench-soak --protocol Protocols/gentile2019.yaml --channels 8 --rate 7.8125 --minutes 11.5 --out "$OUT" > /dev/null
SESSION=$(ls -d "$OUT"/sub-soak/ses-* | head -1)
cat > "$OUT/mne_bl.py" <<'PYEOF'
import sys, mne
mne.set_log_level("ERROR")
raw = mne.io.read_raw_snirf(sys.argv[1], preload=True)
hb = mne.preprocessing.nirs.beer_lambert_law(mne.preprocessing.nirs.optical_density(raw), ppf=6.0)
hb.get_data()
PYEOF
# The binary is measured as an installed program runs, read from disk: its pages leave the page
# cache first (posix_fadvise DONTNEED, this file only). One the linker has just written sits there
# in large folios, and the kernel maps about 2 MiB more of it into every process (docs/performance.md).
python3 -c 'import os, sys; fd = os.open(sys.argv[1], os.O_RDONLY); os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED); os.close(fd)' "$BIN"
# Best and median wall time over 7 whole-process runs, and peak resident memory (bench/best_of.py).
measure() { label=$1; shift; python3 bench/best_of.py 7 "$label" "$@"; }
REANALYSES="rm -rf ${SESSION}reanalysis*"
measure "tapnirs reanalyse (690 s, 8 ch; replay + snirf + report)" --setup "$REANALYSES" -- "$BIN" reanalyse "$SESSION"
measure "tapnirs reanalyse --no-report" --setup "$REANALYSES" -- "$BIN" reanalyse "$SESSION" --no-report
"$BIN" reanalyse "$SESSION" --no-report > /dev/null
measure "MNE read_raw_snirf -> OD -> Beer-Lambert (that session)" -- "$PY" "$OUT/mne_bl.py" "${SESSION}reanalysis1/nirs.snirf"
measure "tapnirs evaluate --replay neuro_run01.snirf" -- "$BIN" evaluate --replay Tests/Fixtures/neuro_run01.snirf
measure "MNE read_raw_snirf -> OD -> Beer-Lambert (neuro_run01)" -- "$PY" "$OUT/mne_bl.py" Tests/Fixtures/neuro_run01.snirf
# The same comparisons from interleaved runs (tapnirs, MNE, tapnirs, MNE ...), so both see the same
# phases of a machine whose speed drifts (bench/interleaved.py): the ratios to quote.
python3 bench/interleaved.py 11 "reanalyse vs MNE (that session)" --setup "$REANALYSES" \
    -- "$BIN" reanalyse "$SESSION" -- "$PY" "$OUT/mne_bl.py" "${SESSION}reanalysis1/nirs.snirf"
python3 bench/interleaved.py 11 "evaluate --replay vs MNE (neuro_run01)" \
    -- "$BIN" evaluate --replay Tests/Fixtures/neuro_run01.snirf -- "$PY" "$OUT/mne_bl.py" Tests/Fixtures/neuro_run01.snirf
