import Foundation
import XCTest
import TapCore
@testable import TapIO

/// A recorder that keeps its fNIRS numbers (`SessionRecorder.keepsNumbers`, `tapnirs reanalyse`)
/// hands the end files what its journals read back as: every number the same double, `n/a` as
/// NaN. nirs.snirf and the report built from them must be the files built from the folder.
final class JournalNumbersTests: XCTestCase {
    /// The journal read back as `JournalReader` reads it, a row of numbers per line.
    func readBack(_ path: String) throws -> [[Double]] {
        let folder = (path as NSString).deletingLastPathComponent, name = (path as NSString).lastPathComponent
        let reader = try XCTUnwrap(try JournalReader.open(folder: folder, name: name))
        var rows: [[Double]] = []
        try reader.forEachRow { row in rows.append((0..<reader.header.count).map { row.number($0) }) }
        return rows
    }

    func rows(_ numbers: JournalNumbers) -> [[Double]] {
        var rows: [[Double]] = []
        numbers.rows { _, values in rows.append(Array(values)) }
        return rows
    }

    func assertSameBits(_ kept: [[Double]], _ read: [[Double]], _ file: String) {
        XCTAssertEqual(kept.count, read.count, file)
        for (r, (a, b)) in zip(kept, read).enumerated() {
            XCTAssertEqual(a.map(\.bitPattern), b.map { $0.isNaN ? Double.nan.bitPattern : $0.bitPattern }, "\(file) row \(r + 2)")
        }
    }

    func testTheKeptNumbersAreWhatTheJournalsReadBackAs() throws {
        let base = NSTemporaryDirectory() + "tapnirs-kept-" + UUID().uuidString
        let recorder = try SessionRecorderFallbackTests.recorder(out: base + "/out", fallback: base + "/fallback",
                                                                   keepsNumbers: true, hemo: true)
        let awkward: [Double] = [0.1, -0.0, 1e-300, .leastNonzeroMagnitude, .infinity, -.infinity, .nan, 1.7976931348623157e308, -2.5e-7,
                                 0.30000000000000004, 123456.789, -1]
        var generator = SystemRandomNumberGenerator()
        for k in 0..<400 {
            let a = k < awkward.count ? awkward[k] : Double(bitPattern: generator.next()) // any bits, NaNs included
            let b = Double.random(in: -1e6...1e6, using: &generator)
            let time = MonoTime(nanoseconds: Int64(k) * 100_000_000 + Int64.random(in: -999...999, using: &generator))
            recorder.record(.recordNirs([NirsSample(hostTime: time, deviceTimeMilliseconds: k % 7 == 0 ? nil : Double(k) * 100.25,
                                                    values: [a, b])]))
            recorder.record(.recordHemo([HemoSample(time: time, hbo: [b / 3], hbr: [a])]))
        }
        recorder.sync()
        let folder = recorder.folder.path
        let raw = try XCTUnwrap(recorder.keptRaw, "numbers kept")
        let hemo = try XCTUnwrap(recorder.keptHemo)
        assertSameBits(rows(raw), try readBack(folder + "/nirs_raw.tsv"), "nirs_raw.tsv")
        assertSameBits(rows(hemo), try readBack(folder + "/hemo.tsv"), "hemo.tsv")
    }

    func testRowsOnlyAParseReadsBackStopTheKeeping() throws {
        let base = NSTemporaryDirectory() + "tapnirs-kept-" + UUID().uuidString
        let recorder = try SessionRecorderFallbackTests.recorder(out: base + "/out", fallback: base + "/fallback", keepsNumbers: true)
        recorder.record(.recordNirs([NirsSample(hostTime: .zero, deviceTimeMilliseconds: 1, values: [1, 2])]))
        XCTAssertNotNil(recorder.keptRaw)
        var serial = NirsSample(hostTime: MonoTime(nanoseconds: 100_000_000), deviceTimeMilliseconds: 2, values: [1, 2])
        serial.receivedFields = ["2", "1.000", "2.0"]  // a serial device's text, kept as received
        recorder.record(.recordNirs([serial]))
        XCTAssertNil(recorder.keptRaw, "the journal, not memory, is then what the end files read")
        XCTAssertNil(recorder.writtenFiles?.nirsRaw)
    }

