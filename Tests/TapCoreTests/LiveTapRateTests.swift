import XCTest
@testable import TapCore

/// The rate shown while tapping: robust to one stray interval, steady through ordinary jitter,
/// falling once the subject stops.
final class LiveTapRateTests: XCTestCase {
    func testTheRateIsOneOverTheMedianOfTheLastIntervals() {
        // Intervals 0.2 ×5 then one stray 1.0: the last five are 0.2 ×4 and 1.0, median 0.2 → 5 Hz
        // (their mean, 0.36 s, would say 2.8 Hz).
        let taps = [0, 0.2, 0.4, 0.6, 0.8, 1.0, 2.0]
        XCTAssertEqual(LiveTapRate.rate(tapTimes: taps, now: 2.05)!, 5, accuracy: 1e-9)
        // Two intervals 0.2 and 0.3: median of an even count is their mean, 0.25 → 4 Hz.
        XCTAssertEqual(LiveTapRate.rate(tapTimes: [0, 0.2, 0.5], now: 0.5)!, 4, accuracy: 1e-9)
    }

    func testOnlyTheLastFiveIntervalsCount() {
        // 10 s at 1 Hz, then 5 intervals of 0.25 s: the slow past is out of the window → 4 Hz.
        let taps = (0...10).map(Double.init) + [10.25, 10.5, 10.75, 11.0, 11.25]
        XCTAssertEqual(LiveTapRate.rate(tapTimes: taps, now: 11.3)!, 4, accuracy: 1e-9)
        // One interval earlier the window holds 1.0 and four 0.25: median still 0.25.
        XCTAssertEqual(LiveTapRate.rate(tapTimes: Array(taps.dropLast()), now: 11.0)!, 4, accuracy: 1e-9)
        // Two earlier: 1, 1, 0.25, 0.25, 0.25 → 0.25. Three earlier: 1, 1, 1, 0.25, 0.25 → 1 Hz.
        XCTAssertEqual(LiveTapRate.rate(tapTimes: Array(taps.dropLast(3)), now: 10.5)!, 1, accuracy: 1e-9)
    }

    func testOrdinaryJitterDoesNotMoveTheFigure() {
        // Intervals 0.20, 0.21, 0.19, 0.20, 0.22 (median 0.20). Until the open interval passes
        // 1.25 × 0.20 = 0.25 s the figure stays 5 Hz, even with the next tap 20 % late.
        let taps = [0, 0.20, 0.41, 0.60, 0.80, 1.02]
        for late in stride(from: 0.0, through: 0.25, by: 0.01) {
            XCTAssertEqual(LiveTapRate.rate(tapTimes: taps, now: 1.02 + late)!, 5, accuracy: 1e-9, "\(late)")
        }
    }

    func testTheRateFallsWhenTappingStops() {
        // 4 Hz, last tap at 1.0 s; the open interval counts from 0.3125 s (1.25 × 0.25), less the
        // 0.0625 s tolerance: at 2.0 s, 1 / (1.0 − 0.0625) = 1.0667 Hz; at 5.0 s, 1 / 3.9375 = 0.254 Hz.
        let taps = [0, 0.25, 0.5, 0.75, 1.0]
        XCTAssertEqual(LiveTapRate.rate(tapTimes: taps, now: 1.1)!, 4, accuracy: 1e-9)
        XCTAssertEqual(LiveTapRate.rate(tapTimes: taps, now: 1.3125)!, 4, accuracy: 1e-9)
        XCTAssertEqual(LiveTapRate.rate(tapTimes: taps, now: 2.0)!, 1 / 0.9375, accuracy: 1e-9)
        XCTAssertEqual(LiveTapRate.rate(tapTimes: taps, now: 5.0)!, 1 / 3.9375, accuracy: 1e-9)
        // And it falls continuously, frame by frame at 30 fps: never up, and no step above 0.41 Hz
        // (the steepest, just after the tolerance runs out). Switching straight to 1 / (time since
        // the last tap) at that point would jump from 4 to 3.2 Hz.
        var previous = 4.0
        for frame in 0..<300 {
            let now = 1.0 + Double(frame) / 30
            let rate = LiveTapRate.rate(tapTimes: taps, now: now)!
            XCTAssertLessThanOrEqual(rate, previous + 1e-12, "t = \(now)")
            XCTAssertLessThan(previous - rate, 0.41, "t = \(now)")
            previous = rate
        }
        XCTAssertLessThan(previous, 0.11, "10 s after the last tap")
    }

    func testTapsAfterNowAreIgnored() {
        XCTAssertEqual(LiveTapRate.rate(tapTimes: [0, 0.5, 1.0, 9.0], now: 1.2)!, 2, accuracy: 1e-9)
        XCTAssertNil(LiveTapRate.rate(tapTimes: [0, 0.5, 1.0], now: 0.4), "one tap so far")
    }

    func testFewerThanTwoTapsOrNoSpanHaveNoRate() {
        XCTAssertNil(LiveTapRate.rate(tapTimes: [], now: 2))
        XCTAssertNil(LiveTapRate.rate(tapTimes: [1], now: 2))
        XCTAssertNil(LiveTapRate.rate(tapTimes: [1, 1, 1], now: 1), "median interval 0")
    }

    func testHistoryHasOneValuePerStepAndZeroWhereUndefined() {
        let taps = stride(from: 0.0, through: 10, by: 0.5).map { $0 }
        let history = LiveTapRate.history(tapTimes: taps, until: 6.5)
        XCTAssertEqual(history.count, 6, "1 s … 6 s")
        XCTAssertTrue(history.allSatisfy { abs($0 - 2) < 1e-9 }, "\(history)")
        XCTAssertEqual(LiveTapRate.history(tapTimes: [], until: 3), [0, 0, 0])
        XCTAssertEqual(LiveTapRate.history(tapTimes: taps, until: 0.5), [])
        // At 1 s no tap yet → 0; at 2 s two taps 0.5 s apart → 2 Hz.
        XCTAssertEqual(LiveTapRate.history(tapTimes: [1.4, 1.9], until: 2), [0, 2])
        XCTAssertEqual(LiveTapRate.history(tapTimes: taps, until: 0.3, stepSeconds: 0.1).count, 3,
                       "0.3 / 0.1 is 2.9999999999999996 in floating point")
        XCTAssertEqual(LiveTapRate.history(tapTimes: taps, until: 5, stepSeconds: 0), [])
        XCTAssertEqual(LiveTapRate.history(tapTimes: taps, until: .infinity), [])
    }

    func testHistoryAgreesWithTheRateAtEachStep() {
        // A series that speeds up, stalls and restarts: each history value is the live rate at that second.
        var taps: [Double] = []
        var t = 0.3
        while t < 30 {
            taps.append(t)
            t += t < 10 ? 0.18 : (t < 14 ? 0.9 : 0.25 + 0.01 * Double(taps.count % 3))
        }
        let history = LiveTapRate.history(tapTimes: taps, until: 30)
        XCTAssertEqual(history.count, 30)
        for (k, value) in history.enumerated() {
            XCTAssertEqual(value, LiveTapRate.rate(tapTimes: taps, now: Double(k + 1)) ?? 0, "t = \(k + 1)")
        }
    }
}
