#!/usr/bin/env python3
"""A stand-in fNIRS device on the Lab Streaming Layer, for tapnirs' LSL tests (LslSourceTests).

Usage: lsl-standin.py FORMAT OUTDIR [--snirf FILE] [--gap-at S --gap-seconds G]

Publishes a real recording's raw intensities (neuro_run01.snirf, read with h5py) in real time,
shaped as one device sends them (docs/lsl.md gives the source of each shape):

  aurora   NIRx Aurora: stream 'Aurora', float32; channel 0 a frame counter, then nirs_raw
           channels in wavelength blocks (label 'S-D:n', a wavelength each), then nirs_hbo and
           nirs_hbr channels (zeros); optode positions under desc/montage (mm).
  oxysoft  Artinis OxySoft: stream 'OxySoft', float32; '[1234] RxD - TxS [690nm]' optical
           densities (-ln(I / mean I)), plus an ADC and an orientation channel; no positions.
  xdf      XDF NIRS meta-data convention: stream 'XdfNirs', double64; Intensity channels with
           source/detector/wavelen, each pair's wavelengths highest first, an aux channel
           without source, and desc/optodes/optode locations (mm).
  unknown  Four EEG-like channels: a stream tapnirs must refuse.

Writes OUTDIR/sent.tsv as it goes: `lsl_time` (the timestamp pushed with the sample) and one
column per LSL channel, named as tapnirs names the measurement (`S1-D1 690`) where it is one,
every value as repr() of the double the receiver gets. OUTDIR/montage.json gives each
optical measurement's source and detector position (m, as MNE wants) and wavelength, and
OUTDIR/ready appears once the stream is up. With --gap-at, the outlet is destroyed after S
seconds and created again (same source_id) G seconds later: a sender that went away.
Only ever run it through scripts/lsl-sandbox.sh.
"""
import argparse, json, math, os, sys, time

import h5py
import numpy as np
import pylsl


def read_snirf(path):
    with h5py.File(path, "r") as f:
        data = f["nirs/data1"]
        values = np.array(data["dataTimeSeries"], dtype=float)
        rate = 1.0 / float(np.median(np.diff(np.array(data["time"]))))
        pairs, keys = [], sorted((k for k in data if k.startswith("measurementList")), key=lambda k: int(k[15:]))
        for k in keys:
            m = data[k]
            pairs.append((int(m["sourceIndex"][()]), int(m["detectorIndex"][()]), int(m["wavelengthIndex"][()])))
        probe = f["nirs/probe"]
        wavelengths = [float(w) for w in probe["wavelengths"]]
        unit = f["nirs/metaDataTags/LengthUnit"][()].decode()
        scale_mm = {"mm": 1.0, "cm": 10.0, "m": 1000.0}[unit]
        def positions(name2d, name3d):
            if name3d in probe:
                return [[float(v) * scale_mm for v in p] for p in probe[name3d]]
            return [[float(v) * scale_mm for v in p] + [0.0] for p in probe[name2d]]
        sources = positions("sourcePos2D", "sourcePos3D")
        detectors = positions("detectorPos2D", "detectorPos3D")
    return values, rate, pairs, wavelengths, sources, detectors


