import Foundation
import TapCore
import TapIO
import XCTest

/// `BidsExport` on session folders written by hand: the file tree, the key contents, the
/// refusal to replace files, then the official BIDS validator (`bids-validator-deno`, in the
/// venv whose python `make test` passes as `TAPNIRS_PYTHON`).
final class BidsExportTests: XCTestCase {
    var root = ""
    var dataset: String { root + "/bids" }

    override func setUpWithError() throws {
        root = NSTemporaryDirectory() + "bids-export-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: root)
    }

    // MARK: - Session folders

    func seconds(_ value: Double) -> String { String(format: "%.6f", value) }

    func write(_ folder: String, _ name: String, _ text: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/" + name))
    }

    /// A 10 Hz intensity session (3 channels × 760/850 nm, first sample at 0.1 s), or one
    /// without fNIRS; the last line of taps.tsv is cut off as a crash leaves it.
    @discardableResult
    func makeSession(subject: String = "P007", session: String = "ses-20261125T111500", nirs: Bool = true,
                     status: String = "completed") throws -> String {
        let folder = root + "/sessions/sub-\(subject)/\(session)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let nirsJSON = """
            "nirs" : {
              "device_resets" : 0,
              "layout" : { "channels" : ["S1-D1", "S1-D2", "S2-D2"], "distances_centimetres" : [3, 3, 3],
                           "kind" : "intensity", "rate_hz" : 10, "wavelengths" : [760, 850] },
              "reference" : "intensity reference = mean of each measurement over the stream's first 5.0 s",
              "rejected_lines" : {}, "samples_ignored" : 0, "samples_received" : 40, "signal_gaps" : 0,
              "source" : "sim", "source_description" : "sim healthy seed 1"
            },
            """
        try write(folder, "session.json", """
            {
              "clock" : { "origin_nanoseconds" : 123456789, "source" : "CLOCK_MONOTONIC",
                          "unix_time_at_origin" : 1795601700.25, "wall_clock_at_origin" : "2026-11-25T11:15:00.250+01:00" },
              "end_onset" : 3.9, "end_reason" : null, "first_block_onset" : 1.0,
              "input" : { "kind" : "synthetic", "autotap_profile" : "steady", "seed" : 1, "tap_keys" : ["space"] },
              \(nirs ? nirsJSON : "")
              "protocol" : { "file" : "short-test.yaml", "parsed" : { "blocks" : [] }, "text" : "blocks: []\\n" },
              "session" : "\(session)", "software" : { "name" : "tapnirs", "version" : "0.9.0" },
              "sound" : "none", "start_time" : "2026-11-25T11:15:00.250+01:00", "status" : "\(status)",
              "subject" : "\(subject)", "terminal" : { "columns" : 80, "lines" : 24, "term" : "xterm" }, "write_errors" : []
            }

            """)
        if nirs {
            let names = ["S1-D1", "S1-D2", "S2-D2"].flatMap { ["\($0) 760", "\($0) 850"] }
            var raw = (["host_time", "device_time_ms"] + names).joined(separator: "\t") + "\n"
            var hemo = (["time"] + ["S1-D1", "S1-D2", "S2-D2"].flatMap { ["\($0) hbo", "\($0) hbr"] }).joined(separator: "\t") + "\n"
            for i in 0..<40 {
                let t = 0.1 + Double(i) / 10
                raw += ([seconds(t), String(5000 + i * 100)] + (0..<6).map { String(1000 + Double(i) * 10.5 + Double($0)) })
                    .joined(separator: "\t") + "\n"
                hemo += ([seconds(t)] + (0..<6).map { String((Double(i) - 5) * 0.01 + Double($0) * 0.001) }).joined(separator: "\t") + "\n"
            }
            try write(folder, "nirs_raw.tsv", raw)
            try write(folder, "hemo.tsv", hemo)
            try write(folder, "channels.tsv", """
                name\ttype\tsource\tdetector\twavelength_nominal\tunits\tstatus\tstatus_description
                S1-D1 760\tNIRSCWAMPLITUDE\tS1\tD1\t760\tV\tgood\tgood sci=0.981
                S1-D1 850\tNIRSCWAMPLITUDE\tS1\tD1\t850\tV\tgood\tgood sci=0.981
                S1-D2 760\tNIRSCWAMPLITUDE\tS1\tD2\t760\tV\tbad\tpoor_coupling sci=-0.104
                S1-D2 850\tNIRSCWAMPLITUDE\tS1\tD2\t850\tV\tbad\tpoor_coupling sci=-0.104
                S2-D2 760\tNIRSCWAMPLITUDE\tS2\tD2\t760\tV\tgood\tgood sci=0.889
                S2-D2 850\tNIRSCWAMPLITUDE\tS2\tD2\t850\tV\tgood\tgood sci=0.889

                """)
        }
        try write(folder, "events.tsv", """
            onset\tduration\ttrial_type\tvalue
            1.000000\t0.800000\trest\tblock=1;cue=REST
            1.800000\t0.600000\tfast\tblock=2;cue=TAP FAST;pace=self
            2.200000\tn/a\tfade_tap\tstate=raised;fade_onset=2.000;delay_s=0.200;magnitude=-0.300;block=2;channel=n/a
            2.300000\tn/a\tmarker\t1
            2.350000\tn/a\tfade_tap\tstate=cleared;raised_at=2.200;reason=block ended;block=2;channel=n/a
            2.400000\t0.200000\tslow\tblock=3;cue=TAP SLOW;pace_hz=1.0
            3.900000\tn/a\tsession_end\tstatus=completed

            """)
        try write(folder, "taps.tsv", """
            onset\tkey\tblock\tblock_label\titi\tbeat_offset\tautorepeat\tin_block
            0.050000\tspace\tn/a\tn/a\tn/a\tn/a\tfalse\tfalse
            1.900000\tspace\t2\tfast\tn/a\tn/a\tfalse\ttrue
            2.100000\tspace\t2\tfast\t0.200000\tn/a\tfalse\ttrue
            2.150000\tspace\t2\tfast\tn/a\tn/a\ttrue\ttrue
            2.500000\tspace\t3\tslow\tn/a\t0.100000\tfalse\ttrue
            2.800000\tspace\t3\tslow\t0.300000\t
            """)
        return folder
    }

    func text(_ relative: String) throws -> String {
        try String(contentsOfFile: dataset + "/" + relative, encoding: .utf8)
    }

    func json(_ relative: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: dataset + "/" + relative))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func rows(_ relative: String) throws -> [[String]] {
        try text(relative).split(separator: "\n").map { $0.components(separatedBy: "\t") }
    }

    func allFiles() -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: dataset)
        var files: [String] = []
        while let path = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: dataset + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(path)
            }
        }
        return files.sorted()
    }

    // MARK: - Tests

    func testSessionWithNirsLaysOutTheDataset() throws {
        let folder = try makeSession()
        let summary = try BidsExport.export(sessionFolder: folder, to: dataset, version: "1.2.3")
        let nirs = "sub-P007/ses-20261125T111500/nirs/sub-P007_ses-20261125T111500_task-fingertapping_"
        let beh = "sub-P007/ses-20261125T111500/beh/sub-P007_ses-20261125T111500_task-fingertapping_"
        let probe = "sub-P007/ses-20261125T111500/nirs/sub-P007_ses-20261125T111500_"
        let expected = ["README", "dataset_description.json", "participants.json", "participants.tsv",
                        beh + "beh.json", beh + "beh.tsv",
                        nirs + "channels.tsv", probe + "coordsystem.json", nirs + "events.json", nirs + "events.tsv",
                        nirs + "nirs.json", nirs + "nirs.snirf", probe + "optodes.tsv",
                        "sub-P007/sub-P007_sessions.json", "sub-P007/sub-P007_sessions.tsv"]
        XCTAssertEqual(allFiles(), expected.sorted())
        XCTAssertEqual(summary.subject, "P007")
        XCTAssertEqual(summary.session, "20261125T111500")
        XCTAssertNil(summary.withoutNirs)
        XCTAssertEqual(summary.written.count, 9)
        XCTAssertEqual(summary.snirf?.samplesWritten, 40)
        XCTAssertEqual(summary.events, 7)
        XCTAssertEqual(summary.taps, 5, "the cut-off last row of taps.tsv is left out")

        let description = try json("dataset_description.json")
        XCTAssertEqual(description["BIDSVersion"] as? String, BidsExport.bidsVersion)
        XCTAssertEqual(description["DatasetType"] as? String, "raw")
        XCTAssertNotNil(description["Name"] as? String)
        let generatedBy = try XCTUnwrap(description["GeneratedBy"] as? [[String: Any]])
        XCTAssertEqual(generatedBy.first?["Name"] as? String, "tapnirs")
        XCTAssertEqual(generatedBy.first?["Version"] as? String, "1.2.3")
        XCTAssertEqual(try text("participants.tsv"), "participant_id\tage\tsex\thandedness\nsub-P007\tn/a\tn/a\tn/a\n",
                       "a session recorded before issue 16: no participant")

        // channels.tsv: the required columns in order, one row per SNIRF data1 column, MNE's names.
        let channels = try rows(nirs + "channels.tsv")
        XCTAssertEqual(channels[0], ["name", "type", "source", "detector", "wavelength_nominal", "units", "status", "status_description", "short_channel"])
        XCTAssertEqual(channels.count, 7)
        XCTAssertEqual(channels[1], ["S1_D1 760", "NIRSCWAMPLITUDE", "S1", "D1", "760", "V", "good", "good sci=0.981", "false"])
        XCTAssertEqual(channels[4], ["S1_D2 850", "NIRSCWAMPLITUDE", "S1", "D2", "850", "V", "bad", "poor_coupling sci=-0.104", "false"])

        let sidecar = try json(nirs + "nirs.json")
        XCTAssertEqual(sidecar["TaskName"] as? String, "fingertapping")
        XCTAssertEqual(sidecar["SamplingFrequency"] as? Double, 10)
        XCTAssertEqual(sidecar["NIRSChannelCount"] as? Int, 6)
        XCTAssertEqual(sidecar["NIRSSourceOptodeCount"] as? Int, 2)
        XCTAssertEqual(sidecar["NIRSDetectorOptodeCount"] as? Int, 2)
        XCTAssertEqual(sidecar["PowerLineFrequency"] as? String, "n/a")
        XCTAssertEqual(sidecar["SoftwareFilters"] as? String, "n/a")
        XCTAssertEqual(try XCTUnwrap(sidecar["RecordingDuration"] as? Double), 3.9, accuracy: 1e-9)
        XCTAssertEqual(sidecar["Manufacturer"] as? String, "tapnirs (simulated)")

        // optodes.tsv: the SNIRF file's 3-D probe, in mm.
        let optodes = try rows(probe + "optodes.tsv")
        XCTAssertEqual(optodes[0], ["name", "type", "x", "y", "z"])
        XCTAssertEqual(optodes.dropFirst().map { $0[0] + " " + $0[1] }, ["S1 source", "S2 source", "D1 detector", "D2 detector"])
        for row in optodes.dropFirst() {
            let p = row[2...4].compactMap(Double.init)
            XCTAssertEqual(p.count, 3)
            XCTAssertEqual((p[0] * p[0] + p[1] * p[1] + p[2] * p[2]).squareRoot(), 90, accuracy: 1e-3, "on the 90 mm head")
        }
        let coordsystem = try json(probe + "coordsystem.json")
        XCTAssertEqual(coordsystem["NIRSCoordinateUnits"] as? String, "mm")
        XCTAssertEqual(coordsystem["NIRSCoordinateSystem"] as? String, "Other")

        // events.tsv: onsets from the first sample (0.1 s), fade flags kept, levels described.
        let events = try rows(nirs + "events.tsv")
        XCTAssertEqual(events[0], ["onset", "duration", "trial_type", "value", "hand"])
        XCTAssertEqual(events[1], ["0.900000", "0.800000", "rest", "block=1;cue=REST", "n/a"])
        XCTAssertEqual(events[3][0...2], ["2.100000", "n/a", "fade_tap"])
        let levels = try XCTUnwrap((try json(nirs + "events.json")["trial_type"] as? [String: Any])?["Levels"] as? [String: String])
        XCTAssertEqual(Set(levels.keys), ["rest", "fast", "fade_tap", "marker", "slow", "session_end"])
        XCTAssertTrue(levels["fade_tap"]?.contains("fade flag") == true)

        // beh.tsv: every whole key press, same time base.
        let taps = try rows(beh + "beh.tsv")
        XCTAssertEqual(taps[0], ["onset", "key", "block", "block_label", "iti", "beat_offset", "autorepeat", "in_block"])
        XCTAssertEqual(taps.count, 6)
        XCTAssertEqual(taps[1], ["-0.050000", "space", "n/a", "n/a", "n/a", "n/a", "false", "false"])
        XCTAssertEqual(taps[4][6], "true")

        // The SNIRF file is SnirfExport's, readable.
        let recording = try SnirfFile.read(path: dataset + "/" + nirs + "nirs.snirf")
        XCTAssertEqual(recording.timesSeconds.count, 40)
        XCTAssertEqual(recording.layout.channels, ["S1-D1", "S1-D2", "S2-D2"])

        try validate()

        // MNE-BIDS reads it back: channel names, bads from channels.tsv, annotations from events.tsv.
        let mne = try readWithMneBids(subject: "P007", session: "20261125T111500")
        XCTAssertEqual(mne["ch_names"] as? [String], ["S1_D1 760", "S1_D1 850", "S1_D2 760", "S1_D2 850", "S2_D2 760", "S2_D2 850"])
        XCTAssertEqual(mne["bads"] as? [String], ["S1_D2 760", "S1_D2 850"])
        XCTAssertEqual(try XCTUnwrap(mne["sfreq"] as? Double), 10, accuracy: 1e-9)
        let onsets = try XCTUnwrap(mne["onsets"] as? [Double])
        let descriptions = try XCTUnwrap(mne["descriptions"] as? [String])
        XCTAssertEqual(descriptions.first, "rest")
        XCTAssertEqual(onsets.first ?? -1, 0.9, accuracy: 1e-6, "1.0 s of session time, 0.9 s after the first sample")
    }

    func testSessionsSideBySideAndWithoutNirs() throws {
        let first = try makeSession()
        let second = try makeSession(session: "ses-20261202T090000")
        let other = try makeSession(subject: "P008", session: "ses-20261125T120000", nirs: false, status: "aborted")
        _ = try BidsExport.export(sessionFolder: first, to: dataset, version: "1.2.3")
        XCTAssertEqual(try text("participants.tsv"), "participant_id\tage\tsex\thandedness\nsub-P007\tn/a\tn/a\tn/a\n",
                       "a session recorded before issue 16: no participant")
        var subjects: [String] = []
        for folder in [second, other] {
            let summary = try BidsExport.exportSession(folder, to: dataset)
            subjects.append(summary.subject)
            if folder == other {
                XCTAssertEqual(summary.withoutNirs, "the session ran without an fNIRS source")
                XCTAssertTrue(summary.description.contains("exported beh and events only"))
            }
        }
        // participants.tsv only gains the subjects it lacks.
        _ = try BidsExport.updateDatasetFiles(dataset, subjects: subjects, version: "1.2.3")
        XCTAssertEqual(try text("participants.tsv"),
                       "participant_id\tage\tsex\thandedness\nsub-P007\tn/a\tn/a\tn/a\nsub-P008\tn/a\tn/a\tn/a\n")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dataset + "/sub-P007").sorted(),
                       ["ses-20261125T111500", "ses-20261202T090000", "sub-P007_sessions.json", "sub-P007_sessions.tsv"])
        // Without fNIRS: beh/ only, with the events there.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dataset + "/sub-P008/ses-20261125T120000"), ["beh"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dataset + "/sub-P008/ses-20261125T120000/beh").sorted(), [
            "sub-P008_ses-20261125T120000_task-fingertapping_beh.json", "sub-P008_ses-20261125T120000_task-fingertapping_beh.tsv",
            "sub-P008_ses-20261125T120000_task-fingertapping_events.json", "sub-P008_ses-20261125T120000_task-fingertapping_events.tsv",
        ])
        let events = try rows("sub-P008/ses-20261125T120000/beh/sub-P008_ses-20261125T120000_task-fingertapping_events.tsv")
        XCTAssertEqual(events[1][0], "1.000000", "no fNIRS: session times as they are")
        try validate()
    }

    func testNeverOverwrites() throws {
        let folder = try makeSession()
        _ = try BidsExport.export(sessionFolder: folder, to: dataset, version: "1.2.3")
        let before = allFiles()

        // The same session again: everything is already there, identical.
        let again = try BidsExport.export(sessionFolder: folder, to: dataset, version: "1.2.3")
        XCTAssertEqual(again.written, [])
        XCTAssertEqual(again.alreadyPresent.count, 9)
        XCTAssertEqual(allFiles(), before)

        // A file changed in the dataset: the session is refused, naming it, and nothing is written.
        let events = "sub-P007/ses-20261125T111500/nirs/sub-P007_ses-20261125T111500_task-fingertapping_events.tsv"
        let optodes = "sub-P007/ses-20261125T111500/nirs/sub-P007_ses-20261125T111500_optodes.tsv"
        try Data("onset\tduration\n".utf8).write(to: URL(fileURLWithPath: dataset + "/" + events))
        try FileManager.default.removeItem(atPath: dataset + "/" + optodes)
        XCTAssertThrowsError(try BidsExport.exportSession(folder, to: dataset)) { error in
            XCTAssertEqual(error as? BidsExportError, .targetExists(path: dataset + "/" + events))
            XCTAssertTrue("\(error)".contains("not overwritten"))
        }
        XCTAssertEqual(try text(events), "onset\tduration\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dataset + "/" + optodes), "nothing written for a refused session")

        // A different SNIRF file in its place is refused too.
        try FileManager.default.removeItem(atPath: dataset + "/" + events)
        let snirf = dataset + "/sub-P007/ses-20261125T111500/nirs/sub-P007_ses-20261125T111500_task-fingertapping_nirs.snirf"
        try Data("not hdf5".utf8).write(to: URL(fileURLWithPath: snirf))
        XCTAssertThrowsError(try BidsExport.exportSession(folder, to: dataset)) { error in
            XCTAssertEqual(error as? BidsExportError, .targetExists(path: snirf))
        }
        XCTAssertEqual(try String(contentsOfFile: snirf, encoding: .utf8), "not hdf5")
    }

    func testRefusesWhatIsNotAFinishedSession() throws {
        let running = try makeSession(status: "running")
        XCTAssertThrowsError(try BidsExport.exportSession(running, to: dataset)) { error in
            XCTAssertEqual(error as? BidsExportError, .stillRunning(folder: running))
            XCTAssertTrue("\(error)".contains("tapnirs recover"))
        }
        XCTAssertThrowsError(try BidsExport.exportSession(root, to: dataset)) { error in
            guard case .notASession(let folder, let reason)? = error as? BidsExportError else { return XCTFail("\(error)") }
            XCTAssertEqual(folder, root)
            XCTAssertTrue(reason.contains("no session.json"))
        }
        XCTAssertThrowsError(try BidsExport.exportSession(root + "/nowhere", to: dataset)) { error in
            XCTAssertEqual(error as? BidsExportError, .notASession(folder: root + "/nowhere", reason: "no such folder"))
        }
        let broken = try makeSession(subject: "P009")
        try Data("{ not json".utf8).write(to: URL(fileURLWithPath: broken + "/session.json"))
        XCTAssertThrowsError(try BidsExport.exportSession(broken, to: dataset)) { error in
            guard case .unreadable(let path, _)? = error as? BidsExportError else { return XCTFail("\(error)") }
            XCTAssertEqual(path, broken + "/session.json")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: dataset + "/sub-P009"))
    }

    // MARK: - The official validator, MNE-BIDS

    func python(file: StaticString = #filePath, line: UInt = #line) throws -> String {
        guard let python = ProcessInfo.processInfo.environment["TAPNIRS_PYTHON"], !python.isEmpty else {
            let message = "TAPNIRS_PYTHON is not set: run `make test` (it sets it to the venv's python, with mne-bids and bids-validator-deno)"
            XCTFail(message, file: file, line: line)
            throw ValidatorUnavailable(message: message)
        }
        return python
    }

    /// `mne_bids.read_raw_bids` on the nirs run; returns what it read as JSON.
    private func readWithMneBids(subject: String, session: String) throws -> [String: Any] {
        let script = """
            import json, sys, warnings
            warnings.simplefilter("ignore")
            import mne, mne_bids
            path = mne_bids.BIDSPath(subject=sys.argv[2], session=sys.argv[3], task="fingertapping",
                                     datatype="nirs", suffix="nirs", extension=".snirf", root=sys.argv[1])
            raw = mne_bids.read_raw_bids(path, verbose="error")
            print(json.dumps({"ch_names": raw.ch_names, "bads": raw.info["bads"], "sfreq": raw.info["sfreq"],
                              "onsets": [float(a["onset"]) for a in raw.annotations],
                              "descriptions": [a["description"] for a in raw.annotations]}))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try python())
        process.arguments = ["-c", script, dataset, subject, session]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "mne_bids.read_raw_bids failed:\n" + String(decoding: stderr, as: UTF8.self))
        let lastLine = String(decoding: stdout, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(lastLine.utf8)) as? [String: Any])
    }

    struct ValidatorUnavailable: Error { var message: String }

    /// Runs `bids-validator-deno DIR --format json` from the venv and fails on any error-level issue;
    /// returns the warning count.
    @discardableResult
    func validate(_ folder: String? = nil, file: StaticString = #filePath, line: UInt = #line) throws -> Int {
        let python = try python(file: file, line: line)
        let validator = URL(fileURLWithPath: python).deletingLastPathComponent().appendingPathComponent("bids-validator-deno").path
        guard FileManager.default.isExecutableFile(atPath: validator) else {
            let message = "\(validator) missing: run scripts/ensure-venv.sh (or `make test`)"
            XCTFail(message, file: file, line: line)
            throw ValidatorUnavailable(message: message)
        }
        let reportPath = root + "/validator.json"
        _ = FileManager.default.createFile(atPath: reportPath, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: validator)
        process.arguments = [folder ?? dataset, "--format", "json"]
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: reportPath))
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let data = try Data(contentsOf: URL(fileURLWithPath: reportPath))
        let report = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any],
                                   "the validator gave no JSON (exit \(process.terminationStatus))", file: file, line: line)
        let issues = (report["issues"] as? [String: Any])?["issues"] as? [[String: Any]] ?? []
        let errors = issues.filter { $0["severity"] as? String == "error" }
        let warnings = issues.filter { $0["severity"] as? String == "warning" }
        func show(_ issue: [String: Any]) -> String {
            "\(issue["code"] ?? "?") \(issue["location"] ?? "") \(issue["issueMessage"] ?? "")"
        }
        print("bids-validator: \(errors.count) errors, \(warnings.count) warnings")
        for warning in warnings { print("  warning: " + show(warning)) }
        XCTAssertEqual(errors.map(show), [], "bids-validator-deno errors", file: file, line: line)
        return warnings.count
    }
}
