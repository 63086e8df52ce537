#!/usr/bin/env python3
"""`make bench`: what the --lsl-out HbO/HbR stream costs (docs/performance.md, docs/lsl.md).

Usage (inside scripts/lsl-sandbox.sh): lsl_outlet.py --bin TAPNIRS --liblsl LIB --labrecorder CLI
    [--channels 64] [--rate 50] [--seconds 30]

Runs `tapnirs bench-lsl`, connects LabRecorderCLI to its marker and HbO/HbR streams once it
waits for a consumer, lets it publish, stops the recorder, checks with pyxdf (when importable)
that the file holds the rows, and writes bench-out/lsl.json. Standard library otherwise.
"""
import argparse, json, os, subprocess, sys, tempfile, time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--liblsl", required=True)
    ap.add_argument("--labrecorder", required=True)
    ap.add_argument("--channels", type=int, default=64)
    ap.add_argument("--rate", type=float, default=50)
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--out", default="bench-out")
    a = ap.parse_args()
    if not os.environ.get("LSLAPICFG"):
        raise SystemExit("lsl_outlet.py: run me through scripts/lsl-sandbox.sh")
    os.makedirs(a.out, exist_ok=True)
    figures = os.path.join(os.path.abspath(a.out), "lsl.json")
    env = dict(os.environ, TAPNIRS_LIBLSL=a.liblsl)
    with tempfile.TemporaryDirectory() as work:
        bench = subprocess.Popen([a.bin, "bench-lsl", "--channels", str(a.channels), "--rate", str(a.rate),
                                  "--seconds", str(a.seconds), "--json", figures],
                                 env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = bench.stdout.readline()
        if "waiting for a consumer" not in line:
            raise SystemExit(f"bench-lsl: {line.strip() or 'exited'}")
        xdf = os.path.join(work, "bench.xdf")
        recorder = subprocess.Popen([a.labrecorder, xdf, "type='Markers'", "type='NIRS'"], stdin=subprocess.PIPE,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        report = bench.stdout.read()
        if bench.wait() != 0:
            raise SystemExit("bench-lsl failed")
        time.sleep(0.5)
        recorder.communicate(b"\n", timeout=20)
        print(report, end="")
        try:
            import pyxdf
            streams, _ = pyxdf.load_xdf(xdf, synchronize_clocks=False, dejitter_timestamps=False)
            counts = {s["info"]["type"][0]: len(s["time_stamps"]) for s in streams}
            print(f"  LabRecorder got {counts.get('NIRS', 0)} HbO/HbR samples of {2 * a.channels} channels")
        except ImportError:
            pass


if __name__ == "__main__":
    main()
