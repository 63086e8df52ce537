#!/usr/bin/env python3
"""HbO per condition from MNE-Python, for the cross-check of summary.json's `conditions`.

    mne-conditions.py SESSION_FOLDER

Reads the session's nirs.snirf with MNE (read_raw_snirf -> optical_density ->
beer_lambert_law(ppf=6.0), as scripts/mne-reference.py), and for each tapping block of
events.tsv (rows whose value has `cue=TAP`; a block logged twice keeps its last run) builds
one `mne.Epochs` around the event at the first sample at or after the onset, over the motor
channels (channels.tsv status `good` at both wavelengths). On each epoch's samples, placed by
their recorded times relative to the onset (the SNIRF time vector, h5py), it applies
tapnirs' documented windows (docs/optics.md, "Per condition"):
  baseline  [-5 s, 0)          amplitude [5 s, D)          time course: 1 s bins from -5 s to D + 15 s
per channel (window mean - baseline mean), averaged over channels, then over the label's blocks.
A constant per-channel offset (MNE's reference intensity is the whole recording's mean,
tapnirs' the first seconds') cancels in every baseline-corrected figure.
Prints one JSON object: {"mne": version, "conditions": [{label, blocks, hbo_amplitude_micromolar,
hbr_amplitude_micromolar, block_hbo_micromolar, time_seconds, hbo_micromolar, hbr_micromolar}]}.
"""
import csv
import json
import math
import sys
import warnings

import h5py
import numpy as np


def rows(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def main(argv):
    if len(argv) != 2:
        sys.exit(f"usage: {argv[0]} SESSION_FOLDER")
    folder = argv[1]
    import mne
    from mne.preprocessing.nirs import beer_lambert_law, optical_density

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*2D location information.*")
        raw = mne.io.read_raw_snirf(folder + "/nirs.snirf", preload=True, verbose="error")
    hb = beer_lambert_law(optical_density(raw, verbose="error"), ppf=6.0)
    with h5py.File(folder + "/nirs.snirf", "r") as f:
        recorded = np.array(f["nirs/data1/time"], dtype=float).reshape(-1)

    status = {}
    for row in rows(folder + "/channels.tsv"):
        name = row["name"].split(" ")[0].replace("-", "_")
        status[name] = status.get(name, True) and row["status"] == "good"
    good = [n for n, ok in status.items() if ok] or list(status)
    picks_o = [hb.ch_names.index(n + " hbo") for n in good]
    picks_r = [hb.ch_names.index(n + " hbr") for n in good]

    blocks = {}
    for row in rows(folder + "/events.tsv"):
        value = dict(p.split("=", 1) for p in row["value"].split(";") if "=" in p)
        if "cue=TAP" not in row["value"] or "block" not in value:
            continue
        blocks[int(value["block"])] = (row["trial_type"], float(row["onset"]), float(row["duration"]))

    sfreq = hb.info["sfreq"]
    per_label = {}
    for number, (label, onset, duration) in sorted(blocks.items(), key=lambda kv: kv[1][1]):
        first = int(np.searchsorted(recorded, onset, side="left"))
        if first >= len(recorded):
            continue
        tmax = min(duration + 16.0, (len(recorded) - 1 - first) / sfreq)
        events = np.array([[first, 0, 1]])
        epochs = mne.Epochs(hb, events, event_id={label: 1}, tmin=-6.0, tmax=tmax, baseline=None, preload=True,
                            reject_by_annotation=False, verbose="error")
        if len(epochs) != 1:
            continue
        data = epochs.get_data(copy=True)[0] * 1e6  # mol/L -> µM
        index = first + np.round(epochs.times * sfreq).astype(int)
        valid = (index >= 0) & (index < len(recorded))
        rel = np.where(valid, recorded[np.clip(index, 0, len(recorded) - 1)] - onset, np.nan)
        nbins = int(math.ceil((duration + 15.0 + 5.0) / 1.0))

        def per_channel(picks, mask):
            base = (rel >= -5) & (rel < 0)
            out = []
            for p in picks:
                if mask.any() and base.any():
                    out.append(data[p, mask].mean() - data[p, base].mean())
            return float(np.mean(out)) if out else None

        amp = (rel >= 5) & (rel < duration)
        bins = np.floor(rel + 5.0)
        block = {
            "number": number,
            "hbo": per_channel(picks_o, amp),
            "hbr": per_channel(picks_r, amp),
            "course_o": [per_channel(picks_o, (bins == b) & (rel < duration + 15)) for b in range(nbins)],
            "course_r": [per_channel(picks_r, (bins == b) & (rel < duration + 15)) for b in range(nbins)],
        }
        per_label.setdefault(label, []).append(block)

    def mean(values):
        values = [v for v in values if v is not None]
        return float(np.mean(values)) if values else None

    conditions = []
    for label, group in per_label.items():
        nbins = min(len(b["course_o"]) for b in group)
        conditions.append({
            "label": label, "blocks": len(group),
            "hbo_amplitude_micromolar": mean([b["hbo"] for b in group]),
            "hbr_amplitude_micromolar": mean([b["hbr"] for b in group]),
            "block_hbo_micromolar": [b["hbo"] for b in group],
            "time_seconds": [-5.0 + k for k in range(nbins)],
            "hbo_micromolar": [mean([b["course_o"][k] for b in group]) for k in range(nbins)],
            "hbr_micromolar": [mean([b["course_r"][k] for b in group]) for k in range(nbins)],
        })
    print(json.dumps({"mne": mne.__version__, "channels": good, "conditions": conditions}))


if __name__ == "__main__":
    main(sys.argv)
