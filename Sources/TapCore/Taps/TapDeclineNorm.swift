/// How much healthy people slow down over a maximal ("as fast as you can") tapping trial: the
/// range a fast block's decline is judged against.
///
/// Published figures [paper]: Heimhofer, Neumann, Odermatt, Bächinger & Wenderoth 2024, "Finger-
/// specific effects of age on tapping speed and motor fatigability", Front Hum Neurosci
/// 18:1427336, doi:10.3389/fnhum.2024.1427336 — smartphone tapping at maximal speed, general
/// population: relative decrease of tapping speed over the trial 17.0 ± 6.9 % at 18–30 years
/// (n = 194) and 16.5 ± 7.5 % at 50–70 years (n = 176), no significant age difference. We read
/// the abstract only: the trial length and the exact decrease formula were not readable, so
/// tapnirs takes the figure as the decline of the rate from the start to the end of the block,
/// spread linearly over it (docs/fade-detection.md) [choice]. The apparatus was a phone screen,
/// not a key: the norm is indicative, and a clinic can measure its own (issue 16's local norms).
public struct TapDeclineNorm: Equatable, Sendable, Codable {
    /// Mean and SD of the decline over a whole trial, as fractions (0.170 = 17.0 %).
    public var meanFraction: Double
    public var sdFraction: Double
    /// The age band the figures come from (`18–30`), for display.
    public var ageBand: String
    /// People the figures come from.
    public var subjects: Int
    /// Where the figures come from.
    public var source: String
    /// True when the subject's age was not known and this band was taken by default.
    public var ageAssumed: Bool

    public init(meanFraction: Double, sdFraction: Double, ageBand: String, subjects: Int, source: String,
                ageAssumed: Bool = false) {
        self.meanFraction = meanFraction
        self.sdFraction = sdFraction
        self.ageBand = ageBand
        self.subjects = subjects
        self.source = source
        self.ageAssumed = ageAssumed
    }

    static let heimhofer2024 = "Heimhofer et al. 2024, Front Hum Neurosci 18:1427336"

    /// 18–30 years: 17.0 ± 6.9 % (n = 194) [paper].
    public static let young = TapDeclineNorm(meanFraction: 0.170, sdFraction: 0.069, ageBand: "18–30", subjects: 194,
                                             source: heimhofer2024)
    /// 50–70 years: 16.5 ± 7.5 % (n = 176) [paper].
    public static let older = TapDeclineNorm(meanFraction: 0.165, sdFraction: 0.075, ageBand: "50–70", subjects: 176,
                                             source: heimhofer2024)

    /// The band for `ageYears`: the nearer of the two (under 40 the young band, from 40 the older one;
    /// the paper found no age difference between them; outside 18–70 the nearest band).
    /// Without an age, the young band, marked `ageAssumed` so every reading says so.
    public static func forAge(_ ageYears: Int?) -> TapDeclineNorm {
        guard let age = ageYears else {
            var norm = young
            norm.ageAssumed = true
            return norm
        }
        return age >= 40 ? older : young
    }

    /// `healthy −17 ± 7 %` style text of this norm scaled by `fraction` of a trial.
    public func rangeText(scaledBy fraction: Double = 1) -> String {
        let mean = Int((meanFraction * fraction * 100).rounded()), sd = Int((sdFraction * fraction * 100).rounded())
        return "−\(mean) ± \(sd) %"
    }
}
