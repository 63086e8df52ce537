import XCTest
@testable import TapCore

/// Norm lookup, z and percentile; local norms from constructed controls; the reliable change index
/// on constructed sessions, each against figures worked out by hand.
final class NormsAndChangeTests: XCTestCase {
    func entry(_ measure: NormMeasure = .fttScore, hand: NormEntry.HandGroup = .dominant, sex: Sex? = .male, ages: (Int, Int)? = (16, 39),
               mean: Double = 54, sd: Double = 6) -> NormEntry {
        NormEntry(measure: measure, label: "*", pace: .selfPaced, hand: hand, sex: sex, ageMin: ages?.0, ageMax: ages?.1,
                  mean: mean, sd: sd, n: 40, apparatus: "test tapper", source: "constructed", evidence: "local")
    }

    func testTheMostSpecificFittingRowIsUsedAndNothingIsStretched() {
        let table = NormTable(name: "t", norms: [
            entry(hand: .any, sex: nil, ages: nil, mean: 50),
            entry(mean: 54),
            entry(sex: .female, mean: 48),
        ])
        let man = Participant(ageYears: 30, sex: .male, handedness: .right)
        XCTAssertEqual(table.entry(measure: .fttScore, label: "trial", pace: .selfPaced, hand: .right, participant: man)?.mean, 54)
        // The left hand of a right-hander is not the dominant hand: only the any-hand row fits.
        XCTAssertEqual(table.entry(measure: .fttScore, label: "trial", pace: .selfPaced, hand: .left, participant: man)?.mean, 50)
        // 45 years is outside 16–39; without an age no banded row fits.
        XCTAssertEqual(table.entry(measure: .fttScore, label: "trial", pace: .selfPaced, hand: .right,
                                   participant: Participant(ageYears: 45, sex: .male, handedness: .right))?.mean, 50)
        XCTAssertEqual(table.entry(measure: .fttScore, label: "trial", pace: .selfPaced, hand: .right,
                                   participant: Participant(sex: .male, handedness: .right))?.mean, 50)
        XCTAssertNil(NormTable(name: "t", norms: [entry()]).entry(measure: .fttScore, label: "trial", pace: .selfPaced, hand: .right,
                                                                  participant: Participant(ageYears: 45, sex: .male, handedness: .right)))
        // A paced block never meets a self-paced norm.
        XCTAssertNil(table.entry(measure: .fttScore, label: "trial", pace: .hz(1), hand: .right, participant: man))
    }

    func testZAndPercentileAndTheStatedRange() {
        let slow = NormComparison(measure: .fttScore, label: "FTT", hand: .right, value: 42, norm: entry())
        XCTAssertEqual(slow.z, -2, accuracy: 1e-12)
        XCTAssertEqual(slow.percentile, 2.275, accuracy: 0.001, "Φ(−2)")
        XCTAssertTrue(slow.beyondRange)
        XCTAssertTrue(slow.text.hasPrefix("right hand FTT score 42.0 taps: z −2.0 (2nd percentile) against 54.0 ± 6.0 taps (16–39, male, dominant hand; n = 40"), slow.text)
        XCTAssertTrue(slow.text.hasSuffix("— beyond the healthy range"))
        let typical = NormComparison(measure: .fttScore, label: "FTT", hand: .right, value: 50, norm: entry())
        XCTAssertFalse(typical.beyondRange, "z −0.67 is within")
        // A decline is worse when higher: z +2 is the 2nd percentile and beyond the range.
        let decline = NormComparison(measure: .decline, label: "fast", hand: nil, value: 0.308,
                                     norm: entry(.decline, hand: .any, sex: nil, ages: (18, 30), mean: 0.170, sd: 0.069))
        XCTAssertEqual(decline.z, 2, accuracy: 1e-9)
        XCTAssertEqual(decline.percentile, 2.275, accuracy: 0.001)
        XCTAssertTrue(decline.beyondRange)
        XCTAssertFalse(NormComparison(measure: .fttScore, label: "FTT", hand: .right, value: 44.2, norm: entry()).beyondRange,
                       "z −1.63: just inside the 5th percentile")
    }

    func handResult(_ hand: TappingHand, taps: [Int], label: String = "trial", firstBlock: Int = 1) -> HandResult {
        HandResult(hand: hand, blocks: [.init(label: label, blockNumbers: taps.indices.map { firstBlock + 2 * $0 },
                                              meanTaps: Double(taps.reduce(0, +)) / Double(taps.count), meanRateHz: nil,
                                              meanDecline: nil, taps: taps, ratesHz: [], declines: [])], ftt: nil)
    }

