import XCTest
@testable import TapCore

/// Tap-rate fade and behind-the-beat on synthetic tap series with exact onsets.
final class TapFadeDetectorTests: XCTestCase {
    let start = MonoTime.seconds(50)
    let fast = Block(kind: .tap, label: "fast", durationSeconds: 30, pace: .selfPaced)
    let paced = Block(kind: .tap, label: "slow", durationSeconds: 30, pace: .hz(1), metronome: .on)

    /// Taps at `rateHz` from 0.3 s, switching to `afterHz` at `change` (and back at `back`), until `until`.
    func taps(rateHz: Double, change: Double = .infinity, afterHz: Double = 0, back: Double = .infinity,
              until: Double = 30) -> [Double] {
        var t = 0.3, out: [Double] = []
        while t < until {
            out.append(t)
            t += 1 / ((t >= change && t < back) ? afterHz : rateHz)
        }
        return out
    }

    func run(_ times: [Double], block: Block? = nil, method: TapFadeSettings.Method = .cusum) -> [FadeEvent] {
        var s = TapFadeSettings()
        s.method = method
        return FadeEvaluation.runTapBlock(block: block ?? fast, start: start, tapTimes: times, settings: s).events
    }

    func raised(_ events: [FadeEvent], _ kind: FadeFlag.Kind) -> [FadeFlag] {
        events.compactMap { if case .raised(let f) = $0, f.kind == kind { return f }; return nil }
    }

    func testSteadyTappingRaisesNothing() {
        for method in TapFadeSettings.Method.allCases {
            XCTAssertEqual(run(taps(rateHz: 5), method: method), [], "\(method)")
        }
    }

    func testAbruptDropIsRaisedWithOnsetWithinOneTap() throws {
        // 5 Hz, then 40 % slower (3 Hz) from the tap at 15.1 s.
        let times = taps(rateHz: 5, change: 15, afterHz: 3)
        let trueOnset = try XCTUnwrap(times.first { $0 >= 15 })
        for method in TapFadeSettings.Method.allCases {
            let flags = raised(run(times, method: method), .fadeTap)
            XCTAssertEqual(flags.count, 1, "\(method)")
            let flag = try XCTUnwrap(flags.first)
            let onset = (flag.onset - start).seconds
            XCTAssertEqual(onset, trueOnset, accuracy: 1.0 / 3 + 1e-6, "\(method)")
            XCTAssertGreaterThan((flag.raisedAt - start).seconds, trueOnset)
            XCTAssertEqual(flag.magnitude, -0.4, accuracy: 0.05, "\(method)")
            XCTAssertNil(flag.channel)
        }
        // The default's onset is the start of the first slow interval exactly, and it decides in ≤ 3 s.
        let flag = try XCTUnwrap(raised(run(times), .fadeTap).first)
        XCTAssertEqual((flag.onset - start).seconds, trueOnset, accuracy: 1e-6)
        XCTAssertLessThan((flag.raisedAt - flag.onset).seconds, 3)
    }

    func testRecoveryClears() throws {
        let times = taps(rateHz: 5, change: 12, afterHz: 3, back: 20)
        let events = run(times)
        XCTAssertEqual(raised(events, .fadeTap).count, 1)
        let cleared = events.compactMap { if case .cleared(let f, let at) = $0 { return (f, at) }; return nil }
        XCTAssertEqual(cleared.count, 1)
        let at = try XCTUnwrap(cleared.first?.1)
        XCTAssertGreaterThan((at - start).seconds, 20)
        XCTAssertLessThan((at - start).seconds, 22.5)
    }

    func testSubjectWhoStopsIsFlagged() throws {
        let times = taps(rateHz: 5, until: 12)
        let last = try XCTUnwrap(times.last)
        for method in TapFadeSettings.Method.allCases {
            let flag = try XCTUnwrap(raised(run(times, method: method), .fadeTap).first, "\(method)")
            XCTAssertEqual((flag.onset - start).seconds, last, accuracy: 1e-6)
            XCTAssertEqual((flag.raisedAt - start).seconds, last + 1.5, accuracy: 1e-6)
            XCTAssertTrue(flag.detail.hasPrefix("reason=stop"))
        }
    }

    func testPacedBlockMissingBeatsIsBehindTheBeat() throws {
        var tapper = SyntheticTapper()
        tapper.missedBeats = [10, 11, 12, 13, 14]
        let events = run(tapper.tapTimes(block: paced, seed: 3), block: paced)
        let flags = raised(events, .behindBeat)
        XCTAssertEqual(flags.count, 1)
        let flag = try XCTUnwrap(flags.first)
        XCTAssertEqual((flag.onset - start).seconds, 10, accuracy: 1e-6)
        XCTAssertEqual((flag.raisedAt - start).seconds, 12.35, accuracy: 0.101)  // judged at the next 0.1 s tick
        XCTAssertEqual(flag.kind.rawValue, "behind_beat")
        let cleared = events.contains { if case .cleared(let f, _) = $0 { return f.kind == .behindBeat }; return false }
        XCTAssertTrue(cleared)
        // A paced subject who keeps the beat: nothing at all.
        XCTAssertEqual(run(SyntheticTapper().tapTimes(block: paced, seed: 3), block: paced), [])
    }

    func testSummary() throws {
        let times = taps(rateHz: 5, change: 15, afterHz: 3)
        let out = FadeEvaluation.runTapBlock(block: fast, start: start, tapTimes: times, settings: TapFadeSettings())
        let s = out.summary
        XCTAssertEqual(try XCTUnwrap(s.referenceRateHz), 5, accuracy: 1e-6)
        XCTAssertEqual(try XCTUnwrap(s.onsetSeconds), 15.1, accuracy: 0.2)
        XCTAssertEqual(s.fadeFlags, 1)
        XCTAssertGreaterThan(try XCTUnwrap(s.fadeIndex), 0.3)
        XCTAssertGreaterThan(s.flaggedSeconds, 10)
        XCTAssertNoThrow(try JSONEncoder().encode(s))
    }

    func testSettingsValidation() {
        XCTAssertNil(DetectorSettings().problem)
        var s = DetectorSettings()
        s.tap.fadeFraction = 1.5
        XCTAssertNotNil(s.problem)
        s = DetectorSettings()
        s.hbo.amplitudeEndSeconds = 1
        XCTAssertNotNil(s.problem)
        XCTAssertEqual(FadeFlag.Kind.allCases.map(\.rawValue), ["fade_tap", "fade_hbo", "no_activation_hbo", "behind_beat", "low_activation_hbo"])
    }
}
