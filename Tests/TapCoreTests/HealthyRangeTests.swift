import XCTest
import Foundation
@testable import TapCore

/// The tap-rate decline judged against healthy people (`healthy_range`): the statistic, the rule,
/// its words, and its measured accuracy on people-like tappers (docs/fade-detection.md).
final class HealthyRangeTests: XCTestCase {
    let start = MonoTime.seconds(50)
    let fast = Block(kind: .tap, label: "fast", durationSeconds: 30, pace: .selfPaced)
    let paced = Block(kind: .tap, label: "slow", durationSeconds: 30, pace: .hz(1), metronome: .on)

    /// Noise-free taps from 0.3 s whose rate follows `rate(t)`.
    func taps(until: Double = 30, rate: (Double) -> Double) -> [Double] {
        var t = 0.3, out: [Double] = []
        while t < until {
            out.append(t)
            t += 1 / rate(t)
        }
        return out
    }

    func run(_ times: [Double], block: Block? = nil, norm: TapDeclineNorm = .young)
        -> (events: [FadeEvent], summary: TapFadeSummary) {
        FadeEvaluation.runTapBlock(block: block ?? fast, start: start, tapTimes: times, settings: TapFadeSettings(), norm: norm)
    }

    func raised(_ events: [FadeEvent]) -> [FadeFlag] {
        events.compactMap { if case .raised(let f) = $0, f.kind == .fadeTap { return f }; return nil }
    }

    // MARK: the norm

    func testTheNormIsThePublishedOneAndTheAgeBandIsSaid() {
        XCTAssertEqual(TapDeclineNorm.young.meanFraction, 0.170)
        XCTAssertEqual(TapDeclineNorm.young.sdFraction, 0.069)
        XCTAssertEqual(TapDeclineNorm.older.meanFraction, 0.165)
        XCTAssertEqual(TapDeclineNorm.older.sdFraction, 0.075)
        XCTAssertEqual(TapDeclineNorm.forAge(nil).ageBand, "18–30")
        XCTAssertTrue(TapDeclineNorm.forAge(nil).ageAssumed)
        XCTAssertFalse(TapDeclineNorm.forAge(25).ageAssumed)
        XCTAssertEqual(TapDeclineNorm.forAge(39).ageBand, "18–30")
        XCTAssertEqual(TapDeclineNorm.forAge(40).ageBand, "50–70")
        XCTAssertEqual(TapDeclineNorm.forAge(82).ageBand, "50–70")
        XCTAssertEqual(TapDeclineNorm.young.rangeText(), "−17 ± 7 %")
        XCTAssertEqual(TapDeclineNorm.young.rangeText(scaledBy: 0.5), "−9 ± 3 %")
    }

    // MARK: the statistic

    func testHuberLevelBarelyMovesForAHesitationButFollowsTheBulk() {
        let bulk = [Double](repeating: log(0.2), count: 13)
        let withHesitation = bulk + [log(0.4)]
        let level = TapDeclineReading.huberLocation(withHesitation)
        let mean = withHesitation.reduce(0, +) / Double(withHesitation.count)
        XCTAssertEqual(level, log(0.2), accuracy: 1e-6, "a constant bulk with one outlier: the bulk")
        XCTAssertGreaterThan(mean - log(0.2), 0.04, "the plain mean would have moved 5 %")
        let spread = (0..<20).map { log(0.2) + 0.05 * sin(Double($0)) }
        XCTAssertEqual(TapDeclineReading.huberLocation(spread), spread.reduce(0, +) / 20, accuracy: 0.01)
    }

    func testTheReadingComparesTheDeclineWithTheHealthyRangeAtThatPointOfTheBlock() throws {
        // Start window 2–6 s at 5 Hz, current window 24–27 s at 3 Hz (a 40 % decline): g = (25.5 − 4) / 30.
        let start = [Double](repeating: log(0.2), count: 20), startEnds = (0..<20).map { 2 + 4 * Double($0) / 19 }
        let now = [Double](repeating: log(1.0 / 3), count: 10), nowEnds = (0..<10).map { 24 + 3 * Double($0) / 9 }
        let r = try XCTUnwrap(TapDeclineReading.measure(start: start, startEnds: startEnds, now: now, nowEnds: nowEnds,
                                                        durationSeconds: 30, norm: .young, fluctuation: 0.025))
        let g = (25.5 - 4) / 30
        XCTAssertEqual(r.declineFraction, 0.4, accuracy: 1e-9)
        XCTAssertEqual(r.healthyMeanFraction, 0.17 * g, accuracy: 1e-9)
        XCTAssertEqual(r.healthySdFraction, 0.069 * g, accuracy: 1e-9)
        XCTAssertEqual(r.standardErrorFraction, 0, accuracy: 1e-6, "noise-free windows")
        let expected = (0.4 - 0.17 * g) / ((0.069 * g) * (0.069 * g) + 0.025 * 0.025).squareRoot()
        XCTAssertEqual(r.z, expected, accuracy: 1e-6)
        XCTAssertEqual(r.startRateHz, 5, accuracy: 1e-9)
        XCTAssertEqual(r.nowRateHz, 3, accuracy: 1e-9)
        XCTAssertEqual(r.text, "rate −40 % · healthy −12 ± 5 % · z 5.0")
        XCTAssertEqual(r.verdict(zThreshold: 2.9), "decline 40 %, beyond the healthy range")
        XCTAssertEqual(r.verdict(zThreshold: 9), "decline 40 %, within the healthy range")
    }

