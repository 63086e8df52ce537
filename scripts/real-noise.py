#!/usr/bin/env python3
"""How noisy real heads are: resting fNIRS statistics that the simulator's `measured` noise model
is calibrated to (docs/simulator.md, "Real heads").

Usage:
  real-noise.py [FILE]                 FILE: a raw-intensity SNIRF (default Tests/Fixtures/neuro_run01.snirf)
                                       or a tapnirs nirs_raw.tsv (distances from the session.json beside
                                       it, or --distance-cm)
  real-noise.py FILE --json OUT.json   also write the figures as JSON
  real-noise.py SIM --compare REAL.json  print simulated against real, side by side
  real-noise.py --short FILE.snirf     short- vs long-channel amplitudes (a recording with ≤ 1.5 cm channels)
Run it with the venv from scripts/ensure-venv.sh (MNE-Python, numpy, scipy).

What it does (every step is MNE's or named here):
1. Intensity → optical density → HbO/HbR exactly as MNE (`optical_density`, `beer_lambert_law`,
   ppf 6); for a TSV the same formulas with MNE's own extinction table.
2. Channel quality: MNE's scalp coupling index (0.7–1.5 Hz); "good" = SCI ≥ 0.7 [choice].
3. Motion artefacts, on OD, the Homer3 `hmrR_MotionArtifact` way: a change over tMotion = 0.5 s larger
   than STDEVthresh = 10 × the channel's robust SD of such changes (Homer3's typical range 5–20) and
   than AMPthresh = 0.03 OD (typical 0.01–0.3); marks within tMask = 1 s merge into one event. Each
   event is a *shift* when the level 2–4 s after it differs from the level before it by more than
   half its largest excursion, otherwise a *spike*. The first 2 s (device start) are skipped.
4. Stretches: *rest* = away from stimuli (2 s before an onset to 25 s after its end: the response and
   its undershoot); *clean* = at least 60 s long without a motion event on a good channel (±3 s),
   with the stimulus responses removed by a GLM (SPM canonical HRF ⊛ each condition's boxcar, and
   its temporal derivative), so the residual is the head's background physiology.
5. On each kind of stretch, per good channel and for the channel average: Welch spectrum (60 s Hann
   segments, or the longest that fits) fitted with A·(f/0.1 Hz)^−β + white + Gaussian peaks for Mayer
   waves (0.07–0.14 Hz), respiration (0.15–0.45 Hz) and the heart (0.6–1.8 Hz); band SDs; SD after a
   causal 2nd-order Butterworth 0.2 Hz low-pass (tapnirs' display filter) and in 0.01–0.2 Hz; the
   SD of D = mean over the last 1.5 s minus the same mean 4 s earlier (the HbO fade detector's
   statistic) on the low-passed signal; mean pairwise inter-channel correlation and the HbO/HbR
   correlation in 0.01–0.2 Hz.
"""
import argparse
import json
import os
import sys

import numpy as np
from scipy.optimize import least_squares
from scipy.signal import butter, lfilter, sosfiltfilt, welch

DEFAULT = os.path.join(os.path.dirname(__file__), '..', 'Tests', 'Fixtures', 'neuro_run01.snirf')
SCI_GOOD = 0.7
T_MOTION, T_MASK, STDEV_THRESH, AMP_THRESH = 0.5, 1.0, 10.0, 0.03
START_SKIP = 2.0
STIM_BEFORE, STIM_AFTER = 2.0, 25.0
CLEAN_MIN, MOTION_MARGIN = 30.0, 3.0
SMOOTH, LAG = 1.5, 4.0
BANDS = {'very_low_0.01_0.07': (0.01, 0.07), 'mayer_0.07_0.14': (0.07, 0.14),
         'respiration_0.15_0.45': (0.15, 0.45), 'cardiac_0.6_2.8': (0.6, 2.8)}
PEAKS = {'mayer': (0.07, 0.14), 'respiration': (0.15, 0.45), 'cardiac': (0.6, 2.8)}


# ---------------------------------------------------------------- loading

class Recording:
    """Intensities (measurements × samples, channel-major pairs), names, wavelengths, distances (m)."""

    def __init__(self, fs, names, wavelengths, distances, intensity, stims):
        self.fs, self.names, self.wavelengths = fs, names, wavelengths
        self.distances, self.intensity, self.stims = np.asarray(distances), intensity, stims
        self.od = -np.log(np.abs(intensity) / np.abs(intensity).mean(axis=1, keepdims=True))
        self.hbo, self.hbr = beer_lambert(self.od, wavelengths, self.distances)
        self.times = np.arange(intensity.shape[1]) / fs


def beer_lambert(od, wavelengths, distances, ppf=6.0):
    """MNE's beer_lambert_law: 1e-3 · pinv(E · d · ppf) · OD, E from MNE's extinction table (×0.2303)."""
    from mne.preprocessing.nirs._beer_lambert_law import _load_absorption
    e = _load_absorption(np.array(wavelengths, float))
    n = od.shape[0] // 2
    hbo, hbr = np.empty((n, od.shape[1])), np.empty((n, od.shape[1]))
    for c in range(n):
        conc = np.linalg.pinv(e * distances[c] * ppf) @ od[2 * c:2 * c + 2] * 1e-3 * 1e6
        hbo[c], hbr[c] = conc
    return hbo, hbr


