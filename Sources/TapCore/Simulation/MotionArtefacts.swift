/// How often and how badly the simulated head moves: spikes (the optode lifts and returns) and
/// baseline shifts (it settles somewhere else), as changes of optical density — a coupling change
/// dims or brightens the light at the optode, whatever the tissue does.
///
/// Structure after the NIRS Brain AnalyzIR toolbox's `+nirs/+testing/simMotionArtifact.m` (Poisson-
/// like spikes and shifts at given rates per minute, spikes 0.1–10 s wide, one event reaching all
/// channels with ±25 % jitter between them) [paper: code]. Sizes and rates are what
/// `scripts/real-noise.py` measured on `neuro_run01.snirf` with Homer3's `hmrR_MotionArtifact` rule
/// (a 0.5 s change > 10 robust SDs and > 0.03 OD; events merged within 1 s; a shift when the level
/// 2–4 s after differs from before by more than half the largest excursion) over its 6.6 minutes,
/// most of them in its first 2.5 minutes [computed]:
/// 1.2 spikes and 1.8 shifts a minute on good channels; spike peaks 0.13 / 0.22 / 0.30 OD and shifts
/// 0.047 / 0.058 / 0.16 OD (quartiles); events 1.0 / 1.7 / 3.5 s long; 30 % of the events reach most
/// channels, the rest one; the second wavelength's OD 0.22 / 0.72 / 0.99 × the first's; OD up (light
/// down) in 57 %. (The toolbox's defaults — 2 spikes and 0.5 shifts a minute of |25·N(0,1)| signal
/// SDs — are far larger: 25 SDs of a 1 µM background is 25 µM.) The sizes are drawn lognormal
/// through the quartiles, the second wavelength's ratio U(0.4, 1) [computed]. Shapes [choice]: a
/// spike is peak · sin²(π·t/w); a shift ramps as (1 − cos(π·t/w))/2 to its size over w and stays.
public struct MotionArtefacts: Equatable, Sendable {
    public var spikesPerMinute: Double
    public var shiftsPerMinute: Double
    /// Median |OD| at a spike's peak at the first wavelength, and the SD of its natural log.
    public var spikeMedianOpticalDensity: Double
    public var spikeLogSD: Double
    /// Median |OD| of a baseline shift at the first wavelength, and the SD of its natural log.
    public var shiftMedianOpticalDensity: Double
    public var shiftLogSD: Double
    /// Median duration (spike width, shift ramp) and the SD of its natural log; clamped to 0.1–10 s.
    public var durationMedianSeconds: Double
    public var durationLogSD: Double
    /// Fraction of events that reach every channel (each × U(0.75, 1.25)); the others reach one.
    public var wholeHeadFraction: Double
    /// Probability that an event raises OD (dims the light).
    public var raisesOpticalDensityProbability: Double

    public init(spikesPerMinute: Double, shiftsPerMinute: Double, spikeMedianOpticalDensity: Double = 0.22,
                spikeLogSD: Double = 0.62, shiftMedianOpticalDensity: Double = 0.058, shiftLogSD: Double = 0.89,
                durationMedianSeconds: Double = 1.7, durationLogSD: Double = 0.93, wholeHeadFraction: Double = 0.3,
                raisesOpticalDensityProbability: Double = 0.57) {
        self.spikesPerMinute = spikesPerMinute
        self.shiftsPerMinute = shiftsPerMinute
        self.spikeMedianOpticalDensity = spikeMedianOpticalDensity
        self.spikeLogSD = spikeLogSD
        self.shiftMedianOpticalDensity = shiftMedianOpticalDensity
        self.shiftLogSD = shiftLogSD
        self.durationMedianSeconds = durationMedianSeconds
        self.durationLogSD = durationLogSD
        self.wholeHeadFraction = wholeHeadFraction
        self.raisesOpticalDensityProbability = raisesOpticalDensityProbability
    }

    /// No motion (the default).
    public static let none = MotionArtefacts(spikesPerMinute: 0, shiftsPerMinute: 0)
    /// The rates and sizes measured on `neuro_run01.snirf` (above) [computed].
    public static let measured = MotionArtefacts(spikesPerMinute: 1.2, shiftsPerMinute: 1.8)

    /// The second wavelength's OD per the first's, drawn uniformly from this range [computed, above].
    static let secondWavelengthRatio = 0.4...1.0
    /// Jitter of a whole-head event between channels (the toolbox's ±25 %) [paper: code].
    static let wholeHeadJitter = 0.75...1.25
    static let durationRange = 0.1...10.0

    public var isNone: Bool { spikesPerMinute == 0 && shiftsPerMinute == 0 }

    var problem: String? {
        for (value, name) in [(spikesPerMinute, "spikes per minute"), (shiftsPerMinute, "shifts per minute")]
        where !value.isFinite || value < 0 || value > 60 {
            return "motion \(name) must be in 0…60, got \(value)"
        }
        for (value, name) in [(spikeMedianOpticalDensity, "spike size"), (shiftMedianOpticalDensity, "shift size"),
                              (durationMedianSeconds, "duration"), (spikeLogSD, "spike spread"),
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
