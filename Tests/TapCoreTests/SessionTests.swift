import XCTest
@testable import TapCore

/// Reducer scripts on a virtual clock: every effect of every event is checked.
final class SessionTests: XCTestCase {
    let space = Key.character(" ")

    /// baseline 2 s → slow 4 s @ 2 Hz (metronome) → rest 2 s → fast 4 s self-paced.
    func shortProtocol(onPause: PauseRule = .resume) -> SessionProtocol {
        SessionProtocol(name: "short", onPause: onPause, blocks: [
            Block(kind: .rest, label: "baseline", durationSeconds: 2, isBaseline: true),
            Block(kind: .tap, label: "slow", durationSeconds: 4, pace: .hz(2), metronome: .on),
            Block(kind: .rest, label: "rest", durationSeconds: 2),
            Block(kind: .tap, label: "fast", durationSeconds: 4, pace: .selfPaced),
        ])
    }

    func started(_ definition: SessionProtocol? = nil, at seconds: Double = 1) -> Session {
        var session = Session(definition: definition ?? shortProtocol(), origin: .zero, subjectID: "t")
        _ = session.handle(.keyPressed(.enter, at: .seconds(seconds)))
        return session
    }

    func taps(_ effects: [Effect]) -> [TapRecord] {
        effects.compactMap { if case .recordTap(let t) = $0 { return t } else { return nil } }
    }

    func clicks(_ effects: [Effect]) -> [Beat] {
        effects.compactMap { if case .click(let b) = $0 { return b } else { return nil } }
    }

    func testReadySessionHasNoDeadlineAndEnterStartsTheFirstBlock() {
        var session = Session(definition: shortProtocol(), origin: .zero, subjectID: "t")
        XCTAssertEqual(session.phase, .ready)
        XCTAssertNil(session.nextDeadline)
        let effects = session.handle(.keyPressed(.enter, at: .seconds(1.5)))
        XCTAssertEqual(effects, [
            .started(at: .seconds(1.5)),
            .recordEvent(EventRecord(onset: .seconds(1.5), duration: .seconds(2), trialType: "baseline",
                                     value: "block=1;cue=REST")),
        ])
        XCTAssertEqual(session.phase, .running)
        XCTAssertEqual(session.nextDeadline, .seconds(3.5))
    }

    func testBlocksFollowAtTheirPlannedTimesAndTheSessionCompletes() {
        var session = started()
        var events: [EventRecord] = []
        var finished: [SessionStatus] = []
        while let deadline = session.nextDeadline {
            for effect in session.handle(.deadlineReached(at: deadline + .milliseconds(3))) {
                // Nobody taps here, so the fade detectors raise behind_beat/fade_tap: not this test's subject.
                if case .recordEvent(let e) = effect, FadeFlag.Kind(rawValue: e.trialType) == nil { events.append(e) }
                if case .finished(let s) = effect { finished.append(s) }
            }
        }
        // Block onsets are the planned edges, not the (3 ms late) wake-up times.
        XCTAssertEqual(events.map(\.trialType), ["slow", "rest", "fast", "session_end"])
        XCTAssertEqual(events.map(\.onset), [.seconds(3), .seconds(7), .seconds(9), .seconds(13)])
        XCTAssertEqual(events.last?.value, "completed")
        XCTAssertEqual(finished, [.completed])
        XCTAssertEqual(session.phase, .finished)
    }

    func testBeatsFallOnTheAbsoluteGridAndDoNotDriftOverTenThousandBeats() {
        // 10,000 beats at 1.7 Hz: a period that is not a whole number of nanoseconds in decimal.
        let block = Block(kind: .tap, label: "paced", durationSeconds: 10_000 / 1.7 + 0.3, pace: .hz(1.7), metronome: .on)
        var session = Session(definition: SessionProtocol(name: "long", blocks: [block]), origin: .zero, subjectID: "t")
        let period = Span.seconds(1 / 1.7)
        var beats = clicks(session.handle(.keyPressed(.enter, at: .zero)))  // beat 0 at the block start
        var jitter: Int64 = 1
        while let deadline = session.nextDeadline, beats.count < 10_001 {
            jitter = (jitter &* 1103515245 &+ 12345) % 40_000_000  // wake 0–40 ms late, varying
            beats += clicks(session.handle(.deadlineReached(at: deadline + Span(nanoseconds: abs(jitter)))))
        }
        XCTAssertEqual(beats.count, 10_001)
        for (k, beat) in beats.enumerated() where beat.index != k || beat.time != MonoTime.zero + period * Int64(k) {
            XCTFail("beat \(k) at \(beat.time), expected \(MonoTime.zero + period * Int64(k))")
            break
        }
        // The last beat is exactly 10,000 periods after the first: lateness never accumulates.
        XCTAssertEqual(beats[10_000].time - beats[0].time, period * 10_000)
    }

