#!/usr/bin/env python3
"""Prints what an XDF file (LabRecorder's) holds, for tapnirs' LSL outlet test (LslOutletTests).

Usage: xdf-dump.py FILE.xdf

Reads the file with pyxdf (clock offsets applied, no dejittering: each sample keeps the time
stamp it was sent with, corrected onto the recorder's clock) and prints one line per sample:
  STREAM_TYPE <tab> SOURCE_ID <tab> TIME <tab> VALUES
TIME is repr() of the time stamp in seconds; VALUES is the marker text (tabs kept) for string
streams, else the numbers separated by tabs (repr()).
"""
import sys

import pyxdf


def main(argv):
    if len(argv) != 2:
        sys.exit(f"usage: {argv[0]} FILE.xdf")
    streams, _ = pyxdf.load_xdf(argv[1], synchronize_clocks=True, dejitter_timestamps=False)
    out = sys.stdout
    for stream in streams:
        info = stream["info"]
        kind, source = info["type"][0], info["source_id"][0]
        is_string = info["channel_format"][0] == "string"
        for t, sample in zip(stream["time_stamps"], stream["time_series"]):
            values = sample[0] if is_string else "\t".join(repr(float(v)) for v in sample)
            out.write(f"{kind}\t{source}\t{float(t)!r}\t{values}\n")


if __name__ == "__main__":
    main(sys.argv)
