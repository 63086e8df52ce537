import Dispatch
import Foundation

/// An append-only text table on disk, written one whole line per `write(2)`.
///
/// Nothing is buffered in user space: once `append` returns, the line is in the kernel's
/// page cache and survives a SIGKILL of this process (fsync, for power loss, is `sync()`,
/// called at block boundaries and at the end). This is why the journal is plain TSV and
/// the standard files are built from it afterwards (LabRecorder issue #107).
///
/// Memory stays bounded however long the session: only the most recent rows are kept
/// (`heldBytesLimit`, always at least the last row), for the disk-failure fallback. When the
/// disk fails, `beginMove` starts a new file elsewhere: a background copy of everything that
/// can be read back from this one (through its own descriptor, which works even after the
/// folder is deleted), then the rows held in memory, including those that arrived meanwhile.
/// Rows that end up nowhere are counted with their time span in `unsaved`.
public final class JournalFile {
    /// Rows kept in memory once written, per journal: at 128 channels × 100 Hz, nirs_raw.tsv's
    /// last ≈ 9 s; taps.tsv's last ≈ 60,000 taps.
    public static let defaultHeldBytes = 4 << 20
    /// Rows not yet written anywhere (while a move copies, or while every disk refuses them) are
    /// kept up to this much; beyond it the oldest are given up and counted in `unsaved`.
    public static let defaultPendingBytes = 16 << 20
    /// Rows are written once this many bytes wait (0: each row at once, as a live session must;
    /// a replay, which can run again, writes in larger pieces). `sync` writes what waits.
    public var writeBatchBytes = 0

    /// The file now (after a move: the one in the fallback folder).
    public private(set) var path: String
    /// The file's name (`taps.tsv`), for reports.
    public let name: String
    let header: String
    let heldBytesLimit: Int
    let pendingBytesLimit: Int
    var fd: Int32
    /// End of the whole rows written to the current file.
    private(set) var length: Int64 = 0
    private var lastLineStart: Int64 = 0
    /// The last written row was amended in memory and goes out with the next write.
    private var lastLineDirty = false
    /// A failed write may have left bytes past `length`: the next successful one truncates them.
    private var mayHaveTail = false
    /// The file lost its header in a move: the next write puts it first.
    private var needsHeader = false
    /// Recent rows: `held[0..<pendingFrom]` are in the current file from `heldStart` on, in
    /// order; `held[pendingFrom...]` are not written yet.
    private var held = LineRing()
    private var pendingFrom = 0
    private var pendingBytes = 0
    private var heldStart: Int64 = 0
    /// Rows in the current file before `held[0]` (after the header).
    private var rowsBeforeHeld = 0
    /// Time of the last row that left memory (the row just before `held[0]` in the file).
    private var lastReleasedSeconds: Double? { lastReleasedRow.flatMap(Self.seconds(ofLastLine:)) }
    /// The row that last left memory, read for its time only when a move needs it.
    private var lastReleasedRow: String?
    private var move: JournalMove?
    /// The open entry of rows being given up now (extended while they keep failing).
    private var givingUp: Int?
    public private(set) var unsaved: [UnsavedRows] = []

    /// Creates the file (never overwriting one) and writes its header line.
    public init(creating path: String, header: String, heldBytesLimit: Int = JournalFile.defaultHeldBytes,
                pendingBytesLimit: Int = JournalFile.defaultPendingBytes) throws {
        self.path = path
        name = (path as NSString).lastPathComponent
        self.header = header
        self.heldBytesLimit = heldBytesLimit
        self.pendingBytesLimit = pendingBytesLimit
        // The header goes in before `fd` is stored: a throw before every stored property is set
        // does not run `deinit`, so the descriptor is closed here once (after, `deinit` would
        // close it again).
        let descriptor = try Syscalls.createExclusiveReadWrite(path)
        let bytes = Array(header.utf8)
        do { try Syscalls.writeAll(descriptor, bytes, at: 0) } catch {
            Syscalls.closeQuietly(descriptor)
            throw error
        }
        fd = descriptor
        length = Int64(bytes.count)
        lastLineStart = 0
        heldStart = length
    }

    deinit {
        if let move {
            move.wait()
            Syscalls.closeQuietly(move.target)
        }
        Syscalls.closeQuietly(fd)
    }

