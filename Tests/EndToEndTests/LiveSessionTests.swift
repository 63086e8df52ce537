import Foundation
import XCTest

/// `tapnirs run` in a real terminal (tmux): keys in, screen out, records checked afterwards.
final class LiveSessionTests: XCTestCase {
    func run(_ arguments: [String], out: String, columns: Int = 80, lines: Int = 24) throws -> TmuxPane {
        try TmuxPane([Paths.binary, "run"] + arguments + ["--out", out], columns: columns, lines: lines)
    }

    func pressSpaces(_ pane: TmuxPane, count: Int, every seconds: Double) throws {
        for _ in 0..<count {
            try pane.send("Space")
            Thread.sleep(forTimeInterval: seconds)
        }
    }

    func testAPacedSessionRecordsEveryTapInTheBlockItFellIn() throws {
        let out = try Paths.temporaryFolder()
        let pane = try run(["--protocol", Paths.protocolFile("short-test.yaml"), "--subject", "e2e", "--no-sound"], out: out)
        let ready = try pane.waitFor("Press Enter to start")
        XCTAssertTrue(ready.contains("short-test"))
        XCTAssertTrue(ready.contains("TAP SLOW"))
        try pane.send("Enter")
        let live = try pane.waitFor("Block 2/4", timeout: 5)
        XCTAssertTrue(live.contains("2.00 Hz"))
        try pressSpaces(pane, count: 5, every: 0.3)
        try pane.waitFor("Block 3/4", timeout: 5)
        try pressSpaces(pane, count: 2, every: 0.3)
        try pane.waitFor("Block 4/4", timeout: 5)
        try pressSpaces(pane, count: 6, every: 0.2)
        let summary = try pane.waitFor("Session completed", timeout: 8)
        XCTAssertTrue(summary.contains("slow"))
        try pane.send("Enter")
        XCTAssertEqual(try pane.waitForExit(), 0)

        let files = try SessionFiles.only(in: out)
        let taps = try files.table("taps.tsv")
        XCTAssertEqual(taps.count, 13, "every press is a row")
        XCTAssertEqual(taps.filter { $0["block"] == "2" }.count, 5)
        XCTAssertEqual(taps.filter { $0["block"] == "3" && $0["in_block"] == "false" }.count, 2, "rest taps recorded, not counted")
        XCTAssertEqual(taps.filter { $0["block"] == "4" && $0["in_block"] == "true" }.count, 6)
        XCTAssertTrue(taps.allSatisfy { $0["autorepeat"] == "false" })
        XCTAssertTrue(taps.filter { $0["block"] == "2" }.allSatisfy { $0["beat_offset"] != "n/a" })
        XCTAssertTrue(taps.filter { $0["block"] == "4" }.allSatisfy { $0["beat_offset"] == "n/a" })
        for tap in taps { XCTAssertEqual(tap["onset"]?.split(separator: ".").last?.count, 6, "microsecond resolution") }
        let events = try files.table("events.tsv")
        let flagKinds: Set = ["fade_tap", "fade_hbo", "no_activation_hbo", "behind_beat"]
        XCTAssertEqual(events.map { $0["trial_type"] ?? "" }.filter { !flagKinds.contains($0) },
                       ["baseline", "slow", "rest", "fast", "session_end"])
        // Five presses in a 4 s block paced at 2 Hz, then six quick ones and a stop: the detectors say so.
        XCTAssertTrue(events.contains { $0["trial_type"] == "behind_beat" }, "the beats it fell behind")
        let manifest = try files.json("session.json")
        XCTAssertEqual(manifest["status"] as? String, "completed")
        XCTAssertEqual((manifest["input"] as? [String: Any])?["kind"] as? String, "keyboard")
        XCTAssertEqual((manifest["terminal"] as? [String: Any])?["columns"] as? Int, 80)
        let summaryFile = try files.json("summary.json")
        let blocks = summaryFile["blocks"] as? [[String: Any]] ?? []
        XCTAssertEqual(blocks.map { $0["taps"] as? Int }, [5, 6])
        let beats = try files.table("beats.tsv")
        XCTAssertEqual(beats.count, 8, "4 s at 2 Hz")
    }

