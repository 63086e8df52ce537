import Foundation
import TapCore

/// Norms tables: the published ones compiled into tapnirs (`Norms/PublishedNorms.swift`) and those
/// on disk, as `tapnirs norms build` writes them. Format: docs/clinical.md.
public enum NormsFile {
    public enum Failure: Error, CustomStringConvertible, Equatable {
        case unreadable(path: String, reason: String)
        case invalid(path: String, field: String, reason: String)

        public var description: String {
            switch self {
            case .unreadable(let path, let reason): return "\(path): cannot be read (\(reason))"
            case .invalid(let path, let field, let reason): return "\(path): \(field): \(reason)"
            }
        }
    }

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }()

    /// Reads and checks a norms file: every row needs a positive SD and n ≥ 2, an age band low ≤ high.
    public static func load(path: String) throws(Failure) -> NormTable {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, reason: FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file")
        }
        return try parse(data, path: path)
    }

    public static func parse(_ data: Data, path: String) throws(Failure) -> NormTable {
        let table: NormTable
        // `FileJSON` reads a well-formed file; anything else is `decoder`'s to read, or to name.
        if let read = try? FileJSON.decode(NormTable.self, from: data, keys: .snakeCase) { table = read } else {
            do { table = try decoder.decode(NormTable.self, from: data) } catch let error as DecodingError {
                throw .invalid(path: path, field: Self.field(error), reason: Self.reason(error))
            } catch {
                throw .invalid(path: path, field: "", reason: "\(error)")
            }
        }
        for (i, row) in table.norms.enumerated() {
            let field = "norms[\(i)]"
            guard row.sd.isFinite, row.sd > 0 else { throw .invalid(path: path, field: field + ".sd", reason: "must be above 0, got \(row.sd)") }
            guard row.mean.isFinite else { throw .invalid(path: path, field: field + ".mean", reason: "must be a number") }
            guard row.n >= 2 else { throw .invalid(path: path, field: field + ".n", reason: "must be at least 2, got \(row.n)") }
            if let low = row.ageMin, let high = row.ageMax, low > high {
                throw .invalid(path: path, field: field + ".age_min", reason: "\(low) is above age_max \(high)")
            }
        }
        return table
    }

    /// The published norms shipped with tapnirs (`PublishedNorms`, checked by NormsFileTests).
    public static func published() -> NormTable {
        (try? parse(Data(PublishedNorms.json.utf8), path: "published norms")) ?? NormTable(name: "published (unreadable in this build)")
    }

    /// `path` made absolute (against the working directory), for session.json `norms_file`: a
    /// later `recover` or `report` may run from another directory.
    public static func absolutePath(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// The norms a session was run with (session.json `norms_file`), for the commands that rebuild
    /// its figures later (`recover`, `report`): the same comparison as at the end of the session.
    /// A file that can no longer be read (moved, changed) gives the published norms and a note
    /// saying so — a killed session must still be recoverable.
    public static func recorded(_ path: String?) -> (table: NormTable, note: String?) {
        do { return (try forSession(localPath: path), nil) } catch {
            return (published(), "the session's norms file cannot be used (\(error.description)): compared with the published norms only")
        }
    }

    /// The published norms, with a clinic's own (`--norms FILE`) searched first.
    public static func forSession(localPath: String?) throws(Failure) -> NormTable {
        guard let localPath else { return published() }
        return NormTable.combined([try load(path: localPath), published()])
    }

    public static func write(_ table: NormTable, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        var data = try encoder.encode(table)
        data.append(0x0A)
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    static func field(_ error: DecodingError) -> String {
        let path: [CodingKey]
        switch error {
        case .keyNotFound(let key, let context): path = context.codingPath + [key]
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context): path = context.codingPath
        @unknown default: path = []
        }
        return path.map { key in key.intValue.map { "[\($0)]" } ?? "." + snake(key.stringValue) }.joined()
            .trimmingCharacters(in: CharacterSet(charactersIn: "."))
            .replacingOccurrences(of: ".[", with: "[")
    }

    static func snake(_ name: String) -> String {
        var out = ""
        for c in name { if c.isUppercase { out += "_" + c.lowercased() } else { out.append(c) } }
        return out
    }

    static func reason(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound: return "missing"
        case .typeMismatch(let type, _): return "expected \(type)"
        case .valueNotFound(let type, _): return "expected \(type), got null"
        case .dataCorrupted(let context): return context.debugDescription
        @unknown default: return "\(error)"
        }
    }
}
