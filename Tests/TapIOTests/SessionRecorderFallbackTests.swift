import Foundation
import XCTest
import TapCore
@testable import TapIO

/// The recorder's side of the disk-failure fallback: when rows can be neither read back from the
/// first folder nor found in memory, the screen line and the moved session.json say how many,
/// from which journal and over which session time — and say "nothing lost" only when true.
final class SessionRecorderFallbackTests: XCTestCase {
    func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "tapnirs-recorder-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A recorder with 1 KiB of held rows per journal and one fNIRS channel at 10 Hz.
    /// Optics for a hemo.tsv (the recorder writes one only when the stream has them).
    static func someConstants() throws -> NirsConstants {
        try JSONDecoder().decode(NirsConstants.self, from: Data("""
            {"distancesMetres": [0.03], "pathlengthFactors": [6, 6], "referenceSeconds": 5, "absorptionFactor": 1, "extinction": []}
            """.utf8))
    }

    static func recorder(out: String, fallback: String, keepsNumbers: Bool = false, hemo: Bool = false,
                         defersFinish: Bool = false, writeBatchBytes: Int = 0) throws -> SessionRecorder {
        let definition = try ProtocolFile.load(path: ProtocolFileTests.protocols + "/gentile2019.yaml")
        var manifest = SessionManifest(
            software: .init(version: "t"), status: .running, subject: "P1", session: "ses-1", startTime: "x",
            clock: .init(source: "CLOCK_MONOTONIC", originNanoseconds: 0, wallClockAtOrigin: "x", unixTimeAtOrigin: 1),
            terminal: .init(columns: 80, lines: 24, term: nil),
            input: .init(kind: "keyboard", autotapProfile: nil, seed: nil, tapKeys: ["space"]), sound: "none",
            protocol: .init(file: "f", text: "t", parsed: definition), firstBlockOnset: nil, endOnset: nil, endReason: nil,
            writeErrors: [])
        manifest.nirs = NirsManifest(source: "sim", sourceDescription: "sim", referenceSeconds: 5)
        let folder = try SessionFolder.create(in: out, subject: "P1", at: Date(timeIntervalSince1970: 0))
        let recorder = try SessionRecorder(folder: folder, manifest: manifest, origin: .zero, fallbackRoot: fallback,
                                           journalLimits: (held: 1_000, pending: 1 << 20), writeBatchBytes: writeBatchBytes,
                                           defersFinish: defersFinish)
        recorder.keepsNumbers = keepsNumbers
        recorder.record(.nirsStarted(NirsLayout(kind: .intensity, rateHz: 10, wavelengths: [760, 850], channels: ["S1-D1"]),
                                     hemo ? try Self.someConstants() : nil))
        return recorder
    }

    func sample(_ k: Int) -> NirsSample {
        NirsSample(hostTime: MonoTime(nanoseconds: Int64(k) * 100_000_000), deviceTimeMilliseconds: Double(k) * 100, values: [1.25, 2.5])
    }

