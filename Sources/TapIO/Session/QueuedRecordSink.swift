import Foundation
import Glibc
import TapCore

/// A record sink that hands the driver's calls to another sink on a thread of its own, so a
/// replay's session work and its record writing (formatting the rows, writing the journals,
/// summary.json) run on two cores at once. The per-sample rows of inputs.tsv, nirs_raw.tsv and
/// hemo.tsv go over gathered (`GatheredRows`): every file gets the same rows in the same order;
/// only when they are written changes. For `tapnirs reanalyse`, whose inputs are already on
/// disk: the live loop writes each row before the next input, so a killed session loses nothing
/// it had recorded, and keeps its sink direct.
///
/// Memory stays bounded: calls go over in batches of `batchSize` (`BatchHandoff`); the driver
/// waits while `batchesAhead` batches wait to be taken (the writer may be working through as many
/// more). `close()` must be called: it writes what is left and ends the thread, which holds the sink
/// until then; the wrapped sink is the caller's again after it.
public final class QueuedRecordSink: RecordSink {
    enum Call {
        case input(SessionInput)
        case inputRow(SessionInput, String)
        case effect(Effect)
        case beat(Beat, emittedAt: MonoTime?)
        indirect case finish(Session, SessionSummaryFile, SourceDetails)  // boxed: a Session is large, every call would carry its size
    }

    static let batchSize = 128
    /// 16, not 4: with 4 the session's thread waited for room about a hundred times a replay,
    /// each wait a sleep and a wake-up (costly on a virtual machine); 16 batches of a replay's
    /// calls hold about 600 input rows, a few hundred KiB.
    static let batchesAhead = 16

    /// Written on the sink's thread only, until `close()` returns.
    let target: RecordSink
    let calls = BatchHandoff<Call>(batchSize: QueuedRecordSink.batchSize, batchesAhead: QueuedRecordSink.batchesAhead)
    var thread: pthread_t?

    /// Starts the sink's thread; if no thread can be started, calls go straight to `target`.
    public init(_ target: RecordSink) {
        self.target = target
        thread = try? Syscalls.startThread { self.writerMain() }
    }

    public func recordInput(_ input: SessionInput) { enqueue(.input(input)) }

    public func recordInput(_ input: SessionInput, recordedAs row: () -> String) {
        // The row is read now: the reader's buffer behind it moves on with the next row.
        enqueue(.inputRow(input, row()))
    }

    public func record(_ effect: Effect) { enqueue(.effect(effect)) }

    public func beatHappened(_ beat: Beat, emittedAt: MonoTime?) { enqueue(.beat(beat, emittedAt: emittedAt)) }

    public func finish(_ session: Session, summary: SessionSummaryFile, source: SourceDetails) {
        enqueue(.finish(session, summary, source))
    }

    /// Hands over what is queued, waits until the sink's thread has passed every call on, and
    /// ends it. Idempotent.
    public func close() {
        guard let thread else { return }
        calls.finish()
        pthread_join(thread, nil)
        self.thread = nil
    }

    func enqueue(_ call: Call) {
        guard thread != nil else { return Self.pass(call, to: target) }
        calls.put(call)
    }

    func writerMain() {
        var gathered = GatheredRows()
        while true {
            let taken = calls.take()
            if taken.isEmpty { return }  // closing, and nothing left
            for batch in taken {
                for call in batch { gathered.pass(call, to: target) }
            }
            gathered.flush(to: target)
        }
    }

    /// A replay's rows, an input row, a raw row and an HbO row a sample, gathered into one call
    /// per journal for each piece taken over: `inputs.tsv`, `nirs_raw.tsv` and `hemo.tsv` then
    /// get a few large appends instead of one per sample (each an allocation, a string and the
    /// journal's bookkeeping: ≈ 30 M instructions over a 690 s session). Each journal gets the
    /// same rows in the same order; only the order of writes across files changes, which no file
    /// shows. Rows of the other journals (taps, events, beats) and channels.tsv pass at once;
    /// anything else (an input to format, the fNIRS start, a sync, the end) after the rows
    /// gathered before it.
    struct GatheredRows {
        var inputs: [(input: SessionInput, row: String)] = []
        var nirs: [NirsSample] = []
        var hemo: [HemoSample] = []

        mutating func pass(_ call: Call, to sink: RecordSink) {
            switch call {
            case .inputRow(let input, let row): inputs.append((input, row))
            case .effect(.recordNirs(let samples)): nirs += samples
            case .effect(.recordHemo(let rows)): hemo += rows
            case .effect(.recordTap), .effect(.amendLastTap), .effect(.recordEvent), .effect(.recordChannelQuality), .beat:
                QueuedRecordSink.pass(call, to: sink)  // files of their own
            default:
                flush(to: sink)
                QueuedRecordSink.pass(call, to: sink)
            }
        }

        mutating func flush(to sink: RecordSink) {
            if !inputs.isEmpty {
                sink.recordInputs(inputs)
                inputs.removeAll(keepingCapacity: true)
            }
            if !nirs.isEmpty {
                sink.record(.recordNirs(nirs))
                nirs.removeAll(keepingCapacity: true)
            }
            if !hemo.isEmpty {
                sink.record(.recordHemo(hemo))
                hemo.removeAll(keepingCapacity: true)
            }
        }
    }

    static func pass(_ call: Call, to sink: RecordSink) {
        switch call {
        case .input(let input): sink.recordInput(input)
        case .inputRow(let input, let row): sink.recordInput(input, recordedAs: { row })
        case .effect(let effect): sink.record(effect)
        case .beat(let beat, let emittedAt): sink.beatHappened(beat, emittedAt: emittedAt)
        case .finish(let session, let summary, let source): sink.finish(session, summary: summary, source: source)
        }
    }
}
