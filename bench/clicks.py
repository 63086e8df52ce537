#!/usr/bin/env python3
"""`make bench`: how evenly the metronome's clicks come out of ALSA.

The real program runs a 60 s block paced at 4 Hz (240 beats) with `--sound alsa` into a
real-time PulseAudio null sink (scripts/record-clicks.sh: no sound card needed); the sink
is recorded, the clicks found in the recording, and each inter-click interval compared with
the 250 ms pace. Prints median, p99 and max of |interval − 250 ms| and the click count, and
writes bench-out/clicks.json. Standard library only; needs tmux, pulseaudio, parec.
"""
import argparse, json, os, shutil, statistics, subprocess, sys, tempfile, time

RATE = 48000


def onsets(samples, threshold=8, gap=960):
    found, last = [], -gap - 1
    for i, x in enumerate(samples):
        if abs(x) >= threshold:
            if i - last > gap:
                found.append(i)
            last = i
    return found


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--pace", type=float, default=4)
    args = parser.parse_args()
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    script = os.path.join(repo, "scripts", "record-clicks.sh")
    work = tempfile.mkdtemp(prefix="tapnirs-clicks-")
    sink, out = os.path.join(work, "pulse"), os.path.join(work, "out")
    protocol = os.path.join(work, "clicks.yaml")
    with open(protocol, "w") as f:
        # A baseline first, as real protocols have: every beat is then seen coming and placed ahead.
        f.write(f"name: click-bench\nbaseline: 2\nblocks:\n  - tap: {{label: paced, duration: {args.seconds}, pace: {args.pace}}}\n")
    subprocess.run([script, "start", sink], check=True)
    try:
        env = subprocess.run([script, "env", sink], check=True, capture_output=True, text=True).stdout.split()
        status = os.path.join(work, "status")
        command = " ".join(["env"] + env + [args.bin, "run", "--protocol", protocol, "--subject", "bench", "--out", out,
                                            "--autotap", "steady", ";", "echo", "$?", ">", status])
        socket = f"tapnirs-clicks-{os.getpid()}"
        subprocess.run(["tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-x", "80", "-y", "24", command], check=True)
        deadline = time.time() + args.seconds + 60
        while not os.path.exists(status) and time.time() < deadline:
            time.sleep(0.5)
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)
        time.sleep(0.3)
    finally:
        subprocess.run([script, "stop", sink], capture_output=True)
    raw = open(os.path.join(sink, "clicks.raw"), "rb").read()
    samples = memoryview(raw).cast("h")
    clicks = onsets(samples)
    period = 1000 / args.pace
    errors = sorted(abs((b - a) * 1000 / RATE - period) for a, b in zip(clicks, clicks[1:]))
    beats = int(args.seconds * args.pace)
    result = {"beats": beats, "clicks": len(clicks), "pace_hz": args.pace,
              "interval_error_ms": {"median": statistics.median(errors), "p99": errors[int(0.99 * (len(errors) - 1))],
                                    "max": errors[-1]} if errors else None}
    os.makedirs(os.path.join(repo, "bench-out"), exist_ok=True)
    with open(os.path.join(repo, "bench-out", "clicks.json"), "w") as f:
        json.dump(result, f, indent=2)
    print(f"Metronome clicks through ALSA → PulseAudio null sink: {len(clicks)} clicks for {beats} beats at {args.pace:g} Hz")
    if errors:
        e = result["interval_error_ms"]
        print(f"  |inter-click interval − {period:g} ms|: median {e['median']:.3f} ms, p99 {e['p99']:.3f} ms, max {e['max']:.3f} ms")
    if os.environ.get("KEEP"): print("kept", work)
    else: shutil.rmtree(work, ignore_errors=True)
    return 0 if len(clicks) == beats else 1


if __name__ == "__main__":
    sys.exit(main())
