import Foundation
import TapCore

/// Reading a session folder's JSON files back (recover, compare, report, export).
public enum SessionReading {
    public enum Failure: Error, CustomStringConvertible {
        case missing(String)
        case unreadable(String, String)

        public var description: String {
            switch self {
            case .missing(let path): return "\(path) does not exist"
            case .unreadable(let path, let reason): return "\(path): \(reason)"
            }
        }
    }

    /// The inverse of `SessionFolder.writeJSON`'s encoder.
    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }

    public static func manifest(folder: String) throws(Failure) -> SessionManifest {
        try read(folder + "/session.json", as: SessionManifest.self)
    }

    public static func summary(folder: String) throws(Failure) -> SessionSummaryFile {
        try read(folder + "/summary.json", as: SessionSummaryFile.self)
    }

    static func read<T: Decodable>(_ path: String, as type: T.Type) throws(Failure) -> T {
        guard let data = FileManager.default.contents(atPath: path) else { throw .missing(path) }
        do { return try decoder.decode(T.self, from: data) } catch {
            throw .unreadable(path, "not a file this version of tapnirs can read (\(error))")
        }
    }
}
