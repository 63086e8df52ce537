import Yams

/// Readers for single values. Each returns nil after recording an issue, so callers simply
/// skip what could not be read and carry on with the rest of the document.
extension ProtocolReader {
    // MARK: Structure

    /// A mapping, or an issue saying what was found instead.
    mutating func mapping(_ node: Node, _ path: String) -> Node.Mapping? {
        guard visit(node, path) else { return nil }
        guard case .mapping(let map) = node else {
            fail(node, path, "expected a mapping of keys (key: value), got \(Self.describe(node))", value: Self.written(node))
            return nil
        }
        return map
    }

    /// A key's text, or an issue if the key is itself a list or mapping.
    mutating func plainKey(_ key: Node, _ path: String) -> String? {
        guard case .scalar(let scalar) = key else {
            fail(key, path, "keys must be plain words, not \(Self.describe(key))")
            return nil
        }
        return scalar.string
    }

    /// Flags every key not in `allowed`; `explain` replaces the generic message for keys that
    /// are a known mistake (`pace` in a rest block).
    mutating func checkKeys(_ map: Node.Mapping, allowed: [String], path: String, explain: [String: String] = [:]) {
        for key in map.keys {
            guard let name = plainKey(key, path), !allowed.contains(name) else { continue }
            let field = path.isEmpty ? name : path + "." + name
            if let reason = explain[name] {
                fail(key, field, reason, value: name)
            } else {
                unknownKey(key, name, field: field, allowed: allowed)
            }
        }
    }

    mutating func unknownKey(_ key: Node, _ name: String, field: String, allowed: [String]) {
        let hint = Self.nearest(name, in: allowed).map { " (did you mean `\($0)`?)" } ?? ""
        fail(key, field, "unknown key\(hint); allowed here: \(allowed.joined(separator: ", "))", value: name)
    }

    // MARK: Text

    /// Any scalar, as text.
    mutating func text(_ node: Node, _ path: String) -> String? {
        guard case .scalar(let scalar) = node else {
            fail(node, path, "expected text, got \(Self.describe(node))")
            return nil
        }
        return scalar.string
    }

    /// Text shown on one line of the screen: not empty, no line breaks or control characters.
    mutating func oneLineText(_ node: Node, _ path: String, maximumLength: Int) -> String? {
        guard let text = text(node, path) else { return nil }
        let trimmed = Self.trimmed(text)
        if trimmed.isEmpty {
            fail(node, path, "must not be empty")
            return nil
        }
        if trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            fail(node, path, "\(Self.quote(trimmed)) must be one line, without tabs or control characters",
                 value: text)
            return nil
        }
        if trimmed.count > maximumLength {
            fail(node, path, "\(Self.quote(trimmed)) is \(trimmed.count) characters; at most \(maximumLength)", value: text)
            return nil
        }
        return trimmed
    }

    /// A block label: it becomes `trial_type` in the records, so a short plain word.
    mutating func label(_ node: Node, _ path: String) -> String? {
        guard let text = text(node, path) else { return nil }
        let wordLike = text.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
        }
        guard !text.isEmpty, text.count <= ProtocolParser.maximumLabelLength, wordLike else {
            fail(node, path, "\(Self.quote(text)) must be 1–\(ProtocolParser.maximumLabelLength) letters, digits, "
                 + "- or _ (it becomes a trial_type in the records)", value: text)
            return nil
        }
        return text
    }

    // MARK: Numbers and choices

    /// An unquoted finite number. A quoted `"30"` is refused: it is text in YAML and JSON.
    mutating func number(_ node: Node, _ path: String, expected: String = "a number") -> Double? {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any,
              let value = Double(scalar.string) else {
            var hint = ""
            if case .scalar(let s) = node, s.style != .plain, Double(s.string) != nil { hint = " (remove the quotes)" }
            fail(node, path, "expected \(expected), got \(Self.describe(node))\(hint)", value: Self.written(node))
            return nil
        }
        guard value.isFinite else {
            fail(node, path, "\(Self.quote(scalar.string)) is too large to be \(expected)", value: scalar.string)
            return nil
        }
        return value
    }

    /// A block length in seconds: more than 0, at most an hour.
    mutating func duration(_ node: Node, _ path: String) -> Double? {
        guard let seconds = number(node, path, expected: "a duration in seconds") else { return nil }
        let shown = Self.written(node) ?? ""
        guard seconds > 0 else {
            fail(node, path, "\(shown) s: a duration must be positive", value: shown)
            return nil
        }
        guard seconds <= ProtocolParser.maximumBlockSeconds else {
            fail(node, path, "\(shown) s is longer than the 1-hour (3600 s) limit for one block", value: shown)
            return nil
        }
        return seconds
    }

    /// A whole number in a range.
    mutating func wholeNumber(_ node: Node, _ path: String, in range: ClosedRange<Int>) -> Int? {
        guard let value = number(node, path, expected: "a whole number") else { return nil }
        guard value == value.rounded(), value >= Double(range.lowerBound), value <= Double(range.upperBound) else {
            let shown = Self.written(node) ?? ""
            fail(node, path, "\(shown) is not a whole number from \(range.lowerBound) to \(range.upperBound)", value: shown)
            return nil
        }
        return Int(value)
    }

    mutating func bool(_ node: Node, _ path: String) -> Bool? {
        if case .scalar(let scalar) = node {
            switch scalar.string.lowercased() {
            case "true", "yes", "on": return true
            case "false", "no", "off": return false
            default: break
            }
        }
        fail(node, path, "expected true or false, got \(Self.describe(node))", value: Self.written(node))
        return nil
    }

    /// One of an enum's raw values, case-insensitively.
    mutating func choice<T: RawRepresentable & CaseIterable>(_ node: Node, _ path: String) -> T? where T.RawValue == String {
        if case .scalar(let scalar) = node, let value = T(rawValue: scalar.string.lowercased()) { return value }
        let options = T.allCases.map(\.rawValue).joined(separator: ", ")
        fail(node, path, "\(Self.describe(node)) is not one of: \(options)", value: Self.written(node))
        return nil
    }

    // MARK: Showing values in messages

    /// The scalar as written, for messages (control characters escaped, long text cut).
    static func written(_ node: Node) -> String? {
        guard case .scalar(let scalar) = node else { return nil }
        return sanitized(scalar.string)
    }

    /// `'fast'`, `an empty value`, `a list`…
    static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): return scalar.string.isEmpty ? "an empty value" : quote(scalar.string)
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    static func quote(_ text: String) -> String { "'" + sanitized(text) + "'" }

    /// Text safe to print on a terminal: no escape sequences or line breaks from the file.
    static func sanitized(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars.prefix(60) {
            if scalar.properties.generalCategory == .control {
                result += scalar == "\n" ? "\\n" : scalar == "\t" ? "\\t" : "?"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return text.unicodeScalars.count > 60 ? result + "…" : result
    }

    /// Without leading or trailing spaces and tabs (TapCore does not use Foundation).
    static func trimmed(_ text: String) -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(text[first...last])
    }

    // MARK: Did you mean

    /// The allowed key closest to a misspelt one (edit distance ≤ 2), for "did you mean".
    static func nearest(_ word: String, in candidates: [String]) -> String? {
        guard word.count <= 40 else { return nil }
        let scored = candidates.map { ($0, editDistance(word.lowercased(), $0)) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= 2 else { return nil }
        return best.0
    }

    /// Levenshtein distance, by characters.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
