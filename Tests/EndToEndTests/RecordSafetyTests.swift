import Foundation
import XCTest

/// Nothing tapped is lost, whatever ends the program; bad input gets a clear message.
final class RecordSafetyTests: XCTestCase {
    func testKillDashNineMidBlockLosesNoTapAndLeavesTheSessionRunning() throws {
        let out = try Paths.temporaryFolder()
        let pane = try TmuxPane.startedSession("demo.yaml", subject: "kill", out: out, until: "Block 2/9", timeout: 40)  // after the 20 s baseline
        for _ in 0..<12 {
            try pane.send("Space")
            Thread.sleep(forTimeInterval: 0.15)
        }
        try pane.waitFor("Taps     12")  // on screen = handled by the program
        XCTAssertEqual(kill(try pane.pid(), SIGKILL), 0)
        XCTAssertEqual(try pane.waitForExit(), 128 + SIGKILL)
        let files = try SessionFiles.only(in: out)
        let taps = try files.table("taps.tsv")
        XCTAssertEqual(taps.count, 12, "every tap sent before the kill is on disk")
        XCTAssertTrue(taps.allSatisfy { $0["block"] == "2" && $0["in_block"] == "true" })
        XCTAssertEqual(try files.json("session.json")["status"] as? String, "running", "recognisably unfinished")
        XCTAssertFalse(files.exists("summary.json"))
    }