    /// Rows held in memory now, and their size (the bound `heldBytesLimit` keeps).
    public var heldRowCount: Int { held.count }
    public var heldByteCount: Int { held.bytes }
    /// A move to a fallback folder is still copying.
    public var isMoving: Bool { move != nil }

    /// Appends one row (one or more whole lines). Throws if it could not be written; the row
    /// is then held in memory for the next write (or a move) until `pendingBytesLimit`.
    public func append(_ line: String) throws {
        finishMoveIfCopied()
        held.append(line)
        pendingBytes += line.utf8.count
        defer { release() }
        if pendingBytes >= writeBatchBytes { try writePending() }
    }

    /// Replaces the last row; takes effect with the next `append` (in the same pwrite), or at `sync`.
    public func amendLastLine(_ line: String) {
        guard held.count > 0 else { return }
        let before = held.bytes
        held.replaceLast(line)
        if pendingFrom == held.count { lastLineDirty = true } else { pendingBytes += held.bytes - before }
    }

    /// Writes any pending amendment or held rows and fsyncs (after a move has finished copying).
    public func sync() throws {
        if let move {
            move.wait()
            finishMoveIfCopied()
        }
        try writePending()
        release()
        try Syscalls.sync(fd)
    }

    /// Writes any pending amendment and held rows now, without an fsync (`sync` follows later).
    /// Nothing to do while moving: the rows follow the copy.
    public func flush() throws {
        finishMoveIfCopied()
        guard move == nil else { return }
        try writePending()
        release()
    }

    /// Writes any pending amendment now and fsyncs on `queue`, so a slow disk never holds up
    /// the event loop (a key arriving meanwhile would be stamped late). The descriptor stays
    /// open until this file is released, after the queue has drained. Nothing to do while moving.
    public func sync(on queue: DispatchQueue, onError: @escaping @Sendable (String) -> Void) throws {
        finishMoveIfCopied()
        guard move == nil else { return }
        try writePending()
        release()
        let fd = self.fd, path = self.path
        queue.async {
            do { try Syscalls.sync(fd) } catch { onError("\(path): \(error)") }
        }
    }

    /// Whether the file still has a name (false once it, or its folder, was deleted).
    func isStillLinked() throws -> Bool {
        try Syscalls.linkCount(fd) > 0
    }

    // MARK: - Writing

    /// Writes the amended last row and every held row not yet written, in one pwrite.
    private func writePending() throws {
        guard move == nil, pendingFrom < held.count || lastLineDirty || needsHeader else { return }
        var start = length
        var lead: String?  // the header, or the amended last row, written again first
        if needsHeader {
            start = 0
            lead = header
        } else if lastLineDirty {
            start = lastLineStart
            lead = held[pendingFrom - 1]
        }
        // One buffer of the final size, not grown by doubling (a replay's 256 KiB batches were
        // copied up to eight times on the way).
        var bytes: [UInt8] = []
        bytes.reserveCapacity((lead?.utf8.count ?? 0) + pendingBytes)
        if let lead { bytes += lead.utf8 }
        for index in pendingFrom..<held.count { bytes += held[index].utf8 }
        do {
            try Syscalls.writeAll(fd, bytes, at: start)
            let newLength = start + Int64(bytes.count)
            if newLength < length || mayHaveTail { try Syscalls.truncate(fd, to: newLength) }
            mayHaveTail = false
            // Batched rows (a replay, fsynced once at the end): the disk starts on them now, while
            // the replay works on, and that fsync finds little left to write.
            if writeBatchBytes > 0 { Syscalls.startWriteback(fd, offset: start, count: Int64(bytes.count)) }
        } catch {
            mayHaveTail = true
            throw error
        }
        length = start + Int64(bytes.count)
        lastLineStart = held.count > 0 ? length - Int64(held[held.count - 1].utf8.count) : 0
        pendingFrom = held.count
        pendingBytes = 0
        lastLineDirty = false
        needsHeader = false
        givingUp = nil
    }

