#!/usr/bin/env python3
"""How many times faster one whole process is than another, from interleaved runs.

Usage: interleaved.py N LABEL [--setup SHELL] -- FAST... -- SLOW...
(prints LABEL, both best and median seconds, and the ratios best/best and median/median)

The two commands run in turns (fast, slow, fast, slow ...), N runs each, so that both see the
same phases of a machine whose speed drifts over minutes (a virtual machine's neighbours): a
ratio of figures taken minutes apart moved by a quarter here. SHELL runs before each run of
FAST, untimed. Wall time around fork and wait, as bench/best_of.py measures it.
"""
import subprocess, sys, time

def main():
    n = int(sys.argv[1]); label = sys.argv[2]
    first = sys.argv.index("--")
    second = sys.argv.index("--", first + 1)
    setup = sys.argv[sys.argv.index("--setup") + 1] if "--setup" in sys.argv[:first] else None
    fast, slow = sys.argv[first + 1:second], sys.argv[second + 1:]
    times = {"fast": [], "slow": []}
    for _ in range(n):
        for name, command in (("fast", fast), ("slow", slow)):
            if name == "fast" and setup:
                subprocess.run(setup, shell=True, check=True)
            start = time.perf_counter()
            code = subprocess.call(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            wall = time.perf_counter() - start
            if code != 0:
                sys.exit(f"{label}: {' '.join(command)} exited with {code}")
            times[name].append(wall)
    f, s = sorted(times["fast"]), sorted(times["slow"])
    fb, fm, sb, sm = f[0], f[len(f) // 2], s[0], s[len(s) // 2]
    print(f"{label:<44} {fb:6.3f} s (median {fm:.3f}) vs {sb:6.3f} s (median {sm:.3f}): "
          f"{sb / fb:5.1f}x best, {sm / fm:5.1f}x median")

main()
