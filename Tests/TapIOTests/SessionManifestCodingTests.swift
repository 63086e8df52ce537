import Foundation
import XCTest
import TapCore
@testable import TapIO

/// `session.json` must read back into exactly what was written: `tapnirs recover` depends on it.
final class SessionManifestCodingTests: XCTestCase {
    func testAManifestWithEveryProtocolSettingRoundTripsThroughSnakeCaseJSON() throws {
        let definition = try ProtocolFile.load(path: ProtocolFileTests.protocols + "/gentile2019.yaml")
        var manifest = SessionManifest(
            software: .init(version: "t"), status: .running, subject: "P1", session: "ses-1", startTime: "x",
            clock: .init(source: "CLOCK_MONOTONIC", originNanoseconds: 5, wallClockAtOrigin: "x", unixTimeAtOrigin: 1),
            terminal: .init(columns: 80, lines: 24, term: nil),
            input: .init(kind: "keyboard", autotapProfile: nil, seed: nil, tapKeys: ["space"]), sound: "bell",
            protocol: .init(file: "f", text: "t", parsed: definition), firstBlockOnset: 1.5, endOnset: nil, endReason: nil,
            writeErrors: [])
        var nirs = NirsManifest(source: "sim", sourceDescription: "sim healthy seed 1", referenceSeconds: 5)
        nirs.layout = NirsLayout(kind: .intensity, rateHz: 7.8125, wavelengths: [760, 850], channels: ["S1-D1"],
                                 distancesCentimetres: [3])
        manifest.nirs = nirs
        let data = try SessionFolder.encoder.encode(manifest)
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        XCTAssertEqual(try decoder.decode(SessionManifest.self, from: data), manifest,
                       "a property name with an acronym (`xyzSD`) would not survive snake case")
    }

    /// session.json and summary.json go through `FileJSON` (SessionFolder.json, SessionReading):
    /// a whole manifest and a whole simulated session's summary must come out as the very bytes
    /// Foundation's encoder writes, and read back without being handed over to Foundation.
    func testTheSessionFilesAreWrittenAsFoundationWritesThemAndReadWithoutIt() throws {
        var definition = try ProtocolFile.load(path: ProtocolFileTests.protocols + "/fade-test.yaml")
        definition.nirs.pathlength = .dpfForAge(40)
        var manifest = SessionManifest(
            software: .init(version: "t"), status: .completed, subject: "P1", session: "ses-1", startTime: "x",
            clock: .init(source: "CLOCK_MONOTONIC", originNanoseconds: 5, wallClockAtOrigin: "x", unixTimeAtOrigin: 1),
            terminal: .init(columns: 80, lines: 24, term: "xterm"),
            input: .init(kind: "autotap", autotapProfile: "fading", seed: 3, tapKeys: ["space", "j"]), sound: "bell",
            protocol: .init(file: "f", text: "name: \"x\"\n\tblocks: é/😀", parsed: definition), firstBlockOnset: 1.5,
            endOnset: 99.25, endReason: "quit", writeErrors: ["events.tsv: disk full"])
        var nirs = NirsManifest(source: "sim", sourceDescription: "sim fading seed 1", referenceSeconds: 5)
        nirs.layout = NirsLayout(kind: .intensity, rateHz: 7.8125, wavelengths: [760, 850], channels: ["S1-D1", "S2-D1"],
                                 distancesCentimetres: [3, 0.8])
        nirs.rejectedLines = ["badFieldCount": 2, "not_a_number": 1]
        manifest.nirs = nirs
        let manifestBytes = try FileJSON.encode(manifest, keys: .snakeCase, pretty: true)
        XCTAssertEqual(String(decoding: manifestBytes, as: UTF8.self), String(decoding: try SessionFolder.encoder.encode(manifest), as: UTF8.self))
        XCTAssertEqual(try FileJSON.decode(SessionManifest.self, from: Data(manifestBytes), keys: .snakeCase), manifest)

        let driver = SessionDriver(definition: definition, subject: "x", nirsSource: "sim")
        let source = SimulatedSource(configuration: .init(channelCount: 8, profile: .fading, seed: 1), start: .zero)
        var subject = SyntheticSubject(profile: .fading, seed: 1)
        SimulatedSessionTests.drive(driver, definition: definition, source: source, subject: &subject)
        let summary = SessionSummaryFile(status: .completed, session: driver.session,
                                         clinical: driver.session.clinicalSummary(norms: NormsFile.published()))
        XCTAssertTrue(summary.detectors.contains { $0.hbo?.channelAmplitudesMicromolar?.isEmpty == false },
                      "the summary holds a string-keyed mapping")
        let summaryBytes = try FileJSON.encode(summary, keys: .snakeCase, pretty: true)
        XCTAssertEqual(String(decoding: summaryBytes, as: UTF8.self), String(decoding: try SessionFolder.encoder.encode(summary), as: UTF8.self))
        XCTAssertEqual(try FileJSON.decode(SessionSummaryFile.self, from: Data(summaryBytes), keys: .snakeCase), summary)
        XCTAssertEqual(try SessionReading.decoder.decode(SessionSummaryFile.self, from: Data(summaryBytes)), summary)
    }

    func testASummaryWithTapFiguresAndDetectorsRoundTrips() throws {
        let block = Block(kind: .tap, label: "fast", durationSeconds: 30, pace: .selfPaced)
        let taps = (0..<120).map { Double($0) * 0.22 }
        let summary = TapStatistics.summarize(block: block, blockIndex: 3, tapTimes: taps, beatOffsets: [], autorepeats: 1)
        var detector = TapFadeDetector(settings: TapFadeSettings(), block: block, blockStart: .zero)
        for t in taps { _ = detector.tap(at: .seconds(t)) }
        let detection = Session.BlockDetection(block: 4, label: "fast", tap: detector.summary(blockEnd: .seconds(30)), hbo: nil)
        let file = SessionSummaryFile(status: .completed, blocks: [summary], markers: 2, detectors: [detection])
        let data = try SessionFolder.encoder.encode(file)
        XCTAssertTrue(String(decoding: data, as: UTF8.self).contains("\"iti_cv\""), "the key on disk is unchanged")
        XCTAssertEqual(try SessionReading.decoder.decode(SessionSummaryFile.self, from: data), file)
    }

