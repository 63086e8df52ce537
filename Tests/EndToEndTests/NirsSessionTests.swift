import Foundation
import TapCore
import TapIO
import XCTest

/// `tapnirs run` with an fNIRS source, in a real terminal: the HbO panel on screen and every
/// sample on disk.
final class NirsSessionTests: XCTestCase {
    static let fixture = Paths.repo + "/Tests/Fixtures/neuro_run01.snirf"

    func testASimulatedSessionRecordsEverySampleAndItsHemoglobin() throws {
        let out = try Paths.temporaryFolder()
        let pane = try TmuxPane([Paths.binary, "run", "--protocol", Paths.protocolFile("short-test.yaml"), "--subject", "sim",
                                 "--no-sound", "--out", out, "--source", "sim", "--autotap", "steady", "--seed", "7"])
        let live = try pane.waitFor("HbO", timeout: 15)
        XCTAssertTrue(live.contains("sim healthy seed 7"), live)
        XCTAssertTrue(live.contains("motor avg"), live)
        XCTAssertEqual(try pane.waitForExit(timeout: 30), 0)

        let files = try SessionFiles.only(in: out)
        let raw = try files.table("nirs_raw.tsv")
        let hemo = try files.table("hemo.tsv")
        let manifest = try files.json("session.json")
        let end = try XCTUnwrap(manifest["end_onset"] as? Double)
        // 7.8125 Hz from time zero to the end (samples stop when the session ends).
        XCTAssertEqual(Double(raw.count), end * 7.8125, accuracy: 3)
        XCTAssertEqual(hemo.count, raw.count, "one HbO/HbR row per raw sample")
        let times = raw.compactMap { Double($0["host_time"] ?? "") }
        for (a, b) in zip(times, times.dropFirst()) { XCTAssertEqual(b - a, 0.128, accuracy: 1e-6, "an exact sample grid") }
        XCTAssertEqual(raw.first?.keys.sorted().prefix(3), ["S1-D1 760", "S1-D1 850", "S1-D2 760"])
        XCTAssertEqual(hemo.first?.keys.contains("S1-D1 hbo"), true)
        let channels = try files.table("channels.tsv")
        XCTAssertEqual(channels.count, 16, "8 channels × 2 wavelengths")
        XCTAssertTrue(channels.allSatisfy { $0["type"] == "NIRSCWAMPLITUDE" })
        XCTAssertTrue(channels.contains { $0["status"] == "bad" }, "the simulator's poorly coupled channel is found")
        let nirs = try XCTUnwrap(manifest["nirs"] as? [String: Any])
        XCTAssertEqual(nirs["source"] as? String, "sim")
        XCTAssertEqual(nirs["samples_received"] as? Int, raw.count)
        let snirf = try SnirfFile.read(path: files.path + "/nirs.snirf")
        XCTAssertEqual(snirf.samples.count, raw.count, "nirs.snirf holds every raw sample")
        XCTAssertEqual(snirf.layout.channels.count, 8)
        let conversion = try XCTUnwrap(nirs["conversion"] as? [String: Any])
        XCTAssertEqual(conversion["pathlength_factors"] as? [Double], [6, 6])
        XCTAssertEqual(conversion["absorption_factor"] as? Double, 0.2303)
    }

    func testReplayPlaysTheFileSamplesExactly() throws {
        let recording = try SnirfFile.read(path: Self.fixture)
        let out = try Paths.temporaryFolder()
        let pane = try TmuxPane([Paths.binary, "run", "--protocol", Paths.protocolFile("short-test.yaml"), "--subject", "replay",
                                 "--no-sound", "--out", out, "--source", "replay:" + Self.fixture, "--speed", "10",
                                 "--autotap", "steady"])
        let live = try pane.waitFor("replay neuro_run01.snirf", timeout: 15)
        XCTAssertTrue(live.contains("200.33 Hz"), "the file's 20.033 Hz at 10×: \(live)")
        XCTAssertEqual(try pane.waitForExit(timeout: 30), 0)

        let files = try SessionFiles.only(in: out)
        let raw = try files.table("nirs_raw.tsv")
        XCTAssertGreaterThan(raw.count, 1000, "≥ 5 s of file at 10× in a 12 s session")
        let names = recording.layout.measurementNames
        for (index, row) in raw.enumerated() {
            let values = names.map { Double(row[$0] ?? "") }
            XCTAssertEqual(values, recording.samples[index].map { Optional($0) }, "sample \(index) differs from the file")
            XCTAssertEqual(Double(row["device_time_ms"] ?? ""), recording.timesSeconds[index] * 1000)
            let host = try XCTUnwrap(Double(row["host_time"] ?? ""))
            XCTAssertEqual(host, (recording.timesSeconds[index] - recording.timesSeconds[0]) / 10, accuracy: 1e-6)
        }
        XCTAssertEqual(try files.table("hemo.tsv").count, raw.count)
    }

    func testAnUnreadableReplayFileIsRefusedBeforeTheScreenStarts() throws {
        let out = try Paths.temporaryFolder()
        let result = try Shell.run([Paths.binary, "run", "--source", "replay:/nonexistent.snirf", "--out", out], allowFailure: true)
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.error.contains("/nonexistent.snirf"), result.error)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out), [], "no session folder for a run that never started")
    }

    func testBadSourceArgumentsAreRefusedWithWhatToType() throws {
        for (arguments, expected) in [
            (["--source", "usb"], "--source 'usb': use none, sim, serial:PATH[@BAUD]"),
            (["--source", "serial:/dev/ttyUSB0@fast"], "baud"),
            (["--speed", "0"], "--speed"),
        ] {
            let result = try Shell.run([Paths.binary, "run"] + arguments, allowFailure: true)
            XCTAssertNotEqual(result.status, 0)
            XCTAssertTrue(result.error.contains(expected), "\(arguments): \(result.error)")
        }
    }
}
