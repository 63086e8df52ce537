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
    func session(simProfile: String, autotap: String) throws -> (flags: [Flag], summary: [String: Any], events: [[String: String]]) {
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
        return (flags, try files.json("summary.json"), events)
    }

    func testAFadingSubjectRaisesTapAndHbOFadesInTheFastBlockOnly() throws {
        let (flags, summary, events) = try session(simProfile: "fading", autotap: "fading")
        let fastStart = try XCTUnwrap(events.first { $0["trial_type"] == "fast" }.flatMap { Double($0["onset"] ?? "") })
        XCTAssertTrue(flags.contains { $0.kind == "fade_tap" && $0.block == "4" }, "fade_tap in the fast block: \(flags)")
        XCTAssertTrue(flags.contains { $0.kind == "fade_hbo" && $0.block == "4" }, "fade_hbo in the fast block: \(flags)")
        XCTAssertTrue(flags.allSatisfy { $0.block == "4" }, "nothing in the slow block: \(flags)")
        for flag in flags { XCTAssertGreaterThan(flag.onset, fastStart, "raised while the fast block ran") }
        let detectors = try XCTUnwrap(summary["detectors"] as? [[String: Any]])
        XCTAssertEqual(detectors.map { $0["label"] as? String }, ["slow", "fast"])
        let fastTap = try XCTUnwrap(detectors.last?["tap"] as? [String: Any])
        XCTAssertNotNil(fastTap["onset_seconds"] as? Double, "the fast block's fade onset is summarised")
    }

    func testAHealthySteadySubjectRaisesNoFlag() throws {
        let (flags, summary, _) = try session(simProfile: "healthy", autotap: "steady")
        XCTAssertTrue(flags.isEmpty, "no flag for a healthy, steady subject: \(flags)")
        let detectors = try XCTUnwrap(summary["detectors"] as? [[String: Any]])
        XCTAssertEqual(detectors.count, 2)
        for block in detectors {
            let hbo = try XCTUnwrap(block["hbo"] as? [String: Any], "HbO figures for \(block["label"] ?? "")")
            XCTAssertNotNil(hbo["peak_micromolar"] as? Double)
        }
    }
}
