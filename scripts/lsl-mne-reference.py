#!/usr/bin/env python3
"""MNE-Python's HbO/HbR of what tapnirs recorded from an LSL stream (LslSourceTests).

Usage: lsl-mne-reference.py SESSION MONTAGE.json OUT.tsv

Reads SESSION/nirs_raw.tsv (the values tapnirs received, which the test has checked equal to
what the stand-in sent) and SESSION/session.json (the layout's kind), places every channel at
the optode positions the stand-in published (MONTAGE.json from scripts/lsl-standin.py; a
fixed 3 cm when it published none), and runs MNE's own conversion:
  intensity:        RawArray(fnirs_cw_amplitude) -> optical_density -> beer_lambert_law(ppf=6)
  optical density:  RawArray(fnirs_od) -> beer_lambert_law(ppf=6)
OUT.tsv: `time` (nirs_raw.tsv host_time) then `S1-D1 hbo`, `S1-D1 hbr`, ... in µM, repr().
"""
import json, sys

import numpy as np


def main(argv):
    if len(argv) != 4:
        sys.exit(f"usage: {argv[0]} SESSION MONTAGE.json OUT.tsv")
    session, montage_path, out = argv[1:]
    import mne
    from mne.preprocessing.nirs import beer_lambert_law, optical_density

    kind = json.load(open(f"{session}/session.json"))["nirs"]["layout"]["kind"]
    montage = {m["name"]: m for m in json.load(open(montage_path))}
    lines = [l.rstrip("\n").split("\t") for l in open(f"{session}/nirs_raw.tsv")]
    header, rows = lines[0], lines[1:]
    names = header[2:]
    times = np.array([float(r[0]) for r in rows])
    data = np.array([[float(v) for v in r[2:]] for r in rows]).T
    rate = json.load(open(f"{session}/session.json"))["nirs"]["layout"]["rate_hz"]
    ch_type = {"intensity": "fnirs_cw_amplitude", "od": "fnirs_od"}[kind]
    mne_names = [n.replace("-", "_") for n in names]
    info = mne.create_info(mne_names, sfreq=rate, ch_types=ch_type, verbose="error")
    for i, name in enumerate(names):
        m = montage[name]
        if m.get("distance_m"):
            source, detector = np.zeros(3), np.array([m["distance_m"], 0.0, 0.0])
        else:
            source, detector = np.array(m["source_m"]), np.array(m["detector_m"])
        loc = info["chs"][i]["loc"]
        loc[:3] = (source + detector) / 2
        loc[3:6] = source
        loc[6:9] = detector
        loc[9] = m["wavelength"]
    raw = mne.io.RawArray(data, info, verbose="error")
    od = optical_density(raw, verbose="error") if kind == "intensity" else raw
    hb = beer_lambert_law(od, ppf=6.0)
    values = hb.get_data() * 1e6
    columns = [n.replace("_", "-") for n in hb.ch_names]
    with open(out, "w") as f:
        f.write("\t".join(["time"] + columns) + "\n")
        for t in range(values.shape[1]):
            f.write("\t".join([repr(float(times[t]))] + [repr(float(v)) for v in values[:, t]]) + "\n")


if __name__ == "__main__":
    main(sys.argv)
