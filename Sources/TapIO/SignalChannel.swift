import Glibc  // SIGINT, SIGTERM, SIGHUP

/// SIGINT, SIGTERM and SIGHUP as a readable file descriptor (signalfd), so the event loop
/// sees them as ordinary input and no code runs inside a signal handler.
///
/// The signals are blocked for the process; ncurses' own handlers for them never fire.
public final class SignalChannel {
    /// Why the signals could not be routed to a descriptor (the call and the system's words).
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public let fd: Int32
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    public init() throws(Failure) {
        do { fd = try Syscalls.signalDescriptor(for: Self.signals) } catch {
            throw Failure(description: "cannot set up signal handling (\(error))")
        }
    }

    /// Names of the signals waiting, oldest first (`SIGINT`…); empty if none.
    public func drain() -> [String] {
        var names: [String] = []
        while let signal = Syscalls.nextSignal(fd) {
            switch Int32(signal) {
            case SIGINT: names.append("SIGINT")
            case SIGTERM: names.append("SIGTERM")
            case SIGHUP: names.append("SIGHUP")
            default: names.append("signal \(signal)")
            }
        }
        return names
    }

    deinit { Syscalls.closeQuietly(fd) }
}