    func testAutotapRunsAWholeSessionUnattendedWithTheGivenKeyAndSaysTheTapsAreSynthetic() throws {
        let out = try Paths.temporaryFolder()
        let pane = try run(["--protocol", Paths.protocolFile("short-test.yaml"), "--subject", "auto", "--no-sound",
                            "--autotap", "steady", "--seed", "7", "--key", "j"], out: out)
        XCTAssertEqual(try pane.waitForExit(timeout: 25), 0)
        let files = try SessionFiles.only(in: out)
        let taps = try files.table("taps.tsv")
        let slow = taps.filter { $0["block"] == "2" }, fast = taps.filter { $0["block"] == "4" }
        XCTAssertTrue((6...8).contains(slow.count), "about one tap per beat at 2 Hz for 4 s, got \(slow.count)")
        XCTAssertGreaterThan(fast.count, 15, "self-paced at ~5.5 Hz for 4 s")
        XCTAssertTrue(taps.allSatisfy { $0["in_block"] == "true" && $0["autorepeat"] == "false" })
        XCTAssertTrue(taps.allSatisfy { $0["key"] == "j" }, "--key overrides the protocol's tap key")
        let input = try files.json("session.json")["input"] as? [String: Any]
        XCTAssertEqual(input?["kind"] as? String, "synthetic")
        XCTAssertEqual(input?["autotap_profile"] as? String, "steady")
        XCTAssertEqual(input?["seed"] as? Int, 7)
        XCTAssertEqual(input?["tap_keys"] as? [String], ["j"])
    }

    func testQuitAsksFirstThenEndsTheSessionCleanly() throws {
        let out = try Paths.temporaryFolder()
        let pane = try TmuxPane.startedSession("demo.yaml", subject: "quit", out: out, until: "Block 1/9")
        try pane.send("q")
        try pane.waitFor("End the session?")
        try pane.send("n")
        try pane.waitForAbsence("End the session?")
        try pane.send("Escape")
        try pane.waitFor("End the session?")
        try pane.send("y")
        try pane.waitFor("Session ended early")
        try pane.send("q")
        XCTAssertEqual(try pane.waitForExit(), 0)
        let manifest = try SessionFiles.only(in: out).json("session.json")
        XCTAssertEqual(manifest["status"] as? String, "aborted")
        XCTAssertEqual(manifest["end_reason"] as? String, "ended by clinician")
    }

    func testPauseMarkerSubjectViewAndHelpKeys() throws {
        let out = try Paths.temporaryFolder()
        // gentile2019's 60 s baseline: every key below happens inside block 1, however slow the machine.
        let pane = try TmuxPane.startedSession("gentile2019.yaml", subject: "keys", out: out, until: "Block 1/22")
        try pane.send("p")
        try pane.waitFor("PAUSED")
        try pane.send("p")
        try pane.waitForAbsence("PAUSED")
        try pane.send("m")
        try pane.waitFor("marker 1")
        try pane.send("v")
        try pane.waitFor("v: clinician view")
        let subjectScreen = try pane.screen()
        for hidden in ["Block 1/22", "marker 1", "sub-keys", "session"] {
            XCTAssertFalse(subjectScreen.contains(hidden), "the subject view shows \(hidden)")
        }
        try pane.send("v")
        try pane.waitFor("Block 1/22")
        try pane.send("?")
        try pane.waitFor("drop a marker")
        try pane.send("?")
        try pane.send("C-c")
        XCTAssertEqual(try pane.waitForExit(), 130)
        let files = try SessionFiles.only(in: out)
        let kinds = try files.table("events.tsv").map { $0["trial_type"] ?? "" }
        XCTAssertEqual(kinds, ["baseline", "pause", "resume", "marker", "session_end"])
        XCTAssertEqual(try files.json("session.json")["end_reason"] as? String, "SIGINT")
    }

    func testAHeldKeyIsRecordedAsAutoRepeat() throws {
        let out = try Paths.temporaryFolder()
        let pane = try TmuxPane.startedSession("short-test.yaml", subject: "held", out: out, until: "Block 2/4", timeout: 5)
        try pane.send("Space")
        Thread.sleep(forTimeInterval: 0.5)
        // A held key: the terminal repeats it faster than any finger (here: all at once).
        try pane.send("Space", "Space", "Space", "Space", "Space", "Space")
        try pane.waitFor("auto-repeat presses ignored: 6")
        try pane.send("C-c")
        _ = try pane.waitForExit()
        let taps = try SessionFiles.only(in: out).table("taps.tsv")
        XCTAssertEqual(taps.count, 7)
        XCTAssertEqual(taps.map { $0["autorepeat"] ?? "" }, ["false"] + Array(repeating: "true", count: 6))
        XCTAssertTrue(taps.dropFirst().allSatisfy { $0["iti"] == "n/a" })
    }

    func testATooSmallTerminalIsToldSoAndTheLayoutReturnsWhenEnlarged() throws {
        let out = try Paths.temporaryFolder()
        let pane = try run(["--protocol", Paths.protocolFile("short-test.yaml"), "--subject", "small", "--no-sound"],
                           out: out, columns: 50, lines: 12)
        try pane.waitFor("Terminal too small")
        try pane.resize(columns: 80, lines: 24)
        try pane.waitFor("Press Enter to start")
        try pane.send("q")
        XCTAssertEqual(try pane.waitForExit(), 0)
    }
}
