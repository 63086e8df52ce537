import Foundation
import Yams

/// The optional `detectors:` section: `tap:` and `hbo:` mappings whose keys are the fields of
/// `TapFadeSettings` and `HbOFadeSettings` in snake_case (docs/fade-detection.md lists them).
///
/// The allowed keys and their types come from the settings' own defaults (encoded once), so
/// a parameter added to a detector is accepted here without a second list to keep in step.
extension ProtocolReader {
    mutating func readDetectors(_ node: Node) -> DetectorSettings {
        let defaults = DetectorSettings()
        guard let map = mapping(node, "detectors") else { return defaults }
        checkKeys(map, allowed: ["tap", "hbo"], path: "detectors")
        var result = defaults
        if let tapNode = map["tap"], let tap = readSettings(tapNode, path: "detectors.tap", defaults: defaults.tap) {
            result.tap = tap
        }
        if let hboNode = map["hbo"], let hbo = readSettings(hboNode, path: "detectors.hbo", defaults: defaults.hbo) {
            result.hbo = hbo
        }
        if issuesFree, let problem = result.problem {
            // The settings' own range checks name the field (`detectors.tap.hold_seconds …`).
            let field = problem.split(separator: " ").first.map(String.init) ?? "detectors"
            fail(nodeFor(field: field, in: map) ?? node, field, problem)
        }
        return result
    }

    /// A settings struct from a mapping of its snake_case fields over `defaults`.
    mutating func readSettings<T: Codable>(_ node: Node, path: String, defaults: T) -> T? {
        guard let map = mapping(node, path) else { return nil }
        guard var fields = Self.snakeCaseFields(of: defaults) else { return nil }
        let allowed = fields.keys.sorted()
        checkKeys(map, allowed: allowed, path: path)
        let kinds = Self.fieldKinds(of: defaults)
        var ok = true
        for (keyNode, valueNode) in map {
            guard let key = plainKey(keyNode, path), fields[key] != nil else { continue }
            let field = path + "." + key
            switch kinds[key] ?? .number {
            case .text:
                guard let text = text(valueNode, field) else { ok = false; continue }
                // Methods are written as documented, in snake_case (`model_ratio`); Swift's cases are camelCase.
                fields[key] = Self.camelCase(text)
            case .flag:
                guard let value = bool(valueNode, field) else { ok = false; continue }
                fields[key] = value
            case .whole:
                guard let value = number(valueNode, field, expected: "a whole number") else { ok = false; continue }
                guard value == value.rounded(), abs(value) < 1e9 else {
                    fail(valueNode, field, "expected a whole number, got \(Self.written(valueNode) ?? "")",
                         value: Self.written(valueNode))
                    ok = false
                    continue
                }
                fields[key] = Int(value)
            case .number:
                guard let value = number(valueNode, field) else { ok = false; continue }
                fields[key] = value
            }
        }
        guard ok else { return nil }
        do {
            // Back to the Swift names (JSONDecoder's own snake-case conversion would turn
            // `cusum_h_per_sd` into `cusumHPerSd`, not `cusumHPerSd`).
            let swiftNames = Dictionary(uniqueKeysWithValues: Self.fieldLabels(of: defaults).map { (Self.snakeCase($0), $0) })
            let object = Dictionary(uniqueKeysWithValues: fields.compactMap { key, value in swiftNames[key].map { ($0, value) } })
            let data = try JSONSerialization.data(withJSONObject: object)
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            // A string that is not one of an enum's cases (`method: fast`): name the field and its line.
            let choices = Self.enumChoices(for: path)
            for (keyNode, valueNode) in map where keyNode.scalar?.string == "method" {
                fail(valueNode, path + ".method", choices + ", got \(Self.written(valueNode) ?? "")", value: Self.written(valueNode))
                return nil
            }
            fail(node, path, "cannot use these settings: \(choices.isEmpty ? "\(error)" : choices)")
            return nil
        }
    }

    var issuesFree: Bool { !hasIssues }

    func nodeFor(field: String, in map: Node.Mapping) -> Node? {
        let parts = field.split(separator: ".").map(String.init)
        guard parts.count == 3, let section = map[parts[1]], case .mapping(let inner) = section else { return nil }
        return inner[parts[2]]
    }

    enum FieldKind { case number, whole, flag, text }

    /// Each field's kind, from the Swift types of the defaults (JSON cannot tell 2 from 2.0).
    static func fieldKinds<T>(of value: T) -> [String: FieldKind] {
        var kinds: [String: FieldKind] = [:]
        for child in Mirror(reflecting: value).children {
            guard let label = child.label else { continue }
            let kind: FieldKind
            switch child.value {
            case is Int: kind = .whole
            case is Double: kind = .number
            case is Bool: kind = .flag
            default: kind = .text  // the `method` enums (String raw values)
            }
            kinds[snakeCase(label)] = kind
        }
        return kinds
    }

    /// `holdSeconds` → `hold_seconds`, `cusumHPerSd` → `cusum_h_per_sd` (an upper-case run is one
    /// word, as in JSONEncoder's `.convertToSnakeCase`).
    static func snakeCase(_ name: String) -> String {
        let characters = Array(name)
        var out = ""
        for (i, character) in characters.enumerated() {
            if character.isUppercase, i > 0 {
                let previous = characters[i - 1]
                let nextIsLower = i + 1 < characters.count && characters[i + 1].isLowercase
                if previous.isLowercase || previous.isNumber || (previous.isUppercase && nextIsLower) { out += "_" }
            }
            out += character.lowercased()
        }
        return out
    }

    static func fieldLabels<T>(of value: T) -> [String] {
        Mirror(reflecting: value).children.compactMap(\.label)
    }

    /// The settings' fields as JSON values keyed in snake_case.
    static func snakeCaseFields<T: Encodable>(of value: T) -> [String: Any]? {
        guard let data = try? JSONEncoder().encode(value),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        return Dictionary(uniqueKeysWithValues: object.map { (snakeCase($0.key), $0.value) })
    }

    static func enumChoices(for path: String) -> String {
        path.hasSuffix(".tap") ? "`method` is one of " + TapFadeSettings.Method.allCases.map { snakeCase($0.rawValue) }.joined(separator: ", ")
            : path.hasSuffix(".hbo") ? "`method` is one of " + HbOFadeSettings.Method.allCases.map { snakeCase($0.rawValue) }.joined(separator: ", ")
            : ""
    }

    /// `model_ratio` → `modelRatio` (a name without underscores is kept).
    static func camelCase(_ name: String) -> String {
        let parts = name.split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count > 1 else { return name }
        return String(parts[0]) + parts.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
