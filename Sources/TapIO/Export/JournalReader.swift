import Glibc  // ENOENT

/// One tab-separated journal of a session folder, read row by row in bounded memory (a 64 KiB
/// buffer, grown only for a longer line): the header, then each whole row as flushed to disk.
/// A crashed session can leave a last line cut short (no newline) or a row of the wrong width;
/// those rows are left out and listed in `skipped`, never guessed at.
///
/// Rows are handed to a closure as `JournalRow`s that read their fields in place (no `String`
/// per field unless asked for one); numbers go through `DecimalParser`.
final class JournalReader {
    let name: String
    let path: String
    private(set) var header: [String]
    private(set) var skipped: [SnirfExportReport.SkippedRow] = []
    /// Rows handed over so far.
    private(set) var rowCount = 0
    private let fd: Int32
    private var buffer: [UInt8]
    private var start = 0, end = 0
    private var atEnd = false
    /// 1-based number of the next line.
    private var lineNumber = 1

    /// Read size, and the buffer's size until a longer line doubles it. Small: a report opens
    /// several readers at once, and each buffer is zero-filled (a 1 MiB one cost 1 MiB resident each).
    static let bufferBytes = 64 << 10

    /// nil when the file does not exist; throws when it exists but cannot be read or has no header.
    static func open(folder: String, name: String) throws(SnirfExportError) -> JournalReader? {
        let path = folder + "/" + name
        let fd: Int32
        do { fd = try Syscalls.openReadOnly(path) } catch {
            if error.errno == ENOENT { return nil }
            throw .unreadable(path: path, reason: error.reason)
        }
        return try JournalReader(fd: fd, name: name, path: path)
    }

    private init(fd: Int32, name: String, path: String) throws(SnirfExportError) {
        self.fd = fd
        self.name = name
        self.path = path
        buffer = [UInt8](repeating: 0, count: Self.bufferBytes)
        header = []
        // Every stored property is set: from here a throw still runs `deinit`, which closes `fd`
        // (closing it here too would close it twice).
        guard let line = try nextLine() else {
            throw .unreadable(path: path, reason: "no complete header line")
        }
        header = buffer[line].split(separator: 0x09, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }

    deinit { Syscalls.closeQuietly(fd) }

    func column(_ name: String) -> Int? { header.firstIndex(of: name) }

    /// Calls `body` with every whole row of the header's width, in file order.
    func forEachRow(_ body: (JournalRow) throws -> Void) throws {
        var fieldStarts = [Int](repeating: 0, count: header.count + 1)
        while let line = try nextLine() {
            let number = lineNumber - 1
            let width = try buffer.withUnsafeBufferPointer { bytes in
                try JournalRow.split(UnsafeBufferPointer(rebasing: bytes[line]), into: &fieldStarts, expected: header.count)
            }
            guard width == header.count else {
                skipped.append(.init(file: name, line: number, reason: "\(width) fields where the header has \(header.count)"))
                continue
            }
            rowCount += 1
            try buffer.withUnsafeBufferPointer { bytes in
                try fieldStarts.withUnsafeBufferPointer { starts in
                    try body(JournalRow(line: number, bytes: UnsafeBufferPointer(rebasing: bytes[line]), starts: starts))
                }
            }
        }
    }

    /// The next whole line (without its newline) as a range of `buffer`, nil at the end. Text
    /// after the last newline is a partial write: listed in `skipped`.
    private func nextLine() throws(SnirfExportError) -> Range<Int>? {
        var scanned = start
        while true {
            if let newline = buffer.withUnsafeBufferPointer({ ByteScan.firstIndex(of: 0x0A, in: $0, scanned..<end) }) {
                let line = start..<newline
                start = newline + 1
                lineNumber += 1
                return line
            }
            if atEnd {
                if start < end {
                    skipped.append(.init(file: name, line: lineNumber, reason: "last line has no newline (partial write)"))
                    start = end
                }
                return nil
            }
            // Keep the unfinished line, move it to the front, and read more behind it.
            if start > 0 {
                buffer.withUnsafeMutableBufferPointer { bytes in
                    _ = UnsafeMutableBufferPointer(rebasing: bytes[0..<(end - start)])
                        .update(fromContentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end]))
                }
                end -= start
                start = 0
            }
            scanned = end
            if end == buffer.count { buffer += [UInt8](repeating: 0, count: buffer.count) }  // a line longer than the buffer
            let count: Int
            do {
                count = try buffer.withUnsafeMutableBytes { raw in
                    try Syscalls.read(fd, into: UnsafeMutableRawBufferPointer(rebasing: raw[end...]))
                }
            } catch let failure as Syscalls.Failure {
                throw .unreadable(path: path, reason: failure.reason)
            } catch {
                throw .unreadable(path: path, reason: "\(error)")
            }
            if count == 0 { atEnd = true }
            end += count
        }
    }
}

/// One row of a journal, valid only inside `JournalReader.forEachRow`'s closure.
struct JournalRow {
    /// 1-based line number in the file.
    let line: Int
    let bytes: UnsafeBufferPointer<UInt8>
    /// Field `i` is `bytes[starts[i] ..< starts[i + 1] - 1]`.
    let starts: UnsafeBufferPointer<Int>

    /// Splits at tabs; returns the number of fields (stops counting offsets past `expected`).
    static func split(_ bytes: UnsafeBufferPointer<UInt8>, into starts: inout [Int], expected: Int) throws -> Int {
        var fields = 1
        starts[0] = 0
        for index in bytes.indices where bytes[index] == 0x09 {
            if fields < starts.count { starts[fields] = index + 1 }
            fields += 1
        }
        if fields <= expected { starts[fields] = bytes.count + 1 }
        return fields
    }

    func field(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[starts[index]..<(starts[index + 1] - 1)])
    }

    func string(_ index: Int) -> String { String(decoding: field(index), as: UTF8.self) }

    /// The whole row as written, with its newline.
    var text: String {
        String(unsafeUninitializedCapacity: bytes.count + 1) { target in
            _ = target.initialize(fromContentsOf: bytes)
            target[bytes.count] = 0x0A
            return bytes.count + 1
        }
    }

    /// The field as a number, nil if it is not one (`n/a`).
    func double(_ index: Int) -> Double? { DecimalParser.parse(field(index)) }

    /// The field as a number, NaN if it is not one (`SessionTable.number`).
    func number(_ index: Int) -> Double { double(index) ?? .nan }

    func equals(_ index: Int, _ text: StaticString) -> Bool {
        let field = field(index)
        guard field.count == text.utf8CodeUnitCount else { return false }
        return text.withUTF8Buffer { expected in field.elementsEqual(expected) }
    }
}
