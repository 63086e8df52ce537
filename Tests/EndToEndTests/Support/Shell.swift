import Foundation

/// Runs a command to completion and captures its output (for tmux and for `tapnirs check`).
enum Shell {
    struct Result {
        var status: Int32
        var output: String
        var error: String
    }

    struct Failure: Error, CustomStringConvertible {
        let command: [String]
        let result: Result
        var description: String { "\(command.joined(separator: " ")) exited \(result.status): \(result.error)" }
    }

    /// Runs `command` (looked up on PATH); throws when it exits non-zero unless `allowFailure`.
    @discardableResult
    /// `capture: false` for commands that leave a daemon behind (tmux's server would inherit
    /// the pipes and the read would never see end-of-file).
    static func run(_ command: [String], allowFailure: Bool = false, environment: [String: String]? = nil,
                    capture: Bool = true) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        if let environment { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let out = Pipe(), err = Pipe()
        process.standardOutput = capture ? out : FileHandle.nullDevice
        process.standardError = capture ? err : FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let outData = capture ? out.fileHandleForReading.readDataToEndOfFile() : Data()
        let errData = capture ? err.fileHandleForReading.readDataToEndOfFile() : Data()
        process.waitUntilExit()
        let result = Result(status: process.terminationStatus,
                            output: String(decoding: outData, as: UTF8.self),
                            error: String(decoding: errData, as: UTF8.self))
        if result.status != 0 && !allowFailure { throw Failure(command: command, result: result) }
        return result
    }
}

/// Where the repository and the built binary are (the Makefile passes both).
enum Paths {
    static let repo: String = ProcessInfo.processInfo.environment["TAPNIRS_REPO"]
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path

    static let binary: String = ProcessInfo.processInfo.environment["TAPNIRS_BIN"] ?? repo + "/.build/debug/tapnirs"

    static func protocolFile(_ name: String) -> String { repo + "/Protocols/" + name }

    /// A fresh empty folder for one test's sessions.
    static func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "tapnirs-e2e-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
