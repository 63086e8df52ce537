import Foundation
import TapCore

/// A session's `inputs.tsv` fed again, row by row in bounded memory, through a `SessionDriver`:
/// the same inputs, at the same nanoseconds, in the same order, give the same records
/// (docs/decisions.md, "One driver, one record of inputs"). Used by `tapnirs recover` (the
/// final figures of a killed session) and `tapnirs reanalyse` (every file again, in a new folder).
public enum SessionReplay {
    public struct Failure: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "\(path): \(reason)" }
    }

    public struct Result {
        public var driver: SessionDriver
        public var session: Session { driver.session }
        /// Inputs fed (rows after `start`).
        public var inputs: Int
        /// Session time of the last input (from session time zero).
        public var lastTime: Span
        /// Rows left out, each with its line and why (a row cut by a kill, a malformed one).
        public var skipped: [String]
    }

    /// Replays `folder`'s inputs under `definition` into `sink`. nil when there is no `inputs.tsv`.
    public static func run(folder: String, definition: SessionProtocol, sink: RecordSink, norms: NormTable?,
                           source: SourceDetails = SourceDetails()) throws(Failure) -> Result? {
        try Reading.start(folder: folder, keepsRows: !(sink is DiscardingSink))?
            .run(definition: definition, sink: sink, norms: norms, source: source)
    }

    /// `inputs.tsv` read and parsed on a thread of its own (`InputReader`) while the caller runs
    /// the session (`run`): the same inputs, in the same order, reach the driver either way. It
    /// starts at once, so the reading can get ahead while the caller still sets up — up to
    /// `readAhead` batches of 64 rows, then it waits (bounded memory).
    public final class Reading {
        let parsed: InputReader
        let handoff: BatchHandoff<InputReader.Row>
        private var thread: pthread_t?
        private var done = false

        /// nil when the folder has no `inputs.tsv`. `keepsRows`: hand each row's text to the sink
        /// (a sink that writes `inputs.tsv` again needs it).
        public static func start(folder: String, keepsRows: Bool, readAhead: Int = 4) throws(Failure) -> Reading? {
            let name = "inputs.tsv"
            let reader: JournalReader?
            do { reader = try JournalReader.open(folder: folder, name: name) } catch {
                throw Failure(path: folder + "/" + name, reason: "\(error)")
            }
            guard let reader else { return nil }
            guard reader.header == InputRecordFormat.header else {
                throw Failure(path: reader.path, reason: "header is \(reader.header.joined(separator: " ")), expected "
                              + InputRecordFormat.header.joined(separator: " "))
            }
            return Reading(InputReader(reader, keepsRows: keepsRows), readAhead: readAhead)
        }

        init(_ parsed: InputReader, readAhead: Int) {
            self.parsed = parsed
            let handoff = BatchHandoff<InputReader.Row>(batchSize: 64, batchesAhead: max(1, readAhead))
            self.handoff = handoff
            thread = try? Syscalls.startThread {
                parsed.read(into: handoff.put, until: { handoff.isAbandoned })
                handoff.finish()
            }
        }

        /// A reading never run: its thread stops at its next row and is joined.
        deinit {
            guard let thread else { return }
            handoff.abandon()
            pthread_join(thread, nil)
        }

        /// Feeds every input to a driver made from the start row. Once only.
        public func run(definition: SessionProtocol, sink: RecordSink, norms: NormTable?,
                        source: SourceDetails = SourceDetails()) throws(Failure) -> Result {
            precondition(!done, "a reading is run once")
            done = true
            var driver: SessionDriver?
            var count = 0
            var last = Span.zero
            func feed(_ row: InputReader.Row) {
                switch row {
                case .start(let start):
                    let made = SessionDriver(start: start, definition: definition, sink: sink, norms: norms)
                    made.sourceDetails = { source }
                    made.tracksDisplay = false  // no screen: records only
                    driver = made
                case .input(let input, let time, let text):
                    driver?.replay(input, recordedAs: { text ?? "" })
                    count += 1
                    last = max(last, time)
                }
            }
            if let thread {
                while case let taken = handoff.take(), !taken.isEmpty {
                    for batch in taken { for row in batch { feed(row) } }
                }
                pthread_join(thread, nil)
                self.thread = nil
            } else {
                parsed.read(into: feed, until: { false })  // no second thread: read here
            }
            if let failure = parsed.failure { throw failure }
            guard let driver else { throw Failure(path: parsed.reader.path, reason: "no start row") }
            return Result(driver: driver, inputs: count, lastTime: last, skipped: parsed.skipped)
        }
    }
}

/// `inputs.tsv` read and parsed into what the driver is fed, in file order: the start row, then
/// each input with its time and (`keepsRows`) its row as recorded. Rows it cannot read are
/// listed in `skipped`; a journal that cannot be read at all stops it with `failure`.
final class InputReader: @unchecked Sendable {  // used by one thread at a time: the reading one, then the caller after the join
    enum Row {
        case start(SessionStart)
        case input(SessionInput, time: Span, row: String?)
    }

    let reader: JournalReader
    let keepsRows: Bool
    private(set) var skipped: [String] = []
    private(set) var failure: SessionReplay.Failure?

    init(_ reader: JournalReader, keepsRows: Bool) {
        self.reader = reader
        self.keepsRows = keepsRows
    }

    /// Reads every row, or until `stop()` says so (asked every 64 rows).
    func read(into emit: (Row) -> Void, until stop: () -> Bool) {
        let name = reader.name
        var origin = MonoTime.zero
        var started = false
        var valuesHint = 0
        var rowsRead = 0
        do {
            try reader.forEachRow { row in
                rowsRead += 1
                if rowsRead % 64 == 0, stop() { throw CancellationError() }
                guard let ns = InputBatchParser.integer(row.field(0), 0, row.field(0).count) else {
                    skipped.append("\(name) line \(row.line): time_ns is not an integer")
                    return
                }
                let input: SessionInput
                if row.equals(1, "nirs"), started,
                   let samples = InputBatchParser.samples(row.field(2), origin: origin, valuesHint: valuesHint) {
                    // Nearly every row: read in place (`InputBatchParser`), the others as text.
                    valuesHint = samples.first?.values.count ?? valuesHint
                    input = .event(.nirsSamples(samples, at: origin + Span(nanoseconds: ns)))
                } else {
                    do {
                        input = try InputRecordFormat.input(timeNanoseconds: ns, kind: row.string(1),
                                                            data: Substring(row.string(2)), origin: origin)
                    } catch {
                        skipped.append("\(name) line \(row.line): \(error)")
                        return
                    }
                }
                if case .start(let start) = input {
                    guard !started else {
                        skipped.append("\(name) line \(row.line): a second start row")
                        return
                    }
                    origin = start.origin
                    started = true
                    emit(.start(start))
                    return
                }
                guard started else {
                    throw SessionReplay.Failure(path: reader.path, reason: "the first row is not the start row")
                }
                emit(.input(input, time: Span(nanoseconds: ns), row: keepsRows ? row.text : nil))
            }
        } catch let stop as SessionReplay.Failure {
            failure = stop
        } catch is CancellationError {
            return
        } catch {
            failure = SessionReplay.Failure(path: reader.path, reason: "\(error)")
        }
        skipped += reader.skipped.map { "\($0.file) line \($0.line): \($0.reason)" }
    }
}
