#!/usr/bin/env python3
"""Checks a SNIRF file the way fNIRS researchers will open it.

    check-snirf.py FILE.snirf

1. `snirf.validateSnirf(FILE)` (PyPI `snirf`, the official validator): every error-level
   (FATAL) issue is printed and fails the check; warnings are printed and listed.
2. `mne.io.read_raw_snirf(FILE)`: MNE's channel names, wavelengths and sampling rate must be
   what the file's own measurement list, probe and time vector say (read independently with
   h5py); annotations are counted per description.

Human-readable lines go to stderr; the last line on stdout is one JSON object (the Swift
test `SnirfWriterTests` parses it). Exit status 0 when every check passed, 1 otherwise.
"""
import json
import sys
import warnings

import h5py
import numpy as np


def as_str(value):
    value = np.array(value)
    if value.shape != ():
        value = value.reshape(-1)[0]
    else:
        value = value.item()
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def expected_from_file(path):
    """MNE's channel names, wavelengths and rate, derived from the file with h5py alone."""
    with h5py.File(path, "r") as f:
        data = f["nirs/data1"]
        lists = sorted((k for k in data if k.startswith("measurementList")),
                       key=lambda k: int(k[len("measurementList"):]))
        wavelengths = [float(w) for w in np.array(f["nirs/probe/wavelengths"]).reshape(-1)]
        names = []
        for key in lists:
            m = data[key]
            s, d = int(np.array(m["sourceIndex"])), int(np.array(m["detectorIndex"]))
            dtype = int(np.array(m["dataType"]))
            if dtype == 1:
                suffix = str(int(wavelengths[int(np.array(m["wavelengthIndex"])) - 1]))
            else:
                label = as_str(m["dataTypeLabel"])
                suffix = str(int(wavelengths[int(np.array(m["wavelengthIndex"])) - 1])) if label == "dOD" else label.lower()
            names.append(f"S{s}_D{d} {suffix}")
        time = np.array(data["time"], dtype=float).reshape(-1)
        # MNE's estimate: the mean of the per-interval rates (time in seconds, TimeUnit "s").
        steps = np.diff(time)
        sfreq = float(np.mean(1.0 / steps)) if len(time) > 2 and np.all(steps > 0) else float("nan")
        blocks = sorted(k for k in f["nirs"] if k.startswith("data"))
        units = {}
        for block in blocks:
            for key in f["nirs"][block]:
                if key.startswith("measurementList") and "dataUnit" in f["nirs"][block][key]:
                    units.setdefault(block, as_str(f["nirs"][block][key]["dataUnit"]))
        return names, wavelengths, sfreq, blocks, units


def main():
    if len(sys.argv) != 2:
        print("usage: check-snirf.py FILE.snirf", file=sys.stderr)
        return 2
    path = sys.argv[1]
    summary = {"file": path, "ok": False}
    problems = []

    import snirf
    result = snirf.validateSnirf(path)
    errors = [f"{i.location}: {i.name} ({i.message})" for i in result.errors]
    warns = [f"{i.location}: {i.name}" for i in result.warnings]
    for line in errors:
        print("validator ERROR:", line, file=sys.stderr)
    for line in warns:
        print("validator warning:", line, file=sys.stderr)
    summary["validator_errors"] = errors
    summary["validator_warnings"] = warns
    summary["validator_valid"] = bool(result.is_valid()) and not errors
    if errors:
        problems.append(f"validator: {len(errors)} error(s)")

    import mne
    names, wavelengths, sfreq, blocks, units = expected_from_file(path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        raw = mne.io.read_raw_snirf(path, preload=True, verbose="error")
    summary["mne_warnings"] = sorted({str(w.message).split(".")[0] for w in caught})
    summary["mne_version"] = mne.__version__
    summary["ch_names"] = list(raw.ch_names)
    summary["ch_types"] = sorted(set(raw.get_channel_types()))
    # loc[9] is the wavelength for amplitude and OD channels (for hbo/hbr MNE puts a type code there).
    optical = [ch for ch, kind in zip(raw.info["chs"], raw.get_channel_types())
               if kind in ("fnirs_cw_amplitude", "fnirs_od")]
    summary["wavelengths"] = sorted({float(ch["loc"][9]) for ch in optical})
    summary["sfreq"] = float(raw.info["sfreq"])
    summary["n_times"] = int(raw.n_times)
    summary["meas_date"] = raw.info["meas_date"].isoformat() if raw.info["meas_date"] else None
    data = raw.get_data()
    summary["first_sample"] = [float(v) for v in data[:, 0]]
    desc = {}
    for d in raw.annotations.description:
        desc[str(d)] = desc.get(str(d), 0) + 1
    summary["annotations"] = desc
    # MNE takes stim onsets as seconds from the first sample (it ignores time[0]) and drops
    # annotations past the data's end: reported, so the caller can see the offset.
    with h5py.File(path, "r") as f:
        summary["first_time"] = float(np.array(f["nirs/data1/time"]).reshape(-1)[0])
    summary["data_blocks"] = blocks
    summary["data_units"] = units

    with h5py.File(path, "r") as f:
        tags = f["nirs/metaDataTags"]
        summary["nominal_rate_hz"] = float(as_str(tags["NominalRateHz"])) if "NominalRateHz" in tags else None
    if list(raw.ch_names) != names:
        problems.append(f"MNE channel names {raw.ch_names} != file's {names}")
    if optical and sorted({int(w) for w in summary["wavelengths"]}) != sorted({int(w) for w in wavelengths}):
        problems.append(f"MNE wavelengths {summary['wavelengths']} not in the probe's {wavelengths}")
    if not np.isclose(summary["sfreq"], sfreq, rtol=1e-6):
        problems.append(f"MNE sfreq {summary['sfreq']} != mean(1/diff(time)) = {sfreq} (time must increase)")
    for p in problems:
        print("FAIL:", p, file=sys.stderr)
    summary["problems"] = problems
    summary["ok"] = not problems
    print(json.dumps(summary))
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