def load_snirf(path):
    import mne
    from mne.preprocessing.nirs import source_detector_distances
    mne.set_log_level('ERROR')
    raw = mne.io.read_raw_snirf(path, preload=True)
    names = raw.ch_names
    n = len(names) // 2
    # MNE orders channel-major pairs (S1_D1 690, S1_D1 830, …) after picking; keep pairs together.
    order = []
    pairs = list(dict.fromkeys(nm.split(' ')[0] for nm in names))
    wl = sorted({float(nm.split(' ')[1]) for nm in names})
    for p in pairs:
        for w in wl:
            order.append(names.index(f'{p} {int(w) if w == int(w) else w}'))
    data = raw.get_data()[order]
    dist = source_detector_distances(raw.info)[order][::2]
    stims = [(a['onset'], a['duration'], a['description']) for a in raw.annotations]
    assert len(pairs) == n
    return Recording(raw.info['sfreq'], pairs, wl, dist, data, stims)


def load_tsv(path, distance_cm=None):
    with open(path) as f:
        header = f.readline().rstrip('\n').split('\t')
    data = np.loadtxt(path, delimiter='\t', skiprows=1, ndmin=2)
    cols = header[2:] if header[1] == 'device_time_ms' else header[1:]
    values = data[:, len(header) - len(cols):].T
    pairs = list(dict.fromkeys(c.split(' ')[0] for c in cols))
    wl = list(dict.fromkeys(float(c.split(' ')[1]) for c in cols))
    t = data[:, 0]
    fs = (len(t) - 1) / (t[-1] - t[0])
    dist = None
    session = os.path.join(os.path.dirname(os.path.abspath(path)), 'session.json')
    if distance_cm is not None:
        dist = [distance_cm / 100] * len(pairs)
    elif os.path.exists(session):
        layout = json.load(open(session))['nirs']['layout']
        dist = [(d if d is not None else 3.0) / 100 for d in layout['distances_centimetres']]
    else:
        sys.exit(f'{path}: give --distance-cm (no session.json beside it)')
    stims = []
    events = os.path.join(os.path.dirname(os.path.abspath(path)), 'events.tsv')
    if os.path.exists(events):
        stims = tapping_blocks(events, t[0])
    return Recording(fs, pairs, wl, dist, values, stims)


def tapping_blocks(path, t0):
    """Tapping blocks of a tapnirs events.tsv as (onset, duration, label), onsets from the first sample."""
    rows = [line.rstrip('\n').split('\t') for line in open(path)]
    head, rows = rows[0], rows[1:]
    col = {h: i for i, h in enumerate(head)}
    out = []
    for r in rows:
        if r[col.get('event', 1)] == 'block_start' and 'tap' in r[col.get('detail', -1)]:
            out.append((float(r[0]) - t0, 30.0, r[col.get('label', 2)] if 'label' in col else 'tap'))
    return out


# ---------------------------------------------------------------- quality and motion

def scalp_coupling(rec):
    from mne.filter import filter_data
    f = filter_data(rec.od, rec.fs, 0.7, 1.5, verbose='error')
    return np.array([np.corrcoef(f[2 * c], f[2 * c + 1])[0, 1] for c in range(len(rec.names))])


def motion_events(rec, good):
    """Homer3-style marks merged into events: (start s, end s, {channel: (peak OD, shift OD, peak µM HbO)})."""
    fs, od = rec.fs, rec.od
    lag = int(round(T_MOTION * fs))
    d = np.zeros_like(od)
    d[:, lag:] = od[:, lag:] - od[:, :-lag]
    start = int(START_SKIP * fs)
    mad = np.median(np.abs(d[:, start:] - np.median(d[:, start:], axis=1, keepdims=True)), axis=1) * 1.4826
    thresh = np.maximum(STDEV_THRESH * mad, AMP_THRESH)
    marked = np.abs(d) > thresh[:, None]
    marked[:, :start] = False
    n = len(rec.names)
    per_channel = marked[0::2] | marked[1::2]
    mask = int(round(T_MASK * fs))
    any_mark = per_channel.any(axis=0)
    idx = np.flatnonzero(any_mark)
    events = []
    for i in idx:
        if events and i - events[-1][1] <= mask:
            events[-1][1] = i
        else:
            events.append([i, i])
    out = []
    pre_n, post_a, post_b = int(2 * fs), int(2 * fs), int(4 * fs)
    for a, b in events:
        a0 = max(0, a - lag)
        chans = {}
        for c in range(n):
            if not per_channel[c, a:b + 1].any():
                continue
            pre = slice(max(start, a0 - pre_n), a0) if a0 > start else slice(a0, a0 + 1)
            post = slice(min(b + post_a, od.shape[1] - 1), min(b + post_b, od.shape[1]))
            peaks, shifts = [], []
            for w in (2 * c, 2 * c + 1):
                level = np.median(od[w, pre])
                seg = od[w, a0:b + 1] - level
                peaks.append(seg[np.argmax(np.abs(seg))])
                after = od[w, post]
                shifts.append((np.median(after) - level) if after.size else 0.0)
            hb_level = np.median(rec.hbo[c, pre])
            hseg = rec.hbo[c, a0:b + 1] - hb_level
            chans[c] = dict(peak_od=peaks, shift_od=shifts, peak_hbo=float(hseg[np.argmax(np.abs(hseg))]),
                            shift_hbo=float(np.median(rec.hbo[c, post]) - hb_level) if rec.hbo[c, post].size else 0.0,
                            good=bool(good[c]))
        big = max(abs(p) for ch in chans.values() for p in ch['peak_od'])
        shift = max(abs(s) for ch in chans.values() for s in ch['shift_od'])
        out.append(dict(start=a0 / fs, end=b / fs, kind='shift' if shift > 0.5 * big else 'spike', channels=chans))
    return out


