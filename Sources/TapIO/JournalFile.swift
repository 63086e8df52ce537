import Dispatch
import Glibc

/// An append-only text table on disk, written one whole line per `write(2)`.
///
/// Nothing is buffered in user space: once `append` returns, the line is in the kernel's
/// page cache and survives a SIGKILL of this process (fsync, for power loss, is `sync()`,
/// called at block boundaries and at the end). This is why the journal is plain TSV and
/// the standard files are built from it afterwards (LabRecorder issue #107).
public final class JournalFile {
    public let path: String
    let fd: Int32
    private(set) var length: Int64 = 0
    private var lastLineStart: Int64 = 0
    private var pendingAmend: [UInt8]?
    /// Every line so far (header included), kept so the journal can be written again in full
    /// elsewhere if this disk fails (`SessionRecorder`'s fallback folder).
    public private(set) var lines: [String] = []

    /// Creates the file (never overwriting one) and writes its header line.
    public init(creating path: String, header: String) throws {
        self.path = path
        fd = try Syscalls.createExclusive(path)
        try append(header)
    }

    /// Creates the file (never overwriting one) holding `lines` (a journal moved off a failed disk).
    public init(creating path: String, lines: [String]) throws {
        self.path = path
        fd = try Syscalls.createExclusive(path)
        self.lines = lines
        let bytes = Array(lines.joined().utf8)
        try Syscalls.writeAll(fd, bytes, at: 0)
        length = Int64(bytes.count)
        lastLineStart = length - Int64(lines.last?.utf8.count ?? 0)
    }

    deinit { Syscalls.closeQuietly(fd) }

    public func append(_ line: String) throws {
        lines.append(line)
        let bytes = Array(line.utf8)
        if let amended = pendingAmend {
            // The amended last line and the new line go out in one pwrite over the old last
            // line: a kill at any moment leaves either the old line or both new ones.
            pendingAmend = nil
            let combined = amended + bytes
            let newLength = lastLineStart + Int64(combined.count)
            try Syscalls.writeAll(fd, combined, at: lastLineStart)
            if newLength < length { try Syscalls.truncate(fd, to: newLength) }
            lastLineStart += Int64(amended.count)
            length = newLength
            return
        }
        try Syscalls.writeAll(fd, bytes, at: length)
        lastLineStart = length
        length += Int64(bytes.count)
    }

    /// Replaces the last line; takes effect with the next `append` (see there), or at `sync`.
    public func amendLastLine(_ line: String) {
        if !lines.isEmpty { lines[lines.count - 1] = line }
        pendingAmend = Array(line.utf8)
    }

    /// Writes any pending amendment and fsyncs.
    public func sync() throws {
        try writePendingAmendment()
        try Syscalls.sync(fd)
    }

    /// Writes any pending amendment now and fsyncs on `queue`, so a slow disk never holds up
    /// the event loop (a key arriving meanwhile would be stamped late). The descriptor stays
    /// open until this file is released, after the queue has drained.
    public func sync(on queue: DispatchQueue, onError: @escaping @Sendable (String) -> Void) throws {
        try writePendingAmendment()
        let fd = self.fd, path = self.path
        queue.async {
            do { try Syscalls.sync(fd) } catch { onError("\(path): \(error)") }
        }
    }

    func writePendingAmendment() throws {
        if let amended = pendingAmend {
            pendingAmend = nil
            let newLength = lastLineStart + Int64(amended.count)
            try Syscalls.writeAll(fd, amended, at: lastLineStart)
            if newLength < length { try Syscalls.truncate(fd, to: newLength) }
            length = newLength
        }
    }
}
