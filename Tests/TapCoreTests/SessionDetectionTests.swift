import XCTest
@testable import TapCore

/// The fade detectors inside the session reducer: flags as events.tsv rows when they happen,
/// cleared at block end, summarised per block.
final class SessionDetectionTests: XCTestCase {
    let space = Key.character(" ")
    /// baseline 2 s → fast 30 s (self-paced) → rest 3 s.
    let definition = SessionProtocol(name: "d", blocks: [
        Block(kind: .rest, label: "baseline", durationSeconds: 2, isBaseline: true),
        Block(kind: .tap, label: "fast", durationSeconds: 30, pace: .selfPaced),
        Block(kind: .rest, label: "rest", durationSeconds: 3),
    ])

    func flagRows(_ effects: [Effect]) -> [EventRecord] {
        effects.compactMap {
            if case .recordEvent(let e) = $0, FadeFlag.Kind(rawValue: e.trialType) != nil { return e } else { return nil }
        }
    }

    /// Enter at 0; the fast block runs 2–32 s. Taps at `interval(t)` from 2 s; the loop ticks every 50 ms.
    func run(until end: Double, interval: (Double) -> Double?) -> (Session, [Effect]) {
        var session = Session(definition: definition, origin: .zero, subjectID: "t")
        var effects = session.handle(.keyPressed(.enter, at: .zero))
        var nextTap = 2.0
        var tick = 0.0
        while tick < end {
            tick += 0.05
            while nextTap <= tick {
                effects += session.handle(.keyPressed(space, at: .seconds(nextTap)))
                guard let gap = interval(nextTap) else { nextTap = .infinity; break }
                nextTap += gap
            }
            effects += session.handle(.deadlineReached(at: .seconds(tick)))
        }
        return (session, effects)
    }

    func testSteadyTappingRaisesNoFlag() {
        let (session, effects) = run(until: 36) { _ in 0.2 }
        XCTAssertEqual(flagRows(effects), [])
        XCTAssertEqual(session.detections.count, 1)
        XCTAssertEqual(session.detections.first?.label, "fast")
        XCTAssertNil(session.detections.first?.tap?.onsetSeconds)
        // What was measured, not "held": a steady 5 Hz has no decline, well within the healthy range.
        XCTAssertEqual(session.detections.first?.reading,
                       "fast (block 2): decline 0 %, within the healthy range (rate 0 % · healthy −14 ± 6 % · z -2.3; 18–30 norm, age not given)")
        let decline = try? XCTUnwrap(session.detections.first?.tap?.decline)
        XCTAssertEqual(decline?.declineFraction ?? 1, 0, accuracy: 1e-9)
        XCTAssertEqual(session.detections.first?.tap?.beyondHealthyRange, false)
    }

    func testAFallingRateIsFlaggedWhileTheBlockRunsAndClearedAtItsEnd() throws {
        // 5 Hz, then 40 % slower from 14 s (12 s into the block).
        let (session, effects) = run(until: 36) { t in t < 14 ? 0.2 : 0.2 / 0.6 }
        let rows = flagRows(effects)
        let raised = try XCTUnwrap(rows.first)
        XCTAssertEqual(raised.trialType, "fade_tap")
        XCTAssertTrue(raised.value?.hasPrefix("state=raised;fade_onset=") == true, raised.value ?? "")
        XCTAssertGreaterThan(raised.onset.seconds, 14)
        XCTAssertLessThan(raised.onset.seconds, 17, "raised within 3 s of the change")
        XCTAssertTrue(raised.value?.contains("block=2") == true)
        let cleared = try XCTUnwrap(rows.last)
        XCTAssertEqual(cleared.onset, .seconds(32), "brought down when the block ends")
        XCTAssertTrue(cleared.value?.contains("state=cleared") == true && cleared.value?.contains("reason=block ended") == true)
        let onset = try XCTUnwrap(session.detections.first?.tap?.onsetSeconds)
        XCTAssertEqual(onset, 12, accuracy: 1.0)
        let reading = try XCTUnwrap(session.detections.first?.reading)
        XCTAssertTrue(reading.contains("decline 40 %, beyond the healthy range (rate −40 % · healthy −"), reading)
        XCTAssertTrue(reading.hasSuffix("flagged from 12.0 s") || reading.hasSuffix("flagged from 12.2 s"), reading)
        XCTAssertEqual(session.detections.first?.tap?.beyondHealthyRange, true)
    }

    func testTheFlagIsOnTheClinicianViewWhileItIsUp() {
        var (session, _) = run(until: 20) { t in t < 14 ? 0.2 : 0.4 }
        let view = session.view(at: .seconds(20))
        XCTAssertEqual(view.flags.count, 1)
        XCTAssertTrue(view.flags.first?.hasPrefix("TAP FADE -") == true, view.flags.first ?? "")
        XCTAssertTrue(view.logLines.contains { $0.contains("TAP FADE") })
        _ = session.handle(.keyPressed(.character("v"), at: .seconds(20)))
        XCTAssertTrue(session.view(at: .seconds(20)).subjectView, "the subject screen draws from the view but never shows flags")
    }

    func testASubjectWhoStopsTappingIsFlaggedWithoutAnyKey() throws {
        let (_, effects) = run(until: 20) { t in t < 12 ? 0.2 : nil }
        let raised = try XCTUnwrap(flagRows(effects).first)
        XCTAssertEqual(raised.trialType, "fade_tap")
        XCTAssertLessThan(raised.onset.seconds, 15, "the loop's ticks alone raise it")
    }

    func testAPauseEndsTheBlocksDetectionAndResumeStartsItAfresh() {
        var session = Session(definition: definition, origin: .zero, subjectID: "t")
        _ = session.handle(.keyPressed(.enter, at: .zero))
        for k in 0..<40 { _ = session.handle(.keyPressed(space, at: .seconds(2 + 0.2 * Double(k)))) }
        _ = session.handle(.keyPressed(.character("p"), at: .seconds(10.1)))
        XCTAssertNil(session.tapDetector)
        XCTAssertEqual(session.detections.count, 1, "the part before the pause is summarised")
        // A long pause is not a stop.
        let resumed = session.handle(.keyPressed(.character("p"), at: .seconds(40)))
        XCTAssertNotNil(session.tapDetector)
        XCTAssertEqual(flagRows(resumed), [])
        var effects: [Effect] = []
        for k in 0..<30 { effects += session.handle(.keyPressed(space, at: .seconds(40.1 + 0.2 * Double(k)))) }
        XCTAssertEqual(flagRows(effects), [])
    }

    func testRestBlocksRunNoDetector() {
        var session = Session(definition: definition, origin: .zero, subjectID: "t")
        _ = session.handle(.keyPressed(.enter, at: .zero))
        XCTAssertNil(session.tapDetector)
        XCTAssertNil(session.hboDetector)
        _ = session.handle(.deadlineReached(at: .seconds(2)))
        XCTAssertNotNil(session.tapDetector)
        XCTAssertNil(session.hboDetector, "no fNIRS in this session")
    }
}
