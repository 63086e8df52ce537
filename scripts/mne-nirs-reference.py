#!/usr/bin/env python3
"""Reference outputs for tapnirs' artefact cross-checks (ArtefactCrossCheckTests).

Usage: mne-nirs-reference.py RAW.snirf SHORT.snirf OUTDIR

RAW.snirf (neuro_run01): MNE-Python's own functions and a Homer3 transliteration.
  raw.od.tsv      MNE optical_density (read_raw_snirf -> optical_density)
  raw.tddr.tsv    MNE temporal_derivative_distribution_repair of that OD
  raw.motion.tsv  Homer3 hmrR_MotionArtifactByChannel (see homer3_motion_by_channel below) on
                  that OD at the sample rate MNE reports, for several threshold settings:
                  columns stdev_thresh, amp_thresh, channel (S1_D1), first, last (0-based
                  sample indices, inclusive) - the runs of zeros of tIncCh.
SHORT.snirf (NIRSport2 with short-separation channels): MNE-NIRS.
  short.od.tsv    MNE optical_density
  short.scr.tsv   mne_nirs.signal_enhancement.short_channel_regression(od, max_dist=0.015)
  short.pairs.tsv each long measurement and the short measurement MNE-NIRS regresses out of it
                  (its own _find_nearest_short), with the source-detector distances in m.
The .tsv series have a header `time` then one column per MNE channel (`S1_D1 760`), in MNE's
channel order, one row per sample; numbers are written with repr(), which reads back exactly.
Run it with the venv from scripts/ensure-venv.sh.
"""
import os
import sys
import warnings

import numpy as np

# Homer3 thresholds compared: its registry defaults, then more sensitive settings within and
# around the ranges its help calls typical (STDEVthresh 5-20, AMPthresh 0.01-0.3 OD).
MOTION_SETTINGS = [(50.0, 5.0), (20.0, 0.3), (10.0, 0.1), (5.0, 100.0), (100.0, 0.02)]
T_MOTION, T_MASK = 0.5, 1.0
SHORT_MAX_DIST_M = 0.015  # issue 13's bound; the file has no channel between 8.7 and 29.9 mm


def matlab_round(x):
    """MATLAB's round: halves away from zero (Python's round() rounds halves to even)."""
    return int(np.sign(x) * np.floor(abs(x) + 0.5))


def homer3_motion_by_channel(d, fs, channel_of, t_motion, t_mask, std_thresh, amp_thresh):
    """Line-for-line NumPy transliteration of Homer3's hmrR_MotionArtifactByChannel.m
    (BUNPC/Homer3, FuncRegistry/UserFunctions) for one data block, every channel active,
    nothing excluded by hand. d: time x measurement; channel_of: the channel of each column.
    Returns tIncCh as a boolean array (True = included)."""
    n_time, n_meas = d.shape
    art_buffer = matlab_round(t_mask * fs)
    t_inc_ch = np.ones((n_time, n_meas), dtype=bool)
    for i_ch in range(n_meas):
        lst = [j for j in range(n_meas) if channel_of[j] == channel_of[i_ch]]
        x = d[:, lst]
        std_diff = np.std(x[1:] - x[:-1], axis=0, ddof=1)  # std(..., 0, 1)
        max_diff = np.zeros((n_time - 1, len(lst)))
        for ii in range(1, matlab_round(t_motion * fs) + 1):
            shifted = np.vstack([np.abs(x[ii:] - x[:n_time - ii]), np.zeros((ii - 1, len(lst)))])
            max_diff = np.maximum(shifted, max_diff)
        mc_thresh = std_diff * std_thresh
        bad = ((max_diff > mc_thresh) | (max_diff > amp_thresh)).any(axis=1)
        bad_inds = np.nonzero(bad)[0] + 1  # 1-based indices into diff
        if len(bad_inds):
            bad_inds = (bad_inds[:, None] + np.arange(-art_buffer, art_buffer + 1)[None, :]).ravel()
            bad_inds = bad_inds[(bad_inds > 0) & (bad_inds <= n_time - 1)]
            t_inc_ch[bad_inds, i_ch] = False  # MATLAB tIncCh(1+bad_inds) is 0-based bad_inds
    return t_inc_ch


