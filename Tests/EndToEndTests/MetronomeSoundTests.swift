import Foundation
import XCTest

/// The metronome heard through ALSA: the real program plays into a real-time PulseAudio null
/// sink (no sound card needed), the sink is recorded, and the clicks are found in the recording.
final class MetronomeSoundTests: XCTestCase {
    /// Onsets: the first sample with |x| ≥ threshold after at least `gap` quiet samples.
    static func onsets(_ samples: [Int16], threshold: Int = 8, gap: Int = 960) -> [Int] {
        var found: [Int] = []
        var last = -gap - 1
        for (i, x) in samples.enumerated() where abs(Int(x)) >= threshold {
            if i - last > gap { found.append(i) }
            last = i
        }
        return found
    }

    func testEveryBeatIsOneClickOnThePaceToWithinAMillisecond() throws {
        let sink = try Paths.temporaryFolder() + "/pulse"
        let script = Paths.repo + "/scripts/record-clicks.sh"
        _ = try Shell.run([script, "start", sink])
        defer { _ = try? Shell.run([script, "stop", sink], allowFailure: true) }
        let environment = try Shell.run([script, "env", sink]).output.split(separator: "\n").map(String.init)
        let out = try Paths.temporaryFolder()
        let pane = try TmuxPane(["env"] + environment + [Paths.binary, "run", "--protocol", Paths.protocolFile("short-test.yaml"),
                                                         "--subject", "click", "--out", out, "--autotap", "steady"])
        XCTAssertEqual(try pane.waitForExit(timeout: 40), 0)
        Thread.sleep(forTimeInterval: 0.3)  // the recorder's last buffer
        _ = try Shell.run([script, "stop", sink])

        let files = try SessionFiles.only(in: out)
        XCTAssertEqual(try files.json("session.json")["sound"] as? String, "alsa default")
        let beats = try files.table("beats.tsv")
        XCTAssertEqual(beats.count, 8, "4 s at 2 Hz")
        XCTAssertTrue(beats.allSatisfy { $0["status"] == "emitted" }, "every click placed: \(beats)")

        let data = try Data(contentsOf: URL(fileURLWithPath: sink + "/clicks.raw"))
        let samples = data.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
        let clicks = Self.onsets(samples)
        XCTAssertEqual(clicks.count, beats.count, "one click per beat")
        let intervalsMs = zip(clicks, clicks.dropFirst()).map { Double($1 - $0) / 48.0 }
        let worst = intervalsMs.map { abs($0 - 500) }.max() ?? .infinity
        print("MetronomeSound: \(clicks.count) clicks, intervals \(intervalsMs.map { String(format: "%.3f", $0) }) ms, max error \(worst) ms")
        // Within one 5 ms ALSA period (the sound server's chunking can move one recorded click by a
        // few ms, the next interval gives it back), and most of them to a fraction of a ms; the
        // < 1 ms goal is measured by `make bench` (bench/clicks.py).
        XCTAssertLessThan(worst, 5.0, "inter-click intervals equal the 500 ms pace to within a period")
        let sorted = intervalsMs.map { abs($0 - 500) }.sorted()
        XCTAssertLessThan(sorted[sorted.count / 2], 0.5, "median inter-click interval error")
        // beats.tsv's expected acoustic onsets keep the same pace.
        let expected = beats.compactMap { Double($0["emitted"] ?? "") }
        for (a, b) in zip(expected, expected.dropFirst()) { XCTAssertEqual(b - a, 0.5, accuracy: 0.002) }
    }
}
