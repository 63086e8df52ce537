import XCTest
@testable import TapCore

/// `low_activation_hbo`: the fast condition so far against the slow blocks, with their spread.
final class LowActivationMonitorTests: XCTestCase {
    /// A 30 s block's 1 s course at `level` µM from 5 s on (a step), plus `wobble` per block.
    func course(_ level: Double) -> [Double] { (0..<30).map { $0 < 5 ? 0 : level } }

    /// Feeds a fast block at `level` (10 Hz) and returns the events.
    func run(_ monitor: inout LowActivationMonitor, level: Double) -> [FadeEvent] {
        var events: [FadeEvent] = []
        for i in 0..<300 {
            let t = Double(i) / 10
            events += monitor.sample(at: .seconds(100 + t), hbo: t < 5 ? 0 : level)
        }
        return events
    }

    let slow = [0.40, 0.35, 0.45, 0.42]
    let earlierFast = [0.05, 0.10]

    func courses(slow: [Double], fast: [Double]) -> [String: [[Double]]] {
        ["slow": slow.map(course), "fast": fast.map(course)]
    }

    func testAFastConditionWellBelowTheSlowBlocksIsFlaggedWithItsNumbers() throws {
        var m = LowActivationMonitor(blockStart: .seconds(100), judges: true, courses: courses(slow: slow, fast: earlierFast),
                                     settings: HbOFadeSettings(), noiseFloorMicromolar: 0.1)
        let events = run(&m, level: 0.08)
        guard case .raised(let flag)? = events.first else { return XCTFail("no flag: \(events)") }
        XCTAssertEqual(flag.kind, .lowActivationHbO)
        XCTAssertEqual(flag.onset, .seconds(100))
        // Judged from 15 s, held two 1 s bins: raised when the 16th second's sample arrives.
        XCTAssertEqual((flag.raisedAt - .seconds(100)).seconds, 16, accuracy: 0.001)
        XCTAssertTrue(flag.detail.contains("slow_blocks=4;fast_blocks=3"), flag.detail)
        let c = try XCTUnwrap(m.lastComparison)
        XCTAssertEqual(c.slowMicromolar, 0.405, accuracy: 1e-9)
        XCTAssertEqual(c.fastMicromolar, (0.05 + 0.10 + 0.08) / 3, accuracy: 1e-9)
        XCTAssertGreaterThan(c.t, c.tLimit)
    }

    func testAHealthyFastBlockAboveTheSlowOnesRaisesNothing() {
        var m = LowActivationMonitor(blockStart: .seconds(100), judges: true, courses: courses(slow: slow, fast: [0.6, 0.7]),
                                     settings: HbOFadeSettings(), noiseFloorMicromolar: 0.1)
        XCTAssertEqual(run(&m, level: 0.65), [])
        XCTAssertLessThan(m.lastComparison?.t ?? 0, 0)
    }

    func testADifferenceWithinTwiceTheNoiseFloorIsNotAFlagWhateverTheT() {
        // Slow blocks almost identical (tiny spread, huge t) but only 0.3 µM apart with a 0.2 µM floor.
        var m = LowActivationMonitor(blockStart: .seconds(100), judges: true,
                                     courses: courses(slow: [0.40, 0.401, 0.399], fast: [0.10, 0.101]),
                                     settings: HbOFadeSettings(), noiseFloorMicromolar: 0.2)
        XCTAssertEqual(run(&m, level: 0.10), [])
        XCTAssertGreaterThan(m.lastComparison?.t ?? 0, 10)
    }

    func testWithOneSlowBlockThereIsNoSpreadToJudgeBy() {
        var m = LowActivationMonitor(blockStart: .seconds(100), judges: true, courses: courses(slow: [0.4], fast: []),
                                     settings: HbOFadeSettings(), noiseFloorMicromolar: 0.1)
        XCTAssertFalse(m.judges)
        XCTAssertEqual(run(&m, level: -0.5), [])
        XCTAssertNil(m.lastComparison)
    }

    func testAFlagClearsWhenTheFastConditionRecovers() {
        var m = LowActivationMonitor(blockStart: .seconds(100), judges: true, courses: courses(slow: slow, fast: earlierFast),
                                     settings: HbOFadeSettings(), noiseFloorMicromolar: 0.05)
        var events: [FadeEvent] = []
        for i in 0..<300 {
            let t = Double(i) / 10
            // Low until 17 s, then far above the slow blocks: the window mean climbs back.
            events += m.sample(at: .seconds(100 + t), hbo: t < 5 ? 0 : (t < 17 ? 0.0 : 3.0))
        }
        XCTAssertEqual(events.count, 2, "\(events)")
        if case .cleared = events.last {} else { XCTFail("not cleared: \(events)") }
    }

    func testTheSettingsAreCheckedAndReadFromAProtocol() throws {
        var s = HbOFadeSettings()
        s.lowActivationHoldBins = 0
        XCTAssertEqual(s.problem, "detectors.hbo.low_activation_hold_bins must be at least 1")
        s = HbOFadeSettings()
        s.lowActivationFloorMultiple = -1
        XCTAssertEqual(s.problem, "detectors.hbo.low_activation_floor_multiple must be ≥ 0")
    }
}
