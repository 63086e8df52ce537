import Foundation
import TapCore
import TapIO
import XCTest

/// `SnirfExport` on a session folder written by hand (the files a session leaves, including a
/// crashed journal's cut-off last lines): read back with `SnirfFile`, then checked by the
/// official `snirf` validator and MNE-Python (`scripts/check-snirf.py`, in the venv that
/// `make test` passes as `TAPNIRS_PYTHON`).
final class SnirfWriterTests: XCTestCase {
    static let repo = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    let channels = ["S1-D1", "S1-D2", "S2-D2"]
    let wavelengths = [760.0, 850.0]
    let sampleCount = 40
    var folder = ""

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "snirf-writer-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: folder)
    }

    // MARK: - The session folder

    /// The first sample arrives 0.1 s after time zero; 40 samples cover every event (MNE keeps
    /// only annotations within the data, counted from the first sample).
    func time(_ i: Int) -> Double { 0.1 + Double(i) / 10 }
    func intensity(_ i: Int, _ m: Int) -> Double { 1000 + Double(i) * 10.5 + Double(m) * 0.125 + 1e-7 }
    func micromolar(_ i: Int, _ m: Int) -> Double { (Double(i) - 5) * 0.01 + Double(m) * 0.001 }
    func seconds(_ value: Double) -> String { String(format: "%.6f", value) }

    private func write(_ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/" + name))
    }

    /// A 10 Hz intensity session, 3 channels × 2 wavelengths, with the last line of
    /// nirs_raw.tsv and taps.tsv cut off mid-row and a short last row in hemo.tsv.
    private func makeSession(kind: String = "intensity", status: String = "completed", endOnset: Double? = 3.9) throws {
        let layoutWavelengths = kind == "hb" ? "[]" : "[760, 850]"
        let end = endOnset.map { String($0) } ?? "null"
        try write("session.json", """
        {
          "clock" : { "origin_nanoseconds" : 123456789, "source" : "CLOCK_MONOTONIC",
                      "unix_time_at_origin" : 1795601700.25, "wall_clock_at_origin" : "2026-11-25T11:15:00.250+01:00" },
          "end_onset" : \(end), "end_reason" : null, "first_block_onset" : 1.0,
          "input" : { "kind" : "keyboard", "tap_keys" : ["space"] },
          "nirs" : {
            "conversion" : { "absorption_factor" : 0.2303, "distances_metres" : [0.03, 0.03, 0.03],
                             "extinction" : [[586, 1548.52], [1058, 691.32]], "pathlength_factors" : [6, 6],
                             "reference_seconds" : 5 },
            "device_resets" : 0,
            "layout" : { "channels" : ["S1-D1", "S1-D2", "S2-D2"], "distances_centimetres" : [3, 3, 3],
                         "kind" : "\(kind)", "rate_hz" : 10, "wavelengths" : \(layoutWavelengths) },
            "reference" : "intensity reference = mean of each measurement over the stream's first 5.0 s",
            "rejected_lines" : {}, "samples_ignored" : 0, "samples_received" : 40, "signal_gaps" : 0,
            "source" : "sim", "source_description" : "sim healthy seed 1"
          },
          "protocol" : { "file" : "demo.yaml", "parsed" : { "blocks" : [] }, "text" : "blocks: []\\n" },
          "session" : "ses-20261125T111500", "software" : { "name" : "tapnirs", "version" : "0.9.0" },
          "sound" : "none", "start_time" : "2026-11-25T11:15:00.250+01:00", "status" : "\(status)",
          "subject" : "P007", "terminal" : { "columns" : 80, "lines" : 24, "term" : "xterm" }, "write_errors" : []
        }

        """)
        let names = kind == "hb" ? channels.flatMap { ["\($0) hbo", "\($0) hbr"] }
                                 : channels.flatMap { c in ["\(c) 760", "\(c) 850"] }
        var raw = (["host_time", "device_time_ms"] + names).joined(separator: "\t") + "\n"
        for i in 0..<sampleCount {
            let values = (0..<names.count).map { kind == "hb" ? String(micromolar(i, $0)) : String(intensity(i, $0)) }
            raw += ([seconds(time(i)), String(5000 + i * 100)] + values).joined(separator: "\t") + "\n"
        }
        raw += seconds(time(sampleCount)) + "\t7000\t1001.5"   // killed mid-write
        try write("nirs_raw.tsv", raw)

        if kind != "hb" {
            var hemo = (["time"] + channels.flatMap { ["\($0) hbo", "\($0) hbr"] }).joined(separator: "\t") + "\n"
            for i in 0..<sampleCount {
                hemo += ([seconds(time(i))] + (0..<6).map { String(micromolar(i, $0)) }).joined(separator: "\t") + "\n"
            }
            hemo += seconds(time(sampleCount)) + "\t0.5\n"    // wrong width
            try write("hemo.tsv", hemo)
        }

        try write("events.tsv", """
        onset\tduration\ttrial_type\tvalue
        1.000000\t0.800000\trest\tblock=1;cue=rest
        1.800000\t0.600000\tfast\tblock=2;cue=tap;pace=self
        2.200000\tn/a\tfade_tap\tstate=raised;fade_onset=2.000;delay_s=0.200;magnitude=-0.300;block=2;channel=n/a
        2.300000\tn/a\tmarker\t1
        2.350000\tn/a\tfade_tap\tstate=cleared;raised_at=2.200;block=2;channel=n/a
        2.400000\t0.200000\tslow\tblock=3;cue=tap;pace_hz=1.000
        2.500000\tn/a\tfade_hbo\tstate=raised;fade_onset=2.450;delay_s=0.050;magnitude=-0.400;block=3;channel=avg
        2.600000\t0.300000\tfast\tblock=4;cue=tap;pace=self

        """)
        try write("taps.tsv", """
        onset\tkey\tblock\tblock_label\titi\tbeat_offset\tautorepeat\tin_block
        0.500000\tspace\tn/a\tn/a\tn/a\tn/a\tfalse\tfalse
        1.900000\tspace\t2\tfast\tn/a\tn/a\tfalse\ttrue
        2.100000\tspace\t2\tfast\t0.200000\tn/a\tfalse\ttrue
        2.150000\tspace\t2\tfast\tn/a\tn/a\ttrue\ttrue
        2.700000\tspace\t4\tfast\tn/a\tn/a\tfalse\ttrue
        2.800000\tspace\t4\tfast\t0.100000\tn/a\tfalse
        """)   // the last row is cut off: no newline, 7 fields
        try write("channels.tsv", "name\ttype\tsource\tdetector\twavelength_nominal\tunits\tstatus\tstatus_description\n")
    }

    // MARK: - Tests

    func testExportReadsBackWithTheSnirfReader() throws {
        try makeSession()
        let target = folder + "/nirs.snirf"
        let report = try SnirfExport.write(sessionFolder: folder, to: target)

        XCTAssertEqual(report.path, target)
        XCTAssertEqual(report.samplesWritten, sampleCount)
        XCTAssertEqual(report.measurements, 6)
        XCTAssertEqual(report.hemoSamplesWritten, sampleCount)
        XCTAssertEqual(report.auxSamplesWritten, sampleCount)
        XCTAssertEqual(report.stims.map(\.name), ["rest", "fast", "slow", "tap", "fade_tap", "fade_hbo"])
        XCTAssertEqual(report.stims.map(\.events), [1, 2, 1, 3, 1, 1])
        XCTAssertEqual(report.skipped.map(\.file), ["nirs_raw.tsv", "hemo.tsv", "taps.tsv"])
        XCTAssertEqual(report.skipped.map(\.line), [sampleCount + 2, sampleCount + 2, 7])
        XCTAssertFalse(FileManager.default.fileExists(atPath: target + ".partial-\(getpid())"))
        print(report)

        let recording = try SnirfFile.read(path: target)
        XCTAssertEqual(recording.formatVersion, "1.1")
        XCTAssertEqual(recording.layout.kind, .intensity)
        XCTAssertEqual(recording.layout.channels, channels)
        XCTAssertEqual(recording.layout.wavelengths, wavelengths)
        for distance in recording.layout.distancesCentimetres {
            XCTAssertEqual(distance ?? .nan, 3.0, accuracy: 1e-9)
        }
        XCTAssertEqual(recording.timesSeconds, (0..<sampleCount).map { Double(seconds(time($0)))! })
        XCTAssertEqual(recording.samples, (0..<sampleCount).map { i in (0..<6).map { intensity(i, $0) } })
        XCTAssertEqual(recording.layout.rateHz, 10, accuracy: 1e-9)
        XCTAssertEqual(recording.metadata, SnirfMetadata(subjectID: "P007", measurementDate: "2026-11-25",
                                                         measurementTime: "10:15:00.250000Z", lengthUnit: "mm"))
        XCTAssertEqual(recording.sourceLabels, ["S1", "S2"])
        XCTAssertEqual(recording.detectorLabels, ["D1", "D2"])

        let stims = Dictionary(uniqueKeysWithValues: recording.stims.map { ($0.name, $0) })
        XCTAssertEqual(recording.stims.map(\.name), ["rest", "fast", "slow", "tap", "fade_tap", "fade_hbo"])
        XCTAssertEqual(stims["rest"]?.onsetsSeconds, [1.0])
        XCTAssertEqual(stims["rest"]?.durationsSeconds, [0.8])
        XCTAssertEqual(stims["fast"]?.onsetsSeconds, [1.8, 2.6])
        XCTAssertEqual(stims["fast"]?.durationsSeconds, [0.6, 0.3])
        XCTAssertEqual(stims["slow"]?.onsetsSeconds, [2.4])
        XCTAssertEqual(stims["tap"]?.onsetsSeconds, [1.9, 2.1, 2.7])
        XCTAssertEqual(stims["tap"]?.durationsSeconds, [0, 0, 0])
        XCTAssertEqual(stims["tap"]?.amplitudes, [1, 1, 1])
        XCTAssertEqual(stims["fade_tap"]?.onsetsSeconds, [2.2])
        XCTAssertEqual(stims["fade_tap"]?.durationsSeconds.first ?? .nan, 0.15, accuracy: 1e-12)
        // Still raised at the end: lasts to end_onset (3.9 s).
        XCTAssertEqual(stims["fade_hbo"]?.durationsSeconds.first ?? .nan, 1.4, accuracy: 1e-12)
    }

    /// The warm-up (run while a command starts) leaves nothing on disk, even while another runs,
    /// and an export after it is the same file as without it.
    func testTheHDF5WarmUpWritesNothingAndChangesNoExport() throws {
        try makeSession()
        let before = FileManager.default.temporaryDirectory.appendingPathComponent("warm-\(getpid())-before.snirf").path
        let after = FileManager.default.temporaryDirectory.appendingPathComponent("warm-\(getpid())-after.snirf").path
        defer { [before, after].forEach { try? FileManager.default.removeItem(atPath: $0) } }
        _ = try SnirfExport.write(sessionFolder: folder, to: before)
        let directory = FileManager.default.currentDirectoryPath
        let listing = try FileManager.default.contentsOfDirectory(atPath: directory)
        let warmUps = (0..<3).map { _ in SnirfWarmUp() }
        warmUps.forEach { $0.join() }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), listing, "nothing written")
        _ = try SnirfExport.write(sessionFolder: folder, to: after)
        XCTAssertEqual(FileManager.default.contents(atPath: after), FileManager.default.contents(atPath: before))
    }

    func testRefusesToOverwrite() throws {
        try makeSession()
        let target = folder + "/nirs.snirf"
        try write("nirs.snirf", "precious")
        XCTAssertThrowsError(try SnirfExport.write(sessionFolder: folder, to: target)) { error in
            XCTAssertEqual(error as? SnirfExportError, .targetExists(path: target))
        }
        XCTAssertEqual(try String(contentsOfFile: target, encoding: .utf8), "precious")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.contains(".partial-") }
        XCTAssertEqual(leftovers, [])
    }

    /// A crashed session (status running, no end): a flag still raised lasts to the last sample.
    func testCrashedSessionFlagLastsToTheEnd() throws {
        try makeSession(status: "running", endOnset: nil)
        let target = folder + "/nirs.snirf"
        let report = try SnirfExport.write(sessionFolder: folder, to: target)
        XCTAssertEqual(report.samplesWritten, sampleCount)
        let stims = try SnirfFile.read(path: target).stims
        let fade = try XCTUnwrap(stims.first { $0.name == "fade_hbo" })
        XCTAssertEqual(fade.durationsSeconds.first ?? .nan, time(sampleCount - 1) - 2.5, accuracy: 1e-9)
    }

    // MARK: - Official validator and MNE

    func testValidatorAndMNEAcceptTheIntensityExport() throws {
        try makeSession()
        let target = folder + "/nirs.snirf"
        _ = try SnirfExport.write(sessionFolder: folder, to: target)
        let summary = try check(target)
        XCTAssertEqual(summary["ch_names"] as? [String],
                       ["S1_D1 760", "S1_D1 850", "S1_D2 760", "S1_D2 850", "S2_D2 760", "S2_D2 850"])
        XCTAssertEqual(summary["wavelengths"] as? [Double], wavelengths)
        XCTAssertEqual(summary["sfreq"] as? Double ?? .nan, 10, accuracy: 1e-6)
        XCTAssertEqual(summary["n_times"] as? Int, sampleCount)
        XCTAssertEqual(summary["annotations"] as? [String: Int],
                       ["rest": 1, "fast": 2, "slow": 1, "tap": 3, "fade_tap": 1, "fade_hbo": 1])
        XCTAssertEqual(summary["meas_date"] as? String, "2026-11-25T10:15:00.250000+00:00")
        XCTAssertEqual(summary["data_blocks"] as? [String], ["data1", "data2"])
        XCTAssertEqual(summary["first_time"] as? Double, 0.1)
        XCTAssertEqual(summary["data_units"] as? [String: String], ["data2": "M"])
    }

    func testValidatorAndMNEAcceptAnHbExport() throws {
        try makeSession(kind: "hb")
        let target = folder + "/nirs.snirf"
        let report = try SnirfExport.write(sessionFolder: folder, to: target)
        XCTAssertEqual(report.hemoSamplesWritten, 0)
        let summary = try check(target)
        XCTAssertEqual(summary["ch_names"] as? [String],
                       ["S1_D1 hbo", "S1_D1 hbr", "S1_D2 hbo", "S1_D2 hbr", "S2_D2 hbo", "S2_D2 hbr"])
        XCTAssertEqual(summary["ch_types"] as? [String], ["hbo", "hbr"])
        XCTAssertEqual(summary["sfreq"] as? Double ?? .nan, 10, accuracy: 1e-6)
        // MNE's values are mol/L: the file's µM × 1e-6.
        let first = try XCTUnwrap(summary["first_sample"] as? [Double])
        for (m, value) in first.enumerated() { XCTAssertEqual(value, micromolar(0, m) * 1e-6, accuracy: 1e-15) }
    }

    struct CheckUnavailable: Error { var message: String }

    /// Runs scripts/check-snirf.py through the venv's python and returns its JSON summary,
    /// failing on any validator error or MNE mismatch.
    private func check(_ file: String) throws -> [String: Any] {
        guard let python = ProcessInfo.processInfo.environment["TAPNIRS_PYTHON"], !python.isEmpty else {
            let message = "TAPNIRS_PYTHON is not set: run `make test` (it sets it to the venv's python with snirf and MNE)"
            XCTFail(message)
            throw CheckUnavailable(message: message)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [Self.repo.appendingPathComponent("scripts/check-snirf.py").path, file]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errText = String(decoding: stderr, as: UTF8.self)
        if !errText.isEmpty { print(errText) }
        let lastLine = String(decoding: stdout, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
        print("check-snirf.py:", lastLine)
        XCTAssertEqual(process.terminationStatus, 0, "check-snirf.py failed:\n\(errText)")
        let json = try JSONSerialization.jsonObject(with: Data(lastLine.utf8))
        let summary = try XCTUnwrap(json as? [String: Any])
        XCTAssertEqual(summary["ok"] as? Bool, true)
        XCTAssertEqual(summary["validator_errors"] as? [String], [])
        return summary
    }
}
