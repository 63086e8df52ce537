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

    /// True when the folder has an input journal (sessions recorded before it existed do not).
    public static func hasInputs(folder: String) -> Bool {
        FileManager.default.fileExists(atPath: folder + "/inputs.tsv")
    }

    /// Replays `folder`'s inputs under `definition` into `sink`. nil when there is no `inputs.tsv`.
    public static func run(folder: String, definition: SessionProtocol, sink: RecordSink, norms: NormTable?,
                           source: SourceDetails = SourceDetails()) throws(Failure) -> Result? {
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
        var driver: SessionDriver?
        var origin = MonoTime.zero
        var count = 0
        var last = Span.zero
        var skipped: [String] = []
        var valuesHint = 0
        do {
            try reader.forEachRow { row in
                guard let ns = InputBatchParser.integer(row.field(0), 0, row.field(0).count) else {
                    skipped.append("\(name) line \(row.line): time_ns is not an integer")
                    return
                }
                let input: SessionInput
                if row.equals(1, "nirs"), driver != nil,
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
                    guard driver == nil else {
                        skipped.append("\(name) line \(row.line): a second start row")
                        return
                    }
                    origin = start.origin
                    let made = SessionDriver(start: start, definition: definition, sink: sink, norms: norms)
                    made.sourceDetails = { source }
                    driver = made
                    return
                }
                guard let driver else { throw Failure(path: reader.path, reason: "the first row is not the start row") }
                driver.replay(input, recordedAs: { row.text })
                count += 1
                last = max(last, Span(nanoseconds: ns))
            }
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(path: reader.path, reason: "\(error)")
        }
        skipped += reader.skipped.map { "\($0.file) line \($0.line): \($0.reason)" }
        guard let driver else { throw Failure(path: reader.path, reason: "no start row") }
        return Result(driver: driver, inputs: count, lastTime: last, skipped: skipped)
    }
}
