import Foundation
import TapCore
import TapIO
import XCTest

/// `tapnirs norms build`, then `compare --norms` and `report --norms` on constructed sessions: local
/// norms per label, hand and age band; z against them; the reliable change between two visits.
final class NormsAndChangeCommandTests: XCTestCase {
    /// A finished FTT-like session: right-hand 10 s trials with these tap counts.
    func session(_ out: String, subject: String, label: String, age: Int, taps: [Int]) throws -> String {
        let folder = out + "/sub-\(subject)/" + label
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let blocks = taps.map { _ in Block(kind: .tap, label: "trial", cue: "TAP FAST", durationSeconds: 10, pace: .selfPaced, hand: .right) }
        let definition = SessionProtocol(name: "ftt", blocks: blocks, trialRule: TrialRule())
        var manifest = SessionManifest(
            software: .init(version: "t"), status: .completed, subject: subject, session: label, startTime: "2026-11-01T10:00:00.000+01:00",
            clock: .init(source: "CLOCK_MONOTONIC", originNanoseconds: 0, wallClockAtOrigin: "x", unixTimeAtOrigin: 0),
            terminal: .init(columns: 80, lines: 24, term: nil),
            input: .init(kind: "keyboard", autotapProfile: nil, seed: nil, tapKeys: ["space"]), sound: "none",
            protocol: .init(file: "ftt.yaml", text: "", parsed: definition), firstBlockOnset: 0, endOnset: 100, endReason: nil,
            writeErrors: [])
        manifest.participant = Participant(ageYears: age, sex: .female, handedness: .right)
        let summaries = taps.enumerated().map { index, n in
            TapStatistics.summarize(block: blocks[index], blockIndex: index, tapTimes: (0..<n).map { Double($0) * 9.9 / Double(n) },
                                    beatOffsets: [], autorepeats: 0)
        }
        let summary = SessionSummaryFile(status: .completed, blocks: summaries, markers: 0, detectors: [])
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        try encoder.encode(manifest).write(to: URL(fileURLWithPath: folder + "/session.json"))
        try encoder.encode(summary).write(to: URL(fileURLWithPath: folder + "/summary.json"))
        return folder
    }

    func testLocalNormsThenZAndReliableChangeBetweenVisits() throws {
        let controls = try Paths.temporaryFolder()
        _ = try session(controls, subject: "C1", label: "ses-1", age: 25, taps: [50, 52, 51, 53, 50])
        _ = try session(controls, subject: "C2", label: "ses-1", age: 30, taps: [55, 54, 56, 55, 57])
        _ = try session(controls, subject: "C3", label: "ses-1", age: 35, taps: [48, 49, 50, 47, 49])
        let normsFile = controls + "/clinic-norms.json"
        let build = try Shell.run([Paths.binary, "norms", "build", controls, "--out", normsFile, "--name", "clinic",
                                   "--apparatus", "lab keyboard, space bar"])
        XCTAssertEqual(build.status, 0, build.output)
        XCTAssertTrue(build.output.contains("from 3 control sessions (3 with an age)"), build.output)
        // Session means 51.2, 55.4, 48.6: 51.73 ± 3.43, n 3, for all ages and for 18–39.
        XCTAssertTrue(build.output.contains("  taps trial right 18–39: 51.73 ± 3.43 (n 3)  few controls"), build.output)
        XCTAssertTrue(build.output.contains("  ftt_score * right 18–39: 51.73 ± 3.43 (n 3)  few controls"), build.output)
        let again = try Shell.run([Paths.binary, "norms", "build", controls, "--out", normsFile], allowFailure: true)
        XCTAssertNotEqual(again.status, 0, "an existing norms file is not replaced without --force")

        let visits = try Paths.temporaryFolder()
        let first = try session(visits, subject: "P1", label: "ses-20261101T100000", age: 32, taps: [50, 51, 49, 52, 50])
        let second = try session(visits, subject: "P1", label: "ses-20261201T100000", age: 32, taps: [40, 41, 39, 42, 40])
        let compare = try Shell.run([Paths.binary, "compare", first, second, "--norms", normsFile])
        XCTAssertEqual(compare.status, 0, compare.output)
        // SD 1.14 in both visits → SE 0.51; S_diff 0.721; RCI −10 / 0.721 = −13.9.
        XCTAssertTrue(compare.output.contains("    right hand, FTT score: −10.0 taps, RCI −13.9: beyond measurement noise (worse)"),
                      compare.output)
        XCTAssertTrue(compare.output.contains("ses-20261201T100000: right hand FTT score 40.4 taps: z −3.3 (<1st percentile) against 51.7 ± 3.4 taps (18–39, right hand; n = 3; clinic [local]; lab keyboard, space bar) — beyond the healthy range"),
                      compare.output)
        XCTAssertTrue(compare.output.contains("ses-20261101T100000: right hand FTT score 50.4 taps: z −0.4"), compare.output)
        XCTAssertTrue(compare.output.contains("  ses-20261101T100000: 32 y · female · right-handed · tested: right hand"), compare.output)

        let report = try Shell.run([Paths.binary, "report", second, "--norms", normsFile])
        XCTAssertEqual(report.status, 0, report.output)
        XCTAssertTrue(report.output.contains("  participant: 32 y · female · right-handed · tested: right hand"), report.output)
        XCTAssertTrue(report.output.contains("  right hand: FTT 40.4 taps per 10 s (mean of trials 1, 2, 3, 4, 5 of 5)"), report.output)
        let html = try String(contentsOfFile: second + "/report.html", encoding: .utf8)
        XCTAssertTrue(html.contains("<li class=\"beyond\">right hand FTT score 40.4 taps: z −3.3"), "flagged in the report")
        XCTAssertTrue(html.contains("keyboard tapping is not the finger tapping test") || html.contains("Keyboard tapping is not the finger tapping"))

        let bad = try Shell.run([Paths.binary, "compare", first, second, "--norms", visits + "/none.json"], allowFailure: true)
        XCTAssertNotEqual(bad.status, 0)
        XCTAssertTrue(bad.error.contains("--norms: \(visits)/none.json: cannot be read (no such file)"), bad.error)
    }
}
