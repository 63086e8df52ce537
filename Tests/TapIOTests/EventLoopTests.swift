import XCTest
import TapCore
@testable import TapIO

/// `EventLoop` turns driven with fakes: a clock that moves only when told, a wait that delivers
/// scripted keys (or wakes late), a frontend whose drawing takes time, and a record sink.
final class EventLoopTests: XCTestCase {
    final class FakeClock { var now = MonoTime.seconds(100) }

    final class FakeFrontend: SessionFrontend {
        let clock: FakeClock
        /// What drawing one frame costs on the clock.
        var drawCost = Span.zero
        var pending: [TerminalInput] = []
        var frames: [SessionView] = []
        init(clock: FakeClock) { self.clock = clock }
        var inputDescriptor: Int32 { 0 }
        func readInput() -> [TerminalInput] { defer { pending = [] }; return pending }
        func present(_ view: SessionView) {
            frames.append(view)
            clock.now = clock.now + drawCost
        }
        func click() {}
        var size: (columns: Int, lines: Int) { (100, 30) }
    }

    final class FakeSink: LiveRecordSink {
        var inputs: [SessionInput] = []
        var effects: [Effect] = []
        var beats: [(Beat, MonoTime?)] = []
        var finished: SessionSummaryFile?
        var diskStatus: String?
        func recordInput(_ input: SessionInput) { inputs.append(input) }
        func record(_ effect: Effect) { effects.append(effect) }
        func beatHappened(_ beat: Beat, emittedAt: MonoTime?) { beats.append((beat, emittedAt)) }
        func finish(_ session: Session, summary: SessionSummaryFile, source: SourceDetails) { finished = summary }
        func check(now: MonoTime) {}
        func sync() {}
    }

    let definition = SessionProtocol(name: "loop", blocks: [
        Block(kind: .rest, label: "baseline", durationSeconds: 0.5, isBaseline: true),
        Block(kind: .tap, label: "slow", durationSeconds: 1, pace: .hz(2), metronome: .on),
    ])

    /// Runs a whole session: keys arrive at the scripted times (seconds from zero); timed wakes
    /// come `lateness` after they were asked for.
    func run(keys script: [(Double, [Key])], lateness: Span = .zero, drawCost: Span = .zero,
             frameInterval: Span? = nil, diskStatus: String? = nil) -> (FakeSink, FakeFrontend, [(arrived: MonoTime, woke: MonoTime)]) {
        let clock = FakeClock()
        let origin = clock.now
        let frontend = FakeFrontend(clock: clock)
        frontend.drawCost = drawCost
        let sink = FakeSink()
        sink.diskStatus = diskStatus
        var options = EventLoop.Options(sound: false, autotap: nil, unattended: false)
        if let frameInterval { options.frameInterval = frameInterval }
        var script = script.map { (origin + .seconds($0.0), $0.1) }
        var waits = 0
        var deliveries: [(arrived: MonoTime, woke: MonoTime)] = []
        let loop = EventLoop(
            start: SessionStart(originNanoseconds: origin.nanoseconds, subject: "loop", nirsSource: nil,
                                participant: Participant(), formFields: nil),
            definition: definition, frontend: frontend, recorder: sink, signals: nil, options: options,
            clock: { clock.now },
            wait: { descriptors, timeout in
                waits += 1
                let none = Array(repeating: false, count: descriptors.count)
                if let timeout, timeout <= .zero { return none }
                let deadline = timeout.map { clock.now + $0 }
                if let next = script.first, deadline.map({ next.0 <= $0 }) ?? true {
                    script.removeFirst()
                    clock.now = max(clock.now, next.0)  // a key that came while drawing is seen now
                    frontend.pending += next.1.map(TerminalInput.key)
                    deliveries += next.1.map { _ in (next.0, clock.now) }
                    return [true] + none.dropFirst()
                }
                // Nothing scripted would ever wake a loop that waits forever: end the session.
                guard let deadline, waits < 100_000 else {
                    frontend.pending += [.key(.character("q")), .key(.character("y")), .key(.enter)]
                    return [true] + none.dropFirst()
                }
                clock.now = deadline + lateness
                return none
            })
        loop.run()
        return (sink, frontend, deliveries)
    }