    func testIrregularIntervalsWidenTheErrorAndLowerZ() throws {
        let startEnds = (0..<20).map { 2 + 4 * Double($0) / 19 }, nowEnds = (0..<12).map { 24 + 3 * Double($0) / 11 }
        func reading(jitter: Double) throws -> TapDeclineReading {
            let start = (0..<20).map { log(0.2) + jitter * (($0 % 2 == 0) ? 1 : -1) }
            let now = (0..<12).map { log(0.2 / 0.7) + jitter * (($0 % 2 == 0) ? 1 : -1) }
            return try XCTUnwrap(TapDeclineReading.measure(start: start, startEnds: startEnds, now: now, nowEnds: nowEnds,
                                                           durationSeconds: 30, norm: .young, fluctuation: 0.025))
        }
        let regular = try reading(jitter: 0.02), irregular = try reading(jitter: 0.15)
        XCTAssertEqual(regular.declineFraction, irregular.declineFraction, accuracy: 1e-9)
        XCTAssertGreaterThan(irregular.standardErrorFraction, 5 * regular.standardErrorFraction)
        XCTAssertLessThan(irregular.z, regular.z)
    }

    // MARK: the rule

    func testThePublishedMeanDeclineIsNeverFlaggedLinearOrLate() {
        for shape in SyntheticTapper.DeclineShape.allCases {
            for decline in [0.0, 0.17, 0.24, 0.31] {
                let times = taps { t in
                    let f = t / 30
                    return 5.5 * (1 - decline * (shape == .linear ? f : f * f))
                }
                let out = run(times)
                XCTAssertEqual(raised(out.events), [], "\(shape) \(decline)")
                XCTAssertEqual(out.summary.beyondHealthyRange, false, "\(shape) \(decline)")
            }
        }
    }

    func testADeclineOfFortyFivePercentIsBeyondTheHealthyRange() throws {
        let times = taps { t in 5.5 * (1 - 0.45 * t / 30) }
        let out = run(times)
        let flag = try XCTUnwrap(raised(out.events).first)
        XCTAssertTrue(flag.detail.hasPrefix("method=healthy_range;decline="), flag.detail)
        XCTAssertTrue(flag.detail.contains(";z_limit=2.90;norm=18–30"), flag.detail)
        let decline = try XCTUnwrap(out.summary.decline)
        XCTAssertGreaterThan(decline.z, 2.9)
        XCTAssertEqual(out.summary.beyondHealthyRange, true)
        XCTAssertEqual(out.summary.method, .healthyRange)
        XCTAssertEqual(out.summary.norm, .young)
        let atFlag = try XCTUnwrap(out.summary.declineAtFlag)
        XCTAssertEqual(-flag.magnitude, atFlag.declineFraction, accuracy: 1e-9, "the flag carries the decline it was raised on")
        XCTAssertTrue(out.summary.reading.hasPrefix("decline "), out.summary.reading)
        XCTAssertTrue(out.summary.reading.contains(", beyond the healthy range (rate −"), out.summary.reading)
    }

    func testAnAbruptDropIsFlaggedWithinThreeSecondsWithItsOnset() throws {
        let times = taps { t in t < 12 ? 5.5 : 5.5 * 0.6 }
        let flag = try XCTUnwrap(raised(run(times).events).first)
        let raisedAt = (flag.raisedAt - start).seconds, onset = (flag.onset - start).seconds
        XCTAssertGreaterThan(raisedAt, 12)
        XCTAssertLessThan(raisedAt, 15)
        XCTAssertEqual(onset, 12, accuracy: 0.4)
        XCTAssertEqual(flag.magnitude, -0.4, accuracy: 0.03)
    }

