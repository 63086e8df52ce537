import Foundation
import XCTest

/// `tapnirs check` as a user runs it.
final class CheckCommandTests: XCTestCase {
    func testShippedProtocolsAreValidWithTheirDurations() throws {
        let files = ["demo.yaml", "gentile2019.yaml", "ftt.yaml", "short-test.yaml"].map(Paths.protocolFile)
        let result = try Shell.run([Paths.binary, "check"] + files)
        let lines = result.output.split(separator: "\n")
        XCTAssertEqual(lines.count, 4)
        XCTAssertTrue(lines.allSatisfy { $0.hasPrefix("OK  ") })
        XCTAssertTrue(result.output.contains("demo: 9 blocks (4 tapping), 2:00 total"))
        XCTAssertTrue(result.output.contains("gentile2019: 22 blocks (10 tapping), 11:30 total"))
    }

    func testABadFileExitsNonZeroNamingFileLineAndField() throws {
        let folder = try Paths.temporaryFolder()
        let path = folder + "/bad.yaml"
        try """
            name: bad
            blocks:
              - tap: {label: fast, duration: 20, pace: 12}
              - rest: {duration: -3}
              - tap: {label: slow, duraton: 20, pace: 1}
            """.write(toFile: path, atomically: true, encoding: .utf8)
        let good = Paths.protocolFile("demo.yaml")
        let result = try Shell.run([Paths.binary, "check", good, path], allowFailure: true)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.output.contains("OK  \(good)"), "valid files are still reported")
        XCTAssertTrue(result.error.contains("\(path):3:"), result.error)
        XCTAssertTrue(result.error.contains("blocks[0].tap.pace: 12 Hz is outside 0.2–10 Hz"), result.error)
        XCTAssertTrue(result.error.contains("blocks[1].rest.duration: -3 s"), result.error)
        XCTAssertTrue(result.error.contains("blocks[2].tap.duraton: unknown key (did you mean `duration`?)"), result.error)
        XCTAssertFalse(result.error.contains("Fatal error"))
    }

    func testJunkInputNeverCrashes() throws {
        let folder = try Paths.temporaryFolder()
        var junk: [String] = []
        let samples: [(String, Data)] = [
            ("empty.yaml", Data()),
            ("binary.yaml", Data((0..<512).map { UInt8(($0 * 37 + 11) % 256) })),
            ("list.yaml", Data("- 1\n- 2\n".utf8)),
            ("tabs.yaml", Data("name: x\n\tblocks: [\n".utf8)),
            ("alias.yaml", Data("a: &a [1, 2]\nname: *a\nblocks: *a\n".utf8)),
            ("huge.yaml", Data("name: x\nblocks:\n  - tap: {label: a, duration: 1e308, pace: 1}\n".utf8)),
        ]
        for (name, data) in samples {
            let path = folder + "/" + name
            XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: data))
            junk.append(path)
        }
        junk.append(folder)  // a folder, not a file
        for path in junk {
            let result = try Shell.run([Paths.binary, "check", path], allowFailure: true)
            XCTAssertEqual(result.status, 1, path)
            XCTAssertTrue(result.error.contains(path), "\(path): \(result.error)")
            XCTAssertFalse(result.error.contains("Fatal") || result.error.contains("Backtrace"), "\(path): \(result.error)")
        }
    }
}
