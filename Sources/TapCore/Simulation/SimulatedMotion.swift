/// How often and how badly the simulated head moves: spikes (the optode lifts and returns) and
/// baseline shifts (it settles somewhere else), as changes of optical density — a coupling change
/// dims or brightens the light at the optode, whatever the tissue does.
///
/// Structure after the NIRS Brain AnalyzIR toolbox's `+nirs/+testing/simMotionArtifact.m` (Poisson-
/// like spikes and shifts at given rates per minute, spikes 0.1–10 s wide, one event reaching all
/// channels with ±25 % jitter between them) [paper: code]. Its default sizes — |25·N(0,1)| signal
/// SDs — are far larger than a real head's (25 SDs of a 1 µM background is 25 µM).
///
/// What a real head did: `scripts/real-noise.py` on `neuro_run01.snirf`, with Homer3's
/// `hmrR_MotionArtifact` rule (a 0.5 s change > 10 robust SDs and > 0.03 OD; marks within 1 s
/// merged; a shift when the level 2–4 s after differs from before by more than half the largest
/// excursion), found over its 6.6 minutes — most of it in the first 2.5 — 1.2 spikes and 1.8 shifts
/// a minute on good channels; spike peaks 0.13 / 0.22 / 0.30 OD and shifts 0.047 / 0.058 / 0.16 OD
/// (quartiles); events 1.0 / 1.7 / 3.5 s long; 30 % of the events reaching most channels, the rest
/// one; the second wavelength's OD 0.22 / 0.72 / 0.99 × the first's; OD up (light down) in 57 %
/// [computed]. Those are what the rule *detects*: small and slow events pass unseen. The `measured`
/// preset is therefore calibrated by running the same script on simulated recordings until it
/// detects what it detected on the real one (docs/simulator.md, "Motion"): 2 spikes a minute
/// (median peak 0.18 OD, ln-SD 0.62) and 4 shifts a minute (median step 0.04 OD, ln-SD 0.7) give
/// detected 1.2–1.3 spikes and 1.4–1.6 shifts a minute, spike peaks ≈ 0.13 / 0.20 / 0.28 OD and
/// shifts ≈ 0.05 / 0.07 / 0.13 OD [computed]. Durations, reach, wavelength ratio (U(0.4, 1)) and
/// sign as measured. Shapes [choice]: a spike is peak · sin²(π·t/w); a shift steps to its new
/// level in 0.3 s, overshooting on the way by U(0, 1) × the step (a sin² bump over w) — without the
/// overshoot the rule would miss most real-sized shifts, and the real ones do overshoot.
///
/// This head moved a lot; scale the rates down for a calmer subject.
public struct SimulatedMotion: Equatable, Sendable {
    public var spikesPerMinute: Double
    public var shiftsPerMinute: Double
    /// Median |OD| at a spike's peak at the first wavelength, and the SD of its natural log.
    public var spikeMedianOpticalDensity: Double
    public var spikeLogSD: Double
    /// Median |OD| of a baseline shift at the first wavelength, and the SD of its natural log.
    public var shiftMedianOpticalDensity: Double
    public var shiftLogSD: Double
    /// Median spike width and the SD of its natural log; clamped to 0.1–10 s.
    public var durationMedianSeconds: Double
    public var durationLogSD: Double
    /// How long a baseline shift takes to reach its new level.
    public var shiftTransitionSeconds: Double
    /// Fraction of events that reach every channel (each × U(0.75, 1.25)); the others reach one.
    public var wholeHeadFraction: Double
    /// Probability that an event raises OD (dims the light).
    public var raisesOpticalDensityProbability: Double

    public init(spikesPerMinute: Double, shiftsPerMinute: Double, spikeMedianOpticalDensity: Double = 0.18,
                spikeLogSD: Double = 0.62, shiftMedianOpticalDensity: Double = 0.04, shiftLogSD: Double = 0.7,
                durationMedianSeconds: Double = 1.7, durationLogSD: Double = 0.93, shiftTransitionSeconds: Double = 0.3,
                wholeHeadFraction: Double = 0.3, raisesOpticalDensityProbability: Double = 0.57) {
        self.spikesPerMinute = spikesPerMinute
        self.shiftsPerMinute = shiftsPerMinute
        self.spikeMedianOpticalDensity = spikeMedianOpticalDensity
        self.spikeLogSD = spikeLogSD
        self.shiftMedianOpticalDensity = shiftMedianOpticalDensity
        self.shiftLogSD = shiftLogSD
        self.durationMedianSeconds = durationMedianSeconds
        self.durationLogSD = durationLogSD
        self.shiftTransitionSeconds = shiftTransitionSeconds
        self.wholeHeadFraction = wholeHeadFraction
        self.raisesOpticalDensityProbability = raisesOpticalDensityProbability
    }

    /// No motion (the default).
    public static let none = SimulatedMotion(spikesPerMinute: 0, shiftsPerMinute: 0)
    /// Calibrated so that the script detects on it what it detected on `neuro_run01.snirf` (above) [computed].
    public static let measured = SimulatedMotion(spikesPerMinute: 2, shiftsPerMinute: 4)

    /// The second wavelength's OD per the first's, drawn uniformly from this range [computed, above].
    static let secondWavelengthRatio = 0.4...1.0
    /// Jitter of a whole-head event between channels (the toolbox's ±25 %) [paper: code].
    static let wholeHeadJitter = 0.75...1.25
    static let durationRange = 0.1...10.0
    /// A shift's transient bump, as a fraction of its step, drawn uniformly [choice: real shifts
    /// overshoot on their way — `real-noise.py` found their largest excursion above the step — and
    /// below 1 the event still reads as a shift by the script's rule].
    static let shiftOvershoot = 0.0...1.0

    public var isNone: Bool { spikesPerMinute == 0 && shiftsPerMinute == 0 }

    var problem: String? {
        for (value, name) in [(spikesPerMinute, "spikes per minute"), (shiftsPerMinute, "shifts per minute")]
        where !value.isFinite || value < 0 || value > 60 {
            return "motion \(name) must be in 0…60, got \(value)"
        }
        for (value, name) in [(spikeMedianOpticalDensity, "spike size"), (shiftMedianOpticalDensity, "shift size"),
                              (durationMedianSeconds, "duration"), (spikeLogSD, "spike spread"),
                              (shiftTransitionSeconds, "shift transition"),
                              (shiftLogSD, "shift spread"), (durationLogSD, "duration spread")]
        where !value.isFinite || value < 0 {
            return "motion \(name) must be ≥ 0, got \(value)"
        }
        for (value, name) in [(wholeHeadFraction, "whole-head fraction"),
                              (raisesOpticalDensityProbability, "OD-up probability")]
        where !value.isFinite || !(0...1).contains(value) {
            return "motion \(name) must be in 0…1, got \(value)"
        }
        return nil
    }
}