    func testSigtermEndsTheSessionAsAbortedAndRestoresTheTerminal() throws {
        let out = try Paths.temporaryFolder()
        let pane = try TmuxPane.startedSession("demo.yaml", subject: "term", out: out, until: "Block 1/9")
        XCTAssertEqual(kill(try pane.pid(), SIGTERM), 0)
        XCTAssertEqual(try pane.waitForExit(), 143)
        let screen = try pane.screen()
        XCTAssertTrue(screen.contains("session aborted (SIGTERM)"), screen)
        // The terminal is back in its normal mode: echo and line editing on.
        let mode = try pane.tmux(["display-message", "-p", "-t", pane.target, "#{pane_tty}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let stty = try Shell.run(["sh", "-c", "stty -a < " + TmuxPane.shellQuote(mode)]).output
        let flags = Set(stty.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == ";" }).map(String.init))
        XCTAssertTrue(flags.contains("echo") && flags.contains("icanon"), stty)
        XCTAssertFalse(flags.contains("-echo") || flags.contains("-icanon"), stty)
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

/// A session killed mid-run is closed afterwards from its journals, losing nothing.
final class RecoveryTests: XCTestCase {
    func testRecoverClosesAKilledSessionAndRebuildsItsSummaryAndSnirf() throws {
        let files = try SessionFiles.killedMidBlock(subject: "crash", taps: 6)
        let out = ((files.path as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent
        XCTAssertEqual(try files.json("session.json")["status"] as? String, "running")
        let rawBefore = try files.table("nirs_raw.tsv")
        let tapsBefore = try files.table("taps.tsv")

        // The next run says so before anything else.
        let notice = try Shell.run([Paths.binary, "run", "--out", out, "--protocol", "/nonexistent.yaml"], allowFailure: true)
        XCTAssertFalse(notice.error.contains("unfinished"), "a run refused for its protocol says only that")
        let recovered = try Shell.run([Paths.binary, "recover", files.path])
        XCTAssertEqual(recovered.status, 0)
        XCTAssertTrue(recovered.output.contains("recovered \(files.path): 6 taps"), recovered.output)
        XCTAssertTrue(recovered.output.contains("\(rawBefore.count) fNIRS samples"), recovered.output)

        let manifest = try files.json("session.json")
        XCTAssertEqual(manifest["status"] as? String, "interrupted")
        let summary = try files.json("summary.json")
        XCTAssertEqual(summary["status"] as? String, "interrupted")
        let blocks = try XCTUnwrap(summary["blocks"] as? [[String: Any]])
        XCTAssertEqual(blocks.first?["taps"] as? Int, 6, "the tapping figures are rebuilt from taps.tsv")
        XCTAssertEqual(try files.table("taps.tsv").count, tapsBefore.count, "journals are not rewritten")
        XCTAssertEqual(try files.table("events.tsv").last?["trial_type"], "session_end")
        XCTAssertTrue(try files.table("events.tsv").last?["value"]?.hasPrefix("interrupted") == true)
        XCTAssertTrue(files.exists("nirs.snirf"))

        let again = try Shell.run([Paths.binary, "recover", files.path], allowFailure: true)
        XCTAssertEqual(again.status, 1)
        XCTAssertTrue(again.error.contains("nothing to recover"), again.error)
    }

    func testRunMentionsUnfinishedSessionsInItsOutputFolder() throws {
        let out = try Paths.temporaryFolder()
        let pane = try TmuxPane.startedSession("short-test.yaml", subject: "crash", out: out, until: "Block 2/4")
        XCTAssertEqual(kill(try pane.pid(), SIGKILL), 0)
        _ = try pane.waitForExit()
        let next = try TmuxPane([Paths.binary, "run", "--protocol", Paths.protocolFile("short-test.yaml"), "--subject", "next",
                                 "--no-sound", "--out", out, "--autotap", "steady"])
        XCTAssertEqual(try next.waitForExit(timeout: 30), 0)
        let screen = try next.screen()
        XCTAssertTrue(screen.contains("1 unfinished session"), screen)
        XCTAssertTrue(screen.contains("tapnirs recover"), screen)
    }
}

/// A disk that fills up during a session: the screen says so, recording moves to the fallback
/// folder with everything so far, and what was already written stays as it was.
final class DiskFullTests: XCTestCase {
    func testAFullDiskMovesTheSessionToTheFallbackFolderWithoutLosingOrDamagingAnything() throws {
        let base = try Paths.temporaryFolder()
        let small = base + "/small", fallback = base + "/fallback"
        try FileManager.default.createDirectory(atPath: small, withIntermediateDirectories: true)
        // A 64 KiB tmpfs: 32 simulated channels fill it within seconds.
        let mount = try Shell.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", small], allowFailure: true)
        guard mount.status == 0 else {
            return XCTFail("cannot mount a small tmpfs for this test (needs root): \(mount.error)")
        }
        defer { _ = try? Shell.run(["umount", small], allowFailure: true) }
        let pane = try TmuxPane(["env", "TAPNIRS_FALLBACK_DIR=" + fallback, Paths.binary, "run",
                                 "--protocol", Paths.protocolFile("short-test.yaml"), "--subject", "full", "--no-sound",
                                 "--out", small, "--source", "sim", "--sim-channels", "32", "--autotap", "steady"])
        let screen = try pane.waitFor("DISK ERROR", timeout: 15)
        XCTAssertTrue(screen.contains("DISK ERROR recording moved to " + fallback.prefix(20)), screen)
        XCTAssertEqual(try pane.waitForExit(timeout: 40), 0)
        let final = try pane.screen()
        XCTAssertTrue(final.contains("nothing lost"), final)

        let first = try SessionFiles.only(in: small)
        let moved = try SessionFiles.only(in: fallback)
        let manifest = try moved.json("session.json")
        XCTAssertEqual(manifest["status"] as? String, "completed")
        XCTAssertEqual(manifest["fallback_folder"] as? String, moved.path)
        XCTAssertEqual(manifest["first_folder"] as? String, first.path)
        XCTAssertEqual((manifest["unsaved_rows"] as? [Any])?.count, 0, "session.json says nothing was lost")
        // Every row written on the full disk is, unchanged, the start of the moved journal.
        for name in ["taps.tsv", "events.tsv", "nirs_raw.tsv"] {
            let before = try String(contentsOfFile: first.path + "/" + name, encoding: .utf8)
            let after = try String(contentsOfFile: moved.path + "/" + name, encoding: .utf8)
            let whole = before.hasSuffix("\n") ? before : String(before[..<(before.lastIndex(of: "\n").map { before.index(after: $0) } ?? before.startIndex)])
            XCTAssertTrue(after.hasPrefix(whole), "\(name): the rows on the full disk are the moved file's first rows")
        }
        // And the moved session is complete: every sample of the run, every block.
        let raw = try moved.table("nirs_raw.tsv")
        let end = try XCTUnwrap(manifest["end_onset"] as? Double)
        XCTAssertEqual(Double(raw.count), end * 7.8125, accuracy: 3)
        XCTAssertEqual(try moved.table("events.tsv").filter { $0["duration"] != "n/a" }.map { $0["trial_type"] ?? "" },
                       ["baseline", "slow", "rest", "fast"])
        XCTAssertTrue(moved.exists("summary.json"))
    }

    /// The session folder is deleted mid-session (a folder removed, a share unmounted): no write
    /// fails — the files live on unnamed — so the recorder looks for its folder every second,
    /// moves, and reads every row back through the journals' own descriptors.
    func testAFolderThatDisappearsMidSessionMovesWithEveryRowToTheFallbackFolder() throws {
        let base = try Paths.temporaryFolder()
        let out = base + "/out", fallback = base + "/fallback"
        let pane = try TmuxPane(["env", "TAPNIRS_FALLBACK_DIR=" + fallback, Paths.binary, "run",
                                 "--protocol", Paths.protocolFile("short-test.yaml"), "--subject", "gone", "--no-sound",
                                 "--out", out, "--source", "sim", "--sim-channels", "32", "--autotap", "steady"])
        try pane.waitFor("Block 2/4", timeout: 15)
        let first = try SessionFiles.only(in: out)
        let rowsBefore = try first.table("nirs_raw.tsv").count
        try FileManager.default.removeItem(atPath: first.path)
        let screen = try pane.waitFor("DISK ERROR recording moved to", timeout: 10)
        XCTAssertTrue(screen.contains("is gone") || screen.contains("moved to " + fallback.prefix(20)), screen)
        XCTAssertEqual(try pane.waitForExit(timeout: 40), 0)
        let final = try pane.screen()
        XCTAssertTrue(final.contains("nothing lost"), final)
        XCTAssertFalse(FileManager.default.fileExists(atPath: first.path), "the first folder is not made again")

        let moved = try SessionFiles.only(in: fallback)
        let manifest = try moved.json("session.json")
        XCTAssertEqual(manifest["status"] as? String, "completed")
        XCTAssertEqual(manifest["first_folder"] as? String, first.path)
        XCTAssertEqual((manifest["unsaved_rows"] as? [Any])?.count, 0)
        XCTAssertTrue((manifest["write_errors"] as? [String] ?? []).contains { $0.contains("is gone") })
        // Every sample from time zero to the end, every block, every tap.
        let raw = try moved.table("nirs_raw.tsv")
        XCTAssertGreaterThan(raw.count, rowsBefore)
        let times = raw.compactMap { Double($0["host_time"] ?? "") }
        XCTAssertEqual(times.count, raw.count)
        XCTAssertEqual(times.first ?? -1, 0, accuracy: 1e-9, "from the first sample on")
        XCTAssertTrue(zip(times, times.dropFirst()).allSatisfy { $1 > $0 }, "no row twice, none out of order")
        let end = try XCTUnwrap(manifest["end_onset"] as? Double)
        XCTAssertEqual(Double(raw.count), end * 7.8125, accuracy: 3)
        XCTAssertEqual(try moved.table("events.tsv").filter { $0["duration"] != "n/a" }.map { $0["trial_type"] ?? "" },
                       ["baseline", "slow", "rest", "fast"])
        let taps = try moved.table("taps.tsv").filter { $0["in_block"] == "true" }
        XCTAssertEqual(Set(taps.compactMap { $0["block"] }), ["2", "4"], "taps of both tapping blocks")
        XCTAssertTrue(moved.exists("summary.json") && moved.exists("nirs.snirf") && moved.exists("report.html"))
    }
}
