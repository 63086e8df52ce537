import Foundation
import XCTest
@testable import TapIO

/// The readers of session journals read a file of any length a row at a time, with the rules
/// of a crashed session: whole rows only, cut-short and ragged rows listed, never guessed at.
final class JournalReaderTests: XCTestCase {
    func folder(with files: [String: String]) throws -> String {
        let folder = NSTemporaryDirectory() + "tapnirs-reader-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(toFile: folder + "/" + name, atomically: false, encoding: .utf8) }
        return folder
    }

    func rows(_ reader: JournalReader) throws -> [(line: Int, fields: [String], numbers: [Double])] {
        var rows: [(line: Int, fields: [String], numbers: [Double])] = []
        try reader.forEachRow { row in
            let count = reader.header.count
            rows.append((row.line, (0..<count).map(row.string), (0..<count).map(row.number)))
        }
        return rows
    }

    func testWholeRowsAreReadAndCutShortOrRaggedOnesListedWithTheirLines() throws {
        let text = "time\tvalue\n1.5\t2\n3\n4.25\tn/a\n\n5\t6\t7\n8\t9"
        let reader = try XCTUnwrap(try JournalReader.open(folder: try folder(with: ["t.tsv": text]), name: "t.tsv"))
        XCTAssertEqual(reader.header, ["time", "value"])
        let read = try rows(reader)
        XCTAssertEqual(read.map(\.line), [2, 4])
        XCTAssertEqual(read.map(\.fields), [["1.5", "2"], ["4.25", "n/a"]])
        XCTAssertEqual(read[0].numbers, [1.5, 2])
        XCTAssertTrue(read[1].numbers[1].isNaN, "n/a is not a number")
        XCTAssertEqual(reader.skipped.map(\.line), [3, 5, 6, 7])
        XCTAssertEqual(reader.skipped.map(\.reason), ["1 fields where the header has 2", "1 fields where the header has 2",
                                                      "3 fields where the header has 2", "last line has no newline (partial write)"])
        XCTAssertEqual(reader.rowCount, 2)
    }

    func testAMissingFileIsNilAndAFileWithoutAHeaderLineIsAnError() throws {
        let dir = try folder(with: ["empty.tsv": "", "cut.tsv": "time\tval"])
        XCTAssertNil(try JournalReader.open(folder: dir, name: "absent.tsv"))
        for name in ["empty.tsv", "cut.tsv"] {
            XCTAssertThrowsError(try JournalReader.open(folder: dir, name: name)) { error in
                XCTAssertEqual(error as? SnirfExportError, .unreadable(path: dir + "/" + name, reason: "no complete header line"))
            }
        }
    }

    func testRowsAcrossTheBufferAndLongerThanItAreReadWhole() throws {
        // 3 MiB rows and thousands of short ones, so lines straddle every 1 MiB read.
        let long = String(repeating: "7", count: 3 << 20)
        var text = "a\tb\n"
        var expected: [[String]] = []
        for k in 0..<40_000 {
            let row = k % 10_000 == 0 ? ["\(k)", long] : ["\(k)", "\(Double(k) / 7)"]
            text += row.joined(separator: "\t") + "\n"
            expected.append(row)
        }
        let reader = try XCTUnwrap(try JournalReader.open(folder: try folder(with: ["t.tsv": text]), name: "t.tsv"))
        var count = 0
        try reader.forEachRow { row in
            XCTAssertEqual([row.string(0), row.string(1)], expected[count])
            if count % 10_000 != 0 { XCTAssertEqual(row.number(1), Double(count) / 7) }
            XCTAssertTrue(row.equals(0, "0") == (count == 0))
            count += 1
        }
        XCTAssertEqual(count, 40_000)
        XCTAssertEqual(reader.skipped, [])
    }

    func testSessionTableReadsTheSameRowsAsTheReader() throws {
        let dir = try folder(with: ["t.tsv": "onset\tkey\n0.500000\tspace\nbad\n1.000000\tj\n"])
        let table = try XCTUnwrap(try SessionTable.read(folder: dir, name: "t.tsv"))
        XCTAssertEqual(table.rows.map(\.line), [2, 4])
        XCTAssertEqual(table.rows.map(\.fields), [["0.500000", "space"], ["1.000000", "j"]])
        XCTAssertEqual(table.skipped.map(\.line), [3])
    }
}
