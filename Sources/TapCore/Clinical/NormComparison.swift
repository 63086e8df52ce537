import Foundation

/// A measure of this session set against the norm that fits the subject: z, percentile, and
/// whether it lies beyond the stated range.
///
/// z = (value − mean) / SD. The percentile assumes the healthy values are normally distributed,
/// Φ(z), flipped for a measure where higher is worse (a decline). **Beyond the range** means
/// outside the central 90 % of healthy people on the side that is worse: below the 5th percentile
/// for speed, above the 95th for a decline [choice: a common clinical cut-off, stated wherever a
/// flag is shown]. It is a statement about a number, not a diagnosis.
public struct NormComparison: Equatable, Sendable, Codable {
    public var measure: NormMeasure
    public var label: String
    public var hand: TappingHand?
    public var value: Double
    public var norm: NormEntry
    public var z: Double
    /// Share of healthy people with a worse value, 0–100 (50 = typical; 3 = only 3 % did worse).
    public var percentile: Double
    public var beyondRange: Bool

    /// The worse-side cut-off, in z: 1.645 (5th / 95th percentile).
    public static let zLimit = 1.645

    public init(measure: NormMeasure, label: String, hand: TappingHand?, value: Double, norm: NormEntry) {
        self.measure = measure
        self.label = label
        self.hand = hand
        self.value = value
        self.norm = norm
        z = norm.sd > 0 ? (value - norm.mean) / norm.sd : 0
        let better = measure.higherIsBetter ? z : -z
        percentile = 100 * 0.5 * erfc(-better / 2.0.squareRoot())
        beyondRange = better < -Self.zLimit
    }

    /// `right hand trial FTT score 41.0 taps: z −2.1 (2nd percentile) against 54.0 ± 6.0 (18–30, male,
    /// dominant hand; n = 40; Ruff & Parker 1993 [paper]; apparatus …) — beyond the healthy range`.
    public var text: String {
        let scale = measure == .decline ? 100.0 : 1.0
        let digits = measure == .rateHz ? 2 : (measure == .decline ? 0 : 1)
        func show(_ v: Double) -> String { FixedDecimal.format(seconds: v * scale, digits: digits) }
        let unit = measure.unitText
        let who = (hand.map { $0.rawValue + " hand " } ?? "") + label + " " + measure.displayName
        return who + " " + show(value) + " " + unit + ": z " + Self.signed(z) + " (" + Self.ordinal(percentile)
            + " percentile) against " + show(norm.mean) + " ± " + show(norm.sd) + " " + unit + " (" + norm.groupText
            + "; n = \(norm.n); " + norm.source + " [" + norm.evidence + "]; " + norm.apparatus + ")"
            + (beyondRange ? " — beyond the healthy range" : " — within the healthy range")
    }

    static func signed(_ z: Double) -> String {
        (z < 0 ? "−" : "+") + FixedDecimal.format(seconds: abs(z), digits: 1)
    }

    /// `2nd`, `50th`, `<1st`, `>99th`.
    static func ordinal(_ p: Double) -> String {
        if p < 1 { return "<1st" }
        if p > 99 { return ">99th" }
        let n = Int(p.rounded())
        let suffix = (n % 100 >= 11 && n % 100 <= 13) ? "th" : ["th", "st", "nd", "rd", "th", "th", "th", "th", "th", "th"][n % 10]
        return "\(n)\(suffix)"
    }

    /// Every measure of `hands` that a norm in `table` fits.
    public static func all(hands: [HandResult], blocks: [Block], participant: Participant?, table: NormTable) -> [NormComparison] {
        var result: [NormComparison] = []
        for hand in hands {
            for label in hand.blocks {
                let pace = label.blockNumbers.first.flatMap { $0 - 1 < blocks.count ? blocks[$0 - 1].pace : nil }
                let values: [(NormMeasure, Double?)] = [(.taps, label.meanTaps), (.rateHz, label.meanRateHz), (.decline, label.meanDecline)]
                for (measure, value) in values {
                    guard let value, let entry = table.entry(measure: measure, label: label.label, pace: pace, hand: hand.hand,
                                                             participant: participant) else { continue }
                    result.append(NormComparison(measure: measure, label: label.label, hand: hand.hand, value: value, norm: entry))
                }
            }
            if let ftt = hand.ftt, let score = ftt.scoreTaps,
               let entry = table.entry(measure: .fttScore, label: "*", pace: .selfPaced, hand: hand.hand, participant: participant) {
                result.append(NormComparison(measure: .fttScore, label: "FTT", hand: hand.hand, value: score, norm: entry))
            }
        }
        return result
    }
}

extension NormMeasure {
    public var displayName: String {
        switch self {
        case .taps: return "taps per block"
        case .rateHz: return "rate"
        case .decline: return "decline"
        case .fttScore: return "score"
        }
    }
}
