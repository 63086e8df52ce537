import Foundation
import TapIO
import XCTest

/// `tapnirs run --source lsl` against real liblsl: a pylsl stand-in (scripts/lsl-standin.py)
/// publishes neuro_run01's intensities shaped as NIRx Aurora, Artinis OxySoft or the XDF NIRS
/// convention send them; tapnirs records the stream in a real terminal, all inside one
/// loopback-only network namespace (scripts/lsl-sandbox.sh). `nirs_raw.tsv` must hold exactly
/// what was sent, `hemo.tsv` must equal MNE-Python's conversion of it.
final class LslSourceTests: XCTestCase {
    /// tapnirs' intensity reference is the first 5 s, MNE's the whole recording: a constant per
    /// channel, removed by comparing mean-removed series (as MneCrossCheckTests does).
    static let toleranceMicromolar = 1e-6

    struct Run {
        var work: String
        var session: SessionFiles
    }

    /// The stand-in publishes `format`; tapnirs records a short-test session with the steady subject.
    func record(_ format: String, standinArguments: [String] = []) throws -> Run {
        let (lib, python) = (try LslTools.liblsl(), try LslTools.python())
        let work = try Paths.temporaryFolder()
        let pane = try TmuxPane(["env", "TAPNIRS_LIBLSL=" + lib, Paths.binary, "run", "--protocol", Paths.protocolFile("short-test.yaml"),
                                 "--subject", format, "--no-sound", "--out", work + "/out", "--source", "lsl",
                                 "--autotap", "steady"], lslSandbox: true)
        try pane.startWindow("standin", [python, LslTools.script("lsl-standin.py"), format, work + "/standin"] + standinArguments)
        XCTAssertEqual(try pane.waitForExit(timeout: 60), 0, (try? pane.screen()) ?? "")
        return Run(work: work, session: try SessionFiles.only(in: work + "/out"))
    }

    func testAnAuroraStreamIsRecordedExactlyThroughASenderRestartAndConvertedAsMneDoes() throws {
        // The stand-in's outlet goes away 7 s in and comes back 2 s later.
        let run = try record("aurora", standinArguments: ["--gap-at", "7", "--gap-seconds", "2"])
        let manifest = try run.session.json("session.json")
        let nirs = try XCTUnwrap(manifest["nirs"] as? [String: Any])
        let lsl = try XCTUnwrap(nirs["lsl"] as? [String: Any])
        XCTAssertEqual(nirs["source"] as? String, "lsl")
        XCTAssertEqual(lsl["format"] as? String, "NIRx Aurora")
        XCTAssertEqual(lsl["ignored_channels"] as? [String],
                       ["Frame (frame counter)", "9 HbO and 9 HbR channels (the intensity channels are recorded)"])
        XCTAssertEqual(lsl["reconnects"] as? Int, 1)
        XCTAssertEqual(nirs["signal_gaps"] as? Int, 1)
        XCTAssertGreaterThanOrEqual((lsl["clock_offsets"] as? [Any])?.count ?? 0, 2, "the offset measured again after the restart")
        let events = try run.session.table("events.tsv")
        XCTAssertEqual(events.filter { $0["trial_type"] == "nirs_signal_lost" }.map { $0["value"] },
                       ["reason=the stream's sender closed it"])
        let back = try XCTUnwrap(events.first { $0["trial_type"] == "nirs_signal_back" })
        XCTAssertEqual(Double(back["value"]?.dropFirst("gap_s=".count) ?? "") ?? 0, 2, accuracy: 1.0, "the 2 s the sender was gone")
        try checkExactlyWhatWasSent(run, allowedMissingSeconds: 1.5)
        try checkHemoglobinEqualsMne(run, meanRemoved: true)
        // The same pipeline as any source: distances from the montage, the SNIRF export.
        let layout = try XCTUnwrap(nirs["layout"] as? [String: Any])
        XCTAssertEqual((layout["distances_centimetres"] as? [Double])?.first ?? 0, 2.0, accuracy: 1e-9, "S1 (−20, 0) mm to D1 (0, 0) mm")
        XCTAssertEqual(try run.session.table("channels.tsv").count, 18)
        XCTAssertEqual(try SnirfFile.read(path: run.session.path + "/nirs.snirf").samples.count,
                       try run.session.table("nirs_raw.tsv").count)
    }

