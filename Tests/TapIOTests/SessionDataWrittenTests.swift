import Foundation
import XCTest
import TapCore
@testable import TapIO

/// The report at the end of `run` and `reanalyse` takes the session.json and summary.json the
/// recorder has just written as they are (`SessionRecorder.writtenFiles`) instead of decoding
/// them again: what it draws must be exactly what `tapnirs report` draws from the folder.
final class SessionDataWrittenTests: XCTestCase {
    /// A simulated `fade-test.yaml` session (8 channels, a fading tapper) recorded into a folder.
    static func recordedSession() throws -> SessionRecorder {
        let base = NSTemporaryDirectory() + "tapnirs-written-" + UUID().uuidString
        let definition = try ProtocolFile.load(path: ProtocolFileTests.protocols + "/fade-test.yaml")
        var manifest = SessionManifest(
            software: .init(version: "t"), status: .running, subject: "P1", session: "ses-1", startTime: "x",
            clock: .init(source: "CLOCK_MONOTONIC", originNanoseconds: 0, wallClockAtOrigin: "x", unixTimeAtOrigin: 1),
            terminal: .init(columns: 80, lines: 24, term: nil),
            input: .init(kind: "synthetic", autotapProfile: "fading", seed: 3, tapKeys: ["space"]), sound: "none",
            protocol: .init(file: "fade-test.yaml", text: "t", parsed: definition), firstBlockOnset: nil, endOnset: nil,
            endReason: nil, writeErrors: [])
        manifest.nirs = NirsManifest(source: "sim", sourceDescription: "sim", referenceSeconds: 5)
        let folder = try SessionFolder.create(in: base, subject: "P1", at: Date(timeIntervalSince1970: 0))
        let recorder = try SessionRecorder(folder: folder, manifest: manifest, origin: .zero, fallbackRoot: base + "/fallback")
        let driver = SessionDriver(definition: definition, subject: "P1", nirsSource: "sim", sink: recorder)
        let source = SimulatedSource(configuration: .init(channelCount: 8, profile: .healthy, seed: 3), start: .zero)
        var subject = SyntheticSubject(profile: .fading, seed: 3)
        SimulatedSessionTests.drive(driver, definition: definition, source: source, subject: &subject)
        recorder.sync()
        return recorder
    }

    func testTheReportFromWhatWasWrittenEqualsTheReportFromTheFiles() throws {
        let recorder = try Self.recordedSession()
        let folder = recorder.folder.path
        let written = try XCTUnwrap(recorder.writtenFiles)
        XCTAssertEqual(written.manifest, try SessionReading.manifest(folder: folder))
        XCTAssertEqual(written.summary, try SessionReading.summary(folder: folder))
        XCTAssertEqual(written.summary?.detectors.isEmpty, false, "the session should have reached its detectors")
        let fromFiles = try SessionData.read(folder: folder)
        XCTAssertEqual(try SessionData.read(folder: folder, written: written), fromFiles)
        XCTAssertFalse(fromFiles.hemo?.times.isEmpty ?? true, "and recorded fNIRS")

        // The same through reanalyse (its records written on the queue's thread).
        let outcome = try SessionReanalysis.run(original: folder, replacement: nil, normsFile: nil)
        let again = try XCTUnwrap(outcome.complete())
        XCTAssertEqual(again.manifest, try SessionReading.manifest(folder: outcome.folder.path))
        XCTAssertEqual(again.summary, try SessionReading.summary(folder: outcome.folder.path))
        XCTAssertEqual(try SessionData.read(folder: outcome.folder.path, written: again),
                       try SessionData.read(folder: outcome.folder.path))
    }

    func testWithoutASummaryWrittenTheFileIsReadAsBefore() throws {
        let recorder = try Self.recordedSession()
        let folder = recorder.folder.path
        var written = try XCTUnwrap(recorder.writtenFiles)
        written.summary = nil
        try FileManager.default.removeItem(atPath: folder + "/summary.json")
        let input = try SessionData.read(folder: folder, written: written)
        XCTAssertTrue(input.notes.contains { $0.hasPrefix("no summary.json") }, "\(input.notes)")
        XCTAssertEqual(input, try SessionData.read(folder: folder))
    }
}