class Shape:
    """The stream's channels: (label, tapnirs column or None, function of (row, i) -> value)."""

    def __init__(self, fmt, values, pairs, wavelengths, sources, detectors):
        self.fmt = fmt
        self.channels = []
        self.xml = []  # (path, children) additions to desc
        channel_pairs = []
        for s, d, _ in pairs:
            if (s, d) not in channel_pairs:
                channel_pairs.append((s, d))
        column = {(s, d, w): k for k, (s, d, w) in enumerate(pairs)}
        self.montage = []
        for s, d in channel_pairs:
            for w in range(1, len(wavelengths) + 1):
                distance = 0.03 if fmt == "oxysoft" else None
                self.montage.append({"name": f"S{s}-D{d} {wavelengths[w - 1]:g}", "wavelength": wavelengths[w - 1],
                                     "source_m": [v / 1000 for v in sources[s - 1]], "detector_m": [v / 1000 for v in detectors[d - 1]],
                                     "distance_m": distance})
        if fmt == "aurora":
            self.name, self.format, self.srcid = "Aurora", "float32", "standin-aurora"
            self.channels.append(dict(label="Frame", type="frame", column="frame", value=lambda i, row: float(i)))
            for w, nm in enumerate(wavelengths, start=1):
                for n, (s, d) in enumerate(channel_pairs, start=1):
                    k = column[(s, d, w)]
                    self.channels.append(dict(label=f"{s}-{d}:{n}", type="nirs_raw", wavelength=f"{nm:g}", unit="V",
                                              custom_name=f"S{s}-D{d}", column=f"S{s}-D{d} {nm:g}",
                                              value=lambda i, row, k=k: row[k]))
            for kind in ("nirs_hbo", "nirs_hbr"):
                for n, (s, d) in enumerate(channel_pairs, start=1):
                    self.channels.append(dict(label=f"{s}-{d}:{n}", type=kind, unit="mmol/l", column=f"{kind} {n}",
                                              value=lambda i, row: 0.0))
            self.optodes = ("montage", sources, detectors)
        elif fmt == "oxysoft":
            self.name, self.format, self.srcid = "OxySoft", "float32", "standin-oxysoft"
            means = values.mean(axis=0)
            for s, d in channel_pairs:
                for w, nm in enumerate(wavelengths, start=1):
                    k = column[(s, d, w)]
                    self.channels.append(dict(label=f"[1234] Rx{d} - Tx{s} [{nm:g}nm]", column=f"S{s}-D{d} {nm:g}",
                                              value=lambda i, row, k=k: -math.log(abs(row[k]) / means[k])))
            self.channels.append(dict(label="ADC 1", column="adc", value=lambda i, row: 0.5))
            self.channels.append(dict(label="HEADING", column="heading", value=lambda i, row: float(i % 360)))
            self.optodes = None
        elif fmt == "xdf":
            self.name, self.format, self.srcid = "XdfNirs", "double64", "standin-xdf"
            for s, d in channel_pairs:
                for w in reversed(range(1, len(wavelengths) + 1)):
                    nm = wavelengths[w - 1]
                    k = column[(s, d, w)]
                    self.channels.append(dict(label=f"S{s}-D{d}:{nm:g}", type="Intensity", source=f"S{s}", detector=f"D{d}",
                                              wavelen=f"{nm:g}", unit="V", column=f"S{s}-D{d} {nm:g}",
                                              value=lambda i, row, k=k: row[k]))
            self.channels.append(dict(label="AUX1", type="Accelerometer", column="aux", value=lambda i, row: 0.25))
            self.optodes = ("optodes", sources, detectors)
        elif fmt == "unknown":
            self.name, self.format, self.srcid = "BioSemi", "float32", "standin-unknown"
            for label in ("Fp1", "Fp2", "Cz", "Pz"):
                self.channels.append(dict(label=label, type="EEG", column=label, value=lambda i, row: 0.0))
            self.optodes = None
        else:
            raise SystemExit(f"unknown format {fmt}")

    def info(self, rate):
        info = pylsl.StreamInfo(self.name, "NIRS", len(self.channels), rate, self.format, self.srcid)
        channels = info.desc().append_child("channels")
        for ch in self.channels:
            c = channels.append_child("channel")
            for key in ("label", "type", "unit", "wavelength", "custom_name", "source", "detector", "wavelen"):
                if key in ch:
                    c.append_child_value(key, ch[key])
        if self.optodes and self.optodes[0] == "montage":
            optodes = info.desc().append_child("montage").append_child("optodes")
            for group, item, points in (("sources", "source", self.optodes[1]), ("detectors", "detector", self.optodes[2])):
                g = optodes.append_child(group)
                for p in points:
                    loc = g.append_child(item).append_child("location")
                    for axis, v in zip("xyz", p):
                        loc.append_child_value(axis, repr(v))
        elif self.optodes:
            optodes = info.desc().append_child("optodes")
            for function, prefix, points in (("Source", "S", self.optodes[1]), ("Detector", "D", self.optodes[2])):
                for n, p in enumerate(points, start=1):
                    o = optodes.append_child("optode")
                    o.append_child_value("label", f"{prefix}{n}")
                    o.append_child_value("function", function)
                    loc = o.append_child("location")
                    for axis, v in zip("XYZ", p):
                        loc.append_child_value(axis, repr(v))
        return info


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("format")
    ap.add_argument("outdir")
    ap.add_argument("--snirf", default=os.path.join(os.path.dirname(__file__), "..", "Tests", "Fixtures", "neuro_run01.snirf"))
    ap.add_argument("--gap-at", type=float)
    ap.add_argument("--gap-seconds", type=float, default=2.0)
    a = ap.parse_args()
    if not os.environ.get("LSLAPICFG"):
        raise SystemExit("lsl-standin: run me through scripts/lsl-sandbox.sh")
    values, rate, pairs, wavelengths, sources, detectors = read_snirf(a.snirf)
    shape = Shape(a.format, values, pairs, wavelengths, sources, detectors)
    os.makedirs(a.outdir, exist_ok=True)
    with open(os.path.join(a.outdir, "montage.json"), "w") as f:
        json.dump(shape.montage, f, indent=1)
    dtype = np.float32 if shape.format == "float32" else np.float64
    sent = open(os.path.join(a.outdir, "sent.tsv"), "w")
    sent.write("\t".join(["lsl_time"] + [ch["column"] for ch in shape.channels]) + "\n")
    outlet = pylsl.StreamOutlet(shape.info(rate))
    open(os.path.join(a.outdir, "ready"), "w").close()
    start = pylsl.local_clock()
    gap_done = a.gap_at is None
    i = 0
    while True:
        due = start + i / rate
        if not gap_done and due - start >= a.gap_at:
            del outlet
            time.sleep(a.gap_seconds)
            outlet = pylsl.StreamOutlet(shape.info(rate))
            gap_done = True
            skipped = int(math.ceil((pylsl.local_clock() - start) * rate))
            i = max(i, skipped)
            continue
        delay = due - pylsl.local_clock()
        if delay > 0:
            time.sleep(delay)
        row = values[i % len(values)]
        sample = np.array([ch["value"](i, row) for ch in shape.channels], dtype=dtype)
        outlet.push_sample(sample, due)
        sent.write("\t".join([repr(due)] + [repr(float(v)) for v in sample]) + "\n")
        sent.flush()
        i += 1


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(0)
