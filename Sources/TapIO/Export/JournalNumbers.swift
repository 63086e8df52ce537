import TapCore

/// A numeric journal's rows (`nirs_raw.tsv`, `hemo.tsv`) as `JournalReader` reads them back —
/// `n/a` as NaN, every other field the double its text spells — kept by the recorder as it
/// writes them (`SessionRecorder.keepsNumbers`), so that the files built when a session ends
/// need not parse again what was printed a moment before: the same numbers, without the text.
public struct JournalNumbers: Sendable, Equatable {
    /// The journal's file name and header, as in the file.
    public let name: String
    public let header: [String]
    /// Row-major, `header.count` values per row.
    public private(set) var values: [Double] = []

    public init(name: String, header: [String]) {
        self.name = name
        self.header = header
    }

    public var rowCount: Int { header.isEmpty ? 0 : values.count / header.count }

    /// A `nirs_raw.tsv` row as read back: host time as printed (µs), device time, the values;
    /// false when the row keeps received text (a serial device's fields), which only a parse
    /// reads back: the caller then stops keeping numbers.
    mutating func appendRaw(_ sample: NirsSample, origin: MonoTime) -> Bool {
        guard sample.receivedFields == nil, sample.values.count + 2 == header.count else { return false }
        values.append(RowText.fixedValue(nanoseconds: (sample.hostTime - origin).nanoseconds))
        values.append(Self.asRead(sample.deviceTimeMilliseconds ?? .nan))
        for value in sample.values { values.append(Self.asRead(value)) }
        return true
    }

    /// A `hemo.tsv` row as read back: time as printed (µs), then each channel's HbO and HbR.
    mutating func appendHemo(_ row: HemoSample, origin: MonoTime) -> Bool {
        guard row.hbo.count == row.hbr.count, 2 * row.hbo.count + 1 == header.count else { return false }
        values.append(RowText.fixedValue(nanoseconds: (row.time - origin).nanoseconds))
        for c in row.hbo.indices {
            values.append(Self.asRead(row.hbo[c]))
            values.append(Self.asRead(row.hbr[c]))
        }
        return true
    }

    /// Finite numbers are printed in their shortest round-trip form and read back as themselves;
    /// the others are printed `n/a`, read back as NaN (`NirsRecordFormat.appendNumber`).
    static func asRead(_ value: Double) -> Double { value.isFinite ? value : .nan }

    /// Every row in order, with the line it has in the file (the header is line 1).
    func rows(_ body: (_ line: Int, _ values: UnsafeBufferPointer<Double>) throws -> Void) rethrows {
        let width = header.count
        try values.withUnsafeBufferPointer { all in
            for r in 0..<rowCount {
                try body(r + 2, UnsafeBufferPointer(rebasing: all[(r * width)..<((r + 1) * width)]))
            }
        }
    }
}

/// A numeric journal as the end files read it: the recorder's `JournalNumbers` or the file.
enum NumericJournal {
    case kept(JournalNumbers)
    case file(JournalReader)

    var name: String {
        switch self {
        case .kept(let numbers): return numbers.name
        case .file(let reader): return reader.name
        }
    }

    var header: [String] {
        switch self {
        case .kept(let numbers): return numbers.header
        case .file(let reader): return reader.header
        }
    }

    func column(_ name: String) -> Int? { header.firstIndex(of: name) }

    /// Rows left out of the file (cut short by a crash); none for kept numbers.
    var skipped: [SnirfExportReport.SkippedRow] {
        if case .file(let reader) = self { return reader.skipped }
        return []
    }

    /// Every whole row in order, with its 1-based line number: `number(i)` is column `i`, NaN
    /// where the field is not a number.
    func forEachRow(_ body: (_ line: Int, _ row: NumericRow) throws -> Void) throws {
        switch self {
        case .kept(let numbers):
            try numbers.rows { line, values in try body(line, NumericRow(values: values, journal: nil)) }
        case .file(let reader):
            try reader.forEachRow { row in try body(row.line, NumericRow(values: nil, journal: row)) }
        }
    }
}

/// One row of a `NumericJournal`, valid only inside its `forEachRow` closure.
struct NumericRow {
    let values: UnsafeBufferPointer<Double>?
    let journal: JournalRow?

    func number(_ index: Int) -> Double {
        if let values { return values[index] }
        return journal!.number(index)
    }
}
