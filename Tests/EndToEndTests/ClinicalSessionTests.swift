import Foundation
import XCTest

/// Issue 16 through the real program: who is tested (flags and the ready screen's form, typed in a
/// real terminal), which hand (the cue), and what reaches session.json, summary.json and report.html.
final class ClinicalSessionTests: XCTestCase {
    func participant(_ files: SessionFiles) throws -> [String: Any] {
        try XCTUnwrap(try files.json("session.json")["participant"] as? [String: Any])
    }

    /// Two alternating hands under a strict trial rule: 2 trials within 0 taps, at most 3 per hand, 2 s each.
    func miniFtt(in out: String) throws -> String {
        let path = out + "/mini-ftt.yaml"
        try """
            name: mini-ftt
            tap_keys: [space]
            trials: {label: trial, consistent: 2, within_taps: 0, max_per_hand: 3, rest: 1}
            blocks:
              - repeat: 2
                blocks:
                  - tap: {label: trial, hand: right, cue: TAP FAST, duration: 2, pace: self}
                  - rest: 1
                  - tap: {label: trial, hand: left, cue: TAP FAST, duration: 2, pace: self}
                  - rest: 1
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func testTheFlagsReachTheRecordsTheNormAndTheReportHeader() throws {
        let out = try Paths.temporaryFolder()
        let pane = try TmuxPane([Paths.binary, "run", "--protocol", Paths.protocolFile("short-test.yaml"), "--subject", "P61",
                                 "--no-sound", "--out", out, "--autotap", "steady", "--age", "61", "--sex", "male",
                                 "--handedness", "right", "--hand", "left"])
        XCTAssertEqual(try pane.waitForExit(timeout: 60), 0)
        let files = try SessionFiles.only(in: out)
        let who = try participant(files)
        XCTAssertEqual(who["age_years"] as? Int, 61)
        XCTAssertEqual(who["sex"] as? String, "male")
        XCTAssertEqual(who["handedness"] as? String, "right")
        XCTAssertEqual(who["hand"] as? String, "left")
        // The fast block was judged against the 50–70 healthy decline, not the assumed 18–30.
        let summary = try files.json("summary.json")
        let detectors = try XCTUnwrap(summary["detectors"] as? [[String: Any]])
        let norm = try XCTUnwrap(detectors.compactMap { ($0["tap"] as? [String: Any])?["norm"] as? [String: Any] }.first)
        XCTAssertEqual(norm["age_band"] as? String, "50–70")
        XCTAssertEqual(norm["age_assumed"] as? Bool, false)
        let hands = try XCTUnwrap((summary["clinical"] as? [String: Any])?["hands"] as? [[String: Any]])
        XCTAssertEqual(hands.map { $0["hand"] as? String }, ["left"])
        XCTAssertTrue(try files.table("events.tsv").contains { $0["trial_type"] == "fast" && $0["value"]?.hasSuffix("hand=left") == true })
        let report = try String(contentsOfFile: files.path + "/report.html", encoding: .utf8)
        XCTAssertTrue(report.contains("<tr><th>Age</th><td>61 years</td></tr><tr><th>Sex</th><td>male</td></tr>"
                                      + "<tr><th>Handedness</th><td>right</td></tr><tr><th>Hand tested</th><td>left hand</td></tr>"))
        XCTAssertTrue(report.contains("It makes no diagnosis"))
        XCTAssertTrue(report.contains("A flag means a value beyond a stated range"))
    }

    /// A 12 s maximal block by a 61-year-old: the report sets its decline against the published
    /// 50–70 band with z and percentile (the 4 s block of short-test.yaml is too short to read one).
    func testThePublishedDeclineNormGivesZAndPercentileWhenTheAgeFits() throws {
        let out = try Paths.temporaryFolder()
        let path = out + "/fast12.yaml"
        try "name: fast12\ntap_keys: [space]\nbaseline: {duration: 1}\nblocks:\n  - tap: {label: fast, hand: right, duration: 12, pace: self}\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let pane = try TmuxPane([Paths.binary, "run", "--protocol", path, "--subject", "P62", "--no-sound", "--out", out,
                                 "--autotap", "steady", "--seed", "1", "--age", "62", "--sex", "female", "--handedness", "right"])
        XCTAssertEqual(try pane.waitForExit(timeout: 60), 0)
        let files = try SessionFiles.only(in: out)
        let report = try Shell.run([Paths.binary, "report", files.path])
        XCTAssertEqual(report.status, 0, report.error)
        XCTAssertTrue(report.output.contains("  norm: decline against the healthy decline of a maximal trial, 50–70 years (n = 176; "
                                             + "Heimhofer et al. 2024"), report.output)
        let line = try XCTUnwrap(report.output.split(separator: "\n").first { $0.hasPrefix("    right hand fast (block 2) ") },
                                 report.output)
        XCTAssertTrue(line.contains(" percentile) against "), String(line))
        XCTAssertTrue(line.hasSuffix(" % by the block's end — within the healthy range")
                      || line.hasSuffix(" % by the block's end — beyond the healthy range"), String(line))
        XCTAssertTrue(report.output.contains("fast (block 2): decline ") || report.output.contains("fast (block 2): rate rose "),
                      "the reading in issue 12's words")
        XCTAssertFalse(report.output.contains("No norm fits"), report.output)
        let html = try String(contentsOfFile: files.path + "/report.html", encoding: .utf8)
        let head = try XCTUnwrap(line.dropFirst(4).components(separatedBy: " percentile) against ").first)
        XCTAssertTrue(html.contains("<ul class=\"norms\"><li>" + head + " percentile) against "), "the same line under Against healthy norms")
    }

    /// A wrong participant flag is refused before anything is recorded, saying what to type.
    func testWrongParticipantFlagsAreRefusedWithWhatToType() throws {
        let out = try Paths.temporaryFolder()
        let cases: [([String], String)] = [
            (["--age", "200"], "--age 200: give the age in whole years, 5 to 110."),
            (["--sex", "f"], "'f'"),
            (["--handedness", "both"], "'both'"),
            (["--hand", "both"], "'both'"),
        ]
        for (flags, message) in cases {
            let result = try Shell.run([Paths.binary, "run", "--protocol", Paths.protocolFile("short-test.yaml"), "--out", out,
                                        "--autotap", "steady"] + flags, allowFailure: true)
            XCTAssertNotEqual(result.status, 0, "\(flags)")
            XCTAssertTrue(result.error.contains(message), "\(flags): \(result.error)")
        }
        let help = try Shell.run([Paths.binary, "run", "--help"])
        for option in ["--age <years>", "--sex <sex>", "--handedness <handedness>", "--hand <hand>", "--norms <file>"] {
            XCTAssertTrue(help.output.contains(option), option + " in run --help")
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out), [], "nothing recorded")
    }

    func testTheReadyScreenAsksForWhatWasNotGivenAndKeepsTheEdits() throws {
        let out = try Paths.temporaryFolder()
        let pane = try TmuxPane([Paths.binary, "run", "--protocol", Paths.protocolFile("short-test.yaml"), "--subject", "P47",
                                 "--no-sound", "--out", out, "--sex", "female"])
        var screen = try pane.waitFor("Press Enter to start")
        XCTAssertTrue(screen.contains("Participant: age not given · female · handedness not given · right hand"), screen)
        XCTAssertFalse(screen.contains(" sex "), "sex was given: not asked:\n\(screen)")
        try pane.send("4", "7", "Tab", "a", "Tab", "Left", literal: false)
        screen = try pane.waitFor("47 y · female · ambidextrous · hand not given")
        try pane.send("l")
        screen = try pane.waitFor("47 y · female · ambidextrous · left hand")
        XCTAssertTrue(screen.contains("▶ hand tested left"), screen)
        try pane.send("Enter")
        try pane.waitFor("LEFT HAND", timeout: 10)  // the cue of the first tapping block names the hand
        try pane.waitFor("Press Enter or q to exit", timeout: 30)
        try pane.send("Enter")
        XCTAssertEqual(try pane.waitForExit(), 0)
        let who = try participant(try SessionFiles.only(in: out))
        XCTAssertEqual(who["age_years"] as? Int, 47)
        XCTAssertEqual(who["sex"] as? String, "female")
        XCTAssertEqual(who["handedness"] as? String, "ambidextrous")
        XCTAssertEqual(who["hand"] as? String, "left")
    }

    /// Two alternating hands under a strict trial rule (2 trials within 0 taps, at most 3 per hand):
    /// seed 1's steady tapper disagrees with itself on the right hand, so a third right trial is added
    /// live; the cue names each trial's hand; summary.json and the report give the score per hand.
    func testTrialsAlternateHandsAndDisagreeingOnesAreRepeatedLive() throws {
        let out = try Paths.temporaryFolder()
        let protocolFile = try miniFtt(in: out)
        let pane = try TmuxPane([Paths.binary, "run", "--protocol", protocolFile, "--subject", "F1", "--no-sound", "--out", out,
                                 "--autotap", "steady", "--seed", "1", "--age", "30", "--sex", "male", "--handedness", "right"])
        try pane.waitFor("▶▶  RIGHT HAND · trial 1 of 2  ◀◀", timeout: 10)
        try pane.waitFor("▶▶  LEFT HAND · trial 1 of 2  ◀◀", timeout: 10)
        try pane.waitFor("▶▶  RIGHT HAND · trial 3 of 3 (added: trials disagreed)  ◀◀", timeout: 30)
        XCTAssertEqual(try pane.waitForExit(timeout: 60), 0)
        let files = try SessionFiles.only(in: out)
        let trials = try files.table("events.tsv").filter { $0["trial_type"] == "trial" }.map { $0["value"] ?? "" }
        XCTAssertEqual(trials.count, 5, "\(trials)")
        XCTAssertTrue(trials.last?.hasSuffix("hand=right;extra_trial=true") == true, "\(trials)")
        let timeline = try XCTUnwrap(try files.json("session.json")["timeline"] as? [[String: Any]])
        XCTAssertEqual(timeline.count, 10)
        let hands = try XCTUnwrap(((try files.json("summary.json"))["clinical"] as? [String: Any])?["hands"] as? [[String: Any]])
        let right = try XCTUnwrap(hands.first { $0["hand"] as? String == "right" }?["ftt"] as? [String: Any])
        XCTAssertEqual((right["trial_taps"] as? [Int])?.count, 3)
        XCTAssertEqual(right["extra_trials"] as? Int, 1)
        let report = try String(contentsOfFile: files.path + "/report.html", encoding: .utf8)
        XCTAssertTrue(report.contains("right hand: FTT"), "the score per hand in the report")
        XCTAssertTrue(report.contains("1 added live"))
    }

    /// A clinic's norms file: a decline row for every age (so a 61-year-old is compared with it,
    /// not with the published 50–70 band) and an FTT row for the right hand.
    func clinicNorms(in out: String) throws -> String {
        let path = out + "/clinic-norms.json"
        try """
            {"name": "clinic-test", "description": "test", "norms": [
              {"measure": "decline", "label": "*", "pace": "self", "hand": "any", "age_min": 18, "age_max": 99,
               "mean": 0.02, "sd": 0.01, "n": 40, "apparatus": "lab keyboard", "source": "this clinic", "evidence": "local", "whole_trial": true},
              {"measure": "ftt_score", "label": "*", "hand": "right", "age_min": 18, "age_max": 99,
               "mean": 90, "sd": 5, "n": 40, "apparatus": "lab keyboard", "source": "this clinic", "evidence": "local"}]}
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A session run with `--norms FILE`, killed: `tapnirs recover` compares its rebuilt figures
    /// with the same norms the live session used (session.json `norms_file`). `tapnirs report`
    /// without `--norms` shows the comparisons summary.json recorded — also once the file is gone.
    /// `reanalyse --norms` records the file it was given (as an absolute path).
    func testRecoverAndReportUseTheNormsTheSessionRanWith() throws {
        let out = try Paths.temporaryFolder()
        let protocolFile = try miniFtt(in: out)
        let norms = try clinicNorms(in: out)
        let pane = try TmuxPane([Paths.binary, "run", "--protocol", protocolFile, "--subject", "N1", "--no-sound", "--out", out,
                                 "--autotap", "steady", "--seed", "1", "--age", "61", "--norms", norms])
        try pane.waitFor("RIGHT HAND · trial 3 of 3", timeout: 30)  // seed 1: the rule adds a third right trial
        Thread.sleep(forTimeInterval: 0.5)
        XCTAssertEqual(kill(try pane.pid(), SIGKILL), 0)
        XCTAssertEqual(try pane.waitForExit(), 128 + SIGKILL)
        let files = try SessionFiles.only(in: out)
        XCTAssertEqual(try files.json("session.json")["norms_file"] as? String, norms)
        let recovered = try Shell.run([Paths.binary, "recover", files.path])
        XCTAssertEqual(recovered.status, 0, recovered.error)
        XCTAssertFalse(recovered.output.contains("note:"), recovered.output)
        let clinical = try XCTUnwrap((try files.json("summary.json"))["clinical"] as? [String: Any])
        XCTAssertEqual(clinical["norm_tables"] as? String, "clinic-test + published", "\(clinical)")

        // A whole session with the same norms: `tapnirs report` later writes the report it ended with.
        let whole = try Paths.temporaryFolder()
        let run = try TmuxPane([Paths.binary, "run", "--protocol", protocolFile, "--subject", "N2", "--no-sound", "--out", whole,
                                "--autotap", "steady", "--seed", "1", "--age", "61", "--norms", norms])
        XCTAssertEqual(try run.waitForExit(timeout: 60), 0)
        let finished = try SessionFiles.only(in: whole)
        let live = try String(contentsOfFile: finished.path + "/report.html", encoding: .utf8)
        XCTAssertTrue(live.contains("this clinic [local]; lab keyboard"), "the live report compares with the clinic's norms")
        try FileManager.default.removeItem(atPath: finished.path + "/report.html")
        let report = try Shell.run([Paths.binary, "report", finished.path])
        XCTAssertEqual(report.status, 0, report.error)
        let html = try String(contentsOfFile: finished.path + "/report.html", encoding: .utf8)
        XCTAssertTrue(html.contains("this clinic [local]; lab keyboard"), "tapnirs report compares with the session's norms")

        // Reanalysed with the norms given by a relative path: session.json names the file it used.
        let again = try Shell.run(["/bin/sh", "-c", "cd '\(out)' && '\(Paths.binary)' reanalyse '\(finished.path)' --norms clinic-norms.json"])
        XCTAssertEqual(again.status, 0, again.error)
        let reanalysed = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: whole + "/sub-N2")
            .first { $0.contains("reanalysis") })
        let manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath:
            whole + "/sub-N2/" + reanalysed + "/session.json"))) as? [String: Any]
        XCTAssertEqual(manifest?["norms_file"] as? String, norms)

        try FileManager.default.removeItem(atPath: norms)
        try FileManager.default.removeItem(atPath: finished.path + "/report.html")
        let without = try Shell.run([Paths.binary, "report", finished.path])
        XCTAssertEqual(without.status, 0, without.error)
        XCTAssertEqual(without.error, "", "summary.json's comparisons need no norms file")
        XCTAssertTrue(try String(contentsOfFile: finished.path + "/report.html", encoding: .utf8).contains("this clinic [local]"))
    }

    /// A session killed during a trial the rule added: `tapnirs recover` replays the taps to the same
    /// grown timeline, keeps the participant (and so the 50–70 decline band), and the report, compare
    /// and the BIDS export read it.
    func testRecoverReplaysTheAddedTrialsAndKeepsWhoWasTested() throws {
        let out = try Paths.temporaryFolder()
        let protocolFile = try miniFtt(in: out)
        let pane = try TmuxPane([Paths.binary, "run", "--protocol", protocolFile, "--subject", "K1", "--no-sound", "--out", out,
                                 "--autotap", "steady", "--seed", "1", "--age", "61", "--sex", "male", "--handedness", "left"])
        try pane.waitFor("RIGHT HAND · trial 3 of 3", timeout: 30)
        Thread.sleep(forTimeInterval: 0.5)
        XCTAssertEqual(kill(try pane.pid(), SIGKILL), 0)
        XCTAssertEqual(try pane.waitForExit(), 128 + SIGKILL)
        let files = try SessionFiles.only(in: out)
        XCTAssertNil(try files.json("session.json")["timeline"], "a killed session has not written its grown timeline")
        let recovered = try Shell.run([Paths.binary, "recover", files.path])
        XCTAssertEqual(recovered.status, 0, recovered.error)
        let manifest = try files.json("session.json")
        XCTAssertEqual((manifest["participant"] as? [String: Any])?["age_years"] as? Int, 61)
        let timeline = try XCTUnwrap(manifest["timeline"] as? [[String: Any]])
        XCTAssertEqual(timeline.filter { $0["is_extra_trial"] as? Bool == true }.count, 1, "the same extra trial as live")
        let clinical = try XCTUnwrap((try files.json("summary.json"))["clinical"] as? [String: Any])
        XCTAssertEqual((clinical["participant"] as? [String: Any])?["handedness"] as? String, "left")
        let hands = try XCTUnwrap(clinical["hands"] as? [[String: Any]])
        let right = try XCTUnwrap(hands.first { $0["hand"] as? String == "right" }?["ftt"] as? [String: Any])
        XCTAssertEqual((right["trial_blocks"] as? [Int]), [1, 5], "the trial cut short by the kill is not a trial of the test")
        let report = try Shell.run([Paths.binary, "report", files.path])
        XCTAssertTrue(report.output.contains("participant: 61 y · male · left-handed · tested: right and left hand"), report.output)
        let compare = try Shell.run([Paths.binary, "compare", files.path])
        XCTAssertTrue(compare.output.contains("left hand, FTT score (taps): 10.0 (n 2)"), compare.output)
        XCTAssertTrue(compare.output.contains("right hand, trial, taps per block"), compare.output)
        let export = try Shell.run([Paths.binary, "export", "--bids", out + "/bids", files.path])
        XCTAssertEqual(export.status, 0, export.error)
        XCTAssertEqual(try String(contentsOfFile: out + "/bids/participants.tsv", encoding: .utf8),
                       "participant_id\tage\tsex\thandedness\nsub-K1\t61\tmale\tleft\n")
    }
}
