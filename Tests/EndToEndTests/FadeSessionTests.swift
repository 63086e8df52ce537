import Foundation
import XCTest

/// The fade detectors in a real session: a simulated subject whose tapping and motor-cortex
/// HbO fade in the fast block, against one whose do not. Seed 1 is one where the HbO detector
/// catches the simulated fade (it does in about a third of seeds: `SimulatedSessionTests` runs
/// thirty sessions on a virtual clock and `tapnirs evaluate` gives the detector's rates).
final class FadeSessionTests: XCTestCase {
    struct Flag {
        var kind: String
        var onset: Double
        var block: String
    }

    /// Runs `Protocols/fade-test.yaml` (slow block 10–30 s, fast block 45–75 s) unattended.
    func session(simProfile: String, autotap: String) throws
        -> (flags: [Flag], summary: [String: Any], events: [[String: String]], files: SessionFiles) {
        let out = try Paths.temporaryFolder()
        let pane = try TmuxPane([Paths.binary, "run", "--protocol", Paths.protocolFile("fade-test.yaml"), "--subject", "fade",
                                 "--no-sound", "--out", out, "--source", "sim", "--sim-profile", simProfile,
                                 "--autotap", autotap, "--seed", "1"])
        XCTAssertEqual(try pane.waitForExit(timeout: 120), 0)
        let files = try SessionFiles.only(in: out)
        let events = try files.table("events.tsv")
        let flags = events.compactMap { row -> Flag? in
            guard let kind = row["trial_type"], ["fade_tap", "fade_hbo", "no_activation_hbo", "behind_beat"].contains(kind),
                  let value = row["value"], value.hasPrefix("state=raised"), let onset = Double(row["onset"] ?? "") else { return nil }
            let block = value.split(separator: ";").first { $0.hasPrefix("block=") }.map { String($0.dropFirst(6)) } ?? ""
            return Flag(kind: kind, onset: onset, block: block)
        }
        return (flags, try files.json("summary.json"), events, files)
    }

    func testAFadingSubjectRaisesTapAndHbOFadesInTheFastBlockOnly() throws {
        let (flags, summary, events, files) = try session(simProfile: "fading", autotap: "fading")
        let fastStart = try XCTUnwrap(events.first { $0["trial_type"] == "fast" }.flatMap { Double($0["onset"] ?? "") })
        XCTAssertTrue(flags.contains { $0.kind == "fade_tap" && $0.block == "4" }, "fade_tap in the fast block: \(flags)")
        XCTAssertTrue(flags.contains { $0.kind == "fade_hbo" && $0.block == "4" }, "fade_hbo in the fast block: \(flags)")
        XCTAssertTrue(flags.allSatisfy { $0.block == "4" }, "nothing in the slow block: \(flags)")
        for flag in flags { XCTAssertGreaterThan(flag.onset, fastStart, "raised while the fast block ran") }
        let detectors = try XCTUnwrap(summary["detectors"] as? [[String: Any]])
        XCTAssertEqual(detectors.map { $0["label"] as? String }, ["slow", "fast"])
        let fastTap = try XCTUnwrap(detectors.last?["tap"] as? [String: Any])
        XCTAssertNotNil(fastTap["onset_seconds"] as? Double, "the fast block's fade onset is summarised")
        // The number behind the flag: the decline against the healthy range, at the block's end.
        XCTAssertEqual(fastTap["method"] as? String, "healthyRange")
        XCTAssertEqual(fastTap["beyond_healthy_range"] as? Bool, true)
        let decline = try XCTUnwrap(fastTap["decline"] as? [String: Any])
        XCTAssertGreaterThan(try XCTUnwrap(decline["z"] as? Double), try XCTUnwrap(fastTap["decline_z_limit"] as? Double))
        XCTAssertEqual((fastTap["norm"] as? [String: Any])?["age_band"] as? String, "18–30")
        XCTAssertEqual((fastTap["norm"] as? [String: Any])?["age_assumed"] as? Bool, true)
        try assertRecoveryGivesTheSameTapFlags(files, live: detectors)
    }