    /// After a move to the fallback folder the journals there are what a copy could bring: the
    /// end files must read them, not numbers kept from before.
    func testAMoveToTheFallbackFolderStopsTheKeeping() throws {
        let base = NSTemporaryDirectory() + "tapnirs-kept-" + UUID().uuidString
        let recorder = try SessionRecorderFallbackTests.recorder(out: base + "/out", fallback: base + "/fallback", keepsNumbers: true)
        for k in 0..<20 {
            recorder.record(.recordNirs([NirsSample(hostTime: MonoTime(nanoseconds: Int64(k) * 100_000_000),
                                                    deviceTimeMilliseconds: Double(k) * 100, values: [1.25, 2.5])]))
        }
        XCTAssertEqual(recorder.keptRaw?.rowCount, 20)
        try FileManager.default.removeItem(atPath: recorder.folder.path)
        recorder.check(now: .seconds(100))
        recorder.sync()
        XCTAssertNotNil(recorder.fallbackFolder)
        XCTAssertNil(recorder.keptRaw)
        XCTAssertNil(recorder.writtenFiles?.nirsRaw)
    }

    /// Records can follow the session's end (a sample batch crossing the last block's end, a key
    /// on the summary screen): a deferred finish takes its files, and writes the rows still
    /// waiting, only once the last record is in (`endOfRecords`), before anything is fsynced.
    func testRecordsAfterTheEndAreInTheFinalFilesAndOnDisk() throws {
        let base = NSTemporaryDirectory() + "tapnirs-kept-" + UUID().uuidString
        let recorder = try SessionRecorderFallbackTests.recorder(out: base + "/out", fallback: base + "/fallback", keepsNumbers: true,
                                                                 hemo: true, defersFinish: true, writeBatchBytes: 1 << 20)
        func sample(_ k: Int) -> NirsSample {
            NirsSample(hostTime: MonoTime(nanoseconds: Int64(k) * 100_000_000), deviceTimeMilliseconds: Double(k) * 100,
                       values: [1.25 + Double(k), 2.5])
        }
        for k in 0..<10 { recorder.record(.recordNirs([sample(k)])) }
        let summary = SessionSummaryFile(status: .completed, blocks: [], markers: 0, detectors: [])
        recorder.finish(status: .completed, endedAt: .seconds(1), reason: nil, summary: summary)
        XCTAssertNil(recorder.finalFiles, "taken once the last record is in")
        for k in 10..<13 { recorder.record(.recordNirs([sample(k)])) }
        recorder.record(.recordEvent(EventRecord(onset: .seconds(1.2), duration: nil, trialType: "marker", value: "after the end")))
        recorder.endOfRecords()
        let final = try XCTUnwrap(recorder.finalFiles)
        let folder = recorder.folder.path
        XCTAssertEqual(final.nirsRaw?.rowCount, 13)
        assertSameBits(rows(try XCTUnwrap(final.nirsRaw)), try readBack(folder + "/nirs_raw.tsv"), "nirs_raw.tsv before the fsyncs")
        XCTAssertTrue(try String(contentsOfFile: folder + "/events.tsv", encoding: .utf8).contains("after the end"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/summary.json"))
        recorder.completeFinish()
        XCTAssertEqual(recorder.writtenFiles?.summary, summary)
        XCTAssertEqual(recorder.writtenFiles?.manifest, final.manifest)
        XCTAssertEqual(try SessionReading.manifest(folder: folder).status, .completed)
    }

    /// The end files from the kept numbers and the deferred session.json/summary.json are the files
    /// `tapnirs recover`, `report` and `export` build from the folder: nirs.snirf byte for byte,
    /// the report's input equal.
    func testTheEndFilesFromMemoryAreTheEndFilesFromTheFolder() throws {
        let recorded = try SessionDataWrittenTests.recordedSession()
        let outcome = try SessionReanalysis.run(original: recorded.folder.path, replacement: nil, normsFile: nil)
        let final = try XCTUnwrap(outcome.written)
        XCTAssertNotNil(final.nirsRaw)
        XCTAssertNotNil(final.hemo)
        let folder = outcome.folder.path
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder + "/summary.json"), "written once the records are fsynced")
        let fromMemory = try SessionData.read(folder: folder, written: final)
        let snirfFromMemory = folder + "/memory.snirf"
        _ = try SnirfExport.write(sessionFolder: folder, to: snirfFromMemory, written: final)

        let written = try XCTUnwrap(outcome.complete())
        XCTAssertEqual(written.manifest, final.manifest)
        XCTAssertEqual(written.summary, final.summary)
        XCTAssertEqual(try SessionReading.manifest(folder: folder), final.manifest)
        XCTAssertEqual(try SessionReading.summary(folder: folder), final.summary)
        XCTAssertEqual(fromMemory, try SessionData.read(folder: folder))
        let snirfFromFolder = folder + "/folder.snirf"
        _ = try SnirfExport.write(sessionFolder: folder, to: snirfFromFolder)
        XCTAssertEqual(FileManager.default.contents(atPath: snirfFromMemory), FileManager.default.contents(atPath: snirfFromFolder))
        XCTAssertFalse(fromMemory.hemo?.times.isEmpty ?? true, "with fNIRS")
    }
}