    func testAnOxySoftStreamOfOpticalDensitiesIsRecordedExactlyAndConvertedAsMneDoes() throws {
        let run = try record("oxysoft")
        let nirs = try XCTUnwrap(try run.session.json("session.json")["nirs"] as? [String: Any])
        let lsl = try XCTUnwrap(nirs["lsl"] as? [String: Any])
        XCTAssertEqual(lsl["format"] as? String, "Artinis OxySoft")
        XCTAssertEqual(lsl["ignored_channels"] as? [String], ["ADC 1 (not optical)", "HEADING (not optical)"])
        XCTAssertEqual((nirs["layout"] as? [String: Any])?["kind"] as? String, "od")
        try checkExactlyWhatWasSent(run, allowedMissingSeconds: 0)
        try checkHemoglobinEqualsMne(run, meanRemoved: false)
    }

    func testAnXdfConventionStreamIsRecordedExactlyConvertedAsMneDoesAndExportsToBids() throws {
        let run = try record("xdf")
        let nirs = try XCTUnwrap(try run.session.json("session.json")["nirs"] as? [String: Any])
        XCTAssertEqual((nirs["lsl"] as? [String: Any])?["format"] as? String, "XDF NIRS meta-data")
        XCTAssertEqual((nirs["lsl"] as? [String: Any])?["ignored_channels"] as? [String], ["AUX1 (no source/detector)"])
        try checkExactlyWhatWasSent(run, allowedMissingSeconds: 0)
        try checkHemoglobinEqualsMne(run, meanRemoved: true)
        let bids = run.work + "/bids"
        try Shell.run([Paths.binary, "export", "--bids", bids, run.session.path])
        let exported = try FileManager.default.subpathsOfDirectory(atPath: bids)
        XCTAssertTrue(exported.contains { $0.hasSuffix("_nirs.snirf") }, "\(exported)")
    }

    func testAStreamOfAnUnknownShapeIsRefusedBeforeAnythingIsRecorded() throws {
        let (lib, python) = (try LslTools.liblsl(), try LslTools.python())
        let work = try Paths.temporaryFolder()
        let pane = try TmuxPane(["env", "TAPNIRS_LIBLSL=" + lib, Paths.binary, "run", "--protocol", Paths.protocolFile("short-test.yaml"),
                                 "--subject", "eeg", "--no-sound", "--out", work + "/out", "--source", "lsl:name='BioSemi'"],
                                columns: 200, lines: 40, lslSandbox: true)
        try pane.startWindow("standin", [python, LslTools.script("lsl-standin.py"), "unknown", work + "/standin"])
        XCTAssertEqual(try pane.waitForExit(timeout: 30), 1)
        let screen = try pane.screen().replacingOccurrences(of: "\n", with: "")
        XCTAssertTrue(screen.contains("LSL stream 'BioSemi' (type 'NIRS'): not a layout tapnirs knows (found 4 channels labelled "
                                      + "Fp1, Fp2, Cz, Pz); it needs NIRx Aurora channels"), screen)
        XCTAssertFalse(FileManager.default.fileExists(atPath: work + "/out/sub-eeg"), "nothing recorded under a guessed layout")
    }

    // MARK: - Checks

