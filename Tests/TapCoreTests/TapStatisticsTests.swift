import Foundation
import XCTest
@testable import TapCore

/// Per-block figures on hand-made tap series, with the answers worked out by hand in the comments.
final class TapStatisticsTests: XCTestCase {
    let paced = Block(kind: .tap, label: "slow", durationSeconds: 6, pace: .hz(1), metronome: .on)
    let selfPaced = Block(kind: .tap, label: "fast", durationSeconds: 6, pace: .selfPaced)

    func summary(_ block: Block, _ taps: [Double], offsets: [Double] = [], autorepeats: Int = 0) -> BlockTapSummary {
        TapStatistics.summarize(block: block, blockIndex: 1, tapTimes: taps, beatOffsets: offsets, autorepeats: autorepeats)
    }

    func testEvenTapsGiveTheirRateAndZeroVariability() {
        let s = summary(paced, [0, 1, 2, 3], autorepeats: 2)
        XCTAssertEqual(s.taps, 4)
        XCTAssertEqual(s.autorepeats, 2)
        XCTAssertEqual(s.rateHz, 1)                     // 3 intervals over 3 s
        XCTAssertEqual(s.itiMeanSeconds, 1)
        XCTAssertEqual(s.itiCV, 0)                      // exactly: the corrected two-pass has no rounding here
        XCTAssertEqual(s.targetRateHz, 1)
        XCTAssertEqual(s.label, "slow")
        XCTAssertEqual(s.blockIndex, 1)
        XCTAssertNil(s.meanAsynchronySeconds, "no offsets given")
    }

    func testCVAndRateOfAnUnevenSeries() {
        // Intervals 0.2, 0.3, 0.1, 0.2: mean 0.2; deviations 0, 0.1, −0.1, 0 → sample SD √(0.02 / 3) = 0.0816497;
        // CV 0.408248. Rate: 4 intervals over 0.8 s = 5 Hz (the reaction time before 1.0 s does not count).
        let s = summary(selfPaced, [1.0, 1.2, 1.5, 1.6, 1.8])
        XCTAssertEqual(s.rateHz!, 5, accuracy: 1e-12)
        XCTAssertEqual(s.itiMeanSeconds!, 0.2, accuracy: 1e-12)
        XCTAssertEqual(s.itiCV!, 0.408_248_290_463_863, accuracy: 1e-9)
        XCTAssertNil(s.targetRateHz)
    }

    func testAsynchronyMeanAndSD() {
        // Offsets −20, −30, +10 ms: mean −40/3 ms; deviations −2/300, −5/300, 7/300 s; squares sum 78/90000;
        // sample variance 39/90000 → SD √39 / 300 = 20.8167 ms.
        let s = summary(paced, [0.98, 1.97, 3.01], offsets: [-0.02, -0.03, 0.01])
        XCTAssertEqual(s.meanAsynchronySeconds!, -0.04 / 3, accuracy: 1e-12)
        XCTAssertEqual(s.sdAsynchronySeconds!, 39.0.squareRoot() / 300, accuracy: 1e-12)
    }

    func testFirstAndLastThirdRatesAndTheFatigueIndex() {
        // 6 s block: thirds of 2 s. 8 taps in [0, 2), 3 in the middle, 4 in [4, 6] → 4 Hz and 2 Hz; FI = 1 − 2/4.
        let early = (0..<8).map { 0.1 + 0.25 * Double($0) }  // 0.1 … 1.85
        let s = summary(selfPaced, early + [2.5, 3.0, 3.5] + [4.2, 4.7, 5.2, 5.7])
        XCTAssertEqual(s.firstThirdRateHz!, 4, accuracy: 1e-12)
        XCTAssertEqual(s.lastThirdRateHz!, 2, accuracy: 1e-12)
        XCTAssertEqual(s.fatigueIndex!, 0.5, accuracy: 1e-12)
    }

    func testThirdsAreHalfOpenAtTheStartAndClosedAtTheEnd() {
        // D = 6: a tap at exactly 2 s belongs to the middle, one at 4 s and one at 6 s to the last third;
        // one past the end to neither. First third: taps 0 and 1.9 → 1 Hz. Last: 4 and 6 → 1 Hz.
        let s = summary(selfPaced, [0, 1.9, 2, 4, 6, 6.5])
        XCTAssertEqual(s.firstThirdRateHz!, 1, accuracy: 1e-12)
        XCTAssertEqual(s.lastThirdRateHz!, 1, accuracy: 1e-12)
        XCTAssertEqual(s.fatigueIndex!, 0, accuracy: 1e-12)
    }

    func testASubjectWhoSpeedsUpHasANegativeFatigueIndex() {
        // 2 taps in the first third (1 Hz), 6 in the last (3 Hz): FI = 1 − 3 = −2.
        let s = summary(selfPaced, [0.5, 1.5, 4.0, 4.3, 4.6, 4.9, 5.2, 5.5])
        XCTAssertEqual(s.fatigueIndex!, -2, accuracy: 1e-12)
    }