    func keyTimes(_ sink: FakeSink) -> [MonoTime] {
        sink.inputs.compactMap { if case .event(.keyPressed(_, let at)) = $0 { return at } else { return nil } }
    }

    func testKeysAreStampedWhenTheLoopWokeNotAfterTheFrameIsDrawn() {
        // Drawing costs 20 ms of the 33 ms frame; two taps arrive together at 0.8 s, one at 1.25 s.
        let space = Key.character(" ")
        let (sink, frontend, deliveries) = run(keys: [(0.1, [.enter]), (0.8, [space, space]), (1.25, [space]), (3, [.enter])],
                                               drawCost: .milliseconds(20))
        XCTAssertEqual(keyTimes(sink), deliveries.map(\.woke),
                       "each key carries the time the loop woke for it, read before any frame is drawn")
        for delivery in deliveries {
            XCTAssertLessThanOrEqual(delivery.woke - delivery.arrived, .milliseconds(20),
                                     "a key that came while a frame was drawing waits at most that frame")
        }
        XCTAssertTrue(deliveries.contains { $0.woke > $0.arrived }, "the script did land keys mid-frame")
        let taps = sink.effects.compactMap { if case .recordTap(let t) = $0 { return t } else { return nil } }
        XCTAssertEqual(taps.count, 3)
        XCTAssertEqual(taps[0].onset, taps[1].onset, "two keys read in one wake share its stamp")
        XCTAssertFalse(frontend.frames.isEmpty)
        XCTAssertEqual(sink.finished?.status, .completed)
    }

    func testALateWakeUpSkipsTheBeatAndIsJournaledAtTheTimeItWoke() {
        // Every timed wake comes 150 ms late (beyond the 100 ms beat tolerance); no frames in between.
        let (sink, _, _) = run(keys: [(0.1, [.enter]), (3, [.enter])], lateness: .milliseconds(150),
                               frameInterval: .seconds(60))
        let origin = MonoTime.seconds(100)
        // The slow block runs 0.6–1.6 s: beats at 0.6 (the block's start, woken late too), 1.1.
        XCTAssertEqual(sink.beats.count, 2)
        XCTAssertTrue(sink.beats.allSatisfy { $0.1 == nil }, "beats woken 150 ms late are skipped, not clicked late")
        let deadlines = sink.inputs.compactMap { if case .event(.deadlineReached(let at)) = $0 { return at } else { return nil } }
        XCTAssertTrue(deadlines.contains(origin + .seconds(1.25)), "the wake for the beat at 1.1 s, 150 ms late: \(deadlines)")
        let skipped = sink.inputs.filter { if case .beat(_, nil) = $0 { return true } else { return false } }
        XCTAssertEqual(skipped.count, 2, "skipped beats are journaled for the replay")
        XCTAssertEqual(sink.finished?.status, .completed)
    }

    func testTheLoopOnlyHandsTheSessionADeadlineWhenSomethingIsDue() {
        // 30 frames a second, yet the session hears a deadline only for beats and block edges.
        let (sink, frontend, _) = run(keys: [(0.1, [.enter]), (3, [.enter])])
        let deadlines = sink.inputs.filter { if case .event(.deadlineReached) = $0 { return true } else { return false } }
        XCTAssertGreaterThan(frontend.frames.count, 30)
        XCTAssertLessThanOrEqual(deadlines.count, 6, "block edges and beats (and the detectors' decisions), not every frame")
        XCTAssertGreaterThanOrEqual(deadlines.count, 3)
    }

    func testAWriteProblemIsOnTheClinicianScreen() {
        let (_, frontend, _) = run(keys: [(0.1, [.enter]), (3, [.enter])], diskStatus: "events.tsv: No space left on device")
        XCTAssertTrue(frontend.frames.contains { $0.logLines.first == "DISK ERROR events.tsv: No space left on device" })
    }
}
