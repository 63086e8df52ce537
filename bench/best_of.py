#!/usr/bin/env python3
"""Best wall time and peak resident memory of a whole process, over N runs.

Usage: best_of.py N LABEL [--setup SHELL] -- COMMAND...   (prints LABEL, best and median seconds, peak MiB)
SHELL runs before each run, untimed (e.g. removing the previous run's output).

The wall time is measured around fork and wait (perf_counter, µs resolution), with nothing
between this script and the command. The peak comes from separate runs under /usr/bin/time
(%M): a process forked from Python carries Python's resident size (≈ 14 MiB) into its
high-water mark, one forked from `time` does not.
"""
import os, subprocess, sys, tempfile, time

def main():
    n = int(sys.argv[1]); label = sys.argv[2]
    split = sys.argv.index("--")
    command = sys.argv[split + 1:]
    setup = sys.argv[sys.argv.index("--setup") + 1] if "--setup" in sys.argv[:split] else None
    walls, peak = [], 0
    with tempfile.NamedTemporaryFile() as out:
        for measuring_memory in (False, True):
            for _ in range(n):
                if setup:
                    subprocess.run(setup, shell=True, check=True)
                argv = ["/usr/bin/time", "-f", "%M", "-o", out.name] + command if measuring_memory else command
                start = time.perf_counter()
                code = subprocess.call(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                wall = time.perf_counter() - start
                if code != 0:
                    sys.exit(f"{label}: {' '.join(command)} exited with {code}")
                if measuring_memory:
                    peak = max(peak, int(open(out.name).read().split()[-1]))
                else:
                    walls.append(wall)
    walls.sort()
    print(f"{label:<58} {walls[0]:7.3f} s (median {walls[len(walls) // 2]:.3f}) {peak / 1024:7.1f} MiB")

main()