    func testABeatMoreThanTheToleranceLateIsSkippedNotClicked() {
        var session = started(at: 0)
        _ = session.handle(.deadlineReached(at: .seconds(2)))  // slow block starts: beat 0 at 2.0
        let effects = session.handle(.deadlineReached(at: .seconds(3.2)))  // stalled: beats at 2.5 and 3.0 due
        let skipped = effects.compactMap { if case .skipBeat(let b) = $0 { return b.index } else { return nil } }
        XCTAssertEqual(skipped, [1, 2])  // 700 ms and 200 ms late: both beyond the 100 ms tolerance
        XCTAssertTrue(clicks(effects).isEmpty)
        // 90 ms late is within tolerance: clicked.
        XCTAssertEqual(clicks(session.handle(.deadlineReached(at: .seconds(3.59)))).map(\.index), [3])
        // Next: the behind-beat detector's decision on beat 3 (3.5 s), one nanosecond past its
        // 175 ms tolerance — before the next beat at 4.0 s.
        XCTAssertEqual(session.nextDeadline, .seconds(3.675) + Span(nanoseconds: 1))
    }

    func testAKeyJustAfterABlockEndCountsInTheNextBlockEvenIfTheLoopWokeLate() {
        var session = started(at: 0)
        // No deadline event was delivered at 2.0: the key at 2.001 must still land in block 2.
        let effects = session.handle(.keyPressed(space, at: .seconds(2.001)))
        let tap = taps(effects).first
        XCTAssertEqual(tap?.blockIndex, 1)
        XCTAssertEqual(tap?.blockLabel, "slow")
        XCTAssertEqual(tap?.inBlock, true)
        XCTAssertEqual(tap?.beatOffset, .milliseconds(1))
        XCTAssertEqual(clicks(effects).map(\.index), [0], "beat 0 of the block, 1 ms late, clicked first")
    }

    func testTapIntervalsAndBeatOffsetsAreMeasuredFromTheGrid() {
        var session = started(at: 0)
        _ = session.handle(.deadlineReached(at: .seconds(2)))
        let first = taps(session.handle(.keyPressed(space, at: .seconds(2.48)))).first
        let second = taps(session.handle(.keyPressed(space, at: .seconds(3.03)))).first
        XCTAssertEqual(first?.iti, nil)
        XCTAssertEqual(first?.beatOffset, .milliseconds(-20))
        XCTAssertEqual(second?.iti, .milliseconds(550))
        XCTAssertEqual(second?.beatOffset, .milliseconds(30))
        XCTAssertEqual(first?.onset, .seconds(2.48))
    }

    func testTapsDuringRestAndBeforeTheStartAreRecordedButNotCounted() {
        var session = Session(definition: shortProtocol(), origin: .zero, subjectID: "t")
        let early = taps(session.handle(.keyPressed(space, at: .seconds(0.5)))).first
        XCTAssertEqual(early?.blockIndex, nil)
        XCTAssertEqual(early?.inBlock, false)
        _ = session.handle(.keyPressed(.enter, at: .seconds(1)))
        let rest = taps(session.handle(.keyPressed(space, at: .seconds(1.5)))).first
        XCTAssertEqual(rest?.blockIndex, 0)
        XCTAssertEqual(rest?.inBlock, false)
        XCTAssertEqual(rest?.iti, nil)
        XCTAssertEqual(rest?.beatOffset, nil)
    }

    func testNonTapKeysNeverCountAsTaps() {
        var session = started(at: 0)
        _ = session.handle(.deadlineReached(at: .seconds(2)))
        for key: Key in [.character("x"), .character("v"), .character("?"), .enter, .special(260), .backspace] {
            XCTAssertTrue(taps(session.handle(.keyPressed(key, at: .seconds(2.2)))).isEmpty, "\(key)")
        }
        XCTAssertEqual(session.view(at: .seconds(2.3)).blockTaps, 0)
    }