# ---------------------------------------------------------------- stretches

def intervals_minus(total, cuts):
    """[total] minus the union of cuts (lists of (a, b))."""
    out, (lo, hi) = [], total
    for a, b in sorted(cuts):
        if b <= lo:
            continue
        if a > lo:
            out.append((lo, min(a, hi)))
        lo = max(lo, b)
        if lo >= hi:
            break
    if lo < hi:
        out.append((lo, hi))
    return [(a, b) for a, b in out if b > a]


def rest_stretches(rec, minimum=20.0):
    end = rec.times[-1]
    cuts = [(o - STIM_BEFORE, o + d + STIM_AFTER) for o, d, _ in rec.stims] + [(0, START_SKIP)]
    return [(a, b) for a, b in intervals_minus((0, end), cuts) if b - a >= minimum]


def clean_stretches(rec, events, good):
    end = rec.times[-1]
    cuts = [(e['start'] - MOTION_MARGIN, e['end'] + MOTION_MARGIN) for e in events
            if any(good[c] for c in e['channels'])] + [(0, START_SKIP)]
    return [(a, b) for a, b in intervals_minus((0, end), cuts) if b - a >= CLEAN_MIN]


def spm_hrf(fs, length=32.0):
    from scipy.stats import gamma
    t = np.arange(0, length, 1 / fs)
    h = gamma.pdf(t, 6) - gamma.pdf(t, 16) / 6
    return h / h.sum()


def glm_residuals(rec, x, stretches):
    """x (channels × samples) minus its fit to each condition's SPM response (+ derivative) and a
    constant per stretch, fitted on the stretches only."""
    if not rec.stims:
        return x.copy()
    n = x.shape[1]
    h = spm_hrf(rec.fs)
    cols = []
    for label in sorted({s[2] for s in rec.stims}):
        box = np.zeros(n)
        for o, d, lab in rec.stims:
            if lab == label:
                box[int(o * rec.fs):int((o + d) * rec.fs)] = 1
        r = np.convolve(box, h)[:n]
        cols += [r, np.gradient(r)]
    sel = np.zeros(n, bool)
    for k, (a, b) in enumerate(stretches):
        s = np.zeros(n)
        s[int(a * rec.fs):int(b * rec.fs)] = 1
        cols.append(s)
        sel |= s > 0
    X = np.array(cols).T
    beta, *_ = np.linalg.lstsq(X[sel], x[:, sel].T, rcond=None)
    return x - (X @ beta).T


# ---------------------------------------------------------------- statistics

def lowpass(x, fs, hz=0.2):
    b, a = butter(2, hz, 'low', fs=fs)
    return lfilter(b, a, x - x[..., :1], axis=-1) + x[..., :1]


def band(x, fs, lo=0.01, hi=0.2):
    sos = butter(2, [lo, hi], 'band', fs=fs, output='sos')
    return sosfiltfilt(sos, x, axis=-1)


def moving_mean(x, n):
    c = np.cumsum(np.concatenate([np.zeros(x.shape[:-1] + (1,)), x], axis=-1), axis=-1)
    out = np.full(x.shape, np.nan)
    out[..., n - 1:] = (c[..., n:] - c[..., :-n]) / n
    return out


def drop_sd(x, fs):
    """SD (RMS) of D(t) = mean over the last 1.5 s − the same mean 4 s earlier, x already low-passed."""
    m = moving_mean(x, int(round(SMOOTH * fs)))
    lag = int(round(LAG * fs))
    d = m[..., lag:] - m[..., :-lag]
    return d


def segments(x, fs, stretches):
    return [x[..., int(a * fs):int(b * fs)] for a, b in stretches]


