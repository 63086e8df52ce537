/// What `SnirfExport.write` put into the file, and what it had to leave out.
public struct SnirfExportReport: Equatable, Sendable, CustomStringConvertible {
    /// A stim group and how many events it holds.
    public struct StimCount: Equatable, Sendable {
        public var name: String
        public var events: Int
    }

    /// A journal row left out: a partial last line of a crashed session, a row of the wrong
    /// width, or a row whose time is not a number.
    public struct SkippedRow: Equatable, Sendable {
        public var file: String
        /// 1-based line number in the file (the header is line 1).
        public var line: Int
        public var reason: String
    }

    /// The SNIRF file written.
    public var path: String
    /// The stream's kind (`intensity`, `od`, `hb`): what `/nirs/data1` holds.
    public var dataKind: String
    /// Time points in `/nirs/data1` (rows of `nirs_raw.tsv`).
    public var samplesWritten: Int
    /// Measurements (columns) in `/nirs/data1`.
    public var measurements: Int
    /// Time points of the HbO/HbR block `/nirs/data2` (rows of `hemo.tsv`); 0 when there is none.
    public var hemoSamplesWritten: Int
    /// Time points of `/nirs/aux1` (device time); 0 when there is none.
    public var auxSamplesWritten: Int
    /// `stim1…n` in file order.
    public var stims: [StimCount]
    public var skipped: [SkippedRow]
    /// Anything else worth knowing (default probe used, times not increasing, …).
    public var notes: [String]

    public var description: String {
        var lines = ["\(path): \(samplesWritten) samples × \(measurements) measurements (\(dataKind))"
            + (hemoSamplesWritten > 0 ? ", \(hemoSamplesWritten) HbO/HbR samples" : "")
            + (auxSamplesWritten > 0 ? ", device time in aux" : "")]
        lines.append("stims: " + stims.map { "\($0.name) \($0.events)" }.joined(separator: ", "))
        if skipped.isEmpty {
            lines.append("rows skipped: none")
        } else {
            lines.append("rows skipped: \(skipped.count)")
            lines += skipped.map { "  \($0.file) line \($0.line): \($0.reason)" }
        }
        lines += notes.map { "note: \($0)" }
        return lines.joined(separator: "\n")
    }
}

/// Why a session folder could not be exported, naming the file concerned.
public enum SnirfExportError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The target exists: an export never replaces a file.
    case targetExists(path: String)
    case unreadable(path: String, reason: String)
    /// The session has nothing a SNIRF file could hold (no fNIRS source, no samples…).
    case nothingToExport(folder: String, reason: String)
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .targetExists(let path): return "\(path): already exists; not overwritten"
        case .unreadable(let path, let reason): return "\(path): \(reason)"
        case .nothingToExport(let folder, let reason): return "\(folder): nothing to export as SNIRF (\(reason))"
        case .cannotWrite(let path, let reason): return "\(path): cannot be written (\(reason))"
        }
    }
}
