import Foundation
import TapCore
import TapIO
import XCTest

/// `tapnirs compare`: sessions of one subject side by side.
final class CompareCommandTests: XCTestCase {
    /// A finished session folder with one fast block summarised as given.
    func session(_ out: String, label: String, rateHz: Double, taps: [Double], status: SessionStatus = .completed,
                 detectors: [Session.BlockDetection] = []) throws -> String {
        let folder = out + "/sub-P07/" + label
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let block = Block(kind: .tap, label: "fast", durationSeconds: 30, pace: .selfPaced)
        let definition = SessionProtocol(name: "p", blocks: [block])
        let manifest = SessionManifest(
            software: .init(version: "t"), status: status, subject: "P07", session: label, startTime: "x",
            clock: .init(source: "CLOCK_MONOTONIC", originNanoseconds: 0, wallClockAtOrigin: "x", unixTimeAtOrigin: 0),
            terminal: .init(columns: 80, lines: 24, term: nil),
            input: .init(kind: "keyboard", autotapProfile: nil, seed: nil, tapKeys: ["space"]), sound: "none",
            protocol: .init(file: "p.yaml", text: "", parsed: definition), firstBlockOnset: 0, endOnset: 30, endReason: nil,
            writeErrors: [])
        let summary = SessionSummaryFile(status: status,
            blocks: [TapStatistics.summarize(block: block, blockIndex: 0, tapTimes: taps, beatOffsets: [], autorepeats: 0)],
            markers: 0, detectors: detectors)
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        try encoder.encode(manifest).write(to: URL(fileURLWithPath: folder + "/session.json"))
        if status != .running { try encoder.encode(summary).write(to: URL(fileURLWithPath: folder + "/summary.json")) }
        return folder
    }

    func testTwoVisitsAreShownSideBySidePerBlockLabel() throws {
        let out = try Paths.temporaryFolder()
        let first = try session(out, label: "ses-20261101T100000", rateHz: 5, taps: (0..<150).map { Double($0) * 0.2 })
        let second = try session(out, label: "ses-20261125T100000", rateHz: 4, taps: (0..<120).map { Double($0) * 0.25 })
        let result = try Shell.run([Paths.binary, "compare", first, second])
        XCTAssertEqual(result.status, 0)
        let lines = result.output.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "tapnirs compare: subject P07, 2 session(s)")
        XCTAssertTrue(lines[1].contains("ses-20261101T100000") && lines[1].contains("ses-20261125T100000"))
        let rate = try XCTUnwrap(lines.first { $0.hasPrefix("  rate Hz") })
        XCTAssertEqual(rate.split(separator: " ").suffix(2), ["5.00", "4.00"], rate)
    }

    /// A visit recorded before the healthy range existed beside one judged against it: the old one
    /// loads and shows "–" where it has no figure; the new one gives its decline, the healthy
    /// decline by then, z and whether the block was beyond the healthy range.
    func testDeclinesAgainstTheHealthyRangeBesideAnOlderVisit() throws {
        let out = try Paths.temporaryFolder()
        let old = TapFadeSummary(method: .cusum, referenceRateHz: 5, firstThirdRateHz: 5, lastThirdRateHz: 4.5, fadeIndex: 0.1,
                                 onsetSeconds: nil, magnitude: nil, fadeFlags: 0, flaggedSeconds: 0, behindBeatCount: 0,
                                 missedBeats: 0)
        var new = old
        new.method = .healthyRange
        new.norm = .forAge(nil)
        new.decline = TapDeclineReading(atSeconds: 29.9, declineFraction: 0.38, healthyMeanFraction: 0.134,
                                        healthySdFraction: 0.054, standardErrorFraction: 0.02, z: 3.04, startRateHz: 5,
                                        nowRateHz: 3.1, startIntervals: 20, nowIntervals: 12)
        new.declineZLimit = 2.9
        new.beyondHealthyRange = true
        let first = try session(out, label: "ses-20261101T100000", rateHz: 5, taps: (0..<150).map { Double($0) * 0.2 },
                                detectors: [.init(block: 1, label: "fast", tap: old, hbo: nil)])
        let second = try session(out, label: "ses-20261125T100000", rateHz: 4, taps: (0..<120).map { Double($0) * 0.25 },
                                 detectors: [.init(block: 1, label: "fast", tap: new, hbo: nil)])
        let result = try Shell.run([Paths.binary, "compare", first, second])
        XCTAssertEqual(result.status, 0, result.error)
        let lines = result.output.split(separator: "\n").map(String.init)
        func cells(_ name: String) throws -> [String] {
            let line = try XCTUnwrap(lines.first { $0.hasPrefix("  " + name + " ") }, name)
            return line.split(separator: " ").suffix(2).map(String.init)
        }
        XCTAssertEqual(try cells("decline %"), ["–", "38"])
        XCTAssertEqual(try cells("healthy decline %"), ["–", "13"])
        XCTAssertEqual(try cells("decline z"), ["–", "3.0"])
        XCTAssertEqual(try cells("beyond healthy"), ["–", "1"])
        XCTAssertTrue(result.output.contains("healthy: −17 ± 7 % over a maximal block (18–30, age not given;"), result.output)
    }

    func testAnUnfinishedSessionIsRefusedWithTheWayOut() throws {
        let out = try Paths.temporaryFolder()
        let running = try session(out, label: "ses-20261125T110000", rateHz: 5, taps: [], status: .running)
        let result = try Shell.run([Paths.binary, "compare", running], allowFailure: true)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.error.contains("tapnirs recover"), result.error)
    }
}
