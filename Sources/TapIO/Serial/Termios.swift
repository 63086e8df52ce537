import Glibc

/// The termios settings a serial port needs, kept apart from the port's open/read/close logic.
/// The calls that touch the device (tcgetattr, tcsetattr) are in `Syscalls`; cfmakeraw and
/// cfset*speed here only edit a `termios` value in memory.
///
/// Raw 8N1, no flow control, the receiver on and modem lines ignored (CLOCAL): a USB serial
/// adapter or a pty then delivers the device's bytes untouched.
enum Termios {
    /// Baud rates tapnirs accepts, with their termios constants (Linux `B…`; no custom rates).
    static let speeds: [(baud: Int, speed: speed_t)] = [
        (9_600, speed_t(B9600)), (19_200, speed_t(B19200)), (38_400, speed_t(B38400)),
        (57_600, speed_t(B57600)), (115_200, speed_t(B115200)), (230_400, speed_t(B230400)),
        (460_800, speed_t(B460800)), (500_000, speed_t(B500000)), (576_000, speed_t(B576000)),
        (921_600, speed_t(B921600)), (1_000_000, speed_t(B1000000)), (1_152_000, speed_t(B1152000)),
        (1_500_000, speed_t(B1500000)), (2_000_000, speed_t(B2000000)), (2_500_000, speed_t(B2500000)),
        (3_000_000, speed_t(B3000000)), (3_500_000, speed_t(B3500000)), (4_000_000, speed_t(B4000000)),
    ]

    static var supportedBauds: [Int] { speeds.map(\.baud) }

    static func speed(forBaud baud: Int) -> speed_t? { speeds.first { $0.baud == baud }?.speed }

    /// Raw 8N1 at `speed`, no flow control. VMIN=1 VTIME=0 rather than 0/0: with O_NONBLOCK a
    /// read with nothing waiting then fails with EAGAIN, so a read of 0 bytes unambiguously
    /// means hang-up (with VMIN=0 the kernel returns 0 for "nothing yet" too, and a lost
    /// device could not be told from a quiet one).
    static func raw(from original: termios, speed: speed_t?) -> termios {
        var settings = original
        cfmakeraw(&settings)
        settings.c_cflag &= ~(tcflag_t(CSIZE | PARENB | CSTOPB) | tcflag_t(CRTSCTS))
        settings.c_cflag |= tcflag_t(CS8 | CLOCAL | CREAD)
        settings.c_iflag &= ~tcflag_t(IXON | IXOFF | IXANY)
        withUnsafeMutableBytes(of: &settings.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        if let speed {
            // They fail only for a speed that is not a `B…` constant; ours come from `speeds`.
            precondition(cfsetispeed(&settings, speed) == 0 && cfsetospeed(&settings, speed) == 0, "bad speed \(speed)")
        }
        return settings
    }

    /// Applies raw 8N1 at `speed`. A pty has no line and may refuse a speed (EINVAL): then the
    /// raw settings alone are applied, since a pty ignores the baud anyway.
    static func makeRaw(_ fd: Int32, speed: speed_t) throws(Syscalls.Failure) {
        let original = try Syscalls.terminalAttributes(fd)
        do {
            try Syscalls.setTerminalAttributes(fd, raw(from: original, speed: speed))
        } catch {
            guard error.errno == EINVAL else { throw error }
            try Syscalls.setTerminalAttributes(fd, raw(from: original, speed: nil))
        }
    }
}
