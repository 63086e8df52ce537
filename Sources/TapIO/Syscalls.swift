import CLinux
import Glibc
import TapCore

/// Every raw libc call TapIO makes, in one place, with EINTR retried (swift-system's habit).
public enum Syscalls {
    public struct Failure: Error, CustomStringConvertible {
        let call: String
        let errno: Int32
        public var description: String { "\(call): \(reason)" }
        /// The system's words for `errno` (`No space left on device`).
        var reason: String { Syscalls.message(errno) }

        /// A descriptor that is closed or was never opened (EBADF) or a bad pointer (EFAULT) is
        /// a bug in this program, not a condition to report or retry (swift-nio's rule): a
        /// descriptor closed twice may meanwhile name another file, and writing there is worse
        /// than stopping.
        init(call: String, errno: Int32) {
            precondition(errno != EBADF && errno != EFAULT,
                         "\(call) failed with \(errno == EBADF ? "EBADF" : "EFAULT"): a descriptor or pointer is wrong")
            self.call = call
            self.errno = errno
        }
    }

    /// The system's words for an errno value (`No such file or directory`).
    static func message(_ errno: Int32) -> String { String(cString: strerror(errno)) }

    /// CLOCK_MONOTONIC in nanoseconds. clock_gettime fails only for an unknown clock or a bad
    /// pointer (EINVAL, EFAULT), neither of which this call can pass: a failure is a bug.
    static func monotonicNanoseconds() -> Int64 {
        var ts = timespec()
        let rc = clock_gettime(CLOCK_MONOTONIC, &ts)
        precondition(rc == 0, "clock_gettime(CLOCK_MONOTONIC) failed with errno \(errno)")
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    /// Waits until one of `fds` is readable or `timeout` passes (nil = forever).
    /// Returns the readable flags in the order given. A signal interrupting the wait (SIGWINCH,
    /// handled by curses) is not an error: every flag is then true, so the caller drains each
    /// descriptor without blocking and sees what the signal brought (curses' KEY_RESIZE).
    static func waitReadable(_ fds: [Int32], timeout: Span?) -> [Bool] {
        var polls = fds.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        let result: Int32
        if let timeout {
            let ns = max(0, timeout.nanoseconds)
            var ts = timespec(tv_sec: Int(ns / 1_000_000_000), tv_nsec: Int(ns % 1_000_000_000))
            result = tapnirs_ppoll(&polls, nfds_t(polls.count), &ts)
        } else {
            result = tapnirs_ppoll(&polls, nfds_t(polls.count), nil)
        }
        if result < 0 {
            let error = errno
            // Interrupted (or short of memory): every flag true, the caller's reads do not block.
            if error == EINTR || error == ENOMEM { return fds.map { $0 >= 0 } }
            // EBADF, EFAULT, EINVAL: the descriptors or the call are wrong — a bug, never a retry.
            preconditionFailure("ppoll failed with errno \(error) (\(String(cString: strerror(error)))) on \(fds)")
        }
        if result == 0 { return Array(repeating: false, count: fds.count) }
        return polls.map { $0.revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 }
    }

    /// Writes all of `bytes` at the end of `fd` (one `write` unless the kernel takes less).
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) throws(Failure) {
        if let error = writeLoop(fd, bytes, waitingWhenFull: false) { throw Failure(call: "write", errno: error) }
    }