    /// Lets written rows beyond `heldBytesLimit` leave memory (they are on disk), and gives up
    /// the oldest unwritten rows beyond `pendingBytesLimit` (counted in `unsaved`).
    private func release() {
        let keepDirty = lastLineDirty ? 1 : 0
        while held.bytes > heldBytesLimit, held.count > 1, pendingFrom > keepDirty {
            let row = held.removeFirst()
            pendingFrom -= 1
            heldStart += Int64(row.utf8.count)
            rowsBeforeHeld += Self.lineCount(row)
            lastReleasedRow = row
        }
        while pendingBytes > pendingBytesLimit, held.count - pendingFrom > 1 {
            let row = held.remove(at: pendingFrom)
            pendingBytes -= row.utf8.count
            giveUp(row)
        }
    }

    /// Rows no disk would take, beyond what memory may hold: counted, with their times, then dropped.
    private func giveUp(_ row: String) {
        let lines = Self.lineCount(row), last = Self.seconds(ofLastLine: row)
        if let index = givingUp {
            unsaved[index].rows += lines
            unsaved[index].toSeconds = last
        } else {
            unsaved.append(UnsavedRows(file: name, rows: lines, fromSeconds: Self.seconds(row), toSeconds: last,
                                       reason: "no disk would take them and memory held them as long as it could"))
            givingUp = unsaved.count - 1
        }
    }

    /// The first column of a row as a number (every journal starts with a time in seconds).
    static func seconds<S: StringProtocol>(_ row: S) -> Double? {
        Double(row.prefix { $0 != "\t" && $0 != "\n" })
    }

    /// The time of the last line of an appended piece (a batch of samples is one piece).
    static func seconds(ofLastLine row: String) -> Double? {
        let utf8 = row.utf8
        var end = utf8.endIndex
        if end > utf8.startIndex, utf8[utf8.index(before: end)] == 0x0A { end = utf8.index(before: end) }
        let start = utf8[utf8.startIndex..<end].lastIndex(of: 0x0A).map { utf8.index(after: $0) } ?? utf8.startIndex
        return seconds(Substring(row.utf8[start..<end]))
    }

    static func lineCount(_ row: String) -> Int {
        var row = row
        return row.withUTF8 { ByteScan.count(of: 0x0A, in: $0) }
    }

    // MARK: - Moving to another folder

    /// Continues this journal in a new file at `newPath` (created here, never over an existing
    /// one): `queue` copies everything that can be read back from the current file, then the
    /// rows held in memory follow (at the next append or sync once the copy is done).
    public func beginMove(to newPath: String, on queue: DispatchQueue) throws {
        precondition(move == nil, "one move at a time")
        let target = try Syscalls.createExclusiveReadWrite(newPath)
        let job = JournalMove(source: fd, target: target, path: newPath, copyEnd: heldStart, expectedRows: rowsBeforeHeld,
                              lastReleasedSeconds: lastReleasedSeconds)
        move = job
        pendingFrom = 0  // every held row goes to the new file after the copy
        pendingBytes = held.bytes
        lastLineDirty = false
        givingUp = nil
        queue.async { job.copy() }
    }

    /// Once the background copy is done: switch to the new file, count what it could not bring,
    /// and let the held rows follow at the next write.
    private func finishMoveIfCopied() {
        guard let job = move, let result = job.result else { return }
        move = nil
        Syscalls.closeQuietly(fd)
        fd = job.target
        path = job.path
        length = result.bytes
        lastLineStart = result.lastLineStart
        mayHaveTail = result.mayHaveTail
        let rows = max(0, result.lines - 1)
        // Not even the header came across: it is written from memory, before the held rows.
        needsHeader = result.lines == 0
        let lost = job.expectedRows - rows
        if lost > 0 {
            unsaved.append(UnsavedRows(file: name, rows: lost, fromSeconds: result.lines >= 2 ? result.lastLineSeconds : nil,
                                       toSeconds: job.lastReleasedSeconds,
                                       reason: "not in memory any more and could not be copied: \(result.problem ?? "?")"))
        }
        heldStart = needsHeader ? Int64(header.utf8.count) : length
        rowsBeforeHeld = rows
    }
}

/// One journal's copy to a new file, run on a background queue; the loop reads `result` when set.
final class JournalMove: @unchecked Sendable {
    struct Result {
        /// Whole lines copied (the header included), their bytes, and where the last one starts.
        var lines: Int
        var bytes: Int64
        var lastLineStart: Int64
        var lastLineSeconds: Double?
        /// Why the copy stopped before `copyEnd`, nil when it did not.
        var problem: String?
        var mayHaveTail: Bool
    }

