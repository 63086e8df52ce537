#!/usr/bin/env python3
"""Offline sweeps of the HbO fade detector `model_drop` (docs/fade-detection.md §2).

Reads the evaluation's HbO scenarios as dumped by
    tapnirs evaluate --dump-hbo FILE [--seeds 30]
re-implements the default detector in numpy (CBSI with the session's α from sample differences,
the expected response SPM HRF ⊛ boxcar through the 0.003–0.2 Hz filters, the carried amplitude
reference, the 4 s drop rule) and prints detection rate / median / p90 latency by depth and false
flags per hour, scored as `tapnirs evaluate` scores them. The Swift detector is the product; this is
the bench the parameters were chosen on, so the numbers on that page can be re-made.

Usage: hbo-sweep.py DUMP.tsv [--sweep lag|start|floor|hold|fraction|smoothing|noise]
       hbo-sweep.py --real FILE.snirf   (pseudo-blocks in a recording's stimulus-free start:
                                         the fixed floor against the rest-noise floor; needs MNE)
Needs numpy and scipy (the test venv has both).
"""
import argparse
import numpy as np
from scipy.signal import butter, lfilter
from scipy.stats import gamma

FS = 7.8125  # the evaluation's rate


def expected_response(n, hp=0.003, lp=0.2):
    """m[i]: SPM canonical HRF (peak 6 s, undershoot 16 s, ratio 6, 32 s, sum 1) ⊛ step, filtered."""
    t = np.arange(0, 32, 1 / FS)
    h = gamma.pdf(t, 6) - gamma.pdf(t, 16) / 6
    c = np.cumsum(h / h.sum())
    x = np.array([0.0 if i == 0 else c[min(i, len(c) - 1)] for i in range(n)])
    b, a = butter(2, hp, 'high', fs=FS)
    y = lfilter(b, a, x)
    b, a = butter(2, lp, 'low', fs=FS)
    return lfilter(b, a, y)


def blocks(path, prior=400, minimum=50):
    """Tapping blocks of the dump with z (CBSI, session α), m, the carried amplitude a."""
    data = np.loadtxt(path, delimiter='\t')
    model = expected_response(400)
    starts = np.r_[0, np.where(np.diff(data[:, 4]) != 0)[0] + 1]
    ends = np.r_[starts[1:], len(data)]
    sums, book, out, rests = {}, {}, [], {}
    lag_n = int(round(4.0 * FS))
    for s, e in zip(starts, ends):
        r = data[s:e]
        sid = int(r[0, 0])
        st = sums.setdefault(sid, [0.0, 0.0, 0])
        noise = rests.setdefault(sid, [])
        o, h = r[:, 9], r[:, 10]
        if r[0, 5] != 0:
            z = np.empty(len(o))
            so, sr, n = st
            for i in range(len(o)):
                if i > 0:
                    so += (o[i] - o[i - 1]) ** 2
                    sr += (h[i] - h[i - 1]) ** 2
                    n += 1
                alpha = 3.0
                if n >= minimum and sr > 0:
                    measured = min(max(np.sqrt(so / sr), 1), 10)
                    alpha = (prior * 3.0 + n * measured) / (prior + n)
                z[i] = (o[i] - alpha * h[i]) / 2
            m = model[:len(r)]
            sel = (r[:, 7] >= 2) & (r[:, 7] <= 8)
            own = (z[sel] @ m[sel]) / (m[sel] @ m[sel])
            key = (sid, int(r[0, 5]))
            prev = book.get(key, [])
            a = own if not prev else (own + len(prev) * np.mean(prev)) / (1 + len(prev))
            book.setdefault(key, []).append(own)
            rest_rms = np.sqrt(np.mean(np.square(noise))) if len(noise) >= 78 else None
            out.append(dict(kind=int(r[0, 1]), depth=r[0, 2], onset=r[0, 3], fades=int(r[0, 6]), t=r[:, 7], z=z, m=m, a=a,
                            rest_noise=rest_rms))
        else:
            # RestNoise: the drop statistic from 12 s into the rest, CBSI with the α at the rest's start.
            alpha = 3.0
            if st[2] >= minimum and st[1] > 0:
                measured = min(max(np.sqrt(st[0] / st[1]), 1), 10)
                alpha = (prior * 3.0 + st[2] * measured) / (prior + st[2])
            zs = smooth((o - alpha * h) / 2, 1.5)
            d = zs[lag_n:] - zs[:-lag_n]
            noise.extend(d[r[lag_n:, 7] >= 12])
        do, dr = np.diff(o), np.diff(h)
        st[0] += do @ do
        st[1] += dr @ dr
        st[2] += len(do)
    return out


def smooth(x, seconds):
    n = int(round(seconds * FS))
    c = np.cumsum(np.r_[0, x])
    i = np.arange(len(x))
    j = np.maximum(0, i + 1 - n)
    return (c[i + 1] - c[j]) / (i + 1 - j)