    func testHeldKeyAutoRepeatIsRecordedMarkedAndLeftOutOfStatistics() {
        var session = started(at: 0)
        _ = session.handle(.deadlineReached(at: .seconds(2)))
        // A real tap, then a held key: first repeat after the keyboard's 500 ms delay, then every 33 ms.
        let press = taps(session.handle(.keyPressed(space, at: .seconds(2.5))))
        XCTAssertEqual(press.first?.autorepeat, false)
        let firstRepeat = session.handle(.keyPressed(space, at: .seconds(3.0)))
        XCTAssertEqual(taps(firstRepeat).first?.autorepeat, false, "not yet recognisable")
        XCTAssertEqual(taps(firstRepeat).first?.iti, .milliseconds(500))
        let secondRepeat = session.handle(.keyPressed(space, at: .seconds(3.033)))
        var amended = taps(firstRepeat)[0]
        amended.autorepeat = true
        amended.iti = nil
        XCTAssertEqual(secondRepeat.first, .amendLastTap(amended))
        XCTAssertEqual(taps(secondRepeat).first?.autorepeat, true)
        XCTAssertEqual(taps(secondRepeat).first?.iti, nil)
        let third = session.handle(.keyPressed(space, at: .seconds(3.066)))
        XCTAssertEqual(third.count, 1, "no second amendment")
        XCTAssertEqual(taps(third).first?.autorepeat, true)
        // The next real tap's interval is measured from the last counted tap (2.5 s).
        let next = taps(session.handle(.keyPressed(space, at: .seconds(3.5)))).first
        XCTAssertEqual(next?.autorepeat, false)
        XCTAssertEqual(next?.iti, .seconds(1.0))
        let view = session.view(at: .seconds(3.6))
        XCTAssertEqual(view.blockTaps, 2)
        XCTAssertEqual(view.blockAutorepeats, 3)
    }

    func testPauseWithResumeShiftsTheBlockAndKeepsTheBeatPhase() {
        var session = started(at: 0)
        while let d = session.nextDeadline, d <= .seconds(3) { _ = session.handle(.deadlineReached(at: d)) }  // slow starts at 2.0
        let pause = session.handle(.keyPressed(.character("p"), at: .seconds(3.1)))
        XCTAssertEqual(pause, [.recordEvent(EventRecord(onset: .seconds(3.1), duration: nil, trialType: "pause", value: "block=2"))])
        XCTAssertNil(session.nextDeadline)
        let paused = taps(session.handle(.keyPressed(space, at: .seconds(4))))
        XCTAssertEqual(paused.first?.inBlock, false)
        let resume = session.handle(.keyPressed(.character("p"), at: .seconds(8.1)))
        XCTAssertEqual(resume.first, .recordEvent(EventRecord(onset: .seconds(8.1), duration: nil, trialType: "resume",
                                                              value: "block=2;paused_s=5.000000;rule=resume")))
        // Paused 5 s: the beat due at 3.5 now falls at 8.5, the block ends at 11.0 instead of 6.0.
        XCTAssertEqual(session.nextDeadline, .seconds(8.5))
        XCTAssertEqual(session.view(at: .seconds(8.1)).blockElapsedSeconds, 1.1, accuracy: 1e-9)
        var edges: [EventRecord] = []
        while let d = session.nextDeadline, d < .seconds(11.5) {
            for e in session.handle(.deadlineReached(at: d)) {
                if case .recordEvent(let r) = e, FadeFlag.Kind(rawValue: r.trialType) == nil { edges.append(r) }
            }
        }
        XCTAssertEqual(edges.first?.trialType, "rest")
        XCTAssertEqual(edges.first?.onset, .seconds(11))
    }

    func testPauseWithRestartRunsTheBlockAgainInFull() {
        var session = started(shortProtocol(onPause: .restart), at: 0)
        _ = session.handle(.deadlineReached(at: .seconds(2)))
        _ = session.handle(.keyPressed(space, at: .seconds(2.5)))
        _ = session.handle(.keyPressed(.character("p"), at: .seconds(3)))
        let resume = session.handle(.keyPressed(.character("p"), at: .seconds(10)))
        XCTAssertTrue(resume.contains(.recordEvent(EventRecord(onset: .seconds(10), duration: .seconds(4), trialType: "slow",
                                                               value: "block=2;cue=TAP SLOW;pace_hz=2.0;restarted"))))
        XCTAssertEqual(clicks(resume).map(\.time), [.seconds(10)], "beat 0 of the restarted block")
        XCTAssertEqual(session.view(at: .seconds(10)).blockTaps, 0, "taps before the restart no longer count")
        XCTAssertEqual(session.view(at: .seconds(10)).blockRemainingSeconds, 4, accuracy: 1e-9)
    }

