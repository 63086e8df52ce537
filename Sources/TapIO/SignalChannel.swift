import CLinux
import Glibc

/// SIGINT, SIGTERM and SIGHUP as a readable file descriptor (signalfd), so the event loop
/// sees them as ordinary input and no code runs inside a signal handler.
///
/// The signals are blocked for the process; ncurses' own handlers for them never fire.
public final class SignalChannel {
    public let fd: Int32
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    public init?() {
        var mask = sigset_t()
        sigemptyset(&mask)
        for signal in Self.signals { sigaddset(&mask, signal) }
        guard sigprocmask(SIG_BLOCK, &mask, nil) == 0 else { return nil }
        // An ignored signal is discarded, not queued: one inherited as ignored (a launcher's
        // `trap '' INT`) would never reach the descriptor. Blocked and default, it waits for us.
        for signal in Self.signals { Glibc.signal(signal, SIG_DFL) }
        let fd = signalfd(-1, &mask, Int32(SFD_NONBLOCK | SFD_CLOEXEC))
        guard fd >= 0 else { return nil }
        self.fd = fd
    }

    /// Names of the signals waiting, oldest first (`SIGINT`…); empty if none.
    public func drain() -> [String] {
        var names: [String] = []
        var info = signalfd_siginfo()
        let size = MemoryLayout<signalfd_siginfo>.size
        while read(fd, &info, size) == size {
            switch Int32(info.ssi_signo) {
            case SIGINT: names.append("SIGINT")
            case SIGTERM: names.append("SIGTERM")
            case SIGHUP: names.append("SIGHUP")
            default: names.append("signal \(info.ssi_signo)")
            }
        }
        return names
    }

    deinit { close(fd) }
}
