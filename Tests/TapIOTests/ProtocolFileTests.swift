import Foundation
import XCTest
import TapCore
@testable import TapIO

final class ProtocolFileTests: XCTestCase {
    static let protocols = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Protocols").path

    func testTheShippedProtocolsParseWithTheirDocumentedDesigns() throws {
        let gentile = try ProtocolFile.load(path: Self.protocols + "/gentile2019.yaml")
        XCTAssertEqual(gentile.totalDurationSeconds, 690)
        XCTAssertEqual(gentile.blocks.first?.durationSeconds, 60)
        XCTAssertTrue(gentile.blocks.first?.isBaseline == true)
        XCTAssertEqual(gentile.blocks.filter { $0.label == "slow" }.count, 5)
        XCTAssertTrue(gentile.blocks.filter { $0.label == "slow" }.allSatisfy { $0.pace == .hz(1) && $0.metronome.isOn })
        XCTAssertTrue(gentile.blocks.filter { $0.label == "fast" }.allSatisfy { $0.pace == .selfPaced && !$0.metronome.isOn })
        XCTAssertEqual(gentile.hand, .right)

        let demo = try ProtocolFile.load(path: Self.protocols + "/demo.yaml")
        XCTAssertEqual(demo.totalDurationSeconds, 120)

        let ftt = try ProtocolFile.load(path: Self.protocols + "/ftt.yaml")
        XCTAssertEqual(ftt.blocks.filter { $0.kind == .tap }.count, 5)
        XCTAssertTrue(ftt.blocks.filter { $0.kind == .tap }.allSatisfy { $0.durationSeconds == 10 && $0.pace == .selfPaced })
    }

    func testEveryFileInProtocolsIsValid() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.protocols).filter { $0.hasSuffix(".yaml") }
        XCTAssertGreaterThanOrEqual(names.count, 3)
        for name in names { XCTAssertNoThrow(try ProtocolFile.load(path: Self.protocols + "/" + name), name) }
    }

    func testUnreadableInputsAreClearErrors() throws {
        let folder = NSTemporaryDirectory() + "tapnirs-proto-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let latin1 = folder + "/latin1.yaml"
        XCTAssertTrue(FileManager.default.createFile(atPath: latin1, contents: Data([0x6E, 0x61, 0x6D, 0x65, 0x3A, 0x20, 0xE9])))
        for (path, message) in [(folder + "/missing.yaml", "no such file"), (folder, "is a folder"), (latin1, "not a UTF-8")] {
            XCTAssertThrowsError(try ProtocolFile.load(path: path)) { error in
                let text = "\(error)"
                XCTAssertTrue(text.hasPrefix(path), text)
                XCTAssertTrue(text.contains(message), text)
            }
        }
    }
}
