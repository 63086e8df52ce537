import Foundation
import XCTest
import TapCore
@testable import TapIO

/// The queued sink must hand the wrapped sink the driver's calls, in order, whatever the two
/// threads' speeds (a replay's per-sample fNIRS rows gathered, each journal's in order);
/// `close()` must leave nothing behind.
final class QueuedRecordSinkTests: XCTestCase {
    /// Notes every call (on the queue's thread), optionally slowly, and which thread made it.
    final class Notebook: RecordSink, @unchecked Sendable {
        var calls: [String] = []
        var threads = Set<UInt>()
        let delayEvery: Int
        init(delayEvery: Int = 0) { self.delayEvery = delayEvery }
        func note(_ call: String) {
            calls.append(call)
            threads.insert(UInt(bitPattern: Int(pthread_self())))
            if delayEvery > 0, calls.count % delayEvery == 0 { usleep(200) }
        }
        func recordInput(_ input: SessionInput) { note("input \(input)") }
        func recordInput(_ input: SessionInput, recordedAs row: () -> String) { note("row " + row()) }
        func record(_ effect: Effect) { note("effect \(effect)") }
        func beatHappened(_ beat: Beat, emittedAt: MonoTime?) { note("beat \(beat.index) \(String(describing: emittedAt))") }
        func finish(_ session: Session, summary: SessionSummaryFile, source: SourceDetails) { note("finish \(summary.status)") }
    }

    func calls(into sink: RecordSink, count: Int) {
        for i in 0..<count {
            let time = MonoTime(nanoseconds: Int64(i) * 1_000_000)
            switch i % 4 {
            case 0: sink.beatHappened(Beat(blockIndex: 0, index: i, time: time, audible: true, visual: false), emittedAt: i % 8 == 0 ? nil : time)
            case 1: sink.recordInput(.event(.keyPressed(.character("a"), at: time)))
            case 2:
                var row = "\(i)\tkey\tchar:a\n"
                sink.recordInput(.event(.keyPressed(.character("a"), at: time)), recordedAs: { row })
                row = "changed after the call"  // the row is read during the call
            default: sink.record(.recordEvent(EventRecord(onset: Span(nanoseconds: Int64(i)), duration: nil, trialType: "marker", value: "\(i)")))
            }
        }
    }

    func testEveryCallArrivesInOrderForItsFileOnAnotherThreadAndCloseDrains() {
        let direct = Notebook()
        calls(into: direct, count: 5_000)
        for delay in [0, 97] {  // a writer as fast as the driver, and one that keeps it waiting
            let target = Notebook(delayEvery: delay)
            let queued = QueuedRecordSink(target)
            calls(into: queued, count: 5_000)
            queued.close()
            XCTAssertEqual(target.calls.count, 5_000)
            // Per file, in the driver's order (rows of different files may pass each other).
            for file in [["input ", "row "], ["effect "], ["beat "]] {
                func calls(_ all: [String]) -> [String] { all.filter { call in file.contains { call.hasPrefix($0) } } }
                let firstDifference = zip(calls(target.calls), calls(direct.calls)).enumerated().first { $0.element.0 != $0.element.1 }
                XCTAssertNil(firstDifference.map { "call \($0.offset): \($0.element.0), expected \($0.element.1)" },
                             "writer delay \(delay)")
            }
            XCTAssertFalse(target.threads.contains(UInt(bitPattern: Int(pthread_self()))), "the calls ran on the queue's thread")
            queued.close()  // idempotent
            XCTAssertEqual(target.calls.count, 5_000)
        }
    }

    /// Notes each fNIRS sample and HbO row of an effect on its own, so gathered rows compare
    /// with the driver's one-a-call.
    final class RowNotebook: RecordSink, @unchecked Sendable {
        var notes: [String] = []
        var effectCalls = 0, inputCalls = 0
        func recordInput(_ input: SessionInput) { notes.append("input") }
        func recordInput(_ input: SessionInput, recordedAs row: () -> String) {
            inputCalls += 1
            notes.append("row " + row())
        }
        func recordInputs(_ inputs: [(input: SessionInput, row: String)]) {
            inputCalls += 1
            notes += inputs.map { "row " + $0.row }
        }
        func record(_ effect: Effect) {
            effectCalls += 1
            switch effect {
            case .recordNirs(let samples): notes += samples.map { "nirs \($0.hostTime.nanoseconds)" }
            case .recordHemo(let rows): notes += rows.map { "hemo \($0.time.nanoseconds)" }
            default: notes.append("effect \(effect)")
            }
        }
        func beatHappened(_ beat: Beat, emittedAt: MonoTime?) { notes.append("beat \(beat.index)") }
        func finish(_ session: Session, summary: SessionSummaryFile, source: SourceDetails) { notes.append("finish") }
    }

    /// A replay's calls: per sample an input row, its raw row and its HbO row; now and then an
    /// event (a file of its own: it may go first) and an input to format (inputs.tsv, like the
    /// rows: after them). Each journal gets the same rows in the same order, in fewer calls, and
    /// the formatted input comes after every row the driver recorded before it.
    func testFnirsRowsAreGatheredWithEachJournalInOrderAndNothingOvertaken() {
        func replay(into sink: RecordSink) {
            for i in 0..<3_000 {
                let time = MonoTime(nanoseconds: Int64(i) * 1_000_000)
                sink.recordInput(.event(.keyPressed(.character("a"), at: time)), recordedAs: { "\(i)\tnirs\n" })
                sink.record(.recordNirs([NirsSample(hostTime: time, deviceTimeMilliseconds: nil, values: [1, 2])]))
                sink.record(.recordHemo([HemoSample(time: time, hbo: [0.5], hbr: [-0.5])]))
                if i % 250 == 7 { sink.record(.recordEvent(EventRecord(onset: Span(nanoseconds: Int64(i)), duration: nil, trialType: "marker", value: "\(i)"))) }
                if i % 400 == 11 { sink.recordInput(.event(.keyPressed(.character("b"), at: time))) }
            }
        }
        let direct = RowNotebook()
        replay(into: direct)
        let target = RowNotebook()
        let queued = QueuedRecordSink(target)
        replay(into: queued)
        queued.close()
        func only(_ prefix: String, _ notes: [String]) -> [String] { notes.filter { $0.hasPrefix(prefix) } }
        for kind in ["row", "nirs", "hemo", "effect", "input"] {
            XCTAssertEqual(only(kind, target.notes), only(kind, direct.notes), "\(kind): the same rows in the same order")
        }
        // Before each formatted input: the same rows as the driver had recorded by then.
        func rowsBeforeInputs(_ notes: [String]) -> [Int] {
            var count = 0, counts: [Int] = []
            for note in notes {
                if note.hasPrefix("nirs") || note.hasPrefix("hemo") || note.hasPrefix("row") { count += 1 }
                if note.hasPrefix("input") { counts.append(count) }
            }
            return counts
        }
        XCTAssertEqual(rowsBeforeInputs(target.notes), rowsBeforeInputs(direct.notes))
        XCTAssertFalse(rowsBeforeInputs(direct.notes).isEmpty)
        XCTAssertLessThan(target.effectCalls, direct.effectCalls / 10, "the rows went over in a few calls")
        XCTAssertLessThan(target.inputCalls, direct.inputCalls / 10)
    }

    func testAFewCallsBelowOneBatchStillArriveAtClose() {
        let target = Notebook()
        let queued = QueuedRecordSink(target)
        calls(into: queued, count: 3)
        queued.close()
        XCTAssertEqual(target.calls.count, 3)
    }
}