    func testLocalNormsGiveMeanSdAndNPerLabelHandAndAgeBand() {
        let blocks = (0..<10).map { _ in Block(kind: .tap, label: "trial", durationSeconds: 10, pace: .selfPaced) }
        let controls: [NormsBuilder.Control] = [
            .init(name: "a", participant: Participant(ageYears: 25), hands: [handResult(.right, taps: [50, 52])], blocks: blocks),
            .init(name: "b", participant: Participant(ageYears: 35), hands: [handResult(.right, taps: [54, 56])], blocks: blocks),
            .init(name: "c", participant: Participant(ageYears: 65), hands: [handResult(.right, taps: [40, 42])], blocks: blocks),
            .init(name: "d", participant: nil, hands: [handResult(.right, taps: [60, 60])], blocks: blocks),
        ]
        let table = NormsBuilder.build(controls, name: "clinic", apparatus: "keyboard")
        let taps = table.norms.filter { $0.measure == .taps }
        // All ages: 51, 55, 41, 60 → mean 51.75, SD √(194.75 / 3) = 8.0571; 18–39: 51, 55 → 53 ± 2.828; 60–89 has one person: left out.
        XCTAssertEqual(taps.map(\.ageBandText), ["all ages", "18–39"])
        XCTAssertEqual(taps[0].mean, 51.75, accuracy: 1e-12)
        XCTAssertEqual(taps[0].sd, (194.75 / 3).squareRoot(), accuracy: 1e-12)
        XCTAssertEqual(taps[0].n, 4)
        XCTAssertEqual(taps[1].mean, 53, accuracy: 1e-12)
        XCTAssertEqual(taps[1].sd, 2.0.squareRoot() * 2, accuracy: 1e-12)
        XCTAssertEqual(taps[1].n, 2)
        XCTAssertTrue(taps.allSatisfy { $0.hand == .right && $0.label == "trial" && $0.pace == .selfPaced && $0.evidence == "local" })
        // A new subject of 30 meets the 18–39 row.
        let fit = table.entry(measure: .taps, label: "trial", pace: .selfPaced, hand: .right, participant: Participant(ageYears: 30))
        XCTAssertEqual(fit?.ageBandText, "18–39")
    }

    func testReliableChangeOnConstructedSessions() throws {
        // Before: 50, 52, 54 (mean 52, SD 2, SE 1.1547); after: 44, 45, 46 (mean 45, SD 1, SE 0.57735).
        // S_diff = √(1.3333 + 0.3333) = 1.29099; RCI = −7 / 1.29099 = −5.42: beyond noise, worse.
        let worse = try XCTUnwrap(ReliableChange(before: [50, 52, 54], after: [44, 45, 46]))
        XCTAssertEqual(worse.change, -7, accuracy: 1e-12)
        XCTAssertEqual(worse.standardErrorOfDifference, 1.290994, accuracy: 1e-6)
        XCTAssertEqual(worse.index, -5.422176, accuracy: 1e-6)
        XCTAssertTrue(worse.isReliable)
        XCTAssertEqual(worse.text(unit: "taps", higherIsBetter: true), "−7.0 taps, RCI −5.4: beyond measurement noise (worse)")
        // A change the size of the noise: 50, 56 (SE 3) → 52, 58 (SE 3): +2 / 4.243 = 0.47.
        let noise = try XCTUnwrap(ReliableChange(before: [50, 56], after: [52, 58]))
        XCTAssertEqual(noise.index, 2 / (18.0).squareRoot(), accuracy: 1e-12)
        XCTAssertFalse(noise.isReliable)
        XCTAssertEqual(noise.text(unit: "taps", higherIsBetter: true), "+2.0 taps, RCI +0.5: within measurement noise")
        // A decline (higher is worse) that grew: worse.
        let decline = try XCTUnwrap(ReliableChange(before: [0.15, 0.17, 0.16], after: [0.35, 0.37, 0.36]))
        XCTAssertEqual(decline.text(unit: "points", scale: 100, digits: 0, higherIsBetter: false).hasSuffix("beyond measurement noise (worse)"), true)
        XCTAssertNil(ReliableChange(before: [50], after: [52, 53]), "one block has no spread")
    }
}
