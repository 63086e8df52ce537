#!/bin/sh
# Whole-process speed and peak memory of tapnirs reanalyse (a 690 s gentile2019 session, 8
# simulated channels, recorded by bench-soak) and tapnirs evaluate --replay (neuro_run01),
# beside MNE-Python's read_raw_snirf -> optical density -> Beer-Lambert on the same files.
# Usage: bench/replay.sh TAPNIRS PYTHON OUT   (docs/performance.md, "Replay and reanalysis")
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
measure() {  # label, command...: best of 3 wall seconds, peak resident KiB
    label=$1; shift
    best=""; peak=0
    for i in 1 2 3; do
        /usr/bin/time -f "%e %M" -o "$OUT/time" "$@" > /dev/null 2>&1
        read -r s k < "$OUT/time"
        if [ -z "$best" ] || awk "BEGIN { exit !($s < $best) }"; then best=$s; fi
        if [ "$k" -gt "$peak" ]; then peak=$k; fi
    done
    printf '%-58s %6s s %8s MiB\n' "$label" "$best" "$(awk "BEGIN { printf \"%.1f\", $peak / 1024 }")"
}
measure "tapnirs reanalyse (690 s, 8 ch; replay + snirf + report)" sh -c "rm -rf ${SESSION}reanalysis*; $BIN reanalyse $SESSION"
measure "tapnirs reanalyse --no-report" sh -c "rm -rf ${SESSION}reanalysis*; $BIN reanalyse $SESSION --no-report"
"$BIN" reanalyse "$SESSION" --no-report > /dev/null
measure "MNE read_raw_snirf -> OD -> Beer-Lambert (that session)" "$PY" "$OUT/mne_bl.py" "${SESSION}reanalysis1/nirs.snirf"
measure "tapnirs evaluate --replay neuro_run01.snirf" "$BIN" evaluate --replay Tests/Fixtures/neuro_run01.snirf
measure "MNE read_raw_snirf -> OD -> Beer-Lambert (neuro_run01)" "$PY" "$OUT/mne_bl.py" Tests/Fixtures/neuro_run01.snirf
