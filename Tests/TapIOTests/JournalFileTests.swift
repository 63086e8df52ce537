import Foundation
import XCTest
@testable import TapIO
import TapCore

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

    func testABatchingJournalWritesOnceEnoughWaitsOrAtSyncWithAmendmentsKept() throws {
        // A replay's journals (tapnirs reanalyse): rows go out in pieces, the file always whole rows.
        let path = try temporaryPath("t.tsv")
        let journal = try JournalFile(creating: path, header: "h\n", heldBytesLimit: 8)
        journal.writeBatchBytes = 20
        try journal.append("1\taaaa\n")
        journal.amendLastLine("1\tbbbb\n")
        try journal.append("2\tcccc\n")
        XCTAssertEqual(try contents(path), "h\n", "14 bytes wait: nothing written yet")
        try journal.append("3\tdddd\n")
        XCTAssertEqual(try contents(path), "h\n1\tbbbb\n2\tcccc\n3\tdddd\n", "21 bytes: written at once, amended")
        try journal.append("4\teeee\n")
        try journal.sync()
        XCTAssertEqual(try contents(path), "h\n1\tbbbb\n2\tcccc\n3\tdddd\n4\teeee\n", "sync writes what waits")
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

    // MARK: - Bounded memory

    /// A row with its time first, as every journal has: `12.000000\tx…\n`.
    func row(_ k: Int, width: Int = 20) -> String {
        FixedDecimal.format(Int64(k) * 10_000_000, digits: 6) + "\t" + String(repeating: "x", count: width) + "\n"
    }

    func testMemoryHoldsOnlyTheMostRecentRowsHoweverLongTheJournal() throws {
        let path = try temporaryPath("t.tsv")
        let journal = try JournalFile(creating: path, header: "time\tvalue\n", heldBytesLimit: 1_000)
        var expected = "time\tvalue\n"
        for k in 0..<20_000 {
            try journal.append(row(k))
            expected += row(k)
            XCTAssertLessThanOrEqual(journal.heldByteCount, 1_000 + row(k).utf8.count)
        }
        XCTAssertGreaterThanOrEqual(journal.heldRowCount, 1)
        XCTAssertLessThan(journal.heldRowCount, 40, "30-byte rows, 1000 bytes held")
        XCTAssertEqual(try contents(path), expected, "every row is on disk")
    }

    func testTheAmendedRowStaysAmendableWhenEverythingElseHasLeftMemory() throws {
        let path = try temporaryPath("t.tsv")
        let journal = try JournalFile(creating: path, header: "h\n", heldBytesLimit: 10)
        try journal.append("1.000000\tspace\t0.500000\tfalse\n")
        try journal.append("2.000000\tspace\t0.500000\tfalse\n")
        journal.amendLastLine("2.000000\tspace\tn/a\ttrue\n")
        try journal.append("2.033000\tspace\tn/a\ttrue\n")
        XCTAssertEqual(try contents(path), "h\n1.000000\tspace\t0.500000\tfalse\n2.000000\tspace\tn/a\ttrue\n2.033000\tspace\tn/a\ttrue\n")
        XCTAssertEqual(journal.heldRowCount, 1)
    }

    // MARK: - Moving to a fallback folder

    func testAMoveCopiesTheFileThenTheRowsThatArrivedMeanwhile() throws {
        let path = try temporaryPath("t.tsv")
        let journal = try JournalFile(creating: path, header: "time\tvalue\n", heldBytesLimit: 200)
        for k in 0..<5_000 { try journal.append(row(k)) }
        let before = try contents(path)
        let target = try temporaryPath("moved.tsv")
        try journal.beginMove(to: target, on: DispatchQueue(label: "test-move"))
        for k in 5_000..<5_100 { try journal.append(row(k)) }
        journal.amendLastLine(row(5_099, width: 3))
        try journal.sync()
        XCTAssertFalse(journal.isMoving)
        XCTAssertEqual(journal.path, target)
        XCTAssertEqual(try contents(path), before, "the first file is not touched")
        let moved = try contents(target)
        XCTAssertTrue(moved.hasPrefix(before))
        XCTAssertEqual(moved, before + (5_000..<5_099).map { row($0) }.joined() + row(5_099, width: 3))
        XCTAssertEqual(journal.unsaved, [])
        try journal.append(row(5_100))
        XCTAssertTrue(try contents(target).hasSuffix(row(5_099, width: 3) + row(5_100)), "recording goes on in the new file")
    }

    func testAJournalWhoseFolderWasDeletedIsReadBackInFullThroughItsOwnDescriptor() throws {
        let path = try temporaryPath("t.tsv")
        let folder = (path as NSString).deletingLastPathComponent
        let journal = try JournalFile(creating: path, header: "time\tvalue\n", heldBytesLimit: 100)
        var expected = "time\tvalue\n"
        for k in 0..<3_000 { try journal.append(row(k)); expected += row(k) }
        XCTAssertTrue(try journal.isStillLinked())
        try FileManager.default.removeItem(atPath: folder)
        XCTAssertFalse(try journal.isStillLinked(), "a deleted folder is noticed")
        let target = try temporaryPath("moved.tsv")
        try journal.beginMove(to: target, on: DispatchQueue(label: "test-move"))
        try journal.sync()
        XCTAssertEqual(try contents(target), expected)
        XCTAssertEqual(journal.unsaved, [])
    }

    func testRowsNeitherReadableNorHeldAreCountedExactlyWithTheirTimeSpan() throws {
        let path = try temporaryPath("t.tsv")
        let journal = try JournalFile(creating: path, header: "time\tvalue\n", heldBytesLimit: 300)
        for k in 0..<1_000 { try journal.append(row(k)) }  // rows of 30 bytes at 0.01 s steps
        XCTAssertEqual(journal.heldRowCount, 10, "300 bytes hold 10 rows: 990…999")
        // The disk loses the file's end (here: cut in the middle of row 400).
        let cut = Int64(11 + 400 * 30 + 10)
        XCTAssertEqual(truncate(path, off_t(cut)), 0)
        let target = try temporaryPath("moved.tsv")
        try journal.beginMove(to: target, on: DispatchQueue(label: "test-move"))
        try journal.sync()
        let moved = try contents(target)
        XCTAssertEqual(moved, "time\tvalue\n" + (0..<400).map { row($0) }.joined() + (990..<1_000).map { row($0) }.joined())
        XCTAssertEqual(journal.unsaved.count, 1)
        let lost = try XCTUnwrap(journal.unsaved.first)
        XCTAssertEqual(lost.file, "t.tsv")
        XCTAssertEqual(lost.rows, 590, "rows 400…989")
        XCTAssertEqual(try XCTUnwrap(lost.fromSeconds), 3.99, accuracy: 1e-9, "after the last row saved (row 399)")
        XCTAssertEqual(try XCTUnwrap(lost.toSeconds), 9.89, accuracy: 1e-9, "the last lost row (row 989)")
        XCTAssertTrue(lost.reason.contains("ends at byte"), lost.reason)
    }

    func testAFileWhoseHeaderIsGoneGetsItBackFromMemory() throws {
        let path = try temporaryPath("t.tsv")
        let journal = try JournalFile(creating: path, header: "time\tvalue\n", heldBytesLimit: 100)
        for k in 0..<50 { try journal.append(row(k)) }
        XCTAssertEqual(truncate(path, 0), 0)
        let target = try temporaryPath("moved.tsv")
        try journal.beginMove(to: target, on: DispatchQueue(label: "test-move"))
        try journal.append(row(50))
        try journal.sync()
        let held = (47..<51).map { row($0) }.joined()
        XCTAssertEqual(try contents(target), "time\tvalue\n" + held)
        XCTAssertEqual(journal.unsaved.map(\.rows), [47])
        XCTAssertNil(journal.unsaved.first?.fromSeconds, "lost from the start")
        XCTAssertEqual(try XCTUnwrap(journal.unsaved.first?.toSeconds), 0.46, accuracy: 1e-9)
    }

    // MARK: - A disk that refuses rows

    /// Runs a command (mount, umount) and returns its exit status.
    @discardableResult
    func shell(_ arguments: [String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    func testRowsNoDiskTakesWaitInMemoryUpToTheLimitThenAreCountedWithTheirTimes() throws {
        let folder = (try temporaryPath("x") as NSString).deletingLastPathComponent
        guard try shell(["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", folder]) == 0 else {
            return XCTFail("cannot mount a small tmpfs for this test (needs root)")
        }
        defer { _ = try? shell(["umount", folder]) }
        let filler = folder + "/filler"
        XCTAssertTrue(FileManager.default.createFile(atPath: filler, contents: Data(count: 8192)))
        let path = folder + "/t.tsv"
        let journal = try JournalFile(creating: path, header: "time\tvalue\n", heldBytesLimit: 300, pendingBytesLimit: 1_000)
        var first: Int?
        for k in 0..<1_000 {
            do { try journal.append(row(k)) } catch {
                first = k
                break
            }
        }
        let full = try XCTUnwrap(first, "the 16 KiB disk fills")
        for k in (full + 1)...(full + 99) { XCTAssertThrowsError(try journal.append(row(k))) }
        // 100 rows of 30 bytes failed; 1000 bytes of them wait in memory (33 rows), the 67 oldest are given up.
        XCTAssertEqual(journal.unsaved.count, 1)
        let lost = try XCTUnwrap(journal.unsaved.first)
        XCTAssertEqual(lost.rows, 67)
        XCTAssertEqual(try XCTUnwrap(lost.fromSeconds), Double(full) * 0.01, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(lost.toSeconds), Double(full + 66) * 0.01, accuracy: 1e-9)
        // Space comes back: the rows still held go out with the next one, after the gap.
        try FileManager.default.removeItem(atPath: filler)
        try journal.append(row(full + 100))
        XCTAssertEqual(try contents(path), "time\tvalue\n" + (0..<full).map { row($0) }.joined()
                       + ((full + 67)...(full + 100)).map { row($0) }.joined())
        XCTAssertEqual(journal.unsaved.map(\.rows), [67], "nothing else lost")
    }
}
