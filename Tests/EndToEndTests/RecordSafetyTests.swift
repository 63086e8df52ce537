import Foundation
import XCTest

/// Nothing tapped is lost, whatever ends the program; bad input gets a clear message.
final class RecordSafetyTests: XCTestCase {
    func testKillDashNineMidBlockLosesNoTapAndLeavesTheSessionRunning() throws {
        let out = try Paths.temporaryFolder()
        let pane = try TmuxPane([Paths.binary, "run", "--protocol", Paths.protocolFile("demo.yaml"), "--subject", "kill",
                                 "--no-sound", "--out", out])
        try pane.waitFor("Press Enter to start")
        try pane.send("Enter")
        try pane.waitFor("Block 2/9", timeout: 15)
        for _ in 0..<12 {
            try pane.send("Space")
            Thread.sleep(forTimeInterval: 0.15)
        }
        try pane.waitFor("Taps     12")  // on screen = handled by the program
        let pid = try pane.pid()
        XCTAssertEqual(kill(pid, SIGKILL), 0)
        _ = try pane.waitForExit()
        let files = try SessionFiles.only(in: out)
        let taps = try files.table("taps.tsv")
        XCTAssertEqual(taps.count, 12, "every tap sent before the kill is on disk")
        XCTAssertTrue(taps.allSatisfy { $0["block"] == "2" && $0["in_block"] == "true" })
        XCTAssertEqual(try files.json("session.json")["status"] as? String, "running", "recognisably unfinished")
        XCTAssertFalse(files.exists("summary.json"))
    }

    func testSigtermEndsTheSessionAsAbortedAndRestoresTheTerminal() throws {
        let out = try Paths.temporaryFolder()
        // After tapnirs exits, the shell reports the terminal's mode: echo and canonical input must be back.
        let script = "\(TmuxPane.shellQuote(Paths.binary)) run --protocol \(TmuxPane.shellQuote(Paths.protocolFile("demo.yaml"))) "
            + "--subject term --no-sound --out \(TmuxPane.shellQuote(out)); echo \"exit=$?\"; stty -a | tr ' ' '\\n' | grep -x -e echo -e -echo -e icanon -e -icanon | tr '\\n' ' '; echo; sleep 5"
        let pane = try TmuxPane(["sh", "-c", script])
        try pane.waitFor("Press Enter to start")
        try pane.send("Enter")
        try pane.waitFor("Block 1/9")
        let shellPID = try pane.pid()
        // The program is the shell's child.
        let child = try Shell.run(["pgrep", "-P", String(shellPID), "tapnirs"]).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(kill(pid_t(child) ?? -1, SIGTERM), 0)
        let screen = try pane.waitFor("exit=")
        XCTAssertTrue(screen.contains("exit=143"), screen)
        XCTAssertTrue(screen.contains("echo icanon"), "terminal mode restored: \(screen)")
        XCTAssertTrue(screen.contains("session aborted (SIGTERM)"), screen)
        let files = try SessionFiles.only(in: out)
        XCTAssertEqual(try files.json("session.json")["status"] as? String, "aborted")
        XCTAssertEqual(try files.table("events.tsv").last?["value"], "aborted;reason=SIGTERM")
    }

    func testABadSubjectOrProtocolIsRefusedWithAClearMessageAndNoFolder() throws {
        let out = try Paths.temporaryFolder()
        let bad = try Shell.run([Paths.binary, "run", "--subject", "../etc", "--out", out], allowFailure: true)
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.error.contains("letters or digits"), bad.error)
        let missing = try Shell.run([Paths.binary, "run", "--protocol", "/nonexistent.yaml", "--out", out], allowFailure: true)
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.error.contains("/nonexistent.yaml"), missing.error)
        XCTAssertFalse(missing.error.contains("Fatal"), missing.error)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out), [])
    }
}