def runs(masked):
    """(first, last) of each run of True, 0-based, inclusive."""
    edges = np.diff(np.concatenate([[0], masked.astype(int), [0]]))
    return list(zip(np.nonzero(edges == 1)[0], np.nonzero(edges == -1)[0] - 1))


def write_series(path, inst):
    data = inst.get_data()
    with open(path, "w", encoding="utf-8") as f:
        f.write("\t".join(["time"] + inst.ch_names) + "\n")
        for t in range(data.shape[1]):
            f.write("\t".join([repr(float(inst.times[t]))] + [repr(float(v)) for v in data[:, t]]) + "\n")


def main(argv):
    if len(argv) != 4:
        sys.exit(f"usage: {argv[0]} RAW.snirf SHORT.snirf OUTDIR")
    raw_path, short_path, out = argv[1], argv[2], argv[3]
    import mne
    import mne_nirs
    from mne.preprocessing.nirs import optical_density, source_detector_distances
    from mne.preprocessing.nirs import temporal_derivative_distribution_repair
    from mne_nirs.signal_enhancement import short_channel_regression
    from mne_nirs.signal_enhancement._short_channel_correction import _find_nearest_short

    os.makedirs(out, exist_ok=True)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*2D location information.*")
        raw = mne.io.read_raw_snirf(raw_path, preload=True, verbose="error")
        short = mne.io.read_raw_snirf(short_path, preload=True, verbose="error")

    od = optical_density(raw, verbose="error")
    write_series(os.path.join(out, "raw.od.tsv"), od)
    write_series(os.path.join(out, "raw.tddr.tsv"), temporal_derivative_distribution_repair(od, verbose="error"))

    data = od.get_data().T
    channel_of = [name.split(" ")[0] for name in od.ch_names]
    with open(os.path.join(out, "raw.motion.tsv"), "w", encoding="utf-8") as f:
        f.write("stdev_thresh\tamp_thresh\tchannel\tfirst\tlast\n")
        for std_thresh, amp_thresh in MOTION_SETTINGS:
            t_inc_ch = homer3_motion_by_channel(data, od.info["sfreq"], channel_of, T_MOTION, T_MASK,
                                                std_thresh, amp_thresh)
            for channel in dict.fromkeys(channel_of):  # first-appearance order
                column = channel_of.index(channel)  # every column of a channel has the same mask
                for first, last in runs(~t_inc_ch[:, column]):
                    f.write(f"{std_thresh!r}\t{amp_thresh!r}\t{channel}\t{first}\t{last}\n")

    short_od = optical_density(short, verbose="error")
    write_series(os.path.join(out, "short.od.tsv"), short_od)
    write_series(os.path.join(out, "short.scr.tsv"), short_channel_regression(short_od, max_dist=SHORT_MAX_DIST_M))
    distances = source_detector_distances(short_od.info)
    picks = mne.pick_types(short_od.info, fnirs="fnirs_od")
    shorts = picks[distances[picks] < SHORT_MAX_DIST_M]
    with open(os.path.join(out, "short.pairs.tsv"), "w", encoding="utf-8") as f:
        f.write("long\tshort\tlong_distance_m\tshort_distance_m\n")
        for pick in picks[distances[picks] > SHORT_MAX_DIST_M]:
            nearest = _find_nearest_short(short_od, pick, shorts)
            f.write(f"{short_od.ch_names[pick]}\t{short_od.ch_names[nearest]}\t"
                    f"{float(distances[pick])!r}\t{float(distances[nearest])!r}\n")
    print(f"mne-nirs-reference: MNE {mne.__version__}, MNE-NIRS {mne_nirs.__version__} -> {out}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv)
