import Foundation
import XCTest

/// A finished session folder read back the way an analyst would: TSV rows as dictionaries.
struct SessionFiles {
    let path: String

    /// The one session folder under `out` (fails the test if there is not exactly one).
    static func only(in out: String, file: StaticString = #filePath, line: UInt = #line) throws -> SessionFiles {
        let subjects = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasPrefix("sub-") }
        var sessions: [String] = []
        for subject in subjects {
            sessions += try FileManager.default.contentsOfDirectory(atPath: out + "/" + subject)
                .filter { $0.hasPrefix("ses-") }.map { out + "/" + subject + "/" + $0 }
        }
        guard sessions.count == 1, let only = sessions.first else {
            XCTFail("expected one session folder in \(out), found \(sessions)", file: file, line: line)
            throw CocoaError(.fileNoSuchFile)
        }
        return SessionFiles(path: only)
    }

    func table(_ name: String) throws -> [[String: String]] {
        let text = try String(contentsOfFile: path + "/" + name, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard let header = lines.first?.components(separatedBy: "\t") else { return [] }
        return lines.dropFirst().map { line in
            let fields = line.components(separatedBy: "\t")
            XCTAssertEqual(fields.count, header.count, "ragged row in \(name): \(line)")
            return Dictionary(uniqueKeysWithValues: zip(header, fields).map { ($0, $1) })
        }
    }

    func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path + "/" + name))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path + "/" + name) }
}
