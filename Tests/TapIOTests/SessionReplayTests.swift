import Foundation
import XCTest
import TapCore
@testable import TapIO

/// `SessionReplay` reads inputs.tsv on a thread of its own while the session runs on the caller's:
/// the driver must get exactly the rows a plain read gives, in order, and rows it cannot read
/// must be named as before — a malformed row, a second start row, a line cut by a kill.
final class SessionReplayTests: XCTestCase {
    /// Notes the rows the driver records, in order.
    final class Rows: RecordSink {
        var rows: [String] = []
        func recordInput(_ input: SessionInput) {}
        func recordInput(_ input: SessionInput, recordedAs row: () -> String) { rows.append(row()) }
        func record(_ effect: Effect) {}
        func beatHappened(_ beat: Beat, emittedAt: MonoTime?) {}
        func finish(_ session: Session, summary: SessionSummaryFile, source: SourceDetails) {}
    }

    func folder(withInputs lines: [String]) throws -> String {
        let path = NSTemporaryDirectory() + "tapnirs-replay-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try lines.joined().write(toFile: path + "/inputs.tsv", atomically: false, encoding: .utf8)
        return path
    }

    func testEveryRowReachesTheDriverInOrderAndUnreadableRowsAreNamed() throws {
        let recorded = try SessionDataWrittenTests.recordedSession()
        let text = try String(contentsOfFile: recorded.folder.file("inputs.tsv"), encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { String($0) + "\n" }
        XCTAssertGreaterThan(lines.count, 500, "a whole session's inputs")
        let start = lines[1]
        let expected = Array(lines[2...])
        // Line numbers as in the file: a second start row after the first input, then a row whose time
        // is not a number, then the last line cut short by a kill.
        lines.insert(start, at: 3)
        lines.insert("12x\tkey\tchar:a\n", at: 5)
        lines.append("99\tkey\tcha")
        let definition = recorded.manifest.protocol.parsed
        let sink = Rows()
        let result = try XCTUnwrap(try SessionReplay.run(folder: try folder(withInputs: lines), definition: definition,
                                                         sink: sink, norms: nil))
        XCTAssertEqual(result.inputs, expected.count)
        XCTAssertEqual(sink.rows.count, expected.count)
        XCTAssertNil(zip(sink.rows, expected).enumerated().first { $0.element.0 != $0.element.1 }.map { "row \($0.offset)" })
        XCTAssertEqual(result.skipped, ["inputs.tsv line 4: a second start row", "inputs.tsv line 6: time_ns is not an integer",
                                        "inputs.tsv line \(lines.count): last line has no newline (partial write)"])
    }

    func testAJournalNotStartingWithItsStartRowIsRefused() throws {
        let recorded = try SessionDataWrittenTests.recordedSession()
        let text = try String(contentsOfFile: recorded.folder.file("inputs.tsv"), encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { String($0) + "\n" }
        lines.remove(at: 1)
        let path = try folder(withInputs: lines)
        XCTAssertThrowsError(try SessionReplay.run(folder: path, definition: recorded.manifest.protocol.parsed, sink: Rows(),
                                                   norms: nil)) { error in
            XCTAssertEqual("\(error)", path + "/inputs.tsv: the first row is not the start row")
        }
    }
}
