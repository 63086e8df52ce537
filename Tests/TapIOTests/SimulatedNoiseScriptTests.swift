import Foundation
import TapCore
import XCTest

/// The simulator's `measured` noise model, judged by the very script that measured the real head:
/// a simulated rest recording (the real recording's geometry: 9 channels, 690/830 nm, 2 cm, 20 Hz)
/// is written as a tapnirs `nirs_raw.tsv` and `scripts/real-noise.py` measures it and the real
/// `neuro_run01.snirf` alike (venv python from `make test`, `TAPNIRS_PYTHON`).
final class SimulatedNoiseScriptTests: XCTestCase {
    static let repo = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    var folder = ""

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "real-noise-\(getpid())-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        if ProcessInfo.processInfo.environment["KEEP_REAL_NOISE"] == nil { try? FileManager.default.removeItem(atPath: folder) }
    }

    /// `seconds` of rest as `nirs_raw.tsv` (+ a `session.json` holding the layout's distances).
    func writeRest(_ configuration: PhysiologySimulator.Configuration, seconds: Double) throws -> String {
        var sim = PhysiologySimulator(configuration)
        var text = "host_time\tdevice_time_ms\t" + sim.layout.measurementNames.joined(separator: "\t") + "\n"
        for _ in 0..<Int(seconds * configuration.rateHz) {
            let t = sim.offsetOfSample(sim.sampleIndex).seconds
            let values = sim.nextSample(activity: .rest)
            text += String(format: "%.6f\t%.3f\t", t, t * 1000) + values.map { "\($0)" }.joined(separator: "\t") + "\n"
        }
        let path = folder + "/nirs_raw.tsv"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let distances = sim.layout.distancesCentimetres.map { $0.map { "\($0)" } ?? "null" }.joined(separator: ", ")
        try Data("{\"nirs\": {\"layout\": {\"distances_centimetres\": [\(distances)]}}}".utf8)
            .write(to: URL(fileURLWithPath: folder + "/session.json"))
        return path
    }

    /// Runs scripts/real-noise.py on `file` and returns its JSON (written to `json`).
    func realNoise(_ file: String, json: String, compare: String? = nil) throws -> [String: Any] {
        guard let python = ProcessInfo.processInfo.environment["TAPNIRS_PYTHON"], !python.isEmpty else {
            XCTFail("TAPNIRS_PYTHON is not set: run `make test` (it sets it to the venv's python with MNE)")
            throw XCTSkip("no python")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [Self.repo.appendingPathComponent("scripts/real-noise.py").path, file, "--json", json]
            + (compare.map { ["--compare", $0] } ?? [])
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if compare != nil, let table = text.range(of: "# simulated against real") { print(text[table.lowerBound...]) }
        XCTAssertEqual(process.terminationStatus, 0, text)
        let object = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json)))
        return try XCTUnwrap(object as? [String: Any])
    }

    /// Tolerances as in `MeasuredNoiseTests` (there in Swift, here the script's own figures): the
    /// 4 s change, the 0.01–0.2 Hz size and the CBSI average's 4 s change within ±35 %,
    /// correlations within ±0.15.
    func testTheScriptFindsTheSimulatedRestLikeTheRealOne() throws {
        let real = try realNoise(Self.repo.appendingPathComponent("Tests/Fixtures/neuro_run01.snirf").path,
                                 json: folder + "/real.json")
        let configuration = PhysiologySimulator.Configuration(channelCount: 9, rateHz: 20, wavelengths: (690, 830),
                                                              distanceCentimetres: 2, seed: 1, noiseModel: .measured)
        let path = try writeRest(configuration, seconds: 900)
        let sim = try realNoise(path, json: folder + "/sim.json", compare: folder + "/real.json")
        let r = try XCTUnwrap(real["clean"] as? [String: Any]), s = try XCTUnwrap(sim["clean"] as? [String: Any])
        func median(_ d: [String: Any], _ key: String) throws -> Double {
            try XCTUnwrap((d["median_good"] as? [String: Any])?[key] as? Double, key)
        }
        func average(_ d: [String: Any], _ key: String) throws -> Double {
            try XCTUnwrap((d["average"] as? [String: Any])?[key] as? Double, key)
        }
        for key in ["drop_sd_hbo", "drop_sd_hbr", "band_sd_hbo", "band_sd_hbr"] {
            XCTAssertEqual(try median(s, key), try median(r, key), accuracy: 0.35 * (try median(r, key)), key)
        }
        XCTAssertEqual(try average(s, "drop_sd_cbsi"), try average(r, "drop_sd_cbsi"),
                       accuracy: 0.35 * (try average(r, "drop_sd_cbsi")))
        XCTAssertEqual(try median(s, "hbo_hbr_correlation"), try median(r, "hbo_hbr_correlation"), accuracy: 0.15)
        XCTAssertEqual(try XCTUnwrap(s["inter_channel_correlation_hbo"] as? Double),
                       try XCTUnwrap(r["inter_channel_correlation_hbo"] as? Double), accuracy: 0.15)
    }

    /// With measured motion, the script's Homer3-style marks find events at about the real rates
    /// and sizes (within a factor of 2: the real figures come from 6.6 minutes of one head), and its
    /// motion-laden "rest" is as rough as the real recording's.
    func testTheScriptFindsTheSimulatedMotionLikeTheRealOne() throws {
        let real = try realNoise(Self.repo.appendingPathComponent("Tests/Fixtures/neuro_run01.snirf").path,
                                 json: folder + "/real.json")
        let configuration = PhysiologySimulator.Configuration(channelCount: 9, rateHz: 20, wavelengths: (690, 830),
                                                              distanceCentimetres: 2, seed: 2, noiseModel: .measured,
                                                              motion: .measured)
        let path = try writeRest(configuration, seconds: 900)
        let sim = try realNoise(path, json: folder + "/sim.json", compare: folder + "/real.json")
        let r = try XCTUnwrap(real["motion"] as? [String: Any]), s = try XCTUnwrap(sim["motion"] as? [String: Any])
        for key in ["spikes_per_minute", "shifts_per_minute"] {
            let a = try XCTUnwrap(s[key] as? Double), b = try XCTUnwrap(r[key] as? Double)
            print("motion \(key): simulated \(a), real \(b)")
            XCTAssertTrue(a >= b / 2 && a <= b * 2, "\(key): simulated \(a), real \(b)")
        }
        for key in ["spike_peak_od_quartiles", "shift_od_quartiles"] {
            let a = try XCTUnwrap(s[key] as? [Double])[1], b = try XCTUnwrap(r[key] as? [Double])[1]
            print("motion \(key) median: simulated \(a), real \(b)")
            XCTAssertTrue(a >= b / 2 && a <= b * 2, "\(key): simulated \(a), real \(b)")
        }
        let rs = try XCTUnwrap(real["rest"] as? [String: Any]), ss = try XCTUnwrap(sim["rest"] as? [String: Any])
        let a = try XCTUnwrap((ss["median_good"] as? [String: Any])?["drop_sd_hbo"] as? Double)
        let b = try XCTUnwrap((rs["median_good"] as? [String: Any])?["drop_sd_hbo"] as? Double)
        XCTAssertTrue(a >= b / 2 && a <= b * 2, "rest D: simulated \(a), real \(b)")
    }
}