    /// The session as if killed just before its end, closed by `tapnirs recover`: its journals replayed
    /// through the reducer give the same tap-rate flags and figures as the live session.
    func assertRecoveryGivesTheSameTapFlags(_ files: SessionFiles, live: [[String: Any]]) throws {
        let copy = try Paths.temporaryFolder() + "/sub-fade/" + (files.path as NSString).lastPathComponent
        try FileManager.default.createDirectory(atPath: (copy as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: files.path, toPath: copy)
        for name in ["summary.json", "nirs.snirf", "report.html"] { try? FileManager.default.removeItem(atPath: copy + "/" + name) }
        // Undo the end: status back to running, the session_end row gone.
        var manifest = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: copy + "/session.json")))
                                     as? [String: Any])
        manifest["status"] = "running"
        try JSONSerialization.data(withJSONObject: manifest).write(to: URL(fileURLWithPath: copy + "/session.json"))
        let events = try String(contentsOfFile: copy + "/events.tsv", encoding: .utf8)
        let kept = events.split(separator: "\n").filter { !$0.contains("\tsession_end\t") }.joined(separator: "\n") + "\n"
        try kept.write(toFile: copy + "/events.tsv", atomically: true, encoding: .utf8)
        let recovered = try Shell.run([Paths.binary, "recover", copy])
        XCTAssertEqual(recovered.status, 0, recovered.error)
        let again = try XCTUnwrap(SessionFiles(path: copy).json("summary.json")["detectors"] as? [[String: Any]])
        XCTAssertEqual(again.count, live.count)
        for (a, b) in zip(live, again) {
            let tapA = try XCTUnwrap(a["tap"] as? [String: Any]), tapB = try XCTUnwrap(b["tap"] as? [String: Any])
            XCTAssertEqual(tapA["fade_flags"] as? Int, tapB["fade_flags"] as? Int, "\(a["label"] ?? "")")
            XCTAssertEqual(tapA["beyond_healthy_range"] as? Bool, tapB["beyond_healthy_range"] as? Bool)
            XCTAssertEqual(tapA["onset_seconds"] as? Double ?? -1, tapB["onset_seconds"] as? Double ?? -1, accuracy: 1e-3)
            let zA = (tapA["decline"] as? [String: Any])?["z"] as? Double, zB = (tapB["decline"] as? [String: Any])?["z"] as? Double
            XCTAssertEqual(zA ?? 0, zB ?? 0, accuracy: 1e-3)
        }
    }

    func testAHealthySteadySubjectRaisesNoFlag() throws {
        let (flags, summary, _, files) = try session(simProfile: "healthy", autotap: "steady")
        XCTAssertTrue(flags.isEmpty, "no flag for a healthy, steady subject: \(flags)")
        try assertConditionsMatchMneEpochs(files, summary: summary)
        let detectors = try XCTUnwrap(summary["detectors"] as? [[String: Any]])
        XCTAssertEqual(detectors.count, 2)
        for block in detectors {
            let hbo = try XCTUnwrap(block["hbo"] as? [String: Any], "HbO figures for \(block["label"] ?? "")")
            XCTAssertNotNil(hbo["peak_micromolar"] as? Double)
        }
    }

    /// summary.json's HbO per condition against MNE-Python's `Epochs` of the same nirs.snirf (same
    /// channels, windows and baseline; scripts/mne-conditions.py): < 1e-6 µM everywhere.
    func assertConditionsMatchMneEpochs(_ files: SessionFiles, summary: [String: Any]) throws {
        guard let python = ProcessInfo.processInfo.environment["TAPNIRS_PYTHON"] else {
            return XCTFail("TAPNIRS_PYTHON is not set: run `make test` (the check needs MNE in the venv)")
        }
        let run = try Shell.run([python, Paths.repo + "/scripts/mne-conditions.py", files.path], allowFailure: true)
        XCTAssertEqual(run.status, 0, run.error)
        let line = try XCTUnwrap(run.output.split(separator: "\n").last.map(String.init))
        let mne = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let theirs = try XCTUnwrap(mne["conditions"] as? [[String: Any]])
        let ours = try XCTUnwrap(summary["conditions"] as? [[String: Any]], "summary.json has conditions")
        XCTAssertEqual(ours.map { $0["label"] as? String }, ["slow", "fast"])
        XCTAssertEqual(theirs.map { $0["label"] as? String }, ours.map { $0["label"] as? String })
        var compared = 0
        for (a, b) in zip(ours, theirs) {
            let label = a["label"] as? String ?? ""
            XCTAssertEqual(a["blocks"] as? Int, b["blocks"] as? Int, label)
            for key in ["hbo_amplitude_micromolar", "hbr_amplitude_micromolar"] {
                let x = try XCTUnwrap(a[key] as? Double, key), y = try XCTUnwrap(b[key] as? Double, key)
                XCTAssertEqual(x, y, accuracy: 1e-6, "\(label) \(key)")
                compared += 1
            }
            for key in ["hbo_micromolar", "hbr_micromolar"] {
                let x = try XCTUnwrap(a[key] as? [Any]), y = try XCTUnwrap(b[key] as? [Any])
                for (u, v) in zip(x, y) {
                    guard let u = u as? Double, let v = v as? Double else { continue }
                    XCTAssertEqual(u, v, accuracy: 1e-6, "\(label) \(key)")
                    compared += 1
                }
            }
        }
        XCTAssertGreaterThan(compared, 40, "the time courses were compared, not only the amplitudes")
    }
}