    /// The loop behind `writeAll` and `writeEverything`: EINTR retried, EAGAIN (a non-blocking
    /// descriptor that is full) waited out if asked; the errno that stopped it, nil when all went.
    private static func writeLoop(_ fd: Int32, _ bytes: [UInt8], waitingWhenFull: Bool) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n > 0 { offset += n; continue }
            if n < 0 && errno == EINTR { continue }
            if n < 0 && errno == EAGAIN && waitingWhenFull { waitFor(fd, writable: true, timeout: .milliseconds(100)); continue }
            return n < 0 ? errno : EIO
        }
        return nil
    }

    /// Writes all of `bytes` at `position` of `fd`.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], at position: Int64) throws(Failure) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { buffer in
                pwrite(fd, buffer.baseAddress! + offset, buffer.count - offset, off_t(position) + off_t(offset))
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw Failure(call: "pwrite", errno: errno)
            }
            offset += n
        }
    }

    static func truncate(_ fd: Int32, to length: Int64) throws(Failure) {
        while ftruncate(fd, off_t(length)) != 0 {
            if errno != EINTR { throw Failure(call: "ftruncate", errno: errno) }
        }
    }

    static func sync(_ fd: Int32) throws(Failure) {
        while fsync(fd) != 0 {
            if errno != EINTR { throw Failure(call: "fsync", errno: errno) }
        }
    }

    /// Starts writing `count` bytes from `offset` to disk without waiting (`sync_file_range`,
    /// SYNC_FILE_RANGE_WRITE): a later fsync then has little left to wait for. A hint: a kernel or
    /// file system that refuses it changes nothing, so its failure is not an error.
    static func startWriteback(_ fd: Int32, offset: Int64, count: Int64) {
        _ = tapnirs_start_writeback(fd, offset, count)
    }

    /// Opens `path` for appending, creating it; fails if it already exists (records are never overwritten).
    static func createExclusive(_ path: String) throws(Failure) -> Int32 {
        while true {
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if fd >= 0 { return fd }
            if errno != EINTR { throw Failure(call: "open \(path)", errno: errno) }
        }
    }

    /// Opens `path` for reading and writing, creating it; fails if it already exists. A journal
    /// keeps this descriptor so it can read its own rows back, even after its folder is gone.
    static func createExclusiveReadWrite(_ path: String) throws(Failure) -> Int32 {
        while true {
            let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if fd >= 0 { return fd }
            if errno != EINTR { throw Failure(call: "open \(path)", errno: errno) }
        }
    }

    /// Opens an existing file read-only.
    static func openReadOnly(_ path: String) throws(Failure) -> Int32 {
        while true {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            if fd >= 0 { return fd }
            if errno != EINTR { throw Failure(call: "open \(path)", errno: errno) }
        }
    }

    /// Reads up to `count` bytes at `position` into `buffer`; 0 at the end of the file.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, at position: Int64) throws(Failure) -> Int {
        while true {
            let n = pread(fd, buffer.baseAddress, buffer.count, off_t(position))
            if n >= 0 { return n }
            if errno != EINTR { throw Failure(call: "pread", errno: errno) }
        }
    }

    /// Reads up to `buffer.count` bytes from the current position; 0 at the end of the file.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(Failure) -> Int {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            if errno != EINTR { throw Failure(call: "read", errno: errno) }
        }
    }

    /// How many names the open file has: 0 once it was deleted (or its folder was).
    static func linkCount(_ fd: Int32) throws(Failure) -> Int {
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw Failure(call: "fstat", errno: errno) }
        return Int(info.st_nlink)
    }

    /// The device and inode `path` names now: a folder replaced or remounted gets another.
    static func identity(_ path: String) throws(Failure) -> (device: UInt64, inode: UInt64) {
        var info = stat()
        guard stat(path, &info) == 0 else { throw Failure(call: "stat \(path)", errno: errno) }
        return (UInt64(info.st_dev), UInt64(info.st_ino))
    }

    /// Whether `path` names a folder (following symbolic links); ENOENT when it names nothing.
    static func isDirectory(_ path: String) throws(Failure) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { throw Failure(call: "stat \(path)", errno: errno) }
        return info.st_mode & S_IFMT == S_IFDIR
    }

    /// Fails (EACCES…) unless this process may read `path`: a library that opens files itself
    /// (HDF5) then reports only that it failed, not why.
    static func checkReadable(_ path: String) throws(Failure) {
        guard access(path, R_OK) == 0 else { throw Failure(call: "access \(path)", errno: errno) }
    }

    /// A new folder; fails if the name exists (EEXIST in `errno` of the failure).
    static func makeDirectory(_ path: String) throws(Failure) {
        guard mkdir(path, 0o755) == 0 else { throw Failure(call: "mkdir \(path)", errno: errno) }
    }

    /// fsync of the file or folder at `path`.
    static func sync(path: String) throws(Failure) {
        let fd = try openReadOnly(path)
        defer { closeQuietly(fd) }
        try sync(fd)
    }

    static func rename(_ from: String, to: String) throws(Failure) {
        guard Glibc.rename(from, to) == 0 else { throw Failure(call: "rename \(from)", errno: errno) }
    }

    /// A second name for `from`; fails with EEXIST rather than replace `to`.
    static func link(_ from: String, to: String) throws(Failure) {
        guard Glibc.link(from, to) == 0 else { throw Failure(call: "link \(to)", errno: errno) }
    }

    /// Removes a name; a missing one is not an error (used to clean up temporary files).
    static func removeQuietly(_ path: String) { _ = unlink(path) }

    /// Closes `fd`. Its other errors are not reported: Linux frees the descriptor even when
    /// close fails (EINTR, EIO; retrying could close another thread's new file), and every file
    /// whose contents matter was fsynced, with that result checked, before it is closed. EBADF
    /// (closed twice) is a bug.
    static func closeQuietly(_ fd: Int32) {
        if close(fd) != 0 && errno == EBADF { preconditionFailure("close(\(fd)): EBADF, a descriptor closed twice") }
    }

    /// Opens a serial device read-write and non-blocking; O_NOCTTY: it must never become our
    /// controlling terminal.
    static func openDevice(_ path: String) throws(Failure) -> Int32 {
        while true {
            let fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
            if fd >= 0 { return fd }
            if errno != EINTR { throw Failure(call: "open \(path)", errno: errno) }
        }
    }

    /// A terminal device's settings (ENOTTY when `fd` is not a terminal).
    static func terminalAttributes(_ fd: Int32) throws(Failure) -> termios {
        var settings = termios()
        while tcgetattr(fd, &settings) != 0 {
            if errno != EINTR { throw Failure(call: "tcgetattr", errno: errno) }
        }
        return settings
    }

    /// Applies `settings` now (TCSANOW).
    static func setTerminalAttributes(_ fd: Int32, _ settings: termios) throws(Failure) {
        var settings = settings
        while tcsetattr(fd, TCSANOW, &settings) != 0 {
            if errno != EINTR { throw Failure(call: "tcsetattr", errno: errno) }
        }
    }

    /// Blocks `signals` for the process and returns a non-blocking signalfd that reads them.
    /// Each is first set to its default action: an ignored signal is discarded, not queued, so
    /// one inherited as ignored (a launcher's `trap '' INT`) would never reach the descriptor;
    /// blocked and default, it waits for us.
    static func signalDescriptor(for signals: [Int32]) throws(Failure) -> Int32 {
        var mask = sigset_t()
        // sigemptyset and sigaddset fail only for an invalid signal number: ours are constants.
        precondition(sigemptyset(&mask) == 0)
        for signal in signals { precondition(sigaddset(&mask, signal) == 0, "sigaddset(\(signal))") }
        guard sigprocmask(SIG_BLOCK, &mask, nil) == 0 else { throw Failure(call: "sigprocmask", errno: errno) }
        for signal in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = SIG_DFL
            guard sigaction(signal, &action, nil) == 0 else { throw Failure(call: "sigaction", errno: errno) }
        }
        let fd = signalfd(-1, &mask, Int32(SFD_NONBLOCK | SFD_CLOEXEC))
        guard fd >= 0 else { throw Failure(call: "signalfd", errno: errno) }
        return fd
    }

    /// The number of the next signal waiting on a non-blocking signalfd, nil when none is.
    /// A signalfd read returns whole records or EAGAIN; anything else (a short read, EINVAL for
    /// a small buffer, EBADF) is a bug.
    static func nextSignal(_ fd: Int32) -> UInt32? {
        var info = signalfd_siginfo()
        let size = MemoryLayout<signalfd_siginfo>.size
        while true {
            let n = Glibc.read(fd, &info, size)
            if n == size { return info.ssi_signo }
            if n < 0 && errno == EINTR { continue }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return nil }
            preconditionFailure("read of signalfd \(fd) returned \(n), errno \(errno)")
        }
    }

    /// Runs `body` on a new joinable POSIX thread (it inherits this thread's signal mask).
    static func startThread(_ body: @escaping () -> Void) throws(Failure) -> pthread_t {
        final class Body {
            let run: () -> Void
            init(_ run: @escaping () -> Void) { self.run = run }
        }
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        var handle = pthread_t()
        let rc = pthread_create(&handle, nil, { raw in
            Unmanaged<Body>.fromOpaque(raw!).takeRetainedValue().run()
            return nil
        }, context)
        guard rc == 0 else {
            Unmanaged<Body>.fromOpaque(context).release()
            throw Failure(call: "pthread_create", errno: rc)
        }
        return handle
    }

    /// A non-blocking pipe another thread writes a byte into to wake the event loop's ppoll.
    static func makeWakePipe() throws(Failure) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw Failure(call: "pipe", errno: errno) }
        for fd in fds {
            guard fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) == 0, fcntl(fd, F_SETFD, FD_CLOEXEC) == 0 else {
                let failure = Failure(call: "fcntl", errno: errno)
                fds.forEach(closeQuietly)
                throw failure
            }
        }
        return (fds[0], fds[1])
    }

    /// One byte into a wake pipe; a full pipe already wakes the reader, so EAGAIN is fine. The
    /// reading end stays open as long as the writing one (both closed together after the
    /// writer thread is joined), so any other failure is a bug.
    static func poke(_ fd: Int32) {
        var byte: UInt8 = 1
        while write(fd, &byte, 1) < 0 {
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { return }
            preconditionFailure("write to wake pipe \(fd): errno \(errno)")
        }
    }

    /// Empties a non-blocking wake pipe (until EAGAIN, or 0 once the writing end is closed).
    /// A pipe read fails otherwise only for a wrong descriptor or buffer: a bug.
    static func drain(_ fd: Int32) {
        var buffer = [UInt8](repeating: 0, count: 256)
        while true {
            let n = Glibc.read(fd, &buffer, buffer.count)
            if n > 0 { continue }
            if n == 0 { return }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { return }
            preconditionFailure("read of wake pipe \(fd): errno \(errno)")
        }
    }

    /// Less timer slack (default 50 µs) so a ppoll deadline wakes us close to the beat. Its
    /// result is ignored on purpose: if prctl refuses, wake-ups are at most the default 50 µs
    /// later, as without it, and nothing else depends on it.
    static func tightenTimerSlack() { _ = tapnirs_set_timer_slack_ns(1_000) }
}

