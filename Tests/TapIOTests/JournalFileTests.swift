import Foundation
import XCTest
@testable import TapIO

final class JournalFileTests: XCTestCase {
    func temporaryPath(_ name: String) throws -> String {
        let folder = NSTemporaryDirectory() + "tapnirs-io-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder + "/" + name
    }

    func contents(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    func testEveryAppendIsOnDiskAtOnceWithoutClosingTheFile() throws {
        let path = try temporaryPath("t.tsv")
        let journal = try JournalFile(creating: path, header: "a\tb\n")
        try journal.append("1\tx\n")
        // Read through another descriptor while the journal is still open: nothing is buffered.
        XCTAssertEqual(try contents(path), "a\tb\n1\tx\n")
        try journal.append("2\ty\n")
        XCTAssertEqual(try contents(path), "a\tb\n1\tx\n2\ty\n")
    }

    func testAnAmendedLastLineIsReplacedTogetherWithTheNextLine() throws {
        let path = try temporaryPath("t.tsv")
        let journal = try JournalFile(creating: path, header: "h\n")
        try journal.append("1.000000\tspace\t0.500000\tfalse\n")
        journal.amendLastLine("1.000000\tspace\tn/a\ttrue\n")
        XCTAssertEqual(try contents(path), "h\n1.000000\tspace\t0.500000\tfalse\n", "nothing changes until the next row")
        try journal.append("1.033000\tspace\tn/a\ttrue\n")
        XCTAssertEqual(try contents(path), "h\n1.000000\tspace\tn/a\ttrue\n1.033000\tspace\tn/a\ttrue\n")
        try journal.append("2\n")
        XCTAssertEqual(try contents(path), "h\n1.000000\tspace\tn/a\ttrue\n1.033000\tspace\tn/a\ttrue\n2\n")
    }

    func testAnAmendmentAloneIsWrittenBySyncAndShortensTheFile() throws {
        let path = try temporaryPath("t.tsv")
        let journal = try JournalFile(creating: path, header: "h\n")
        try journal.append("long line here\n")
        journal.amendLastLine("short\n")
        try journal.sync()
        XCTAssertEqual(try contents(path), "h\nshort\n")
    }

    func testAnExistingFileIsNeverOverwritten() throws {
        let path = try temporaryPath("t.tsv")
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data("precious\n".utf8)))
        XCTAssertThrowsError(try JournalFile(creating: path, header: "h\n"))
        XCTAssertEqual(try contents(path), "precious\n")
    }
}