    func testTheSameTapsGiveTheSameFlagsWhateverTheWakeUps() {
        // The rule decides at taps only: 0.01 s or 0.5 s ticks between them change nothing.
        let times = taps { t in t < 12 ? 5.5 : 5.5 * 0.6 }
        let fine = FadeEvaluation.runTapBlock(block: fast, start: start, tapTimes: times, settings: TapFadeSettings(),
                                              tickSeconds: 0.01).events
        let coarse = FadeEvaluation.runTapBlock(block: fast, start: start, tapTimes: times, settings: TapFadeSettings(),
                                                tickSeconds: 0.5).events
        XCTAssertEqual(fine, coarse)
        XCTAssertFalse(fine.isEmpty)
    }

    func testASubjectWhoStopsIsFlaggedAsBefore() throws {
        let times = taps(until: 18) { _ in 5.5 }
        let out = run(times)
        let flag = try XCTUnwrap(raised(out.events).first)
        XCTAssertTrue(flag.detail.hasPrefix("reason=stop"), flag.detail)
        let last = try XCTUnwrap(times.last)
        XCTAssertEqual((flag.raisedAt - start).seconds, last + 1.5, accuracy: 1e-6)
        XCTAssertEqual(try XCTUnwrap(out.summary.stoppedAtSeconds), last, accuracy: 1e-9)
        XCTAssertTrue(out.summary.reading.contains("stopped tapping at"), out.summary.reading)
    }

    func testPacedBlocksAreJudgedAgainstThePaceNotHealthyFatigue() throws {
        // A 1 Hz paced block where the subject slows to 0.7 Hz from 10 s: far off the metronome, though
        // a 30 % loss by the end is within the healthy range of a maximal block.
        var detector = TapFadeDetector(settings: TapFadeSettings(), block: paced, blockStart: start)
        XCTAssertEqual(detector.method, .cusum)
        var events: [FadeEvent] = []
        var t = 0.0
        while t < 30 {
            events += detector.tap(at: start + .seconds(t))
            t += t < 10 ? 1 : 1 / 0.7
        }
        XCTAssertFalse(raised(events).isEmpty)
        let summary = detector.summary(blockEnd: start + .seconds(30))
        XCTAssertNil(summary.decline, "no healthy-range reading in a paced block")
        XCTAssertEqual(summary.method, .cusum)
    }

    func testOlderSummariesWithoutTheNewFieldsStillDecode() throws {
        let old = """
            {"method":"cusum","reference_rate_hz":5,"first_third_rate_hz":5,"last_third_rate_hz":4,"fade_index":0.2,
             "onset_seconds":null,"magnitude":null,"fade_flags":0,"flagged_seconds":0,"behind_beat_count":0,"missed_beats":0}
            """
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let summary = try decoder.decode(TapFadeSummary.self, from: Data(old.utf8))
        XCTAssertNil(summary.decline)
        XCTAssertNil(summary.beyondHealthyRange)
        XCTAssertEqual(summary.reading, "rate 5.00 → 4.00 Hz (first → last third) against 5.00 Hz")
    }

    // MARK: measured on people-like tappers

    /// The quick preset of `TapFadeEvaluation` (held-out seeds) against the targets; the full
    /// preset's table is in docs/fade-detection.md.
    func testHealthyPeopleAreRarelyFlaggedAndRealFadesAreFound() throws {
        let report = TapFadeEvaluation.run(preset: .quick)
        let m = try XCTUnwrap(report.defaultMethod)
        XCTAssertEqual(m.method, "healthy_range")
        XCTAssertLessThanOrEqual(m.allHealthy.sessionRate, 0.05, "healthy five-block sessions flagged")
        XCTAssertGreaterThanOrEqual(m.declineRate, 0.9, "45 ± 5 % declines found")
        XCTAssertEqual(m.dropRate, 1)
        XCTAssertLessThanOrEqual(try XCTUnwrap(FadeEvaluationReport.median(m.dropLatencies)), 3)
        XCTAssertEqual(m.stopRate, 1)
        XCTAssertEqual(m.pacedFlags, 0)
        XCTAssertEqual(report.behindBeat.latencies.count, report.behindBeat.trials)
        // The former default flags healthy fatigue far more often: the reason for the change.
        let cusum = try XCTUnwrap(report.method("cusum"))
        XCTAssertGreaterThan(cusum.allHealthy.sessionRate, 4 * max(m.allHealthy.sessionRate, 0.01))
        let table = report.markdownTable
        XCTAssertTrue(table.contains("| healthy_range * |"))
        XCTAssertTrue(table.contains("held-out seeds"))
        print(table)
    }

    func testTuningAndHeldOutSeedsDiffer() {
        let tuning = TapFadeEvaluation.run(preset: .quick, seedSet: .tuning)
        let heldOut = TapFadeEvaluation.run(preset: .quick, seedSet: .heldOut)
        XCTAssertNotEqual(tuning.methods.first?.declineFirstFlags, heldOut.methods.first?.declineFirstFlags)
    }
}