    static let chunkBytes = 1 << 20

    let source: Int32
    let target: Int32
    let path: String
    let copyEnd: Int64
    let expectedRows: Int
    let lastReleasedSeconds: Double?
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var finished: Result?

    init(source: Int32, target: Int32, path: String, copyEnd: Int64, expectedRows: Int, lastReleasedSeconds: Double?) {
        self.source = source
        self.target = target
        self.path = path
        self.copyEnd = copyEnd
        self.expectedRows = expectedRows
        self.lastReleasedSeconds = lastReleasedSeconds
    }

    var result: Result? {
        lock.lock()
        defer { lock.unlock() }
        return finished
    }

    func wait() {
        if result != nil { return }
        done.wait()
        done.signal()
    }

    /// Copies `source[0..<copyEnd]` to `target` in chunks, then cuts the target after the last
    /// whole line; stops at the first read or write error, or if the source is shorter.
    func copy() {
        var buffer = [UInt8](repeating: 0, count: Self.chunkBytes)
        var position: Int64 = 0
        var lines = 0
        var lastLineEnd: Int64 = 0, lastLineStart: Int64 = 0
        var problem: String?
        while position < copyEnd {
            let want = Int(min(Int64(Self.chunkBytes), copyEnd - position))
            let count: Int
            do {
                count = try buffer.withUnsafeMutableBytes { raw in
                    try Syscalls.read(source, into: UnsafeMutableRawBufferPointer(rebasing: raw[0..<want]), at: position)
                }
            } catch {
                problem = "reading the first file at byte \(position): \(error)"
                break
            }
            if count == 0 {
                problem = "the first file ends at byte \(position) of \(copyEnd) written"
                break
            }
            do { try Syscalls.writeAll(target, Array(buffer[0..<count]), at: position) } catch {
                problem = "writing the new file at byte \(position): \(error)"
                break
            }
            for index in 0..<count where buffer[index] == 0x0A {
                lines += 1
                lastLineStart = lastLineEnd
                lastLineEnd = position + Int64(index) + 1
            }
            position += Int64(count)
        }
        var mayHaveTail = false
        if position > lastLineEnd {
            do { try Syscalls.truncate(target, to: lastLineEnd) } catch { mayHaveTail = true }
        }
        var seconds: Double?
        if lines >= 2 {
            var prefix = [UInt8](repeating: 0, count: 64)
            let count = (try? prefix.withUnsafeMutableBytes { raw in
                try Syscalls.read(target, into: raw, at: lastLineStart)
            }) ?? 0
            seconds = JournalFile.seconds(String(decoding: prefix[0..<min(count, Int(lastLineEnd - lastLineStart))], as: UTF8.self))
        }
        let result = Result(lines: lines, bytes: lastLineEnd, lastLineStart: lastLineStart, lastLineSeconds: seconds,
                            problem: problem, mayHaveTail: mayHaveTail)
        lock.lock()
        finished = result
        lock.unlock()
        done.signal()
    }
}

/// Lines in arrival order with their total size: a ring that drops from the front without
/// moving the rest (an array with a moving start, compacted when half of it is spent).
struct LineRing {
    private var storage: [String] = []
    private var start = 0
    private(set) var bytes = 0

    var count: Int { storage.count - start }

    subscript(index: Int) -> String { storage[start + index] }

    mutating func append(_ line: String) {
        storage.append(line)
        bytes += line.utf8.count
    }

    mutating func replaceLast(_ line: String) {
        bytes += line.utf8.count - storage[storage.count - 1].utf8.count
        storage[storage.count - 1] = line
    }

    mutating func removeFirst() -> String {
        let line = storage[start]
        storage[start] = ""
        start += 1
        bytes -= line.utf8.count
        if start > 64 && start * 2 > storage.count {
            storage.removeFirst(start)
            start = 0
        }
        return line
    }

    mutating func remove(at index: Int) -> String {
        if index == 0 { return removeFirst() }
        let line = storage.remove(at: start + index)
        bytes -= line.utf8.count
        return line
    }
}