def spectrum(parts, fs):
    """Welch PSD averaged over stretches (weights: segment counts), 60 s Hann segments or shorter."""
    longest = max(p.shape[-1] for p in parts)
    nper = min(int(60 * fs), longest)
    acc, weight = None, 0
    for p in parts:
        if p.shape[-1] < nper:
            continue
        f, pxx = welch(p, fs=fs, nperseg=nper, noverlap=nper // 2, detrend='linear', axis=-1)
        k = 1 + (p.shape[-1] - nper) // (nper // 2)
        acc = pxx * k if acc is None else acc + pxx * k
        weight += k
    return f, acc / weight


def fit_spectrum(f, p):
    """log P = log(A / (1 + (f/f_knee)^β) + W + Σ peaks), fitted on 0.02 Hz … min(3 Hz, 0.8·Nyquist): a
    1/f^β background above its knee (a plain 1/f^β when the knee falls below the range), white floor,
    Gaussian peaks for Mayer waves, respiration and the heart (their powers above the background)."""
    top = min(3.0, 0.8 * f[-1])
    sel = (f >= 0.02) & (f <= top)
    f, p = f[sel], p[sel]
    names = list(PEAKS)

    def model(q):
        la, lk, beta, lw = q[:4]
        y = 10 ** la / (1 + (f / 10 ** lk) ** beta) + 10 ** lw
        for k, nm in enumerate(names):
            lg, fc, wd = q[4 + 3 * k:7 + 3 * k]
            y = y + 10 ** lg * np.exp(-0.5 * ((f - fc) / wd) ** 2)
        return y

    def resid(q):
        return np.log10(model(q)) - np.log10(p)

    a0 = p[:3].mean()
    q0 = [np.log10(a0), np.log10(0.05), 2.0, np.log10(p[-1]) - 1]
    lo, hi = [-12, np.log10(0.005), 0.0, -14], [6, np.log10(1.0), 6.0, 6]
    for nm in names:
        fl, fh = PEAKS[nm]
        q0 += [np.log10(np.interp((fl + fh) / 2, f, p)) - 1, (fl + fh) / 2, (fh - fl) / 6]
        lo += [-14, fl, 0.005]
        hi += [6, fh, (fh - fl) / 2]
    q0 = np.clip(q0, np.array(lo) + 1e-9, np.array(hi) - 1e-9)
    r = least_squares(resid, q0, bounds=(lo, hi))
    q = r.x
    out = dict(plateau=10 ** q[0], knee_hz=10 ** q[1], beta=q[2], white=10 ** q[3],
               background_at_0_1hz=10 ** q[0] / (1 + (0.1 / 10 ** q[1]) ** q[2]),
               rms_log10_error=float(np.sqrt(np.mean(r.fun ** 2))))
    for k, nm in enumerate(names):
        lg, fc, wd = q[4 + 3 * k:7 + 3 * k]
        power = 10 ** lg * wd * np.sqrt(2 * np.pi)  # ∫ Gaussian, µM²
        out[nm] = dict(frequency_hz=fc, width_hz=wd, power=power, sine_amplitude=np.sqrt(2 * power))
    return out


def lowpass_pair_psd(f, corner, fs):
    """One-sided PSD of unit-variance white noise through two cascaded exact first-order low-passes
    (a = exp(−2π·corner/fs)) — the simulator's `LowPassNoise` component — at frequencies f."""
    a = np.exp(-2 * np.pi * corner / fs)
    z = np.exp(-2j * np.pi * f / fs)
    h2 = np.abs(1 / (1 - a * z)) ** 4
    var = (1 + a * a) / (1 - a * a) ** 3  # stationary variance of the AR(2) with double root a
    return 2 / fs * h2 / var


SLOPE_BAND = (0.1, 0.6)


def slope(f, p):
    """β of a straight line through log10 PSD against log10 f on 0.1–0.6 Hz (above the background's
    knee, below the heart): a model-free spectral exponent."""
    sel = (f >= SLOPE_BAND[0]) & (f <= SLOPE_BAND[1])
    return float(-np.polyfit(np.log10(f[sel]), np.log10(p[sel]), 1)[0])


def band_sds(f, p):
    df = f[1] - f[0]
    return {k: float(np.sqrt(p[(f >= a) & (f < b)].sum() * df)) for k, (a, b) in BANDS.items()}


def mean_offdiag_corr(x):
    if x.shape[0] < 2:
        return float('nan')
    c = np.corrcoef(x)
    return float(c[~np.eye(len(c), dtype=bool)].mean())


def stats_for(rec, stretches, good, hbo, hbr):
    """Statistics on stretches of (hbo, hbr) (channels × samples, µM); good channels and their average."""
    fs = rec.fs
    g = np.flatnonzero(good)
    out = dict(stretches=[[round(a, 2), round(b, 2)] for a, b in stretches],
               seconds=float(sum(b - a for a, b in stretches)))
    lp_o, lp_r = lowpass(hbo, fs), lowpass(hbr, fs)
    bd_o, bd_r = band(hbo, fs), band(hbr, fs)
    avg_o, avg_r = hbo[g].mean(0), hbr[g].mean(0)
    lp_avg = lowpass(avg_o, fs)
    alpha = None
    per = []
    for c in range(len(rec.names)):
        parts_lp = segments(lp_o[c], fs, stretches)
        parts_bd = segments(bd_o[c], fs, stretches)
        d_o = np.concatenate([drop_sd(p, fs) for p in parts_lp])
        d_r = np.concatenate([drop_sd(p, fs) for p in segments(lp_r[c], fs, stretches)])
        f, po = spectrum(segments(hbo[c], fs, stretches), fs)
        row = dict(channel=rec.names[c], good=bool(good[c]),
                   lowpass_sd_hbo=float(np.sqrt(np.mean([np.var(p) for p in parts_lp]))),
                   band_sd_hbo=float(np.std(np.concatenate(parts_bd))),
                   band_sd_hbr=float(np.std(np.concatenate(segments(bd_r[c], fs, stretches)))),
                   drop_sd_hbo=float(np.sqrt(np.nanmean(d_o ** 2))),
                   drop_sd_hbr=float(np.sqrt(np.nanmean(d_r ** 2))),
                   hbo_hbr_correlation=float(np.corrcoef(np.concatenate(parts_bd),
                                                         np.concatenate(segments(bd_r[c], fs, stretches)))[0, 1]),
                   bands_hbo=band_sds(f, po), slope_hbo=slope(f, po))
        try:
            row['fit_hbo_beta'] = fit_spectrum(f, po)['beta']
        except Exception:
            row['fit_hbo_beta'] = float('nan')
        per.append(row)
    out['channels'] = per
    gp = [per[c] for c in g]

    def med(key):
        return float(np.median([r[key] for r in gp]))
    out['good_channels'] = int(len(g))
    out['median_good'] = {k: med(k) for k in ('lowpass_sd_hbo', 'band_sd_hbo', 'band_sd_hbr', 'drop_sd_hbo',
                                               'drop_sd_hbr', 'hbo_hbr_correlation', 'fit_hbo_beta', 'slope_hbo')}
    out['median_good']['bands_hbo'] = {k: float(np.median([r['bands_hbo'][k] for r in gp])) for k in BANDS}
    # Spectrum of the good channels: mean PSD over channels (HbO and HbR), fitted.
    f, po = spectrum(segments(hbo[g], fs, stretches), fs)
    _, pr = spectrum(segments(hbr[g], fs, stretches), fs)
    out['spectrum_hbo'] = fit_spectrum(f, po.mean(0))
    out['spectrum_hbr'] = fit_spectrum(f, pr.mean(0))
    # Spread of the level between good channels: SD of ln(band SD).
    out['level_spread_log_sd'] = float(np.std(np.log([per[c]['band_sd_hbo'] for c in g])))
    out['spectrum_hbo_points'] = [[float(a), float(b)] for a, b in zip(f, po.mean(0)) if a <= 3]
    # Channel average.
    d_avg = np.concatenate([drop_sd(p, fs) for p in segments(lp_avg, fs, stretches)])
    bd_avg = np.concatenate(segments(band(avg_o, fs), fs, stretches))
    fa, pa = spectrum(segments(avg_o, fs, stretches), fs)
    # CBSI of the average (Cui 2010): (HbO − α HbR)/2, α = SD(HbO)/SD(HbR) in 0.01–0.2 Hz.
    bd_avg_r = np.concatenate(segments(band(avg_r, fs), fs, stretches))
    alpha = float(np.std(bd_avg) / np.std(bd_avg_r))
    z = lowpass((avg_o - alpha * avg_r) / 2, fs)
    d_z = np.concatenate([drop_sd(p, fs) for p in segments(z, fs, stretches)])
    out['average'] = dict(band_sd_hbo=float(np.std(bd_avg)),
                          lowpass_sd_hbo=float(np.sqrt(np.mean([np.var(p) for p in segments(lp_avg, fs, stretches)]))),
                          drop_sd_hbo=float(np.sqrt(np.nanmean(d_avg ** 2))),
                          drop_sd_cbsi=float(np.sqrt(np.nanmean(d_z ** 2))), cbsi_alpha=alpha,
                          bands_hbo=band_sds(fa, pa))
    cat_o = np.concatenate(segments(bd_o[g], fs, stretches), axis=-1)
    cat_r = np.concatenate(segments(bd_r[g], fs, stretches), axis=-1)
    out['inter_channel_correlation_hbo'] = mean_offdiag_corr(cat_o)
    out['inter_channel_correlation_hbr'] = mean_offdiag_corr(cat_r)
    return out


def motion_summary(rec, events, good):
    minutes = (rec.times[-1] - START_SKIP) / 60
    on_good = [e for e in events if any(good[c] for c in e['channels'])]
    rows = []
    for e in on_good:
        gch = {c: v for c, v in e['channels'].items() if good[c]}
        peaks = [max(abs(x) for x in v['peak_od']) for v in gch.values()]
        shifts = [max(abs(x) for x in v['shift_od']) for v in gch.values()]
        rows.append(dict(start=round(e['start'], 2), seconds=round(e['end'] - e['start'], 2), kind=e['kind'],
                         good_channels_hit=len(gch), fraction_of_good=len(gch) / max(1, int(good.sum())),
                         median_peak_od=float(np.median(peaks)), median_shift_od=float(np.median(shifts)),
                         median_peak_hbo=float(np.median([abs(v['peak_hbo']) for v in gch.values()])),
                         median_shift_hbo=float(np.median([abs(v['shift_hbo']) for v in gch.values()])),
                         positive_od=float(np.mean([v['peak_od'][0] > 0 for v in gch.values()])),
                         od_ratio_830_690=float(np.median([v['peak_od'][1] / v['peak_od'][0] for v in gch.values()
                                                           if abs(v['peak_od'][0]) > 1e-6]))))
    spikes = [r for r in rows if r['kind'] == 'spike']
    shifts = [r for r in rows if r['kind'] == 'shift']

    def q(rs, k):
        v = [r[k] for r in rs]
        return [float(np.percentile(v, p)) for p in (25, 50, 75)] if v else None
    return dict(minutes=minutes, events=rows, spikes_per_minute=len(spikes) / minutes,
                shifts_per_minute=len(shifts) / minutes,
                spike_peak_od_quartiles=q(spikes, 'median_peak_od'), shift_od_quartiles=q(shifts, 'median_shift_od'),
                spike_peak_hbo_quartiles=q(spikes, 'median_peak_hbo'), shift_hbo_quartiles=q(shifts, 'median_shift_hbo'),
                seconds_quartiles=q(rows, 'seconds'), fraction_of_good_channels_hit=q(rows, 'fraction_of_good'),
                od_ratio_830_690=q(rows, 'od_ratio_830_690'),
                positive_od_fraction=float(np.mean([r['positive_od'] for r in rows])) if rows else None)


def analyse(rec):
    sci = scalp_coupling(rec)
    good = sci >= SCI_GOOD
    events = motion_events(rec, good)
    rest = rest_stretches(rec)
    clean = clean_stretches(rec, events, good)
    hbo_res = glm_residuals(rec, rec.hbo, clean)
    hbr_res = glm_residuals(rec, rec.hbr, clean)
    out = dict(rate_hz=rec.fs, seconds=float(rec.times[-1]), channels=rec.names, wavelengths=rec.wavelengths,
               distances_cm=[float(d * 100) for d in rec.distances], scalp_coupling_index=[float(s) for s in sci],
               good=[bool(x) for x in good], stims=len(rec.stims), motion=motion_summary(rec, events, good))
    if clean:
        out['clean'] = stats_for(rec, clean, good, hbo_res, hbr_res)
    if rest:
        out['rest'] = stats_for(rec, rest, good, rec.hbo, rec.hbr)
    return out


# ---------------------------------------------------------------- short channels

def short_long(path):
    """Short (≤ 1.5 cm) against long channels of one recording. Only stretches of ≥ 2 s free of
    motion events on ≥ 2 good channels (the rule above, ±0.5 s) count; in each, HbO is linearly detrended and its SD taken — in a
    few seconds of rest that is mostly the heart beat and breathing — then the median over good
    channels of each kind. With a short recording this is a rough ratio, not a spectrum."""
    from scipy.signal import detrend
    rec = load_snirf(path)
    sci = scalp_coupling(rec)
    good = sci >= SCI_GOOD
    events = motion_events(rec, good)
    cuts = [(e['start'] - 0.5, e['end'] + 0.5) for e in events
            if sum(good[c] for c in e['channels']) >= 2] + [(0, 0.5)]
    stretches = [(a, b) for a, b in intervals_minus((0, rec.times[-1]), cuts) if b - a >= 2]
    short = rec.distances <= 0.015
    res = dict(seconds=float(rec.times[-1]), rate_hz=rec.fs, stretches=[[round(a, 2), round(b, 2)] for a, b in stretches])
    for label, sel in (('short', short), ('long', ~short)):
        g = np.flatnonzero(sel & good)
        sd_hbo, sd_od = [], []
        for c in g:
            parts = segments(rec.hbo[c], rec.fs, stretches)
            sd_hbo.append(np.sqrt(np.mean([np.var(detrend(p)) for p in parts])))
            parts = segments(rec.od[2 * c], rec.fs, stretches)
            sd_od.append(np.sqrt(np.mean([np.var(detrend(p)) for p in parts])))
        res[label] = dict(channels=int(sel.sum()), good=int(len(g)),
                          distance_cm=[float(np.min(rec.distances[sel]) * 100), float(np.max(rec.distances[sel]) * 100)],
                          detrended_sd_hbo=float(np.median(sd_hbo)) if g.size else None,
                          detrended_sd_od_first_wavelength=float(np.median(sd_od)) if g.size else None)
    if res['short']['good'] and res['long']['good']:
        res['ratio_hbo'] = res['short']['detrended_sd_hbo'] / res['long']['detrended_sd_hbo']
        res['ratio_od'] = res['short']['detrended_sd_od_first_wavelength'] / res['long']['detrended_sd_od_first_wavelength']
    return res


# ---------------------------------------------------------------- calibration of the measured model

MODEL_RATE = 20.0          # Hz: the analytic model's grid (the simulator rescales per rate)
MAYER_HZ, RESPIRATION_HZ, CARDIAC_HZ = 0.1, 0.25, 1.0   # adult rhythms, the AnalyzIR toolbox's


def model_corners(fs, lowest):
    out, f = [], lowest
    while f <= min(1.28, 0.2 * fs) + 1e-12:
        out.append(f)
        f *= 2
    return out


def model_weights(beta, lowest, fs):
    """Component variances ∝ f_k · f_k^−β (power per octave of a 1/f^β spectrum), normalised so the
    background's 0.01–0.2 Hz variance (of the components' exact discrete spectra) is 1."""
    cs = model_corners(fs, lowest)
    f = np.linspace(0.01, 0.2, 2000)
    w = np.array([c ** (1 - beta) for c in cs])
    band_var = sum(wi * np.trapezoid(lowpass_pair_psd(f, c, fs), f) for wi, c in zip(w, cs))
    return cs, w / band_var


def model_statistics(beta, lowest, background_sd, mayer, respiration, cardiac, fs=MODEL_RATE):
    """Expected statistics of the measured model's HbO (background components + sines), analytically."""
    from scipy.signal import freqz, sosfreqz
    cs, w = model_weights(beta, lowest, fs)
    f = np.linspace(1e-4, fs / 2, 200001)
    psd = background_sd ** 2 * sum(wi * lowpass_pair_psd(f, c, fs) for wi, c in zip(w, cs))
    lines = [(MAYER_HZ, mayer), (RESPIRATION_HZ, respiration), (CARDIAC_HZ, cardiac)]
    b, a = butter(2, 0.2, 'low', fs=fs)
    n, lag = int(round(SMOOTH * fs)), LAG

    def gain_d(x):
        _, h = freqz(b, a, worN=x, fs=fs)
        m = np.abs(np.sinc(x * n / fs) / np.sinc(x / fs)) ** 2
        return np.abs(h) ** 2 * m * 4 * np.sin(np.pi * x * lag) ** 2

    def gain_band(x):
        _, h = sosfreqz(butter(2, [0.01, 0.2], 'band', fs=fs, output='sos'), worN=x, fs=fs)
        return np.abs(h) ** 4
    out = dict(drop_sd=np.sqrt(np.trapezoid(psd * gain_d(f), f) + sum(A * A / 2 * gain_d(np.array([fr]))[0] for fr, A in lines)),
               band_sd=np.sqrt(np.trapezoid(psd * gain_band(f), f) + sum(A * A / 2 * gain_band(np.array([fr]))[0] for fr, A in lines)))
    for k, (lo, hi) in BANDS.items():
        sel = (f >= lo) & (f < hi)
        out[k] = np.sqrt(np.trapezoid(psd[sel], f[sel]) + sum(A * A / 2 for fr, A in lines if lo <= fr < hi))
    return out


def model_psd(f, beta, lowest, background_sd, fs=MODEL_RATE):
    cs, w = model_weights(beta, lowest, fs)
    return background_sd ** 2 * sum(wi * lowpass_pair_psd(f, c, fs) for wi, c in zip(w, cs))


def calibrate(real):
    """The measured model's constants from a recording's clean statistics. The background's exponent
    β, lowest corner (where its 1/f^β spectrum levels off) and size, and the Mayer and respiration
    sine amplitudes are fitted together (least squares on log ratios): the mean good-channel Welch
    spectrum on 0.02–1.8 Hz (each point weighted 1/√N, as one target in all) and, weighted 2 each,
    the median good channel's SD of D and SD in 0.01–0.2 Hz — the detector's statistic and the
    signal's size come first. The heart from the spectrum fit; HbR, correlations and spread as measured."""
    c = real['clean']
    m = c['median_good']
    cardiac = c['spectrum_hbo']['cardiac']['sine_amplitude']
    pts = np.array(c['spectrum_hbo_points'])
    sel = (pts[:, 0] >= 0.02) & (pts[:, 0] <= 1.8)
    f, p = pts[sel, 0], pts[sel, 1]
    df = pts[1, 0] - pts[0, 0]
    targets = dict(band_sd=m['band_sd_hbo'], drop_sd=m['drop_sd_hbo'])

    def resid(q):
        beta, lowest, bg, mayer, resp = q[0], *np.exp(q[1:])
        model = model_psd(f, beta, lowest, bg)
        for fr, amp in ((MAYER_HZ, mayer), (RESPIRATION_HZ, resp)):
            model = model + amp * amp / 2 * np.exp(-0.5 * ((f - fr) / df) ** 2) / (df * np.sqrt(2 * np.pi))
        spectral = np.log(model / p) / np.sqrt(len(f))
        st = model_statistics(beta, lowest, bg, mayer, resp, cardiac)
        return np.concatenate([spectral, [2 * np.log(st[k] / v) for k, v in targets.items()]])
    q0 = [2.0, np.log(0.02), np.log(0.8), np.log(0.1), np.log(0.1)]
    r = least_squares(resid, q0, bounds=([0.5, np.log(0.004), np.log(0.01), np.log(1e-3), np.log(1e-3)],
                                         [4.0, np.log(0.08), np.log(10), np.log(3), np.log(3)]))
    beta, lowest, bg, mayer, resp = r.x[0], *np.exp(r.x[1:])
    st = model_statistics(beta, lowest, bg, mayer, resp, cardiac)
    return dict(spectrum_exponent=beta, lowest_corner_hz=lowest, background_band_sd_hbo=bg,
                mayer_amplitude_hbo=mayer, respiration_amplitude_hbo=resp, cardiac_amplitude_hbo=cardiac,
                cardiac_hbr_per_hbo=c['spectrum_hbr']['cardiac']['sine_amplitude'] / cardiac,
                hbr_per_hbo=m['band_sd_hbr'] / m['band_sd_hbo'], hbo_hbr_correlation=m['hbo_hbr_correlation'],
                shared_fraction=c['inter_channel_correlation_hbo'], level_spread_log_sd=c['level_spread_log_sd'],
                spectral_rms_log10_error=float(np.sqrt(np.mean((r.fun[:-2] * np.sqrt(len(f)) / np.log(10)) ** 2))),
                expected=st, measured=dict(targets, **{k: m['bands_hbo'][k] for k in BANDS}))


# ---------------------------------------------------------------- printing

def fmt(x, nd=3):
    return '–' if x is None or (isinstance(x, float) and np.isnan(x)) else f'{x:.{nd}g}'


def print_stats(label, s):
    m, a = s['median_good'], s['average']
    print(f'\n## {label}: {s["seconds"]:.0f} s in {len(s["stretches"])} stretches {s["stretches"]}, '
          f'{s["good_channels"]} good channels')
    print('per good channel (median):  SD 0.2 Hz low-pass %s µM, SD 0.01–0.2 Hz HbO %s / HbR %s µM, '
          'SD of D (1.5 s mean, 4 s change) HbO %s / HbR %s µM, r(HbO,HbR) %s, β (knee fit) %s, '
          'log-log slope 0.1–0.6 Hz %s'
          % tuple(fmt(m[k]) for k in ('lowpass_sd_hbo', 'band_sd_hbo', 'band_sd_hbr', 'drop_sd_hbo',
                                      'drop_sd_hbr', 'hbo_hbr_correlation', 'fit_hbo_beta', 'slope_hbo')))
    print('  band SDs HbO (µM): ' + ', '.join(f'{k} {fmt(v)}' for k, v in m['bands_hbo'].items()))
    print('channel average:  SD 0.01–0.2 Hz %s µM, SD low-pass %s µM, SD of D HbO %s µM, CBSI %s µM (α %s)'
          % (fmt(a['band_sd_hbo']), fmt(a['lowpass_sd_hbo']), fmt(a['drop_sd_hbo']), fmt(a['drop_sd_cbsi']),
             fmt(a['cbsi_alpha'])))
    print('  band SDs HbO (µM): ' + ', '.join(f'{k} {fmt(v)}' for k, v in a['bands_hbo'].items()))
    print('inter-channel correlation (0.01–0.2 Hz): HbO %s, HbR %s'
          % (fmt(s['inter_channel_correlation_hbo']), fmt(s['inter_channel_correlation_hbr'])))
    for kind in ('hbo', 'hbr'):
        sp = s['spectrum_' + kind]
        peaks = ', '.join(f'{nm} {fmt(sp[nm]["frequency_hz"])} Hz amplitude {fmt(sp[nm]["sine_amplitude"])} µM'
                          for nm in PEAKS)
        print(f'spectrum {kind.upper()} (mean of good channels): {fmt(sp["plateau"])} µM²/Hz / (1 + (f / '
              f'{fmt(sp["knee_hz"])} Hz)^{fmt(sp["beta"])}), white {fmt(sp["white"])} µM²/Hz; {peaks} '
              f'(fit rms {fmt(sp["rms_log10_error"], 2)} decades)')
    print(f'spread of the level between good channels: SD of ln(band SD) {s["level_spread_log_sd"]:.2f}')
    print('channel  good  lowpassSD  bandSD  D_SD(HbO)  D_SD(HbR)  r(HbO,HbR)  beta')
    for r in s['channels']:
        print(f'{r["channel"]:8s} {"yes" if r["good"] else "no ":4s}  {fmt(r["lowpass_sd_hbo"]):9s} '
              f'{fmt(r["band_sd_hbo"]):7s} {fmt(r["drop_sd_hbo"]):10s} {fmt(r["drop_sd_hbr"]):10s} '
              f'{fmt(r["hbo_hbr_correlation"]):11s} {fmt(r["fit_hbo_beta"])}')


def print_all(path, res):
    print(f'# {path}: {res["seconds"]:.0f} s at {res["rate_hz"]:g} Hz, {len(res["channels"])} channels '
          f'({res["distances_cm"][0]:.2g}–{max(res["distances_cm"]):.2g} cm), {res["stims"]} stimuli')
    print('scalp coupling index: ' + ', '.join(f'{c} {s:.2f}' for c, s in zip(res['channels'], res['scalp_coupling_index'])))
    mo = res['motion']
    print(f'\n## motion (Homer3-style, {mo["minutes"]:.1f} min): {mo["spikes_per_minute"]:.2f} spikes/min, '
          f'{mo["shifts_per_minute"]:.2f} shifts/min on good channels')
    print(f'  spike peak OD quartiles {mo["spike_peak_od_quartiles"]}, HbO µM {mo["spike_peak_hbo_quartiles"]}')
    print(f'  shift OD quartiles {mo["shift_od_quartiles"]}, HbO µM {mo["shift_hbo_quartiles"]}')
    print(f'  duration s {mo["seconds_quartiles"]}, fraction of good channels hit {mo["fraction_of_good_channels_hit"]}, '
          f'OD 830/690 {mo["od_ratio_830_690"]}, OD up (light down) in {mo["positive_od_fraction"]} of hits')
    for e in mo['events']:
        print(f'  {e["start"]:7.1f} s {e["kind"]:5s} {e["seconds"]:5.1f} s  {e["good_channels_hit"]} ch  '
              f'peak {e["median_peak_od"]:.3f} OD ({e["median_peak_hbo"]:.2f} µM)  shift {e["median_shift_od"]:.3f} OD')
    for key, label in (('clean', 'clean (motion-free, stimulus responses regressed out)'),
                       ('rest', 'rest (stimulus-free, motion included)')):
        if key in res:
            print_stats(label, res[key])


def compare(sim, real):
    print('\n# simulated against real (median over good channels unless said)')
    rows = []
    for key in ('clean', 'rest'):
        if key not in sim or key not in real:
            continue
        s, r = sim[key], real[key]
        for k in ('lowpass_sd_hbo', 'band_sd_hbo', 'band_sd_hbr', 'drop_sd_hbo', 'drop_sd_hbr', 'hbo_hbr_correlation',
                  'fit_hbo_beta', 'slope_hbo'):
            rows.append((key, k, s['median_good'][k], r['median_good'][k]))
        for k in BANDS:
            rows.append((key, 'band ' + k, s['median_good']['bands_hbo'][k], r['median_good']['bands_hbo'][k]))
        for k in ('band_sd_hbo', 'drop_sd_hbo', 'drop_sd_cbsi'):
            rows.append((key, 'average ' + k, s['average'][k], r['average'][k]))
        rows.append((key, 'inter-channel r HbO', s['inter_channel_correlation_hbo'], r['inter_channel_correlation_hbo']))
        rows.append((key, 'spectrum β HbO', s['spectrum_hbo']['beta'], r['spectrum_hbo']['beta']))
    print(f'{"stretches":8s} {"statistic":36s} {"simulated":>10s} {"real":>10s} {"ratio":>7s}')
    for key, k, a, b in rows:
        print(f'{key:8s} {k:36s} {fmt(a):>10s} {fmt(b):>10s} {fmt(a / b if b else float("nan"), 2):>7s}')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('file', nargs='?', default=DEFAULT)
    ap.add_argument('--distance-cm', type=float)
    ap.add_argument('--json')
    ap.add_argument('--compare')
    ap.add_argument('--short')
    ap.add_argument('--calibrate', action='store_true', help='print the measured noise model constants')
    args = ap.parse_args()
    if args.short:
        res = short_long(args.short)
        print(json.dumps(res, indent=1))
        if args.json:
            json.dump(res, open(args.json, 'w'), indent=1)
        return
    rec = load_snirf(args.file) if args.file.endswith('.snirf') else load_tsv(args.file, args.distance_cm)
    res = analyse(rec)
    print_all(args.file, res)
    if args.json:
        with open(args.json, 'w') as f:
            json.dump(res, f, indent=1, default=float)
    if args.compare:
        compare(res, json.load(open(args.compare)))
    if args.calibrate:
        print('\n# measured noise model (PhysiologySimulator noise model `measured`)')
        print(json.dumps(calibrate(res), indent=1, default=float))


if __name__ == '__main__':
    main()
