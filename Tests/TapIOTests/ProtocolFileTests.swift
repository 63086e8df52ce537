import Foundation
import Glibc
import XCTest
import TapCore
@testable import TapIO

final class ProtocolFileTests: XCTestCase {
    static let protocols = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Protocols").path

    var folder = ""

    override func setUpWithError() throws {
        folder = NSTemporaryDirectory() + "tapnirs-proto-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: folder)
    }

    func write(_ name: String, _ data: Data) -> String {
        let path = folder + "/" + name
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: data))
        return path
    }

    /// The error `ProtocolFile.load` gives for `path`, as a user reads it.
    func message(loading path: String, file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            _ = try ProtocolFile.load(path: path)
            XCTFail("\(path) loaded", file: file, line: line)
            return ""
        } catch {
            return error.description
        }
    }

    // MARK: The shipped protocols

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

        // The standard finger tapping test (issue 16): five 10 s maximal trials per hand, hands
        // alternating, under the trial-consistency rule (five within five taps, at most ten per hand).
        let ftt = try ProtocolFile.load(path: Self.protocols + "/ftt.yaml")
        let trials = ftt.blocks.filter { $0.kind == .tap }
        XCTAssertEqual(trials.count, 10)
        XCTAssertTrue(trials.allSatisfy { $0.label == "trial" && $0.durationSeconds == 10 && $0.pace == .selfPaced })
        XCTAssertEqual(trials.map(\.hand), Array(repeating: [TappingHand.right, .left], count: 5).flatMap { $0 })
        XCTAssertEqual(ftt.trialRule, TrialRule(label: "trial", consistentTrials: 5, withinTaps: 5, maximumTrials: 10, restSeconds: 20))
    }

    func testGentile2019IsTheReconstructionInTheScienceNotes() throws {
        let p = try ProtocolFile.load(path: Self.protocols + "/gentile2019.yaml")
        let round = ["slow", "rest", "fast", "rest"]
        XCTAssertEqual(p.blocks.map(\.label), ["baseline"] + Array(repeating: round, count: 5).flatMap { $0 } + ["final"])
        XCTAssertEqual(p.blocks.map(\.durationSeconds), [60] + Array(repeating: 30, count: 21))
        XCTAssertEqual(p.blocks.map(\.repetition), [nil] + (1...5).flatMap { Array(repeating: $0, count: 4) } + [nil])
        XCTAssertEqual(p.blocks.map(\.cue).prefix(5), ["REST", "TAP SLOW", "REST", "TAP FAST", "REST"])
        XCTAssertEqual(p.blocks[1].beatPeriod, .seconds(1.0))
        XCTAssertNil(p.blocks[3].beatPeriod)
        XCTAssertEqual(p.tapKeys, [.space])
        XCTAssertEqual(p.onPause, .resume)
        XCTAssertEqual(p.summaryLine, "gentile2019: 22 blocks (10 tapping), 11:30 total")
    }

    func testDemoFttAndShortTestHaveTheirDocumentedLengths() throws {
        let demo = try ProtocolFile.load(path: Self.protocols + "/demo.yaml")
        XCTAssertEqual(demo.blocks.map(\.label), ["baseline", "slow", "rest", "fast", "rest", "slow", "rest", "fast", "rest"])
        XCTAssertEqual(demo.summaryLine, "demo: 9 blocks (4 tapping), 2:00 total")

        let ftt = try ProtocolFile.load(path: Self.protocols + "/ftt.yaml")
        XCTAssertEqual(ftt.totalDurationSeconds, 305, "5 + 5 × 2 × (10 + 20), before any trial added live")
        XCTAssertEqual(ftt.blocks.filter { $0.kind == .tap }.map(\.repetition), [1, 1, 2, 2, 3, 3, 4, 4, 5, 5])
        XCTAssertEqual(ftt.blocks.filter { $0.kind == .rest && !$0.isBaseline }.map(\.durationSeconds), Array(repeating: 20, count: 10))

        let short = try ProtocolFile.load(path: Self.protocols + "/short-test.yaml")
        XCTAssertEqual(short.totalDurationSeconds, 12)
        XCTAssertEqual(short.blocks.map(\.pace), [.none, .hz(2), .none, .selfPaced])
    }

    func testEveryFileInProtocolsIsValid() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.protocols).filter { $0.hasSuffix(".yaml") }
        XCTAssertGreaterThanOrEqual(names.count, 3)
        for name in names.sorted() {
            XCTAssertNoThrow(try ProtocolFile.load(path: Self.protocols + "/" + name), name)
            // The protocol's name is its file name, so records say which file was run.
            XCTAssertEqual(try? ProtocolFile.load(path: Self.protocols + "/" + name).name,
                           String(name.dropLast(".yaml".count)), name)
        }
    }

    // MARK: Reading files

    func testTheTextComesBackExactlyAsInTheFile() throws {
        let text = "# comment\nname: t\nblocks:\n  - tap: {label: a, duration: 1, pace: self}   # trailing\n"
        let path = write("t.yaml", Data(text.utf8))
        let loaded = try ProtocolFile.loadWithText(path: path)
        XCTAssertEqual(loaded.text, text)
        XCTAssertEqual(loaded.definition.name, "t")
    }

    func testJSONFilesAreAccepted() throws {
        let path = write("p.json", Data(#"{"name": "j", "blocks": [{"tap": {"label": "fast", "duration": 5, "pace": "self"}}]}"#.utf8))
        XCTAssertEqual(try ProtocolFile.load(path: path).totalDurationSeconds, 5)
    }

    func testParseErrorsNameThePathTheUserGave() {
        let path = write("bad.yaml", Data("name: x\nblocks:\n  - tap: {label: a, duration: 1, pace: 12}\n".utf8))
        XCTAssertEqual(message(loading: path), path + ":3:40: blocks[0].tap.pace: 12 Hz is outside 0.2–10 Hz")
    }

    func testUnreadableInputsAreClearErrors() throws {
        let latin1 = write("latin1.yaml", Data([0x6E, 0x61, 0x6D, 0x65, 0x3A, 0x20, 0xE9]))
        let nul = write("nul.yaml", Data("name: x\0\n".utf8))
        let empty = write("empty.yaml", Data())
        let cases = [(folder + "/missing.yaml", "no such file"), (folder, "is a folder"), (latin1, "not a UTF-8"),
                     (nul, "not a UTF-8"), (empty, "the file is empty"), ("", "no file name given")]
        for (path, expected) in cases {
            let text = message(loading: path)
            XCTAssertTrue(text.hasPrefix(path + ":"), text)
            XCTAssertTrue(text.contains(expected), text)
        }
    }

    func testDevicesAndPipesAreRefusedWithoutBlocking() throws {
        XCTAssertTrue(message(loading: "/dev/null").contains("is not a regular file"))
        XCTAssertTrue(message(loading: "/dev/zero").contains("is not a regular file"), "must not read forever")
        let fifo = folder + "/fifo.yaml"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        XCTAssertTrue(message(loading: fifo).contains("is not a regular file"), "must not block on open")
    }

    func testSymbolicLinksAreFollowed() throws {
        let link = folder + "/link.yaml"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: Self.protocols + "/demo.yaml")
        XCTAssertEqual(try ProtocolFile.load(path: link).name, "demo")
        let dangling = folder + "/dangling.yaml"
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: folder + "/nowhere.yaml")
        XCTAssertEqual(message(loading: dangling), dangling + ": no such file")
    }

    func testFilesOverOneMebibyteAreRefusedUnread() {
        let path = write("big.yaml", Data(repeating: UInt8(ascii: "#"), count: ProtocolParser.maximumBytes + 1))
        XCTAssertTrue(message(loading: path).contains("at most 1 MiB"))
    }
}