def model_drop(b, lag=4.0, window=1.5, fraction=0.2, floor=0.10, hold=1.0, start=12.0, clear=0.15,
               clear_hold=2.0, minimum_amplitude=0.15, noise=2.0):
    """Raise times (s into the block) of `model_drop`."""
    a = b['a']
    if a < minimum_amplitude:
        return []
    if b.get('rest_noise') is not None:
        floor = max(floor, noise * b['rest_noise'])
    t = b['t']
    rs = smooth(b['z'] - a * b['m'], window)
    ms = smooth(b['m'], window)
    lag_n = int(round(lag * FS))
    raised, flagged, since, above, level = [], False, None, None, None
    for i in range(len(t)):
        if t[i] < start or i < lag_n:
            continue
        expected = a * ms[i]
        if flagged:
            if rs[i] > level - clear * max(expected, 0):
                above = t[i] if above is None else above
                if t[i] - above >= clear_hold:
                    flagged, since, above = False, None, None
            else:
                above = None
            continue
        drop = rs[i] - rs[i - lag_n]
        if drop < -max(fraction * expected, floor):
            since = t[i] if since is None else since
            if t[i] - since >= hold:
                flagged, level, above = True, rs[i - lag_n], None
                raised.append(t[i])
        else:
            since = None
    return raised


def score(bs, detect):
    found, flags, hours = {}, 0, 0.0
    for b in bs:
        raised = detect(b)
        if b['fades']:
            early = [x for x in raised if x < b['onset']]
            late = [x for x in raised if x >= b['onset']]
            found.setdefault(b['depth'], []).append(late[0] - b['onset'] if late else None)
            flags += len(early)
            hours += b['onset'] / 3600
        else:
            flags += len(raised)
            hours += 30 / 3600
    cells = []
    for depth in sorted(found):
        lat = [x for x in found[depth] if x is not None]
        rate = 100 * len(lat) / len(found[depth])
        med = np.median(lat) if lat else float('nan')
        p90 = np.percentile(lat, 90) if lat else float('nan')
        cells.append(f"{depth * 100:.0f} %: {rate:3.0f} % {med:.1f}/{p90:.1f} s")
    return " | ".join(cells) + f" | false flags {flags} in {hours:.2f} h = {flags / hours:.2f}/h"


def real(path, starts=(20.0, 60.0, 100.0)):
    """30 s pseudo tapping blocks in the stimulus-free start of a recording (motor average of all
    channels, MNE's conversion, the detection filters): flags with the fixed floor and with the
    rest-noise floor (noise from everything before the block). No response is expected, so every
    flag is false; the amplitude is forced to the 0.15 µM minimum so the rule is judged at all."""
    import mne
    from scipy.signal import butter, lfilter
    global FS
    mne.set_log_level('ERROR')
    raw = mne.io.read_raw_snirf(path, preload=True)
    hb = mne.preprocessing.nirs.beer_lambert_law(mne.preprocessing.nirs.optical_density(raw), ppf=6.0)
    FS = hb.info['sfreq']
    x = hb.get_data() * 1e6
    o = np.array([x[i] for i, n in enumerate(hb.ch_names) if n.endswith('hbo')])
    r = np.array([x[i] for i, n in enumerate(hb.ch_names) if n.endswith('hbr')])

    def band(v):
        b, a = butter(2, 0.003, 'high', fs=FS)
        y = lfilter(b, a, v - v[..., :1], axis=-1)
        b, a = butter(2, 0.2, 'low', fs=FS)
        return lfilter(b, a, y, axis=-1)

    o, r = band(o).mean(0), band(r).mean(0)
    t = np.arange(len(o)) / FS
    model = expected_response(int(40 * FS))
    lag_n = int(round(4 * FS))
    for label, adaptive in (('fixed 0.10 µM floor', False), ('floor max(0.10, 2 × rest noise)', True)):
        rows = []
        for s0 in starts:
            before = t < s0
            do, dr = np.diff(o[before]), np.diff(r[before])
            n = len(do)
            alpha = (400 * 3 + n * min(max(np.sqrt((do @ do) / (dr @ dr)), 1), 10)) / (400 + n)
            z = (o - alpha * r) / 2
            zs = smooth(z[before], 1.5)
            rest = np.sqrt(np.mean(np.square(zs[lag_n:] - zs[:-lag_n])))
            sel = (t >= s0) & (t < s0 + 30)
            zb = z[sel] - z[(t >= s0 - 5) & (t < s0)].mean()
            tb = t[sel] - s0
            b = dict(t=tb, z=zb, m=model[:len(zb)], a=0.15, rest_noise=rest if adaptive else None)
            rows.append(f"block at {s0:.0f} s: rest noise {rest:.2f} µM, flags at {[round(float(v), 1) for v in model_drop(b)]}")
        print(label + ':\n  ' + '\n  '.join(rows))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('dump', nargs='?')
    ap.add_argument('--sweep', choices=['lag', 'start', 'floor', 'hold', 'fraction', 'smoothing', 'noise'])
    ap.add_argument('--real', metavar='FILE.snirf')
    args = ap.parse_args()
    if args.real:
        real(args.real)
        return
    if not args.dump:
        ap.error('give a dump (tapnirs evaluate --dump-hbo FILE) or --real FILE.snirf')
    bs = blocks(args.dump)
    print('defaults:', score(bs, model_drop))
    grid = {'lag': ('lag', [3, 4, 5, 6, 8]), 'start': ('start', [10, 11, 12, 13]),
            'floor': ('floor', [0.08, 0.09, 0.10, 0.12]), 'hold': ('hold', [0.5, 1.0, 1.5, 2.5]),
            'fraction': ('fraction', [0.15, 0.2, 0.25]), 'smoothing': ('window', [1.0, 1.5, 2.0, 3.0]),
            'noise': ('noise', [0.0, 1.5, 2.0, 2.5, 3.0])}
    if args.sweep:
        name, values = grid[args.sweep]
        for v in values:
            print(f'{args.sweep} {v}:', score(bs, lambda b: model_drop(b, **{name: v})))


if __name__ == '__main__':
    main()
