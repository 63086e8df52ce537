import XCTest
@testable import TapCore

/// Per-block figures on hand-made tap series, with answers worked out by hand.
final class TapStatisticsTests: XCTestCase {
    let paced = Block(kind: .tap, label: "slow", durationSeconds: 6, pace: .hz(1), metronome: .on)
    let selfPaced = Block(kind: .tap, label: "fast", durationSeconds: 6, pace: .selfPaced)

    func testEvenTapsGiveTheirRateAndZeroVariability() {
        let s = TapStatistics.summarize(block: paced, blockIndex: 1, tapTimes: [0, 1, 2, 3, 4, 5], beatOffsets: [], autorepeats: 2)
        XCTAssertEqual(s.taps, 6)
        XCTAssertEqual(s.autorepeats, 2)
        XCTAssertEqual(s.rateHz!, 1, accuracy: 1e-12)
        XCTAssertEqual(s.itiMeanSeconds!, 1, accuracy: 1e-12)
        XCTAssertEqual(s.itiCV!, 0, accuracy: 1e-12)
        XCTAssertEqual(s.targetRateHz, 1)
        XCTAssertNil(s.meanAsynchronySeconds, "no offsets given")
    }

    func testCVAndRateOfAnUnevenSeries() {
        // Intervals 0.2, 0.3, 0.1, 0.2: mean 0.2, sample SD = sqrt((0 + 0.01 + 0.01 + 0) / 3) = 0.0816497
        let s = TapStatistics.summarize(block: selfPaced, blockIndex: 3, tapTimes: [1.0, 1.2, 1.5, 1.6, 1.8],
                                        beatOffsets: [], autorepeats: 0)
        XCTAssertEqual(s.rateHz!, 4 / 0.8, accuracy: 1e-9)
        XCTAssertEqual(s.itiMeanSeconds!, 0.2, accuracy: 1e-12)
        XCTAssertEqual(s.itiCV!, (0.02 / 3).squareRoot() / 0.2, accuracy: 1e-9)
        XCTAssertNil(s.targetRateHz)
    }

    func testAsynchronyMeanAndSD() {
        let s = TapStatistics.summarize(block: paced, blockIndex: 1, tapTimes: [0.98, 1.97, 3.01],
                                        beatOffsets: [-0.02, -0.03, 0.01], autorepeats: 0)
        XCTAssertEqual(s.meanAsynchronySeconds!, -0.04 / 3, accuracy: 1e-12)
        let m = -0.04 / 3
        let sd = (([-0.02, -0.03, 0.01].map { ($0 - m) * ($0 - m) }.reduce(0, +)) / 2).squareRoot()
        XCTAssertEqual(s.sdAsynchronySeconds!, sd, accuracy: 1e-12)
    }

    func testFirstAndLastThirdRatesAndTheFatigueIndex() {
        // 6 s block: thirds of 2 s. Fast start (8 taps in 0–2 s), slow end (4 taps in 4–6 s).
        let early = (0..<8).map { 0.1 + 0.25 * Double($0) }      // 0.1 … 1.85
        let middle = [2.5, 3.0, 3.5]
        let late = [4.2, 4.7, 5.2, 5.7]
        let s = TapStatistics.summarize(block: selfPaced, blockIndex: 3, tapTimes: early + middle + late,
                                        beatOffsets: [], autorepeats: 0)
        XCTAssertEqual(s.firstThirdRateHz!, 4, accuracy: 1e-12)
        XCTAssertEqual(s.lastThirdRateHz!, 2, accuracy: 1e-12)
        XCTAssertEqual(s.fatigueIndex!, 0.5, accuracy: 1e-12)
    }

