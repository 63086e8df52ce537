import Foundation
import XCTest

/// `tapnirs export --bids`: the real binary on a session it recorded (simulated fNIRS,
/// synthetic tapping, in tmux) and on hand-made folders for the refusals.
final class ExportCommandTests: XCTestCase {
    var root = ""

    override func setUpWithError() throws {
        root = try Paths.temporaryFolder()
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: root)
    }

    func export(_ arguments: [String]) throws -> Shell.Result {
        try Shell.run([Paths.binary, "export", "--bids"] + arguments, allowFailure: true)
    }

    /// A session folder without fNIRS written by hand (the files `tapnirs run` leaves).
    func handMadeSession(subject: String, time: String, status: String) throws -> String {
        let folder = root + "/sessions/sub-\(subject)/ses-\(time)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let files = [
            "session.json": """
                {"status": "\(status)", "subject": "\(subject)", "session": "ses-\(time)",
                 "software": {"name": "tapnirs", "version": "0.1.0"}, "start_time": "2026-11-25T11:15:00.250+01:00",
                 "clock": {"source": "CLOCK_MONOTONIC", "origin_nanoseconds": 123456789,
                           "wall_clock_at_origin": "2026-11-25T11:15:00.250+01:00", "unix_time_at_origin": 1795601700.25},
                 "terminal": {"columns": 80, "lines": 24, "term": "xterm"}, "sound": "none",
                 "protocol": {"file": "short-test.yaml", "text": "blocks: []\\n", "parsed": {"blocks": []}},
                 "input": {"kind": "keyboard", "tap_keys": ["space"]}, "end_onset": 6.0, "write_errors": []}

                """,
            "events.tsv": "onset\tduration\ttrial_type\tvalue\n1.000000\t4.000000\tslow\tblock=1;cue=TAP;pace_hz=2.0\n6.000000\tn/a\tsession_end\tstatus=\(status)\n",
            "taps.tsv": "onset\tkey\tblock\tblock_label\titi\tbeat_offset\tautorepeat\tin_block\n"
                + "1.500000\tspace\t1\tslow\tn/a\t0.010000\tfalse\ttrue\n2.000000\tspace\t1\tslow\t0.500000\t0.005000\tfalse\ttrue\n",
        ]
        for (name, text) in files { try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/" + name)) }
        return folder
    }

    func testExportsARecordedSessionAndNeverOverwrites() throws {
        let out = root + "/sessions"
        let pane = try TmuxPane([Paths.binary, "run", "--protocol", Paths.protocolFile("short-test.yaml"), "--subject", "E2E1",
                                 "--out", out, "--source", "sim", "--autotap", "steady", "--no-sound",
                                 "--age", "34", "--sex", "male", "--handedness", "right", "--hand", "left"])
        XCTAssertEqual(try pane.waitForExit(timeout: 60), 0)
        let session = try SessionFiles.only(in: out).path
        let label = (session as NSString).lastPathComponent
        let bids = root + "/bids"

        let first = try export([bids, session])
        XCTAssertEqual(first.status, 0, first.error)
        XCTAssertTrue(first.output.contains("\(session) -> sub-E2E1/\(label) (status completed): 9 files written"), first.output)
        XCTAssertTrue(first.output.contains("1 of 1 session exported to \(bids)"), first.output)
        let nirs = "\(bids)/sub-E2E1/\(label)/nirs/sub-E2E1_\(label)_task-fingertapping_"
        for suffix in ["nirs.snirf", "nirs.json", "channels.tsv", "events.tsv", "events.json"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: nirs + suffix), nirs + suffix)
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(bids)/sub-E2E1/\(label)/nirs/sub-E2E1_\(label)_optodes.tsv"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: "\(bids)/sub-E2E1/\(label)/beh/sub-E2E1_\(label)_task-fingertapping_beh.tsv"))
        // Who was tested, from the run's flags, with BIDS's levels; the hand in the sidecar and events.
        XCTAssertEqual(try String(contentsOfFile: bids + "/participants.tsv", encoding: .utf8),
                       "participant_id\tage\tsex\thandedness\nsub-E2E1\t34\tmale\tright\n")
        XCTAssertTrue(try String(contentsOfFile: "\(bids)/sub-E2E1/sub-E2E1_sessions.tsv", encoding: .utf8)
            .hasSuffix("\t34\n"), "the visit's age in sessions.tsv")
        let sidecar = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: nirs + "nirs.json"))) as? [String: Any]
        XCTAssertEqual(sidecar?["TappingHand"] as? String, "left")
        let eventRows = try String(contentsOfFile: nirs + "events.tsv", encoding: .utf8).split(separator: "\n")
        XCTAssertTrue(eventRows.first?.hasSuffix("\thand") == true, "\(eventRows.first ?? "")")
        XCTAssertTrue(eventRows.dropFirst().contains { $0.hasSuffix("\tleft") }, "\(eventRows)")

        // The official validator, through the script CI uses.
        if ProcessInfo.processInfo.environment["TAPNIRS_PYTHON"] == nil {
            XCTFail("TAPNIRS_PYTHON is not set: run `make test` (scripts/check-bids.sh needs the venv)")
        } else {
            let check = try Shell.run([Paths.repo + "/scripts/check-bids.sh", bids], allowFailure: true)
            XCTAssertEqual(check.status, 0, check.output + check.error)
            XCTAssertTrue(check.output.contains("bids-validator: 0 error(s)"), check.output)
        }

        // Again: everything is there and identical, nothing is written.
        let again = try export([bids, session])
        XCTAssertEqual(again.status, 0, again.error)
        XCTAssertTrue(again.output.contains("0 files written, 9 already there (identical)"), again.output)

        // A changed file: refused, named, left alone.
        let events = nirs + "events.tsv"
        try Data("onset\tduration\n".utf8).write(to: URL(fileURLWithPath: events))
        let refused = try export([bids, session])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.error.contains("error: \(events): already exists with different contents; not overwritten"), refused.error)
        XCTAssertTrue(refused.output.contains("0 of 1 session exported"), refused.output)
        XCTAssertEqual(try String(contentsOfFile: events, encoding: .utf8), "onset\tduration\n")
    }

    func testRefusalsAndASessionWithoutNirs() throws {
        let good = try handMadeSession(subject: "E2E2", time: "20261125T111500", status: "aborted")
        let running = try handMadeSession(subject: "E2E3", time: "20261125T120000", status: "running")
        let notASession = root + "/sessions"
        let bids = root + "/bids"

        let result = try export([bids, notASession, running, good, root + "/missing"])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.error.contains("error: \(notASession): not a tapnirs session folder (no session.json"), result.error)
        XCTAssertTrue(result.error.contains("error: \(running): session is still marked running"), result.error)
        XCTAssertTrue(result.error.contains("run `tapnirs recover \(running)` first"), result.error)
        XCTAssertTrue(result.error.contains("error: \(root)/missing: not a tapnirs session folder (no such folder)"), result.error)
        XCTAssertTrue(result.output.contains("no fNIRS (the session ran without an fNIRS source): exported beh and events only"), result.output)
        XCTAssertTrue(result.output.contains("1 of 4 sessions exported"), result.output)
        let beh = "\(bids)/sub-E2E2/ses-20261125T111500/beh/sub-E2E2_ses-20261125T111500_task-fingertapping_"
        XCTAssertEqual(try String(contentsOfFile: beh + "events.tsv", encoding: .utf8),
                       "onset\tduration\ttrial_type\tvalue\thand\n1.000000\t4.000000\tslow\tblock=1;cue=TAP;pace_hz=2.0\tn/a\n"
                       + "6.000000\tn/a\tsession_end\tstatus=aborted\tn/a\n", "a session from before issue 16: no hand known")
        XCTAssertTrue(FileManager.default.fileExists(atPath: beh + "beh.tsv"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(bids)/sub-E2E2/ses-20261125T111500/nirs"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(bids)/sub-E2E3"), "nothing of a refused session")
        XCTAssertEqual(try String(contentsOfFile: bids + "/participants.tsv", encoding: .utf8), "participant_id\tage\tsex\thandedness\nsub-E2E2\tn/a\tn/a\tn/a\n", "not given: n/a, never guessed")

        let usage = try Shell.run([Paths.binary, "export", good], allowFailure: true)
        XCTAssertNotEqual(usage.status, 0)
        XCTAssertTrue(usage.error.contains("--bids"), usage.error)
    }
}