    func testFiguresNeedingMoreTapsAreMissingNotZero() {
        let none = summary(selfPaced, [])
        XCTAssertEqual(none.taps, 0)
        XCTAssertNil(none.rateHz)
        XCTAssertNil(none.itiMeanSeconds)
        XCTAssertNil(none.itiCV)
        XCTAssertEqual(none.firstThirdRateHz, 0, "a tapping block with no taps did have a rate: zero")
        XCTAssertEqual(none.lastThirdRateHz, 0)
        XCTAssertNil(none.fatigueIndex, "no early taps: nothing to fade from")

        let one = summary(selfPaced, [1])
        XCTAssertNil(one.rateHz)
        XCTAssertNil(one.itiMeanSeconds)

        let two = summary(selfPaced, [1, 1.5], offsets: [0.1])
        XCTAssertEqual(two.rateHz!, 2, accuracy: 1e-12)
        XCTAssertEqual(two.itiMeanSeconds!, 0.5, accuracy: 1e-12)
        XCTAssertNil(two.itiCV, "one interval has no spread")
        XCTAssertEqual(two.meanAsynchronySeconds!, 0.1, accuracy: 1e-12)
        XCTAssertNil(two.sdAsynchronySeconds, "one offset has no spread")

        let rest = summary(Block(kind: .rest, label: "rest", durationSeconds: 6), [])
        XCTAssertNil(rest.firstThirdRateHz)
        XCTAssertNil(rest.lastThirdRateHz)
        XCTAssertNil(rest.fatigueIndex)
        XCTAssertNil(rest.targetRateHz)

        let empty = summary(Block(kind: .tap, label: "fast", durationSeconds: 0, pace: .selfPaced), [])
        XCTAssertNil(empty.firstThirdRateHz, "a block of no length has no thirds")
    }

    func testTapsWithNoSpanGiveNilNotInfinityAndTheSummaryStillEncodes() throws {
        let s = summary(selfPaced, [2, 2, 2])
        XCTAssertNil(s.rateHz, "(n − 1) / 0")
        XCTAssertEqual(s.itiMeanSeconds, 0)
        XCTAssertNil(s.itiCV, "SD / 0")
        // JSONEncoder throws on NaN and ∞; nil becomes null.
        let json = String(decoding: try JSONEncoder().encode(s), as: UTF8.self)
        XCTAssertTrue(json.contains("\"rateHz\":null") || !json.contains("rateHz"), json)
    }

    func testTheVarianceIsStableFarFromZero() {
        // Σx² − n·mean² loses every digit here (1e18 + … in a 53-bit mantissa); deviations do not.
        XCTAssertEqual(TapStatistics.sampleSD([1e9 + 1, 1e9 + 2, 1e9 + 3]), 1)
        XCTAssertEqual(TapStatistics.sampleSD([7, 7, 7, 7]), 0)
        XCTAssertEqual(TapStatistics.coefficientOfVariation([0.2, 0.2, 0.2]), 0)
        XCTAssertNil(TapStatistics.sampleSD([1]))
        XCTAssertNil(TapStatistics.mean([]))
        XCTAssertNil(TapStatistics.coefficientOfVariation([-1, 1]), "no CV around a zero mean")
        XCTAssertEqual(TapStatistics.intervals([3, 4.5, 5]), [1.5, 0.5])
        XCTAssertEqual(TapStatistics.intervals([3]), [])
    }

    // MARK: Beat offsets

    let start = MonoTime(nanoseconds: 123_456_789)
    /// 1 / 1.7 s = 588,235,294.1 ns, rounded to 588,235,294 ns as the metronome's grid is.
    let period = Span.seconds(1 / 1.7)

    func offset(_ tap: MonoTime) -> Span {
        TapStatistics.nearestBeatOffset(tapTime: tap, blockStart: start, period: period)
    }

    func testNearestBeatOffsetIsSigned() {
        XCTAssertEqual(period.nanoseconds, 588_235_294)
        XCTAssertEqual(offset(start), .zero)
        XCTAssertEqual(offset(start + .milliseconds(20)), .milliseconds(20))
        XCTAssertEqual(offset(start + period - .milliseconds(30)), .milliseconds(-30), "ahead of beat 1")
        XCTAssertEqual(offset(start - .milliseconds(50)), .milliseconds(-50), "before beat 0: measured to beat 0")
        // Halfway is 294,117,647 ns: up to and including it a tap is late for beat 0, after it early for beat 1.
        XCTAssertEqual(offset(start + Span(nanoseconds: 294_117_647)), Span(nanoseconds: 294_117_647))
        XCTAssertEqual(offset(start + Span(nanoseconds: 294_117_648)), Span(nanoseconds: -294_117_646))
        let even = Span(nanoseconds: 500_000_000)
        XCTAssertEqual(TapStatistics.nearestBeatOffset(tapTime: start + .milliseconds(250), blockStart: start, period: even),
                       .milliseconds(250), "an exact tie counts as late")
    }

    func testBeatsDoNotDriftOverTenThousandBeats() {
        // Every beat of 10,000 at 1.7 Hz, and beat 10⁶: a tap 7 ns either side of beat k reads ±7 ns
        // exactly, and 3 ms before the next beat reads −3 ms. Measuring against k / 1.7 s instead of the
        // metronome's integer grid would be off by k × 0.118 ns: 1.2 µs at beat 10⁴, 118 µs at 10⁶.
        for k in Array(0..<Int64(10_000)) + [1_000_000] {
            let beat = start + period * k
            XCTAssertEqual(offset(beat + Span(nanoseconds: 7)), Span(nanoseconds: 7), "beat \(k)")
            if k > 0 { XCTAssertEqual(offset(beat - Span(nanoseconds: 7)), Span(nanoseconds: -7), "beat \(k)") }
            XCTAssertEqual(offset(beat + period - .milliseconds(3)), .milliseconds(-3), "beat \(k + 1)")
        }
    }

    func testAZeroPeriodMeasuresFromTheBlockStart() {
        XCTAssertEqual(TapStatistics.nearestBeatOffset(tapTime: start + .seconds(2), blockStart: start, period: .zero),
                       .seconds(2))
    }
}
