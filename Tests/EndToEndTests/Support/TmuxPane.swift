import Foundation
import XCTest

/// A real terminal for end-to-end tests: the program runs in a tmux pane (a real pty, real
/// ncurses), keys go in with `send-keys`, the screen comes back with `capture-pane`.
/// Each pane has its own tmux server socket so tests never touch a user's tmux.
final class TmuxPane {
    let socket: String
    let target = "main"

    /// The program's exit status lands here: the pane runs `sh -c 'program; echo $? > file'`,
    /// and the shell, not tmux, reaps the program.
    let statusFile: String

    /// Starts `command` in a fresh `columns`×`lines` pane with a UTF-8 locale. `lslSandbox`: the
    /// tmux server starts inside `scripts/lsl-sandbox.sh` (its own loopback-only network
    /// namespace), so the program and every window opened with `startWindow` share it.
    init(_ command: [String], columns: Int = 80, lines: Int = 24, lslSandbox: Bool = false,
         file: StaticString = #filePath, line: UInt = #line) throws {
        socket = "tapnirs-test-\(getpid())-\(UUID().uuidString.prefix(8))"
        statusFile = NSTemporaryDirectory() + socket + ".status"
        let program = (["env", "LANG=C.UTF-8", "LC_ALL=C.UTF-8", "TERM=tmux-256color"] + command)
            .map(Self.shellQuote).joined(separator: " ")
        // `trap : INT` (a handler, which exec resets, not SIG_IGN, which it would pass on) keeps
        // the shell alive when Ctrl-C in the pane interrupts the program.
        let script = "trap : INT; " + program + "; echo $? > " + Self.shellQuote(statusFile) + "; sleep 600"
        try Shell.run((lslSandbox ? [Paths.repo + "/scripts/lsl-sandbox.sh"] : [])
                      + ["tmux", "-u", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", target,
                         "-x", String(columns), "-y", String(lines), "sh -c " + Self.shellQuote(script)], capture: false)
    }

    /// Runs `command` in another window of the same server (so in the same sandbox); its exit
    /// status goes to `statusFile(of: name)`.
    func startWindow(_ name: String, _ command: [String]) throws {
        let program = command.map(Self.shellQuote).joined(separator: " ")
        let script = program + "; echo $? > " + Self.shellQuote(statusFile(of: name)) + "; sleep 600"
        try tmux(["new-window", "-d", "-t", target, "-n", name, "sh -c " + Self.shellQuote(script)])
    }

    func statusFile(of window: String) -> String { statusFile + "." + window }

    /// Waits for the program in window `name` to exit; its status.
    func waitForWindowExit(_ name: String, timeout: Double = 20, file: StaticString = #filePath, line: UInt = #line) throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: statusFile(of: name), encoding: .utf8),
               let status = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) { return status }
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTFail("window \(name) did not exit within \(timeout) s", file: file, line: line)
        throw TmuxError.timeout("exit of \(name)")
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
        try waitForScreen(timeout: timeout, { $0.contains(text) }, failure: "screen never showed \"\(text)\" within \(timeout) s",
                          text: text, file: file, line: line)
    }

    /// Waits until `text` has left the screen (a dialog closed, a banner cleared) and returns the screen.
    @discardableResult
    func waitForAbsence(_ text: String, timeout: Double = 10, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try waitForScreen(timeout: timeout, { !$0.contains(text) }, failure: "screen still showed \"\(text)\" after \(timeout) s",
                          text: text, file: file, line: line)
    }

    /// Polls the screen every 50 ms until `holds`; fails with `failure` and the last screen after `timeout` seconds.
    private func waitForScreen(timeout: Double, _ holds: (String) -> Bool, failure: String, text: String,
                               file: StaticString, line: UInt) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last: String?
        while Date() < deadline {
            if let screen = try? screen() {
                last = screen
                if holds(screen) { return screen }
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTFail(failure + "; last screen:\n" + (last ?? "(none captured)"), file: file, line: line)
        throw TmuxError.timeout(text)
    }

    /// The program's exit status once it has exited, else nil.
    func exitStatus() -> Int32? {
        guard let text = try? String(contentsOfFile: statusFile, encoding: .utf8) else { return nil }
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Waits for the program to exit and returns its exit status (128 + n for signal n).
    func waitForExit(timeout: Double = 20, file: StaticString = #filePath, line: UInt = #line) throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let status = exitStatus() { return status }
            Thread.sleep(forTimeInterval: 0.05)
        }
        XCTFail("program did not exit within \(timeout) s; screen:\n\((try? screen()) ?? "")", file: file, line: line)
        throw TmuxError.timeout("exit")
    }

    /// The process ID of the program (the child of the pane's shell).
    func pid() throws -> pid_t {
        let shell = try tmux(["display-message", "-p", "-t", target, "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let child = try Shell.run(["pgrep", "-P", shell]).output.split(separator: "\n").first ?? ""
        return pid_t(child) ?? -1
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

extension TmuxPane {
    /// `tapnirs run --protocol <name> --subject <id> --no-sound --out <out>` (plus `extra`),
    /// past the ready screen (Enter) and on until the screen shows `until`.
    static func startedSession(_ protocolName: String, subject: String, out: String, until text: String,
                               extra: [String] = [], timeout: Double = 10) throws -> TmuxPane {
        let pane = try TmuxPane([Paths.binary, "run", "--protocol", Paths.protocolFile(protocolName), "--subject", subject,
                                 "--no-sound", "--out", out] + extra)
        try pane.waitFor("Press Enter to start")
        try pane.send("Enter")
        try pane.waitFor(text, timeout: timeout)
        return pane
    }
}
