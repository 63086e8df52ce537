import Foundation
import TapCore

/// Reading a session folder back: the one reader of `session.json` and `summary.json` that
/// recover, reanalyse, report, compare and the SNIRF and BIDS exports share, so a session any
/// of them accepts, all of them accept (older sessions included: `withDefaults`).
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
        let path = folder + "/session.json"
        let data = try contents(path)
        // A session.json with every setting (this version's) decodes as it is: `withDefaults` would
        // add nothing to it, since a fill can only add a key the decoder requires (the default
        // protocol holds no optional and no mapping a fill could add, and another enum case is
        // not filled in: SessionManifestCodingTests). The fill's JSONSerialization round trip took
        // 5 ms and 5 MiB of each command's start.
        if let manifest = try? fileDecode(SessionManifest.self, from: data) { return manifest }
        return try decode(withDefaults(data), path: path, as: SessionManifest.self)
    }

    /// A session.json written by an earlier version lacks the settings added since (a detector
    /// parameter, an `fnirs` option); it still loads, each missing setting taking today's
    /// default: the stored protocol's mappings are filled, key by key, from a default protocol's
    /// encoding. Arrays (blocks, tap keys) are left as stored. Unparseable data is returned as is
    /// so the decoder names the problem.
    static func withDefaults(_ data: Data) -> Data {
        guard var manifest = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              var copy = manifest["protocol"] as? [String: Any], let parsed = copy["parsed"] as? [String: Any],
              let defaultsData = try? SessionFolder.encoder.encode(SessionProtocol(name: "", blocks: [])),
              let defaults = (try? JSONSerialization.jsonObject(with: defaultsData)) as? [String: Any]
        else { return data }
        copy["parsed"] = filled(parsed, from: defaults)
        manifest["protocol"] = copy
        return (try? JSONSerialization.data(withJSONObject: manifest)) ?? data
    }

    static func filled(_ stored: [String: Any], from defaults: [String: Any]) -> [String: Any] {
        var out = stored
        for (key, value) in defaults {
            if let present = stored[key] {
                if let inner = present as? [String: Any], let innerDefaults = value as? [String: Any],
                   !isOtherCase(inner, innerDefaults) {
                    out[key] = filled(inner, from: innerDefaults)
                }
            } else if !(value is NSNull) {
                out[key] = value
            }
        }
        return out
    }

    /// An enum with a value is stored as a one-key object named after its case
    /// (`{"dpf_for_age": {"_0": 40}}`); another case in the defaults (`{"ppf": …}`) is not a
    /// setting to add: merged, the object would have two cases and decode as neither.
    static func isOtherCase(_ stored: [String: Any], _ defaults: [String: Any]) -> Bool {
        stored.count == 1 && defaults.count == 1 && stored.keys.first != defaults.keys.first
    }

    public static func summary(folder: String) throws(Failure) -> SessionSummaryFile {
        try read(folder + "/summary.json", as: SessionSummaryFile.self)
    }

    static func read<T: Decodable>(_ path: String, as type: T.Type) throws(Failure) -> T {
        try decode(contents(path), path: path, as: T.self)
    }

    /// A file that is there but cannot be read (permissions, a folder of that name) is not a
    /// missing one: the user must fix it, not look elsewhere for the session.
    static func contents(_ path: String) throws(Failure) -> Data {
        if let data = FileManager.default.contents(atPath: path) { return data }
        if FileManager.default.fileExists(atPath: path) { throw .unreadable(path, "cannot be read") }
        throw .missing(path)
    }

    /// `T` as `decoder` reads it: by `FileJSON` (the same values, a tenth of the work), or by
    /// `decoder` itself for what `FileJSON` leaves to it — which also names any problem.
    static func fileDecode<T: Decodable>(_ type: T.Type, from data: Data) throws -> T {
        if let value = try? FileJSON.decode(T.self, from: data, keys: .snakeCase) { return value }
        return try decoder.decode(T.self, from: data)
    }

    static func decode<T: Decodable>(_ data: Data, path: String, as type: T.Type) throws(Failure) -> T {
        do { return try fileDecode(T.self, from: data) } catch {
            throw .unreadable(path, "not a file this version of tapnirs can read (\(error))")
        }
    }
}
