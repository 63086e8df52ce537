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
}
