/// Every detector parameter, with its default: the protocol file's `detectors:` section.
/// The defaults and why they are what they are: docs/fade-detection.md.
public struct DetectorSettings: Equatable, Sendable, Codable {
    public var tap = TapFadeSettings()
    public var hbo = HbOFadeSettings()

    public init() {}

    public init(tap: TapFadeSettings, hbo: HbOFadeSettings) {
        self.tap = tap
        self.hbo = hbo
    }

    /// Why these settings cannot be used, or nil when they can (for `tapnirs check`).
    public var problem: String? { tap.problem ?? hbo.problem }
}

/// Tap-rate fade and behind-the-beat parameters.
public struct TapFadeSettings: Equatable, Sendable, Codable {
    public enum Method: String, Equatable, Sendable, Codable, CaseIterable {
        /// The default for self-paced blocks: the decline so far beyond the healthy range
        /// (`TapDeclineReading`'s z above `declineZ` for `declineHoldSeconds`). Paced blocks are
        /// judged against the pace instead, with `cusum`: healthy fatigue is not an excuse for
        /// falling off a metronome.
        case healthyRange
        /// Baseline: windowed rate below (1 − `fadeFraction`) × reference for `holdSeconds`.
        case threshold
        /// One-sided CUSUM on x = ln(ITI / ITI_ref) (Page 1954): the former default, still the
        /// rule of paced blocks.
        case cusum

        /// As written in protocols and docs (`healthy_range`).
        public var label: String {
            switch self {
            case .healthyRange: return "healthy_range"
            case .threshold: return "threshold"
            case .cusum: return "cusum"
            }
        }
    }

    public var method: Method = .healthyRange
    /// Taps in the first seconds of a block are a start-up, not a reference (SCIENCE.md §5: 2 s).
    public var settleSeconds = 2.0
    /// The reference ITI is the median ITI over [settle, settle + this] (2–6 s, SCIENCE.md §5).
    public var referenceSeconds = 4.0
    /// Fewest intervals the reference needs; the window stretches until it has them.
    public var minimumReferenceIntervals = 5

    // threshold
    /// Rate below (1 − this) × reference counts as faded.
    public var fadeFraction = 0.25
    /// ...for this long before the flag goes up.
    public var holdSeconds = 1.5
    /// The flag clears when the rate is back above (1 − this) × reference...
    public var recoveryFraction = 0.10
    /// ...for this long.
    public var clearHoldSeconds = 1.0
    /// Intervals in the windowed rate (median, with the open interval as `LiveTapRate`).
    public var rateWindowIntervals = 5

    // cusum
    /// Reference value k of S ← max(0, S + x − k) (SCIENCE.md §5: 0.20 ≈ an 18 % slower rate).
    public var cusumK = 0.20
    /// Decision threshold h (SCIENCE.md §5: 1.0)...
    public var cusumH = 1.0
    /// ...raised to this many robust SDs of the reference window's log intervals for an irregular
    /// tapper: h = max(cusumH, this × 1.4826 × MAD(ln ITI)). 0 turns it off.
    public var cusumHPerSd = 15.0
    /// |x| is clipped here: one hesitation or double tap moves the sum by at most this (0.5 ≈ a 65 % longer interval).
    public var logIntervalClip = 0.5
    /// x is the median of the last this-many log intervals (1 = each interval as it comes; 3 lets
    /// one hesitation pass without moving the sum).
    public var cusumMedianIntervals = 1

