#!/usr/bin/env python3
"""`make bench`: tapnirs' timing figures, measured through a real pseudo-terminal.

1. Keypress-to-timestamp latency: a pty writer stamps CLOCK_MONOTONIC just before writing a
   key to the terminal; tapnirs stamps it when its event loop wakes (taps.tsv onset +
   session.json clock origin). The same harness measures a minimal C poll-and-timestamp loop
   (bench/minimal_loop.c) for comparison.
2. Beat emission error: beats.tsv `emitted - onset` for every metronome beat of the run.

Prints a table and writes bench-out/latency.json. Standard library only.

With --lsl-out LIBLSL LABRECORDER (run inside scripts/lsl-sandbox.sh): tapnirs runs with
`--source sim --lsl-out` and LabRecorderCLI records its marker and HbO/HbR streams the whole
time; the figures go to bench-out/latency-lsl.json (docs/lsl.md, "Cost").
"""
import argparse, fcntl, json, os, pty, random, select, shutil, statistics, struct, subprocess
import sys, tempfile, termios, threading, time

MONO = time.CLOCK_MONOTONIC


def now_ns():
    return time.clock_gettime_ns(MONO)


class Pty:
    """A child process on a pty of a fixed size, with its output drained in a thread."""

    def __init__(self, argv, env, cols=100, rows=30):
        pid, fd = pty.fork()
        if pid == 0:
            os.execvpe(argv[0], argv, env)
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.pid, self.fd = pid, fd
        self.output = bytearray()
        self.lock = threading.Lock()
        self.reader = threading.Thread(target=self._drain, daemon=True)
        self.reader.start()

    def _drain(self):
        while True:
            try:
                r, _, _ = select.select([self.fd], [], [], 0.5)
                if r:
                    data = os.read(self.fd, 65536)
                    if not data:
                        return
                    with self.lock:
                        self.output += data
            except OSError:
                return

    def wait_for(self, text, timeout=20):
        deadline = time.time() + timeout
        while time.time() < deadline:
            with self.lock:
                if text.encode() in self.output:
                    return
            time.sleep(0.02)
        raise SystemExit(f"timed out waiting for {text!r}")

    def press(self, data):
        t = now_ns()
        os.write(self.fd, data)
        return t

    def wait(self, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return os.waitstatus_to_exitcode(status)
            time.sleep(0.05)
        os.kill(self.pid, 9)
        raise SystemExit("child did not exit")


def percentiles(values):
    xs = sorted(values)
    def pct(p):
        k = min(len(xs) - 1, max(0, int(round(p / 100 * (len(xs) - 1)))))
        return xs[k]
    return {"n": len(xs), "median": statistics.median(xs), "p99": pct(99), "max": xs[-1], "min": xs[0]}


def send_presses(p, count, gap_ms, jitter_ms, seed):
    rng = random.Random(seed)
    sent = []
    for _ in range(count):
        sent.append(p.press(b" "))
        time.sleep((gap_ms + rng.uniform(-jitter_ms, jitter_ms)) / 1000)
    return sent


def bench_tapnirs(binary, presses, gap_ms, workdir, lsl=None):
    proto = os.path.join(workdir, "bench.yaml")
    block_s = presses * gap_ms / 1000 + 5
    with open(proto, "w") as f:
        f.write(f"""name: bench
description: make bench — one long paced block
tap_keys: [space]
autorepeat_max_interval: 0.02
baseline: {{duration: 1}}
blocks:
  - tap: {{label: paced, duration: {block_s:.0f}, pace: 4}}
""")
    out = os.path.join(workdir, "sessions")
    env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    extra, recorder = [], None
    if lsl:
        env["TAPNIRS_LIBLSL"] = lsl[0]
        extra = ["--source", "sim", "--lsl-out"]
    p = Pty([binary, "run", "--protocol", proto, "--subject", "bench", "--out", out] + extra, env)
    p.wait_for("Enter")
    if lsl:
        # A consumer connected before the session starts: LabRecorder records both streams throughout.
        recorder = subprocess.Popen([lsl[1], os.path.join(workdir, "bench.xdf"), "type='Markers'", "type='NIRS'"],
                                    stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True)
        time.sleep(3)  # resolved (1 s) and both inlets open
    p.press(b"\r")
    time.sleep(1.5)  # baseline, then into the tapping block
    sent = send_presses(p, presses, gap_ms, gap_ms / 4, seed=1)
    time.sleep(0.3)
    p.press(b"q")
    time.sleep(0.2)
    p.press(b"y")
    time.sleep(0.5)
    p.press(b"q")
    p.wait()
    recorded_taps = None
    if recorder:
        recorder.stdin.write("\n")
        recorder.stdin.flush()
        recorder.wait(timeout=20)
        # XDF keeps string samples as raw bytes: count the tap markers without pyxdf.
        recorded_taps = open(os.path.join(workdir, "bench.xdf"), "rb").read().count(b"tap\tblock=")
    sub = os.path.join(out, "sub-bench")
    ses = os.path.join(sub, sorted(os.listdir(sub))[0])
    origin = json.load(open(os.path.join(ses, "session.json")))["clock"]["origin_nanoseconds"]
    rows = [l.rstrip("\n").split("\t") for l in open(os.path.join(ses, "taps.tsv"))][1:]
    stamped = [origin + round(float(r[0]) * 1e9) for r in rows]
    if len(stamped) != len(sent):
        raise SystemExit(f"tapnirs recorded {len(stamped)} presses of {len(sent)} sent")
    latency_us = [(s - t) / 1000 for s, t in zip(stamped, sent)]
    beats = [l.rstrip("\n").split("\t") for l in open(os.path.join(ses, "beats.tsv"))][1:]
    emitted = [r for r in beats if r[6] == "emitted"]
    errors_ms = [(float(r[1]) - float(r[0])) * 1000 for r in emitted]
    if recorded_taps is not None:
        counted = sum(1 for r in rows if r[7] == "true" and r[6] == "false")
        print(f"LabRecorder recorded {recorded_taps} tap markers of {counted} counted taps")
        if recorded_taps != counted:
            raise SystemExit("the recorder missed tap markers")
    return latency_us, errors_ms, len(beats) - len(emitted)


def bench_minimal(presses, gap_ms, workdir):
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "minimal_loop.c")
    exe = os.path.join(workdir, "minimal_loop")
    cc = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    if not cc:
        raise SystemExit("no C compiler for the minimal loop")
    subprocess.run([cc, "-O2", "-o", exe, src], check=True)
    stamps = os.path.join(workdir, "minimal.txt")
    p = Pty([exe, stamps], dict(os.environ))
    p.wait_for("READY")
    sent = send_presses(p, presses, gap_ms, gap_ms / 4, seed=1)
    time.sleep(0.2)
    p.press(b"q")
    p.wait()
    got = [int(l) for l in open(stamps)]
    if len(got) != len(sent):
        raise SystemExit(f"minimal loop recorded {len(got)} of {len(sent)}")
    return [(s - t) / 1000 for s, t in zip(got, sent)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--presses", type=int, default=1200)
    ap.add_argument("--gap-ms", type=float, default=40)
    ap.add_argument("--out", default="bench-out")
    ap.add_argument("--lsl-out", nargs=2, metavar=("LIBLSL", "LABRECORDER"))
    a = ap.parse_args()
    if a.lsl_out and not os.environ.get("LSLAPICFG"):
        raise SystemExit("latency.py --lsl-out: run me through scripts/lsl-sandbox.sh")
    os.makedirs(a.out, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        minimal = percentiles(bench_minimal(a.presses, a.gap_ms, work))
        lat, beat_err, skipped = bench_tapnirs(os.path.abspath(a.bin), a.presses, a.gap_ms, work, a.lsl_out)
    tap = percentiles(lat)
    beat = percentiles(beat_err)
    print(f"keypress -> timestamp latency through a pty ({tap['n']} presses, {a.gap_ms:.0f} ms apart)")
    print(f"  {'':22}{'median':>10}{'p99':>10}{'max':>10}   (µs)")
    name = "tapnirs --lsl-out" if a.lsl_out else "tapnirs"
    print(f"  {name:22}{tap['median']:10.1f}{tap['p99']:10.1f}{tap['max']:10.1f}"
          + ("   (sim fNIRS, LabRecorder connected)" if a.lsl_out else ""))
    print(f"  {'minimal poll loop (C)':22}{minimal['median']:10.1f}{minimal['p99']:10.1f}{minimal['max']:10.1f}")
    print(f"  ratio tapnirs/minimal at the median: {tap['median'] / minimal['median']:.2f}")
    print(f"beat emission error, emitted - scheduled ({beat['n']} beats at 4 Hz, {skipped} skipped)")
    print(f"  median {beat['median'] * 1000:.1f} µs   p99 {beat['p99'] * 1000:.1f} µs   max {beat['max'] * 1000:.1f} µs")
    json.dump({"tap_latency_us": tap, "minimal_loop_latency_us": minimal,
               "beat_emission_error_ms": beat, "beats_skipped": skipped,
               "presses": a.presses, "gap_ms": a.gap_ms, "lsl_out": bool(a.lsl_out)},
              open(os.path.join(a.out, "latency-lsl.json" if a.lsl_out else "latency.json"), "w"), indent=2)


if __name__ == "__main__":
    main()
