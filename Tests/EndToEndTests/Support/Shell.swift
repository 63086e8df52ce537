import Foundation
import Glibc

/// Runs a command to completion and captures its output (for tmux and for `tapnirs check`).
///
/// posix_spawn + waitpid rather than Foundation's `Process`, which on Linux can miss the exit
/// of a child that leaves a daemon behind (tmux's client starts its server and exits).
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
    /// `capture: false` for commands that leave a daemon behind: it would inherit the pipes and
    /// the read would never see end-of-file.
    @discardableResult
    static func run(_ command: [String], allowFailure: Bool = false, capture: Bool = true) throws -> Result {
        var outPipe: [Int32] = [-1, -1], errPipe: [Int32] = [-1, -1]
        if capture {
            guard pipe(&outPipe) == 0, pipe(&errPipe) == 0 else { throw POSIXError(.EMFILE) }
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if capture {
            posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
            posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
            for fd in outPipe + errPipe { posix_spawn_file_actions_addclose(&actions, fd) }
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        // A clean signal state: the test runner may block SIGCHLD, and tmux's server, which
        // inherits it, would then never learn how the program in its pane exited.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t(), allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        defer { for arg in argv { free(arg) } }
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, command[0], &actions, &attributes, &argv, environ)
        if capture { close(outPipe[1]); close(errPipe[1]) }
        guard spawned == 0 else {
            if capture { close(outPipe[0]); close(errPipe[0]) }
            throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .ENOENT)
        }
        var output = Data(), error = Data()
        if capture {
            // Drain stderr on another thread so neither pipe can fill up and block the child.
            let errFD = errPipe[0]
            let group = DispatchGroup()
            nonisolated(unsafe) var errorData = Data()
            DispatchQueue.global().async(group: group) { errorData = readAll(errFD) }
            output = readAll(outPipe[0])
            group.wait()
            error = errorData
            close(outPipe[0]); close(errPipe[0])
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let code: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let result = Result(status: code, output: String(decoding: output, as: UTF8.self),
                            error: String(decoding: error, as: UTF8.self))
        if result.status != 0 && !allowFailure { throw Failure(command: command, result: result) }
        return result
    }

    static func readAll(_ fd: Int32) -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n > 0 { data.append(contentsOf: buffer[0..<n]) } else if n < 0 && errno == EINTR { continue } else { break }
        }
        return data
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
