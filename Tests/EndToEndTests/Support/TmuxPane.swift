import Foundation
import XCTest

/// A real terminal for end-to-end tests: the program runs in a tmux pane (a real pty, real
/// ncurses), keys go in with `send-keys`, the screen comes back with `capture-pane`.
/// Each pane has its own tmux server socket so tests never touch a user's tmux.
final class TmuxPane {
    let socket: String
    let target = "main"

    /// Starts `command` in a fresh `columns`×`lines` pane with a UTF-8 locale.
    init(_ command: [String], columns: Int = 80, lines: Int = 24, file: StaticString = #filePath, line: UInt = #line) throws {
        socket = "tapnirs-test-\(getpid())-\(UUID().uuidString.prefix(8))"
        let shellCommand = (["env", "LANG=C.UTF-8", "LC_ALL=C.UTF-8", "TERM=tmux-256color"] + command)
            .map(Self.shellQuote).joined(separator: " ")
        try Shell.run(["tmux", "-u", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", target,
                       "-x", String(columns), "-y", String(lines), shellCommand, ";",
                       "set-option", "-t", target, "remain-on-exit", "on"], capture: false)
    }

    deinit { _ = try? tmux(["kill-server"]) }

    /// `send-keys` names: "Enter", "Space", "Escape", "C-c", or literal text with `literal: true`.
    func send(_ keys: String..., literal: Bool = false) throws {
        try tmux(["send-keys", "-t", target] + (literal ? ["-l"] : []) + keys)
    }

    /// The visible screen, one line per row.
    func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", target]) }

    /// Polls the screen until it contains `text`; fails with the last screen after `timeout` seconds.
    @discardableResult
    func waitFor(_ text: String, timeout: Double = 10, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = (try? screen()) ?? last
            if last.contains(text) { return last }
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTFail("screen never showed \"\(text)\" within \(timeout) s; last screen:\n\(last)", file: file, line: line)
        throw TmuxError.timeout(text)
    }

    /// True once the program in the pane has exited.
    func hasExited() throws -> Bool {
        try tmux(["display-message", "-p", "-t", target, "#{pane_dead}"]).trimmingCharacters(in: .whitespacesAndNewlines) == "1"
    }

    /// Waits for the program to exit and returns its exit status.
    func waitForExit(timeout: Double = 20, file: StaticString = #filePath, line: UInt = #line) throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try hasExited() {
                let status = try tmux(["display-message", "-p", "-t", target, "#{pane_dead_status}"])
                return Int32(status.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTFail("program did not exit within \(timeout) s; screen:\n\((try? screen()) ?? "")", file: file, line: line)
        throw TmuxError.timeout("exit")
    }

    /// The process ID of the program in the pane.
    func pid() throws -> pid_t {
        pid_t(try tmux(["display-message", "-p", "-t", target, "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    func resize(columns: Int, lines: Int) throws {
        try tmux(["resize-window", "-t", target, "-x", String(columns), "-y", String(lines)])
    }

    @discardableResult
    func tmux(_ arguments: [String]) throws -> String {
        try Shell.run(["tmux", "-u", "-L", socket] + arguments).output
    }

    static func shellQuote(_ word: String) -> String {
        "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

enum TmuxError: Error { case timeout(String) }
