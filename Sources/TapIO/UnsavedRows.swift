import TapCore

/// Rows of one journal that could not be saved anywhere after a disk failure: how many, and
/// the span of session time they lie in (`session.json` `unsaved_rows`, docs/data-format.md).
public struct UnsavedRows: Codable, Sendable, Equatable, CustomStringConvertible {
    /// The journal: `taps.tsv`, `nirs_raw.tsv`, …
    public var file: String
    public var rows: Int
    /// Every lost row's time (its first column, seconds from session zero) is at or after this:
    /// the first lost row's own time when it was in memory, else the time of the last row saved
    /// before them; nil when no row before them could be saved (from the session's start).
    public var fromSeconds: Double?
    /// The last lost row's time (nil if it was not a number).
    public var toSeconds: Double?
    /// What went wrong.
    public var reason: String

    public init(file: String, rows: Int, fromSeconds: Double?, toSeconds: Double?, reason: String) {
        self.file = file
        self.rows = rows
        self.fromSeconds = fromSeconds
        self.toSeconds = toSeconds
        self.reason = reason
    }

    /// `nirs_raw.tsv: 120 rows between 12.300000 s and 15.000000 s (reason)`.
    public var description: String {
        func time(_ value: Double?) -> String { value.map { FixedDecimal.format(seconds: $0, digits: 6) + " s" } ?? "?" }
        let span = fromSeconds == nil ? "from the start to \(time(toSeconds))" : "between \(time(fromSeconds)) and \(time(toSeconds))"
        return "\(file): \(rows) row\(rows == 1 ? "" : "s") \(span) (\(reason))"
    }
}
