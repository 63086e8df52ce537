import CNcursesw
import Glibc

/// The terminal's lifecycle: curses set up in one place and always torn down.
///
/// While curses owns the screen, anything written to stderr goes to a temporary file and is
/// printed after `endwin`, so a warning cannot scribble over the screen. A crash (SEGV, ABRT,
/// ILL, TRAP — Swift's runtime traps — BUS, FPE) restores the saved terminal settings and
/// shows the cursor with async-signal-safe calls only, then dies as it would have (htop's
/// CRT.c habit), so no exit path leaves a terminal without echo.
public enum Terminal {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public static func withCurses<T>(_ body: (CursesPresenter) throws -> T) throws -> T {
        _ = tn_setlocale_from_environment()
        let utf8 = tn_locale_is_utf8() != 0
        CrashRestore.install()
        let capture = StderrCapture()
        guard let screen = tn_newterm_stdio() else {
            capture.finish()
            CrashRestore.uninstall()
            let term = getenv("TERM").map { String(cString: $0) } ?? "(unset)"
            throw Failure(description: "cannot start the screen: unknown or unusable terminal type TERM=\(term)")
        }
        _ = set_term(screen)
        defer {
            endwin()
            delscreen(screen)
            capture.finish()
            CrashRestore.uninstall()
        }
        cbreak()  // not raw(): Ctrl-C must stay SIGINT, read by the event loop's signalfd
        noecho()
        nonl()
        keypad(tn_stdscr(), true)
        nodelay(tn_stdscr(), true)
        curs_set(0)
        set_escdelay(25)  // Esc alone is a key; don't wait a second to see if a sequence follows
        var colours = false
        if has_colors() {
            start_color()
            use_default_colors()
            init_pair(1, Int16(COLOR_CYAN), -1)
            init_pair(2, Int16(COLOR_GREEN), -1)
            init_pair(3, Int16(COLOR_RED), -1)
            init_pair(4, Int16(COLOR_RED), -1)
            init_pair(5, Int16(COLOR_BLUE), -1)
            colours = true
        }
        return try body(CursesPresenter(glyphs: utf8 ? .unicode : .ascii, colours: colours))
    }
}

/// stderr into a temporary file while curses runs, replayed to the real stderr afterwards.
final class StderrCapture {
    private var saved: Int32 = -1
    private var file: UnsafeMutablePointer<FILE>?

    init() {
        guard let file = tmpfile() else { return }
        fflush(nil)
        saved = dup(STDERR_FILENO)
        guard saved >= 0, dup2(fileno(file), STDERR_FILENO) >= 0 else { fclose(file); return }
        self.file = file
    }

    func finish() {
        guard let file, saved >= 0 else { return }
        fflush(nil)
        dup2(saved, STDERR_FILENO)
        close(saved)
        saved = -1
        rewind(file)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n <= 0 { break }
            _ = buffer.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, n) }
        }
        fclose(file)
        self.file = nil
    }
}

/// Restores the terminal from inside a crash signal handler.
enum CrashRestore {
    static let signals: [Int32] = [SIGSEGV, SIGABRT, SIGILL, SIGTRAP, SIGBUS, SIGFPE]
    /// Saved before curses changes anything; read only by the handler.
    nonisolated(unsafe) static var saved = termios()
    nonisolated(unsafe) static var haveSaved = false

    static func install() {
        haveSaved = tcgetattr(STDIN_FILENO, &saved) == 0
        for signal in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = crashHandler
            sigemptyset(&action.sa_mask)
            action.sa_flags = Int32(truncatingIfNeeded: SA_RESETHAND)  // the re-raise gets the default action
            sigaction(signal, &action, nil)
        }
    }

    static func uninstall() {
        for signal in signals { Glibc.signal(signal, SIG_DFL) }
    }
}

/// Async-signal-safe only: tcsetattr, write, raise.
private func crashHandler(_ signal: Int32) {
    if CrashRestore.haveSaved { tcsetattr(STDIN_FILENO, TCSANOW, &CrashRestore.saved) }
    let reset: StaticString = "\u{1b}[0m\u{1b}[?25h\u{1b}[?1049l\r\ntapnirs: crashed; terminal restored. The session's files are intact up to this moment.\r\n"
    _ = write(STDOUT_FILENO, reset.utf8Start, reset.utf8CodeUnitCount)
    raise(signal)
}
