import Foundation

/// The published decline norm (Heimhofer et al. 2024) as a norm comparison with z **and
/// percentile** (issue 16, point 3), for each self-paced block the fade detector judged against it.
///
/// The norms table cannot compare a block's decline with the published rows as they stand (they are
/// whole-trial figures; `NormEntry.wholeTrial`): the detector scales them to the part of the block it
/// measures and records the reading in summary.json. This turns that reading into the report's
/// "Against healthy norms" line. It is shown only where the subject's **given** age lies in the
/// published band: the detector's default band (age not given) and its nearer band for 31–49 years
/// judge the block, but are not a fit to the table, so they are not presented as one.
public struct PublishedDeclineComparison: Equatable, Sendable {
    public var blockNumber: Int
    public var label: String
    public var hand: TappingHand?
    public var norm: TapDeclineNorm
    public var reading: TapDeclineReading
    /// Share of healthy people with a larger decline by that point of the block, 0–100, from the
    /// detector's z assuming a normal distribution: 100 · Φ(−z).
    public var percentile: Double
    public var beyondRange: Bool

    public init(blockNumber: Int, label: String, hand: TappingHand?, norm: TapDeclineNorm, reading: TapDeclineReading,
                beyondRange: Bool) {
        self.blockNumber = blockNumber
        self.label = label
        self.hand = hand
        self.norm = norm
        self.reading = reading
        percentile = 100 * 0.5 * erfc(reading.z / 2.0.squareRoot())
        self.beyondRange = beyondRange
    }

    /// `right hand fast (block 4) decline 38 %: z +3.0 (<1st percentile) against 13 ± 5 % by the
    /// block's end — beyond the healthy range`; a rate that rose reads `rate rose 2 %`, as the
    /// detector's reading does. The norm it is set against is `sourceText`, given once.
    public var text: String {
        let percent = { (v: Double) in Int((v * 100).rounded()) }
        let decline = percent(reading.declineFraction)
        return (hand.map { $0.rawValue + " hand " } ?? "") + "\(label) (block \(blockNumber)) "
            + (decline >= 0 ? "decline \(decline) %" : "rate rose \(-decline) %") + ": z " + NormComparison.signed(reading.z)
            + " (" + NormComparison.ordinal(percentile) + " percentile) against \(percent(reading.healthyMeanFraction)) ± "
            + "\(percent(reading.healthySdFraction)) % by the block's end"
            + (beyondRange ? " — beyond the healthy range" : " — within the healthy range")
    }

    /// `the healthy decline of a maximal trial, 50–70 years (n = 176; Heimhofer et al. 2024, …
    /// [paper (abstract)]; smartphone app), scaled to the part of each block measured`.
    public var sourceText: String {
        "the healthy decline of a maximal trial, \(norm.ageBand) years (n = \(norm.subjects); \(norm.source) [paper (abstract)]; "
            + "smartphone app, indicative for a keyboard), scaled to the part of each block measured"
    }
}

extension TapDeclineNorm {
    /// The ages of a published band (Heimhofer 2024: 18–30 and 50–70 years), nil for any other.
    public var publishedAgeYears: ClosedRange<Int>? {
        switch ageBand {
        case Self.young.ageBand: return 18...30
        case Self.older.ageBand: return 50...70
        default: return nil
        }
    }
}

extension ReportInput {
    /// Each self-paced block the detector judged against the published decline, where the subject's
    /// given age lies in that band; in block order.
    public var publishedDeclineComparisons: [PublishedDeclineComparison] {
        guard let age = participant?.ageYears else { return [] }
        return detections.sorted { $0.block < $1.block }.compactMap { detection in
            guard let tap = detection.tap, let norm = tap.norm, !norm.ageAssumed, let reading = tap.decline,
                  norm.publishedAgeYears?.contains(age) == true else { return nil }
            let index = detection.block - 1
            let hand = (index >= 0 && index < blocksRun.count ? blocksRun[index].hand : nil) ?? participant?.hand
            let beyond = tap.beyondHealthyRange ?? tap.declineZLimit.map { reading.z > $0 } ?? false
            return PublishedDeclineComparison(blockNumber: detection.block, label: detection.label, hand: hand, norm: norm,
                                              reading: reading, beyondRange: beyond)
        }
    }
}
