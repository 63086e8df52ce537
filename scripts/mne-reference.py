#!/usr/bin/env python3
"""Reference HbO/HbR from MNE-Python for tapnirs' cross-check test (MneCrossCheckTests).

Usage: mne-reference.py IN.snirf OUT.tsv

Runs MNE's own pipeline on a raw-intensity SNIRF file:
    read_raw_snirf -> optical_density -> beer_lambert_law(ppf=6.0)
and writes
  OUT.tsv            header `time` then one column per MNE hbo/hbr channel, in MNE's channel
                     order and naming (`S1_D1 hbo` ... `S4_D8 hbo`, `S1_D1 hbr` ...: MNE 1.13
                     groups all hbo channels before all hbr ones); values in µM (MNE's mol/L
                     x 1e6); `time` is MNE's raw.times (seconds from the first sample, i/sfreq).
  OUT.distances.tsv  `channel` and `distance_m`: MNE's source-detector distance per hb channel.
Every number is written with repr(), the shortest text that reads back as the same double.
Run it with the venv from scripts/ensure-venv.sh.
"""
import os
import sys
import warnings


def main(argv):
    if len(argv) != 3:
        sys.exit(f"usage: {argv[0]} IN.snirf OUT.tsv")
    source, out = argv[1], argv[2]
    import mne
    from mne.preprocessing.nirs import beer_lambert_law, optical_density, source_detector_distances

    with warnings.catch_warnings():
        # Files with only 2-D probe positions make MNE warn; it then uses z = 0, as tapnirs does.
        warnings.filterwarnings("ignore", message=".*2D location information.*")
        raw = mne.io.read_raw_snirf(source, preload=True, verbose="error")
    od = optical_density(raw, verbose="error")
    hb = beer_lambert_law(od, ppf=6.0)
    picks = [i for i, kind in enumerate(hb.get_channel_types()) if kind in ("hbo", "hbr")]
    names = [hb.ch_names[i] for i in picks]
    data = hb.get_data(picks=picks) * 1e6  # mol/L -> µM
    times = hb.times

    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        f.write("\t".join(["time"] + names) + "\n")
        for t in range(data.shape[1]):
            f.write("\t".join([repr(float(times[t]))] + [repr(float(v)) for v in data[:, t]]) + "\n")

    distances = source_detector_distances(hb.info, picks=picks)
    stem = out[:-4] if out.endswith(".tsv") else out
    with open(stem + ".distances.tsv", "w", encoding="utf-8") as f:
        f.write("channel\tdistance_m\n")
        for name, distance in zip(names, distances):
            f.write(f"{name}\t{float(distance)!r}\n")
    print(f"mne-reference: MNE {mne.__version__}, {len(names)} channels x {data.shape[1]} samples -> {out}",
          file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv)
