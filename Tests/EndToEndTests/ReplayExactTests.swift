import Foundation
import XCTest

/// A session's input journal (`inputs.tsv`) replays to the very files the live session wrote:
/// `tapnirs reanalyse` of a completed session gives them byte for byte, of a killed one gives the
/// live files followed by what the kill cut off, and `tapnirs recover` reaches the same summary.
final class ReplayExactTests: XCTestCase {
    /// The files a replay must reproduce exactly (docs/decisions.md).
    static let replayed = ["events.tsv", "taps.tsv", "beats.tsv", "hemo.tsv", "nirs_raw.tsv", "inputs.tsv", "channels.tsv"]

    static func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

    static func reanalyse(_ session: String, _ extra: [String] = []) throws -> (Shell.Result, String) {
        let result = try Shell.run([Paths.binary, "reanalyse", session, "--no-report"] + extra, allowFailure: true)
        let folder = result.output.firstMatch(of: /into (\S+);/).map { String($0.1) } ?? ""
        return (result, folder)
    }

    /// A live session typed in a real terminal, with a subject who stops tapping (a flag decided
    /// at a detector deadline, not at a key), the simulated fNIRS and the metronome's beats.
    func testACompletedLiveSessionReanalysesToTheSameFilesByteForByte() throws {
        let out = try Paths.temporaryFolder()
        let protocolPath = out + "/stop.yaml"
        try """
            name: stop-test
            tap_keys: [space]
            baseline: {duration: 1}
            blocks:
              - tap: {label: slow, duration: 3, pace: 2}
              - tap: {label: fast, duration: 6, pace: self}
            """.write(toFile: protocolPath, atomically: true, encoding: .utf8)
        let pane = try TmuxPane([Paths.binary, "run", "--protocol", protocolPath, "--subject", "exact", "--no-sound",
                                 "--out", out, "--source", "sim", "--age", "40", "--sex", "female", "--handedness", "right", "--hand", "right"])
        try pane.waitFor("Press Enter to start")
        try pane.send("Enter")
        try pane.waitFor("Block 3/3", timeout: 10)
        for _ in 0..<8 {
            try pane.send("Space")
            Thread.sleep(forTimeInterval: 0.2)
        }
        try pane.waitFor("TAP FADE", timeout: 10)  // the subject stopped: raised at its deadline
        try pane.waitFor("Session complete", timeout: 15)
        try pane.send("Enter")
        XCTAssertEqual(try pane.waitForExit(timeout: 30), 0)
        let live = try SessionFiles.only(in: out)

        let stop = try XCTUnwrap(try live.table("events.tsv").first { $0["trial_type"] == "fade_tap" && $0["value"]?.contains("reason=stop") == true },
                                 "the stop flag is in events.tsv")
        XCTAssertTrue(stop["value"]?.contains("delay_s=1.500") == true,
                      "stamped at its deadline, 1.5 s after the last tap, however late the loop woke: \(stop)")

        let (result, copy) = try Self.reanalyse(live.path)
        XCTAssertEqual(result.status, 0, result.error)
        XCTAssertTrue(copy.hasPrefix(live.path + "reanalysis1"), result.output)
        for name in Self.replayed + ["summary.json"] {
            XCTAssertEqual(try Self.bytes(copy + "/" + name), try Self.bytes(live.path + "/" + name), "\(name) differs after replay")
        }
        let original = try live.json("session.json"), again = try SessionFiles(path: copy).json("session.json")
        for key in ["status", "first_block_onset", "end_onset", "participant", "nirs"] {
            XCTAssertEqual(again[key].map { $0 as? NSObject }, original[key].map { $0 as? NSObject }, "session.json \(key)")
        }
        XCTAssertEqual(again["reanalysis_of"] as? String, live.path)

        // Other analysis settings: the same inputs, other flags; the original is untouched.
        let stricter = out + "/stricter.yaml"
        try (String(contentsOfFile: protocolPath, encoding: .utf8) + "\ndetectors:\n  tap: {stop_seconds: 4}\n")
            .write(toFile: stricter, atomically: true, encoding: .utf8)
        let before = try Self.bytes(live.path + "/events.tsv")
        let (other, otherFolder) = try Self.reanalyse(live.path, ["--protocol", stricter])
        XCTAssertEqual(other.status, 0, other.error)
        XCTAssertTrue(otherFolder.hasSuffix("reanalysis2"), other.output)
        XCTAssertEqual(try Self.bytes(otherFolder + "/taps.tsv"), try Self.bytes(live.path + "/taps.tsv"), "the same taps")
        XCTAssertNotEqual(try Self.bytes(otherFolder + "/events.tsv"), before, "a 4 s stop limit changes the flags")
        XCTAssertEqual(try Self.bytes(live.path + "/events.tsv"), before, "the original is never rewritten")

        // Another design is refused, naming the block.
        let longer = out + "/longer.yaml"
        try String(contentsOfFile: protocolPath, encoding: .utf8).replacingOccurrences(of: "duration: 6", with: "duration: 7")
            .write(toFile: longer, atomically: true, encoding: .utf8)
        let (refused, _) = try Self.reanalyse(live.path, ["--protocol", longer])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.error.contains("block 3 is fast 7.0 s where fast 6.0 s was recorded"), refused.error)
    }

    /// Killed with SIGKILL mid-block: the replay gives the live files up to the kill, then the
    /// rows the kill cut off; `recover` and `reanalyse` agree on the summary.
    func testAKilledSessionReplaysToItsLiveFilesUpToTheKillAndRecoversToTheSameSummary() throws {
        let live = try SessionFiles.killedMidBlock(subject: "killed", taps: 5)
        var liveBytes: [String: Data] = [:]
        for name in Self.replayed { liveBytes[name] = try Self.bytes(live.path + "/" + name) }

        let (result, copy) = try Self.reanalyse(live.path)
        XCTAssertEqual(result.status, 0, result.error)
        XCTAssertTrue(result.output.contains("status interrupted"), result.output)
        for name in Self.replayed {
            let replayed = try Self.bytes(copy + "/" + name), original = try XCTUnwrap(liveBytes[name])
            XCTAssertTrue(replayed.starts(with: original), "\(name): the live file is not where the replay starts")
        }
        XCTAssertEqual(try Self.bytes(copy + "/taps.tsv"), liveBytes["taps.tsv"], "no tap was lost or invented")

        let recovered = try Shell.run([Paths.binary, "recover", live.path])
        XCTAssertEqual(recovered.status, 0, recovered.error)
        XCTAssertEqual(try Self.bytes(live.path + "/summary.json"), try Self.bytes(copy + "/summary.json"),
                       "recover and reanalyse replay the same inputs to the same figures")
    }

    /// A session recorded before the input journal existed still recovers from its other journals,
    /// and reanalyse says why it cannot replay it.
    func testASessionWithoutAnInputJournalStillRecoversAndReanalyseExplains() throws {
        let files = try SessionFiles.killedMidBlock(subject: "older", taps: 4)
        try FileManager.default.removeItem(atPath: files.path + "/inputs.tsv")

        let (refused, _) = try Self.reanalyse(files.path)
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.error.contains("has no inputs.tsv"), refused.error)
        let recovered = try Shell.run([Paths.binary, "recover", files.path])
        XCTAssertEqual(recovered.status, 0, recovered.error)
        XCTAssertTrue(recovered.output.contains("4 taps"), recovered.output)
        let blocks = try XCTUnwrap(try files.json("summary.json")["blocks"] as? [[String: Any]])
        XCTAssertEqual(blocks.first?["taps"] as? Int, 4)
    }
}

extension SessionFiles {
    /// A short-test session with simulated fNIRS, `taps` taps into its paced block, then SIGKILL.
    static func killedMidBlock(subject: String, taps: Int) throws -> SessionFiles {
        let out = try Paths.temporaryFolder()
        let pane = try TmuxPane.startedSession("short-test.yaml", subject: subject, out: out, until: "Block 2/4",
                                               extra: ["--source", "sim"])
        for _ in 0..<taps {
            try pane.send("Space")
            Thread.sleep(forTimeInterval: 0.2)
        }
        try pane.waitFor("Taps      \(taps)")
        XCTAssertEqual(kill(try pane.pid(), SIGKILL), 0)
        XCTAssertEqual(try pane.waitForExit(), 128 + SIGKILL)
        return try SessionFiles.only(in: out)
    }
}
