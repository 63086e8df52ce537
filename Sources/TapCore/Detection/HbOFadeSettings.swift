/// HbO fade and no-activation parameters (the protocol's `detectors.hbo`).
public struct HbOFadeSettings: Equatable, Sendable, Codable {
    public enum Method: String, Equatable, Sendable, Codable, CaseIterable {
        /// Baseline: the smoothed signal falls from its block peak by `peakDropFraction` (hysteresis).
        case threshold
        /// The smoothed signal against the block's expected response (SPM HRF ⊛ block, through the
        /// same band-pass) scaled by the reference amplitude, below a fraction for `holdSeconds`.
        case modelRatio
        /// The same ratio to the expected response, judged by a one-sided CUSUM (Page 1954) on the
        /// ratio deficit x = 1 − z̄/(a·m̄) − `fadeFraction`/2, integrated over time: sensitive to a
        /// sustained fade, forgiving of a short dip.
        case modelCusum
        /// Default: a change detector. The residual from the expected response, r̄ = z̄ − a·m̄ (mean
        /// over `dropSmoothingSeconds`), now against `dropLagSeconds` ago: a fade is a drop of at
        /// least `dropFraction` × a·m̄ (and `dropMinimumMicromolar`, and `dropNoiseMultiple` × its RMS
        /// in the session's rests) held `dropHoldSeconds`. The level before the drop is kept; the flag
        /// clears when r̄ is back within `clearFraction` × a·m̄ of it for `clearHoldSeconds`. Slow noise, most of the noise in fNIRS, moves little
        /// in a few seconds; a fade moves a lot (docs/fade-detection.md).
        case modelDrop

        /// The name in tables and flag details (`model_ratio`).
        public var label: String {
            switch self {
            case .threshold: return "threshold"
            case .modelRatio: return "model_ratio"
            case .modelCusum: return "model_cusum"
            case .modelDrop: return "model_drop"
            }
        }
    }

    /// What the detectors look at.
    public enum Signal: String, Equatable, Sendable, Codable, CaseIterable {
        /// Filtered, baseline-corrected HbO as given.
        case hbo
        /// Correlation-based signal improvement (Cui, Bray & Reiss 2010, NeuroImage 49:3039):
        /// (HbO − α·HbR) / 2 with α = SD(HbO) / SD(HbR) from the session before the block (`CbsiWeight`;
        /// so far in the block when the session has too little). Systemic waves move HbO
        /// and HbR together, the task moves them apart, so this cancels most Mayer waves. Needs HbR:
        /// without it the detector falls back to `hbo`.
        case cbsi
    }

    public var method: Method = .modelDrop
    public var signal: Signal = .cbsi
    /// Fade is judged from this many seconds into the block (the response has risen).
    public var riseSeconds = 12.0
    /// The smoothed signal is the mean over the last this-many seconds.
    public var smoothingSeconds = 2.0
    /// Condition held this long before a flag goes up, and (clearing) before it comes down.
    public var holdSeconds = 3.0
    public var clearHoldSeconds = 2.0

    // modelRatio
    /// Smoothed signal below (1 − this) × the expected response is faded...
    public var fadeFraction = 0.30
    /// ...and it clears above (1 − this) × the expected response.
    public var clearFraction = 0.15
    /// The amplitude is the least-squares fit of the expected response over [start, end] s: the
    /// early rise (the SPM response is ≈ 90 % of its plateau at 8 s), before the fades the detector
    /// looks for can pull it down.
    public var amplitudeStartSeconds = 2.0
    public var amplitudeEndSeconds = 8.0
    /// Weight of the block's own fitted amplitude against a carried reference (`referenceAmplitude`
    /// of `HbOFadeDetector`, from earlier blocks of the same kind): a = (w·own + n·carried) / (w + n)
    /// with n the blocks the carried value averages (1 if unknown). 0 = the carried value alone.
    public var ownAmplitudeWeight = 1.0

    // modelCusum
    /// Raise when the time-integrated excess deficit (ratio·s) exceeds this; clear on the mirror sum.
    public var cusumThreshold = 1.5

    // modelDrop
    /// The drop is judged between now and this many seconds ago: longer than a fade takes to
    /// develop (≈ 3 s), short enough that slow noise moves little (sweeps: 4 s).
    public var dropLagSeconds = 4.0
    /// The residual is averaged over this window, now and `dropLagSeconds` ago.
    public var dropSmoothingSeconds = 1.5
    /// A drop of at least this fraction of the expected response a·m̄...
    public var dropFraction = 0.20
    /// ...and at least this many µM (the simulator's lag-4 s residual noise is ≈ 0.03 µM SD)...
    public var dropMinimumMicromolar = 0.10
    /// ...held this long raises the flag.
    public var dropHoldSeconds = 1.5
    /// The µM floor rises to this many times the RMS of the same statistic in the session's rests
    /// (`RestNoise`, from 12 s into each rest): a noisier recording needs a bigger fall. 0: the fixed
    /// floor only. At 2 the simulator's evaluation is unchanged (its rest RMS ≈ 0.046 µM), while on
    /// `neuro_run01` (rest RMS ≈ 0.8 µM) the floor becomes ≈ 1.6 µM (docs/fade-detection.md §2).
    public var dropNoiseMultiple = 3.0

    // threshold
    /// Smoothed signal below (1 − this) × its block peak is faded; clears above (1 − this / 2) × peak.
    public var peakDropFraction = 0.35