    func testFiguresNeedingMoreTapsAreMissingNotZero() {
        let none = TapStatistics.summarize(block: selfPaced, blockIndex: 0, tapTimes: [], beatOffsets: [], autorepeats: 0)
        XCTAssertNil(none.rateHz)
        XCTAssertNil(none.itiMeanSeconds)
        XCTAssertNil(none.itiCV)
        XCTAssertNil(none.fatigueIndex, "no early taps: nothing to fade from")
        XCTAssertEqual(none.firstThirdRateHz, 0)
        let two = TapStatistics.summarize(block: selfPaced, blockIndex: 0, tapTimes: [1, 1.5], beatOffsets: [0.1], autorepeats: 0)
        XCTAssertEqual(two.itiMeanSeconds!, 0.5, accuracy: 1e-12)
        XCTAssertNil(two.itiCV, "one interval has no spread")
        XCTAssertNil(two.sdAsynchronySeconds)
        let rest = TapStatistics.summarize(block: Block(kind: .rest, label: "rest", durationSeconds: 6), blockIndex: 0,
                                           tapTimes: [], beatOffsets: [], autorepeats: 0)
        XCTAssertNil(rest.firstThirdRateHz)
    }

    func testNearestBeatOffsetIsSignedAndExactOverTenThousandBeats() {
        let start = MonoTime(nanoseconds: 123_456_789)
        let period = Span.seconds(1 / 1.7)  // 588,235,294 ns
        XCTAssertEqual(TapStatistics.nearestBeatOffset(tapTime: start + .milliseconds(20), blockStart: start, period: period),
                       .milliseconds(20))
        XCTAssertEqual(TapStatistics.nearestBeatOffset(tapTime: start + period - .milliseconds(30), blockStart: start, period: period),
                       .milliseconds(-30))
        XCTAssertEqual(TapStatistics.nearestBeatOffset(tapTime: start - .milliseconds(50), blockStart: start, period: period),
                       .milliseconds(-50), "before beat 0: measured to beat 0")
        for k: Int64 in [1, 999, 10_000] {
            let beat = start + period * k
            XCTAssertEqual(TapStatistics.nearestBeatOffset(tapTime: beat + Span(nanoseconds: 7), blockStart: start, period: period),
                           Span(nanoseconds: 7), "beat \(k)")
            XCTAssertEqual(TapStatistics.nearestBeatOffset(tapTime: beat - Span(nanoseconds: 7), blockStart: start, period: period),
                           Span(nanoseconds: -7), "beat \(k)")
        }
    }
}

final class LiveTapRateTests: XCTestCase {
    func testTheRateIsOneOverTheMedianOfTheLastIntervals() {
        // Intervals 0.2 ×5 then one stray 1.0: the median ignores the stray.
        let taps = [0, 0.2, 0.4, 0.6, 0.8, 1.0, 2.0]
        XCTAssertEqual(LiveTapRate.rate(tapTimes: taps, now: 2.05)!, 5, accuracy: 1e-9)
        XCTAssertNil(LiveTapRate.rate(tapTimes: [1], now: 2))
        XCTAssertNil(LiveTapRate.rate(tapTimes: [], now: 2))
    }

    func testTheRateFallsWhenTappingStops() {
        let taps = [0, 0.25, 0.5, 0.75, 1.0]
        XCTAssertEqual(LiveTapRate.rate(tapTimes: taps, now: 1.1)!, 4, accuracy: 1e-9)
        XCTAssertEqual(LiveTapRate.rate(tapTimes: taps, now: 2.0)!, 1, accuracy: 1e-9, "1 s since the last tap")
        XCTAssertEqual(LiveTapRate.rate(tapTimes: taps, now: 5.0)!, 0.25, accuracy: 1e-9)
    }

    func testTapsAfterNowAreIgnored() {
        XCTAssertEqual(LiveTapRate.rate(tapTimes: [0, 0.5, 1.0, 9.0], now: 1.2)!, 2, accuracy: 1e-9)
    }

    func testHistoryHasOneValuePerSecond() {
        let taps = stride(from: 0.0, through: 10, by: 0.5).map { $0 }
        let history = LiveTapRate.history(tapTimes: taps, until: 6.5)
        XCTAssertEqual(history.count, 6)
        XCTAssertTrue(history.allSatisfy { abs($0 - 2) < 1e-9 })
        XCTAssertEqual(LiveTapRate.history(tapTimes: [], until: 3), [0, 0, 0])
        XCTAssertEqual(LiveTapRate.history(tapTimes: taps, until: 0.5), [])
    }
}
