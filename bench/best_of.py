#!/usr/bin/env python3
"""Best wall time and peak resident memory of a whole process, over N runs.

Usage: best_of.py N LABEL [--setup SHELL] -- COMMAND...   (prints LABEL, best and median seconds, peak MiB)
SHELL runs before each run, untimed (e.g. removing the previous run's output).
The wall time is measured around fork and wait (perf_counter, µs resolution), the peak from
the child's own rusage (ru_maxrss), so neither includes a shell or /usr/bin/time.
"""
import os, subprocess, sys, time

def main():
    n = int(sys.argv[1]); label = sys.argv[2]
    command = sys.argv[sys.argv.index("--") + 1:]
    setup = sys.argv[sys.argv.index("--setup") + 1] if "--setup" in sys.argv[:sys.argv.index("--")] else None
    walls, peak = [], 0
    for _ in range(n):
        if setup:
            subprocess.run(setup, shell=True, check=True)
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        walls.append(time.perf_counter() - start)
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            sys.exit(f"{label}: {' '.join(command)} exited with {child.returncode}")
        peak = max(peak, usage.ru_maxrss)
    walls.sort()
    print(f"{label:<58} {walls[0]:7.3f} s (median {walls[len(walls) // 2]:.3f}) {peak / 1024:7.1f} MiB")

main()