    /// `SessionReading.manifest` decodes a complete session.json without `withDefaults`. That is
    /// the same result only if a fill never adds a key the decoder would not require: no optional
    /// setting of the default protocol may be set (the encoder omits a nil, so a stored nil would be
    /// filled with it) and no mapping may hold entries (a fill merges them into the stored one).
    func testTheDefaultProtocolHoldsNothingAFillCouldAddToACompleteManifest() {
        func problems(_ value: Any, _ path: String) -> [String] {
            let mirror = Mirror(reflecting: value)
            switch mirror.displayStyle {
            case .optional:
                return mirror.children.isEmpty ? [] : ["\(path) is an optional set by default"]
            case .dictionary:
                return mirror.children.isEmpty ? [] : ["\(path) is a mapping with default entries"]
            case .struct, .class, .enum, .tuple:
                return mirror.children.flatMap { problems($0.value, path + "." + ($0.label ?? "?")) }
            default:
                return []  // numbers, strings, enums, arrays (arrays are never merged)
            }
        }
        XCTAssertEqual(problems(SessionProtocol(name: "", blocks: []), "protocol"), [])
        XCTAssertEqual(problems(["a": 1], "probe"), ["probe is a mapping with default entries"], "the check sees mappings")
        XCTAssertEqual(problems(Optional(1) as Any, "probe"), ["probe is an optional set by default"], "and optionals")
    }

    /// A session.json written before a setting existed (here: every `healthy_range` parameter, a
    /// `fnirs` option) still loads, the missing settings taking today's defaults.
    func testAManifestFromAnEarlierVersionLoadsWithTodaysDefaults() throws {
        try checkEarlierManifestLoads(pathlength: nil)
    }

    /// The same with the age-dependent DPF (`fnirs: dpf_age`): an enum stored as its case's object,
    /// which the fill must not merge with the default case (`ppf`); the fill used to, and such a
    /// session could not be read at all. Complete, it loads too.
    func testAManifestWithAnAgeDependentPathlengthLoadsCompleteOrFromAnEarlierVersion() throws {
        try checkEarlierManifestLoads(pathlength: .dpfForAge(40))
    }

    func checkEarlierManifestLoads(pathlength: NirsSettings.Pathlength?) throws {
        var definition = try ProtocolFile.load(path: ProtocolFileTests.protocols + "/gentile2019.yaml")
        if let pathlength { definition.nirs.pathlength = pathlength }
        let manifest = SessionManifest(
            software: .init(version: "old"), status: .completed, subject: "P1", session: "ses-1", startTime: "x",
            clock: .init(source: "CLOCK_MONOTONIC", originNanoseconds: 5, wallClockAtOrigin: "x", unixTimeAtOrigin: 1),
            terminal: .init(columns: 80, lines: 24, term: nil),
            input: .init(kind: "keyboard", autotapProfile: nil, seed: nil, tapKeys: ["space"]), sound: "bell",
            protocol: .init(file: "f", text: "t", parsed: definition), firstBlockOnset: 1.5, endOnset: 30, endReason: nil,
            writeErrors: [])
        var json = try XCTUnwrap(JSONSerialization.jsonObject(with: SessionFolder.encoder.encode(manifest)) as? [String: Any])
        var proto = try XCTUnwrap(json["protocol"] as? [String: Any])
        var parsed = try XCTUnwrap(proto["parsed"] as? [String: Any])
        var detectors = try XCTUnwrap(parsed["detectors"] as? [String: Any])
        var tap = try XCTUnwrap(detectors["tap"] as? [String: Any])
        for key in tap.keys where key.hasPrefix("decline") || key == "rate_fluctuation_fraction" { tap[key] = nil }
        tap["method"] = "cusum"
        detectors["tap"] = tap
        parsed["detectors"] = detectors
        var nirs = try XCTUnwrap(parsed["nirs"] as? [String: Any])
        nirs["baseline_seconds"] = nil
        parsed["nirs"] = nirs
        proto["parsed"] = parsed
        json["protocol"] = proto
        let folder = NSTemporaryDirectory() + "old-manifest-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: folder + "/session.json"))
        XCTAssertThrowsError(try SessionReading.decoder.decode(SessionManifest.self,
                                                               from: Data(contentsOf: URL(fileURLWithPath: folder + "/session.json"))),
                             "without the defaults it would not load")
        let loaded = try SessionReading.manifest(folder: folder)
        XCTAssertEqual(loaded.protocol.parsed.detectors.tap.method, .cusum, "what was stored is kept")
        XCTAssertEqual(loaded.protocol.parsed.detectors.tap.declineZ, TapFadeSettings().declineZ)
        XCTAssertEqual(loaded.protocol.parsed.nirs.baselineSeconds, NirsSettings().baselineSeconds)
        XCTAssertEqual(loaded.protocol.parsed.blocks, definition.blocks)
        XCTAssertEqual(loaded.protocol.parsed.nirs.pathlength, definition.nirs.pathlength)
        try SessionFolder.encoder.encode(manifest).write(to: URL(fileURLWithPath: folder + "/session.json"))
        XCTAssertEqual(try SessionReading.manifest(folder: folder), manifest, "complete, it reads back as written")
    }
}
