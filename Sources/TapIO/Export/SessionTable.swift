import Foundation

/// One small tab-separated journal of a session folder in memory, as flushed to disk: the
/// header and the rows that are whole (read by `JournalReader`, whose rules apply).
struct SessionTable {
    var name: String
    var header: [String]
    /// Whole rows, with their 1-based line number in the file.
    var rows: [(line: Int, fields: [String])]
    var skipped: [SnirfExportReport.SkippedRow]

    /// nil when the file does not exist; throws when it exists but cannot be read or has no header.
    /// For the small journals (events, taps, channels): the big ones are read row by row (`JournalReader`).
    static func read(folder: String, name: String) throws(SnirfExportError) -> SessionTable? {
        guard let reader = try JournalReader.open(folder: folder, name: name) else { return nil }
        var rows: [(line: Int, fields: [String])] = []
        do {
            try reader.forEachRow { row in rows.append((row.line, (0..<reader.header.count).map(row.string))) }
        } catch let error as SnirfExportError {
            throw error
        } catch {
            throw .unreadable(path: reader.path, reason: "\(error)")
        }
        return SessionTable(name: name, header: reader.header, rows: rows, skipped: reader.skipped)
    }

    func column(_ name: String) -> Int? { header.firstIndex(of: name) }

    /// A number field: `n/a` (and anything else that is not a number) is NaN.
    static func number(_ field: String) -> Double {
        DecimalParser.parse(field) ?? .nan
    }
}
