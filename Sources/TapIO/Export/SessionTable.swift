import Foundation

/// One tab-separated journal of a session folder, as flushed to disk: the header and the rows
/// that are whole. A crashed session can leave a last line cut short (no newline) or a row of
/// the wrong width; those rows are left out and listed, never guessed at.
struct SessionTable {
    var name: String
    var header: [String]
    /// Whole rows, with their 1-based line number in the file.
    var rows: [(line: Int, fields: [String])]
    var skipped: [SnirfExportReport.SkippedRow]

    /// nil when the file does not exist; throws when it exists but cannot be read or has no header.
    static func read(folder: String, name: String) throws(SnirfExportError) -> SessionTable? {
        let path = folder + "/" + name
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, reason: "cannot be read")
        }
        let text = String(decoding: data, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var skipped: [SnirfExportReport.SkippedRow] = []
        // The text after the last newline: empty for a whole file, else a partial write.
        let tail = lines.removeLast()
        guard let headerLine = lines.first else {
            throw .unreadable(path: path, reason: "no complete header line")
        }
        let header = headerLine.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        var rows: [(line: Int, fields: [String])] = []
        for (index, line) in lines.enumerated().dropFirst() {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if fields.count == header.count {
                rows.append((index + 1, fields))
            } else {
                skipped.append(.init(file: name, line: index + 1,
                                     reason: "\(fields.count) fields where the header has \(header.count)"))
            }
        }
        if !tail.isEmpty {
            skipped.append(.init(file: name, line: lines.count + 1, reason: "last line has no newline (partial write)"))
        }
        return SessionTable(name: name, header: header, rows: rows, skipped: skipped)
    }

    func column(_ name: String) -> Int? { header.firstIndex(of: name) }

    /// A number field: `n/a` (and anything else that is not a number) is NaN.
    static func number(_ field: String) -> Double {
        Double(field) ?? .nan
    }
}