/// The few calls the command-line target needs, checked here like the rest.
extension Syscalls {
    /// True when `fd` is a terminal (any failure, a closed descriptor included, means it is not).
    public static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    /// Ignores `signal` for the whole process (SIGXFSZ: a write error instead of death; SIGPIPE:
    /// a peer that hangs up gives EPIPE).
    public static func ignore(signal: Int32) throws(Failure) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = SIG_IGN
        sigemptyset(&action.sa_mask)
        guard sigaction(signal, &action, nil) == 0 else { throw Failure(call: "sigaction", errno: errno) }
    }

    /// Sleeps `span` (the rest of it again after a signal).
    public static func pause(_ span: Span) {
        guard span > .zero else { return }
        var request = timespec(tv_sec: Int(span.nanoseconds / 1_000_000_000), tv_nsec: Int(span.nanoseconds % 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0, errno == EINTR { request = remaining }
    }

    /// User + system CPU time of the whole process (all threads), seconds.
    public static func processCPUSeconds() throws(Failure) -> Double {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { throw Failure(call: "getrusage", errno: errno) }
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Waits until `fd` is readable (or, with `writable`, writable) or `timeout` passes.
    public static func waitFor(_ fd: Int32, writable: Bool = false, timeout: Span) {
        var fds = [pollfd(fd: fd, events: Int16(writable ? POLLOUT : POLLIN), revents: 0)]
        let ms = Int32(clamping: max(0, timeout.nanoseconds / 1_000_000))
        let result = poll(&fds, 1, ms)
        if result < 0 { precondition(errno == EINTR || errno == ENOMEM, "poll failed with errno \(errno) on \(fd)") }
    }

    /// Writes all of `bytes` to `fd` (standard error, a pty): false when the descriptor refuses
    /// them for good; `EAGAIN` on a non-blocking one waits until it drains.
    @discardableResult
    public static func writeEverything(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        writeLoop(fd, bytes, waitingWhenFull: true) == nil
    }
}