    // healthy range (self-paced blocks)
    /// The current window: intervals ending in the last this-many seconds...
    public var declineWindowSeconds = 3.0
    /// ...and at least this many (the window reaches back for them)...
    public var declineWindowIntervals = 12
    /// ...times (s / this)² for a tapper whose log ITIs spread more than this in the start window
    /// (robust SD; a regular tapper's ITI CV is 6–10 %)...
    public var declineRegularSpread = 0.10
    /// ...up to this many.
    public var declineWindowMaxIntervals = 40
    /// A decline beyond the healthy range: z above this (tuned on the evaluation's tuning seeds:
    /// healthy sessions flagged ≤ 5 %, 45 % declines found ≥ 90 %; docs/fade-detection.md)...
    public var declineZ = 2.9
    /// ...at every tap for this long before the flag goes up.
    public var declineHoldSeconds = 0.5
    /// The flag clears when z is back below this for `clearHoldSeconds`.
    public var declineClearZ = 1.9
    /// τ: how much a healthy tapper's rate wanders by itself within a block, as a fraction; part of
    /// z's spread [choice, docs/fade-detection.md].
    public var rateFluctuationFraction = 0.025

    // stopping
    /// No tap for max(this, `stopIntervals` × reference ITI) is a stop: flagged at once.
    public var stopSeconds = 1.5
    public var stopIntervals = 3.0

    // behind the beat (paced blocks)
    /// A beat is hit by a tap within ± min(this × period, `beatToleranceMaxSeconds`).
    public var beatToleranceFraction = 0.35
    public var beatToleranceMaxSeconds = 0.35
    /// This many missed beats in a row raise `behind_beat`...
    public var missedBeatsToRaise = 3
    /// ...and this many hit beats in a row clear it.
    public var hitBeatsToClear = 2

    public init() {}

    public var problem: String? {
        func positive(_ v: Double, _ name: String) -> String? {
            v.isFinite && v > 0 ? nil : "detectors.tap.\(name) must be positive, got \(v)"
        }
        if let p = positive(referenceSeconds, "reference_seconds") ?? positive(holdSeconds, "hold_seconds")
            ?? positive(clearHoldSeconds, "clear_hold_seconds") ?? positive(cusumH, "cusum_h")
            ?? positive(logIntervalClip, "log_interval_clip") ?? positive(stopSeconds, "stop_seconds")
            ?? positive(stopIntervals, "stop_intervals") ?? positive(beatToleranceFraction, "beat_tolerance_fraction")
            ?? positive(beatToleranceMaxSeconds, "beat_tolerance_max_seconds") { return p }
        if !settleSeconds.isFinite || settleSeconds < 0 { return "detectors.tap.settle_seconds must be ≥ 0" }
        if !(fadeFraction > 0 && fadeFraction < 1) { return "detectors.tap.fade_fraction must be in (0, 1)" }
        if !(recoveryFraction >= 0 && recoveryFraction < fadeFraction) {
            return "detectors.tap.recovery_fraction must be in [0, fade_fraction)"
        }
        if !cusumK.isFinite || cusumK < 0 { return "detectors.tap.cusum_k must be ≥ 0" }
        if minimumReferenceIntervals < 2 { return "detectors.tap.minimum_reference_intervals must be ≥ 2" }
        if cusumMedianIntervals < 1 || cusumMedianIntervals > 9 { return "detectors.tap.cusum_median_intervals must be in 1…9" }
        if rateWindowIntervals < 1 { return "detectors.tap.rate_window_intervals must be ≥ 1" }
        if let p = positive(declineWindowSeconds, "decline_window_seconds") ?? positive(declineZ, "decline_z")
            ?? positive(declineHoldSeconds, "decline_hold_seconds") { return p }
        if declineWindowIntervals < 3 { return "detectors.tap.decline_window_intervals must be ≥ 3" }
        if let p = positive(declineRegularSpread, "decline_regular_spread") { return p }
        if !(declineClearZ.isFinite && declineClearZ < declineZ) { return "detectors.tap.decline_clear_z must be < decline_z" }
        if !rateFluctuationFraction.isFinite || rateFluctuationFraction < 0 {
            return "detectors.tap.rate_fluctuation_fraction must be ≥ 0"
        }
        if missedBeatsToRaise < 1 || hitBeatsToClear < 1 { return "detectors.tap beat counts must be ≥ 1" }
        if beatToleranceFraction >= 0.5 { return "detectors.tap.beat_tolerance_fraction must be < 0.5" }
        return nil
    }
}