    /// Every `nirs_raw.tsv` row is a sample the stand-in sent, value for value and at its LSL
    /// time; no sample sent while connected is missing (`allowedMissingSeconds` covers the
    /// moments between a restarted sender's first sample and tapnirs finding it again).
    func checkExactlyWhatWasSent(_ run: Run, allowedMissingSeconds: Double, file: StaticString = #filePath, line: UInt = #line) throws {
        let raw = try LslTools.numericTable(run.session.path + "/nirs_raw.tsv")
        let sent = try LslTools.numericTable(run.work + "/standin/sent.tsv")
        let origin = try XCTUnwrap((try run.session.json("session.json")["clock"] as? [String: Any])?["origin_nanoseconds"] as? Int)
        XCTAssertGreaterThan(raw.rows.count, 100, "samples recorded", file: file, line: line)
        var byTime: [Int64: Int] = [:]
        for (k, row) in sent.rows.enumerated() { byTime[Int64((row[0] * 1e6).rounded())] = k }
        var matched: [Int] = []
        for row in raw.rows {
            let stamp = row[1] / 1000
            guard let k = byTime[Int64((stamp * 1e6).rounded())] else {
                XCTFail("nirs_raw.tsv row at LSL time \(stamp) was never sent", file: file, line: line); return
            }
            matched.append(k)
            XCTAssertEqual(stamp, sent.rows[k][0], accuracy: 1e-9, file: file, line: line)
            for (c, name) in raw.header.enumerated().dropFirst(2) {
                guard let column = sent.header.firstIndex(of: name) else { XCTFail("no sent column \(name)", file: file, line: line); return }
                if row[c] != sent.rows[k][column] {
                    XCTFail("\(name) at \(stamp): recorded \(row[c]), sent \(sent.rows[k][column])", file: file, line: line); return
                }
            }
            // host_time = LSL time + lsl_time_correction (µs on one machine), from session zero.
            XCTAssertEqual(row[0], stamp - Double(origin) / 1e9, accuracy: 1e-3, "host_time", file: file, line: line)
        }
        XCTAssertEqual(matched, matched.sorted(), "in the order sent", file: file, line: line)
        let missing = (matched.first ?? 0)...(matched.last ?? 0)
        let absent = missing.count - Set(matched).count
        XCTAssertLessThanOrEqual(Double(absent), allowedMissingSeconds * 20.1, "\(absent) samples sent while connected are missing",
                                 file: file, line: line)
    }

    /// `hemo.tsv` against MNE's conversion of the same `nirs_raw.tsv` rows (scripts/lsl-mne-reference.py).
    func checkHemoglobinEqualsMne(_ run: Run, meanRemoved: Bool, file: StaticString = #filePath, line: UInt = #line) throws {
        let reference = run.work + "/mne.tsv"
        try Shell.run([try LslTools.python(), LslTools.script("lsl-mne-reference.py"), run.session.path,
                       run.work + "/standin/montage.json", reference])
        let ours = try LslTools.numericTable(run.session.path + "/hemo.tsv")
        let mne = try LslTools.numericTable(reference)
        XCTAssertEqual(ours.rows.count, mne.rows.count, "one HbO/HbR row per raw sample", file: file, line: line)
        XCTAssertEqual(ours.rows.map { $0[0] }, mne.rows.map { $0[0] }, "the same sample times", file: file, line: line)
        XCTAssertEqual(Set(ours.header), Set(mne.header), file: file, line: line)
        func series(_ table: (header: [String], rows: [[Double]]), _ name: String) -> [Double] {
            let c = table.header.firstIndex(of: name) ?? 0
            let values = table.rows.map { $0[c] }
            guard meanRemoved else { return values }
            let mean = values.reduce(0, +) / Double(values.count)
            return values.map { $0 - mean }
        }
        var worst = 0.0
        for name in ours.header.dropFirst() {
            let difference = zip(series(ours, name), series(mne, name)).map { abs($0 - $1) }.max() ?? .nan
            XCTAssertLessThanOrEqual(difference, Self.toleranceMicromolar, "\(name): max |tapnirs − MNE| µM", file: file, line: line)
            worst = max(worst, difference)
        }
        print("LslSourceTests: largest |hemo.tsv − MNE| = \(worst) µM" + (meanRemoved ? " (mean-removed)" : ""))
    }
}