    func rawTimes(_ path: String) throws -> [Double] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").dropFirst()
            .map { try XCTUnwrap(Double($0.prefix { $0 != "\t" })) }
    }

    /// The report at the end takes what the recorder wrote only while it is surely in the folder
    /// the report is written into: after a move to the fallback folder (which has no summary.json)
    /// it reads the folder, as `tapnirs report` would.
    func testAfterAMoveTheWrittenSummaryIsNoLongerTakenFromMemory() throws {
        let base = try temporaryFolder()
        let recorder = try Self.recorder(out: base + "/out", fallback: base + "/fallback")
        for k in 0..<20 { recorder.record(.recordNirs([sample(k)])) }
        recorder.finish(status: .completed, endedAt: .seconds(2), reason: nil,
                        summary: SessionSummaryFile(status: .completed, blocks: [], markers: 0, detectors: []))
        XCTAssertNotNil(recorder.writtenFiles?.summary)
        try FileManager.default.removeItem(atPath: recorder.folder.path)
        recorder.check(now: .seconds(100))
        recorder.sync()
        XCTAssertNotNil(recorder.fallbackFolder)
        XCTAssertFalse(FileManager.default.fileExists(atPath: recorder.folder.file("summary.json")))
        let written = try XCTUnwrap(recorder.writtenFiles, "session.json was written into the new folder")
        XCTAssertNil(written.summary)
        XCTAssertEqual(written.manifest, try SessionReading.manifest(folder: recorder.folder.path))
        XCTAssertEqual(try SessionData.read(folder: recorder.folder.path, written: written),
                       try SessionData.read(folder: recorder.folder.path))
    }

    func testRowsLostWithTheFirstDiskAreNamedOnScreenAndInSessionJson() throws {
        let base = try temporaryFolder()
        let recorder = try Self.recorder(out: base + "/out", fallback: base + "/fallback")
        for k in 0..<1_000 { recorder.record(.recordNirs([sample(k)])) }
        let first = recorder.folder.path
        // The first disk loses the end of nirs_raw.tsv (a cut at sample 600), then the folder goes.
        let raw = try String(contentsOfFile: first + "/nirs_raw.tsv", encoding: .utf8)
        let lines = raw.split(separator: "\n", omittingEmptySubsequences: false)
        let keep = lines.prefix(601).joined(separator: "\n") + "\n"  // header + samples 0…599
        XCTAssertEqual(truncate(first + "/nirs_raw.tsv", off_t(keep.utf8.count)), 0)
        try FileManager.default.removeItem(atPath: first)

        recorder.check(now: .seconds(100))
        XCTAssertNotNil(recorder.fallbackFolder)
        XCTAssertTrue(recorder.diskStatus?.contains("is gone") ?? false, recorder.diskStatus ?? "nil")
        for k in 1_000..<1_010 { recorder.record(.recordNirs([sample(k)])) }
        recorder.sync()

        let moved = try XCTUnwrap(recorder.fallbackFolder)
        let times = try rawTimes(moved + "/nirs_raw.tsv")
        // Samples 0…599 read back, then the rows memory held (the last ≈ 1 KiB), then the new ones.
        XCTAssertEqual(Array(times.prefix(600)), (0..<600).map { Double($0) / 10 })
        XCTAssertEqual(Array(times.suffix(10)), (1_000..<1_010).map { Double($0) / 10 })
        let heldFrom = Int((times[600] * 10).rounded())
        XCTAssertGreaterThan(heldFrom, 900, "only the last rows were held")
        XCTAssertEqual(times.count, 600 + (1_010 - heldFrom))

        let lost = recorder.unsavedRows
        XCTAssertEqual(lost.count, 1)
        XCTAssertEqual(lost.first?.file, "nirs_raw.tsv")
        XCTAssertEqual(lost.first?.rows, heldFrom - 600, "samples 600 up to the first held one")
        XCTAssertEqual(try XCTUnwrap(lost.first?.fromSeconds), 59.9, accuracy: 1e-9, "after the last sample saved")
        XCTAssertEqual(try XCTUnwrap(lost.first?.toSeconds), Double(heldFrom - 1) / 10, accuracy: 1e-9)

        let screen = try XCTUnwrap(recorder.diskStatus)
        XCTAssertTrue(screen.contains("NOT saved: nirs_raw.tsv: \(heldFrom - 600) rows between 59.900000 s and "), screen)
        XCTAssertFalse(screen.contains("nothing lost"), screen)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: moved + "/session.json"))) as? [String: Any])
        let unsaved = try XCTUnwrap(json["unsaved_rows"] as? [[String: Any]])
        XCTAssertEqual(unsaved.count, 1)
        XCTAssertEqual(unsaved.first?["file"] as? String, "nirs_raw.tsv")
        XCTAssertEqual(unsaved.first?["rows"] as? Int, heldFrom - 600)
        XCTAssertEqual(json["first_folder"] as? String, first)
    }

    func testAFallbackThatLosesNothingSaysSo() throws {
        let base = try temporaryFolder()
        let recorder = try Self.recorder(out: base + "/out", fallback: base + "/fallback")
        for k in 0..<1_000 { recorder.record(.recordNirs([sample(k)])) }
        try FileManager.default.removeItem(atPath: recorder.folder.path)
        recorder.check(now: .seconds(100))
        recorder.record(.recordNirs([sample(1_000)]))
        recorder.sync()
        let moved = try XCTUnwrap(recorder.fallbackFolder)
        XCTAssertEqual(try rawTimes(moved + "/nirs_raw.tsv"), (0...1_000).map { Double($0) / 10 })
        XCTAssertEqual(recorder.unsavedRows, [])
        XCTAssertTrue(recorder.diskStatus?.hasSuffix("everything recorded is there, nothing lost") ?? false, recorder.diskStatus ?? "nil")
    }
}