    func testQuitAsksForConfirmationAndNoKeepsTheSessionRunning() {
        var session = started(at: 0)
        XCTAssertEqual(session.handle(.keyPressed(.character("q"), at: .seconds(1))), [])
        XCTAssertTrue(session.view(at: .seconds(1)).confirmingQuit)
        _ = session.handle(.keyPressed(.character("n"), at: .seconds(1.2)))
        XCTAssertEqual(session.phase, .running)
        XCTAssertFalse(session.view(at: .seconds(1.2)).confirmingQuit)
        _ = session.handle(.keyPressed(.escape, at: .seconds(1.3)))
        let end = session.handle(.keyPressed(.character("y"), at: .seconds(1.4)))
        XCTAssertEqual(end, [
            .recordEvent(EventRecord(onset: .seconds(1.4), duration: nil, trialType: "session_end",
                                     value: "aborted;reason=ended by clinician")),
            .syncToDisk, .finished(.aborted),
        ])
        XCTAssertEqual(session.handle(.keyPressed(.enter, at: .seconds(2))), [.exit])
    }

    func testASignalEndsTheSessionAtOnceAsAborted() {
        var session = started(at: 0)
        let effects = session.handle(.quitRequested(at: .seconds(1), reason: "SIGTERM"))
        XCTAssertTrue(effects.contains(.finished(.aborted)))
        XCTAssertEqual(effects.last, .exit)
        XCTAssertEqual(session.endReason, "SIGTERM")
    }

    func testMarkersAreNumberedEvents() {
        var session = started(at: 0)
        XCTAssertEqual(session.handle(.keyPressed(.character("m"), at: .seconds(1))),
                       [.recordEvent(EventRecord(onset: .seconds(1), duration: nil, trialType: "marker", value: "1"))])
        XCTAssertEqual(session.handle(.keyPressed(.character("m"), at: .seconds(1.5))),
                       [.recordEvent(EventRecord(onset: .seconds(1.5), duration: nil, trialType: "marker", value: "2"))])
    }

    func testSummariesCoverEveryTappingBlockReached() {
        var session = started(at: 0)
        _ = session.handle(.deadlineReached(at: .seconds(2)))
        for k in 0..<8 { _ = session.handle(.keyPressed(space, at: .seconds(2 + 0.5 * Double(k)))) }
        while let d = session.nextDeadline { _ = session.handle(.deadlineReached(at: d)) }
        let summaries = session.summaries
        XCTAssertEqual(summaries.map(\.label), ["slow", "fast"])
        XCTAssertEqual(summaries[0].taps, 8)
        XCTAssertEqual(summaries[0].rateHz ?? 0, 2, accuracy: 1e-9)
        XCTAssertEqual(summaries[0].meanAsynchronySeconds ?? 1, 0, accuracy: 1e-9)
        XCTAssertEqual(summaries[1].taps, 0)
    }

    func testTheSameEventsReplayToTheSameRecords() {
        let script: [Event] = [
            .keyPressed(space, at: .seconds(0.2)), .keyPressed(.enter, at: .seconds(1)),
            .deadlineReached(at: .seconds(3)), .keyPressed(space, at: .seconds(3.21)), .keyPressed(space, at: .seconds(3.7)),
            .keyPressed(.character("p"), at: .seconds(4)), .keyPressed(.character("p"), at: .seconds(5)),
            .keyPressed(space, at: .seconds(5.3)), .keyPressed(space, at: .seconds(5.32)), .keyPressed(space, at: .seconds(5.34)),
            .deadlineReached(at: .seconds(20)),
        ]
        func replay() -> [String] {
            var session = Session(definition: shortProtocol(), origin: .zero, subjectID: "t")
            return script.flatMap { session.handle($0) }.compactMap { effect -> String? in
                switch effect {
                case .recordTap(let t), .amendLastTap(let t): return RecordFormat.tapLine(t)
                case .recordEvent(let e): return RecordFormat.eventLine(e)
                case .click(let b): return RecordFormat.beatLine(b, origin: .zero, emitted: b.time)
                default: return nil
                }
            }
        }
        let first = replay()
        XCTAssertEqual(first, replay())
        XCTAssertGreaterThan(first.count, 10)
    }
}
