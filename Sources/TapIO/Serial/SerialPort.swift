import Glibc  // errno names
import TapCore

/// Why a serial port could not be named, opened or set up, with what the user needs to fix it.
public enum SerialPortError: Error, Equatable, CustomStringConvertible {
    /// No device at this path (unplugged, or the emulator's pty link is gone). Cheap: the
    /// caller retries every `SerialPort.reconnectInterval`.
    case notFound(String)
    case permissionDenied(String)
    /// Another program holds the port.
    case busy(String)
    /// The path is not a terminal device (a regular file, a FIFO …).
    case notATerminal(String)
    case unsupportedBaud(Int)
    /// `PATH[@BAUD]` did not parse.
    case badSpec(spec: String, reason: String)
    case openFailed(path: String, reason: String)
    case configureFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .notFound(let path):
            return "serial port \(path) not found (is the device plugged in?)"
        case .permissionDenied(let path):
            return "no permission to open serial port \(path) (add yourself to the dialout group: "
                + "sudo usermod -aG dialout $USER, then log in again)"
        case .busy(let path):
            return "serial port \(path) is busy (another program has it open)"
        case .notATerminal(let path):
            return "\(path) is not a serial port (not a terminal device)"
        case .unsupportedBaud(let baud):
            return "unsupported baud \(baud); supported: "
                + SerialPort.supportedBauds.map(String.init).joined(separator: ", ")
        case .badSpec(let spec, let reason):
            return "serial port \"\(spec)\": \(reason) (expected PATH[@BAUD], e.g. /dev/ttyUSB0@115200)"
        case .openFailed(let path, let reason):
            return "cannot open serial port \(path): \(reason)"
        case .configureFailed(let path, let reason):
            return "cannot set up serial port \(path) (raw 8N1): \(reason)"
        }
    }
}

/// One serial device, owned by the single-threaded ppoll loop: open raw 8N1 non-blocking,
/// drain what arrived, notice when the device goes away.
///
/// Reconnection is the caller's: after `.lost` (or a failed `open()`), it calls `open()` again
/// every `reconnectInterval`. Opening a missing path fails fast with `.notFound`.
public final class SerialPort {
    /// How often the caller retries `open()` after losing the device.
    public static let reconnectInterval = Span.seconds(1)
    public static let defaultBaud = 115_200
    /// Most bytes one `readAvailable()` returns, so a flood cannot starve the rest of the loop
    /// (the remainder stays readable for the next turn).
    public static let maximumReadBytes = 64 * 1024
    public static var supportedBauds: [Int] { Termios.supportedBauds }

    public let path: String
    public let baud: Int
    /// The open descriptor for ppoll; nil while closed.
    public private(set) var fd: Int32?
    /// A hang-up met after some bytes were read: those bytes are returned first, the loss next.
    var pendingLoss: String?

    public init(path: String, baud: Int = SerialPort.defaultBaud) {
        self.path = path
        self.baud = baud
    }

    deinit { close() }

    /// What one `readAvailable()` found.
    public enum ReadResult: Equatable, Sendable {
        /// Everything that was waiting (empty when nothing was).
        case bytes([UInt8])
        /// The device went away; the port is closed (`fd` is nil).
        case lost(reason: String)
    }

    /// Opens the device non-blocking (O_NOCTTY: it must never become our controlling terminal)
    /// and sets raw 8N1 at `baud`. Does nothing if already open.
    public func open() throws(SerialPortError) {
        if fd != nil { return }
        guard let speed = Termios.speed(forBaud: baud) else { throw .unsupportedBaud(baud) }
        let descriptor: Int32
        do { descriptor = try Syscalls.openDevice(path) } catch {
            switch error.errno {
            case ENOENT, ENODEV, ENXIO: throw .notFound(path)
            case EACCES, EPERM: throw .permissionDenied(path)
            case EBUSY: throw .busy(path)
            default: throw .openFailed(path: path, reason: error.reason)
            }
        }
        do {
            try Termios.makeRaw(descriptor, speed: speed)
        } catch {
            Syscalls.closeQuietly(descriptor)
            if error.errno == ENOTTY { throw .notATerminal(path) }
            throw .configureFailed(path: path, reason: "\(error.call): \(error.reason)")
        }
        fd = descriptor
        pendingLoss = nil
    }

    /// Reads everything waiting, up to `maximumReadBytes`. Call it when ppoll reports the fd
    /// readable or hung up. A hang-up shows as a read of 0 bytes (raw mode has VMIN=1, so
    /// "nothing yet" is EAGAIN, never 0) or as EIO/ENXIO/ENODEV; the port is then closed.
    public func readAvailable() -> ReadResult {
        if let reason = pendingLoss {
            close()
            return .lost(reason: reason)
        }
        guard let fd else { return .lost(reason: "not open") }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        reading: while bytes.count < Self.maximumReadBytes {
            let wanted = min(chunk.count, Self.maximumReadBytes - bytes.count)
            let read = chunk.withUnsafeMutableBytes { buffer in
                Result { () throws(Syscalls.Failure) in
                    try Syscalls.read(fd, into: UnsafeMutableRawBufferPointer(rebasing: buffer[..<wanted]))
                }
            }
            let reason: String
            switch read {
            case .success(let n) where n > 0:
                bytes.append(contentsOf: chunk[..<n])
                continue
            case .success:
                reason = "end of file (the device hung up)"
            case .failure(let error):
                if error.errno == EAGAIN || error.errno == EWOULDBLOCK { break reading }  // nothing more waiting
                reason = Self.lostReason(errno: error.errno)
            }
            if bytes.isEmpty {
                close()
                return .lost(reason: reason)
            }
            pendingLoss = reason  // hand over what arrived before the loss first
            break reading
        }
        return .bytes(bytes)
    }

    /// Closes the descriptor (a no-op when closed).
    public func close() {
        if let fd { Syscalls.closeQuietly(fd) }
        fd = nil
        pendingLoss = nil
    }

    /// Parses the command line's `PATH[@BAUD]` (an optional `serial:` prefix is allowed);
    /// the baud defaults to 115200 and must be one of `supportedBauds`.
    public static func parse(spec: String) throws(SerialPortError) -> (path: String, baud: Int) {
        var rest = Substring(spec)
        if rest.hasPrefix("serial:") { rest = rest.dropFirst("serial:".count) }
        var path = rest
        var baud = defaultBaud
        // The last `@` starts the baud unless a `/` follows it (then it belongs to the path).
        if let at = rest.lastIndex(of: "@"), !rest[rest.index(after: at)...].contains("/") {
            path = rest[..<at]
            let text = rest[rest.index(after: at)...]
            guard !text.isEmpty else { throw .badSpec(spec: spec, reason: "baud is missing after @") }
            guard text.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(text) else {
                throw .badSpec(spec: spec, reason: "baud must be a whole number, got \"\(text)\"")
            }
            baud = value
        }
        guard !path.isEmpty else { throw .badSpec(spec: spec, reason: "the device path is missing") }
        guard Termios.speed(forBaud: baud) != nil else { throw .unsupportedBaud(baud) }
        return (String(path), baud)
    }

    static func lostReason(errno code: Int32) -> String {
        switch code {
        case EIO: return "I/O error: \(message(code)) (the device or the other end went away)"
        case ENXIO, ENODEV: return "device removed"
        default: return "read failed: \(message(code))"
        }
    }

    static func message(_ code: Int32) -> String { Syscalls.message(code) }
}