    // no activation
    /// Judged once, this many seconds into the block...
    public var noActivationSeconds = 15.0
    /// ...as a fitted amplitude (µM) below this.
    public var activationMicromolar = 0.10
    /// ...judged only when the session's noise lets a rise of that size be seen: the `model_drop`
    /// floor (max(0.10 µM, `drop_noise_multiple` × the rests' noise)) at most this (µM). On a real
    /// head the floor is ≈ 2 µM and a missing rise cannot be told from noise (docs/fade-detection.md).
    public var noActivationMaximumFloorMicromolar = 0.3

    // low activation (fast against slow blocks, `LowActivationMonitor`)
    /// A fast block is compared with the slow ones from this many seconds in...
    public var lowActivationFromSeconds = 15.0
    /// ...on the mean from this many seconds in (the response's rise left out) to now.
    public var lowActivationWindowStartSeconds = 5.0
    /// ...and raised when the fast block is below the slow ones beyond their spread and by at least
    /// this many noise floors (the `model_drop` floor)...
    public var lowActivationFloorMultiple = 2.0
    /// ...at this many 1 s bins in a row.
    public var lowActivationHoldBins = 2
    /// A fade must also be at least this far (µM) below the reference: on a small response a
    /// fraction of it is within the noise.
    public var minimumDeficitMicromolar = 0.12
    /// Fade is judged only on a response of at least this amplitude (µM).
    public var minimumAmplitudeMicromolar = 0.15

    /// A tapping block is judged only after at least this much rest (s) since the previous tapping
    /// block ended: its baseline, the 5 s before its onset, must not hold the previous response's
    /// return (an SPM block response is back within ≈ 10 % of its plateau about 10 s after the
    /// block [choice]). Shorter rests: the block's figures are kept, no HbO flag is raised.
    public var minimumRestSeconds = 10.0

    /// Also judge every channel (flags name the channel), not only the motor average.
    public var perChannel = true
    /// Also raise `no_activation_hbo` per channel (off: channels far from C3 barely respond).
    public var perChannelNoActivation = false

    /// The detectors' own smoothing of the HbO signal (`DetectionSignal`: a causal 2nd-order
    /// Butterworth low-pass, which takes the heartbeat off without delaying a block's response
    /// by more than ≈ 1 s); the expected response is smoothed alike. The signal itself has no
    /// filter (`HbOSignal`, docs/optics.md).
    public var filterLowPassHz = BandPass.defaultLowPassHz

    public init() {}

    public var problem: String? {
        func positive(_ v: Double, _ name: String) -> String? {
            v.isFinite && v > 0 ? nil : "detectors.hbo.\(name) must be positive, got \(v)"
        }
        let required: [(Double, String)] = [
            (riseSeconds, "rise_seconds"), (smoothingSeconds, "smoothing_seconds"), (holdSeconds, "hold_seconds"),
            (clearHoldSeconds, "clear_hold_seconds"), (noActivationSeconds, "no_activation_seconds"),
            (activationMicromolar, "activation_micromolar"),
            (noActivationMaximumFloorMicromolar, "no_activation_maximum_floor_micromolar"),
            (lowActivationFromSeconds, "low_activation_from_seconds"), (minimumRestSeconds, "minimum_rest_seconds"), (minimumAmplitudeMicromolar, "minimum_amplitude_micromolar"),
            (filterLowPassHz, "filter_low_pass_hz"), (cusumThreshold, "cusum_threshold"),
        ]
        for (value, name) in required { if let p = positive(value, name) { return p } }
        let drop: [(Double, String)] = [(dropLagSeconds, "drop_lag_seconds"), (dropSmoothingSeconds, "drop_smoothing_seconds"),
                                        (dropHoldSeconds, "drop_hold_seconds"), (dropMinimumMicromolar, "drop_minimum_micromolar")]
        for (value, name) in drop { if let p = positive(value, name) { return p } }
        if !(fadeFraction > 0 && fadeFraction < 1) { return "detectors.hbo.fade_fraction must be in (0, 1)" }
        if !(clearFraction >= 0 && clearFraction < fadeFraction) {
            return "detectors.hbo.clear_fraction must be in [0, fade_fraction)"
        }
        if !(dropFraction > 0 && dropFraction < 1) { return "detectors.hbo.drop_fraction must be in (0, 1)" }
        if !(dropNoiseMultiple.isFinite && dropNoiseMultiple >= 0) { return "detectors.hbo.drop_noise_multiple must be ≥ 0" }
        if !(peakDropFraction > 0 && peakDropFraction < 1) { return "detectors.hbo.peak_drop_fraction must be in (0, 1)" }
        if !(amplitudeStartSeconds >= 0 && amplitudeEndSeconds > amplitudeStartSeconds) {
            return "detectors.hbo.amplitude_end_seconds must be after amplitude_start_seconds (≥ 0)"
        }
        if !(ownAmplitudeWeight.isFinite && ownAmplitudeWeight >= 0) { return "detectors.hbo.own_amplitude_weight must be ≥ 0" }
        if !(lowActivationWindowStartSeconds >= 0 && lowActivationWindowStartSeconds < lowActivationFromSeconds) {
            return "detectors.hbo.low_activation_window_start_seconds must be in [0, low_activation_from_seconds)"
        }
        if !(lowActivationFloorMultiple.isFinite && lowActivationFloorMultiple >= 0) {
            return "detectors.hbo.low_activation_floor_multiple must be ≥ 0"
        }
        if lowActivationHoldBins < 1 { return "detectors.hbo.low_activation_hold_bins must be at least 1" }
        return nil
    }
}
