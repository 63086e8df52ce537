import Foundation

/// The JSON of tapnirs' files (session.json, summary.json, the norms), written and read by a
/// small coder of our own: the bytes Foundation's `JSONEncoder` writes with
/// `[.sortedKeys, .withoutEscapingSlashes]` (and `.prettyPrinted`, `.convertToSnakeCase` for the
/// files; its compact form with the keys as written is checked too), and the values its
/// `JSONDecoder` reads back, at a small part of the cost. Foundation's
/// coder makes a runtime type check per value (its dictionary and array markers) and, on Linux,
/// each new type costs a scan of every protocol conformance in the binary: ≈ 60 000 instructions.
/// Decoding session.json took 19 M instructions, encoding summary.json 26 M (docs/performance.md).
///
/// Fast and exact, never a third format: anything this coder does not handle the way Foundation
/// does — a date, data, a URL or a decimal; a dictionary keyed other than by strings; a key or
/// number outside the plain forms; a non-finite number; an unusual container use — throws
/// `Unsupported`, and the caller uses Foundation's coder for that value (`FileJSONCodingTests`
/// compares the two on whole session files and on each edge).
public enum FileJSON {
    /// Not a value this coder handles exactly like Foundation's: use Foundation's.
    public struct Unsupported: Error, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }

    /// How object keys are spelled in the file.
    public enum Keys: Sendable {
        /// As the coding keys say (`JSONEncoder.KeyEncodingStrategy.useDefaultKeys`).
        case asWritten
        /// `originNanoseconds` as `origin_nanoseconds` (`.convertToSnakeCase`, `.convertFromSnakeCase`).
        case snakeCase
    }

    // MARK: Keys

    /// `.convertToSnakeCase` of an ASCII key: a word ends before an upper-case letter, and a run of
    /// upper-case letters is a word of its own up to the capital before the next lower-case
    /// letter (`myURLProperty` → `my_url_property`, `lastIBI` → `last_ibi`, `URL` → `u_rl`: the
    /// first character always starts the first word); the words lower-cased, joined by "_".
    /// Nil for a key with other characters (Foundation's Unicode letter classes then apply).
    static func snakeCase(_ key: String) -> String? {
        let utf8 = Array(key.utf8)
        guard !utf8.isEmpty else { return key }
        func isUpper(_ c: UInt8) -> Bool { c >= 0x41 && c <= 0x5A }
        func isLower(_ c: UInt8) -> Bool { c >= 0x61 && c <= 0x7A }
        var hasUpper = false
        for c in utf8 {
            if c >= 0x80 { return nil }
            if isUpper(c) { hasUpper = true }
        }
        if !hasUpper { return key }
        // Word boundaries: the start of each word after the first.
        var starts: [Int] = []
        var wordStart = 0
        var search = 1
        let n = utf8.count
        while let upper = (search..<n).first(where: { isUpper(utf8[$0]) }) {
            starts.append(upper)  // the word from wordStart ends here (never empty: upper > wordStart)
            guard let lower = (upper..<n).first(where: { isLower(utf8[$0]) }) else {
                wordStart = upper
                break
            }
            if lower == upper + 1 {
                wordStart = upper
            } else {
                starts.append(lower - 1)
                wordStart = lower - 1
            }
            search = lower + 1
        }
        var out: [UInt8] = []
        out.reserveCapacity(n + starts.count)
        var next = 0
        for (i, c) in utf8.enumerated() {
            if next < starts.count && starts[next] == i {
                out.append(UInt8(ascii: "_"))
                next += 1
            }
            out.append(isUpper(c) ? c | 0x20 : c)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `.convertFromSnakeCase` of a file's key: leading and trailing underscores kept, the words
    /// between underscores joined, the first lower-cased and each other capitalised (`hb_o` →
    /// `hbO`, `A_b` → `aB`); a key without an inner underscore unchanged. Foundation capitalises
    /// as Unicode does: a letter is upper-cased when no letter comes before it, other than across
    /// the characters it treats as case-ignorable (in ASCII `'^` and the backquote; found by trying
    /// each printable character), so a digit or any other mark starts anew:
    /// `ci95` → `Ci95`, `2nd` → `2Nd`, `b2c` → `B2C`. Nil for a key beyond ASCII.
    static func camelCase(_ key: String) -> String? {
        let utf8 = key.utf8
        guard utf8.contains(UInt8(ascii: "_")) else { return key }
        let bytes = Array(utf8)
        var first = 0
        while first < bytes.count && bytes[first] == UInt8(ascii: "_") { first += 1 }
        if first == bytes.count { return key }
        var end = bytes.count
        while bytes[end - 1] == UInt8(ascii: "_") { end -= 1 }
        let words = bytes[first..<end].split(separator: UInt8(ascii: "_"))
        if words.count == 1 { return key }
        var out = Array(bytes[0..<first])
        out.reserveCapacity(bytes.count)
        for (w, word) in words.enumerated() {
            var afterLetter = false
            for c in word {
                if c >= 0x80 { return nil }
                let letter = (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A
                if w == 0 {
                    out.append(letter ? c | 0x20 : c)
                } else if letter {
                    out.append(afterLetter ? c | 0x20 : c & ~0x20)
                    afterLetter = true
                } else {
                    out.append(c)
                    if !Self.caseIgnorable.contains(c) { afterLetter = false }
                }
            }
        }
        out.append(contentsOf: bytes[end...])
        return String(decoding: out, as: UTF8.self)
    }

    /// The ASCII characters Foundation's capitalisation passes over (`.` and `:`, also
    /// case-ignorable in Unicode, start anew there: FileJSONCodingTests checks each character).
    private static let caseIgnorable: [UInt8] = Array("'^`".utf8)

    // MARK: Dictionaries

    /// Whether a container's key type is the standard library's dictionary key: a dictionary is
    /// being coded. Foundation leaves a `[String: …]` dictionary's keys as they are under the
    /// snake-case strategies; this coder does the same and hands other dictionaries over.
    static func isDictionaryKey(_ type: any CodingKey.Type) -> Bool {
        _typeName(type, qualified: true) == "Swift._DictionaryCodingKey"
    }

    /// `isDictionaryKey`, remembered per key type (a type's name is built to compare it).
    struct DictionaryKeyTypes {
        private var known: [ObjectIdentifier: Bool] = [:]

        mutating func contains(_ type: any CodingKey.Type) -> Bool {
            let id = ObjectIdentifier(type)
            if let answer = known[id] { return answer }
            let answer = FileJSON.isDictionaryKey(type)
            known[id] = answer
            return answer
        }
    }

    /// Whether a value of `type` is a dictionary with string keys (one type check, only for
    /// containers keyed by `isDictionaryKey`).
    static func isStringKeyed(_ type: Any.Type?) -> Bool {
        guard let type else { return false }
        return type is StringKeyedDictionary.Type
    }
}

/// The dictionaries whose keys `FileJSON` writes and reads as they are.
protocol StringKeyedDictionary {}
extension Dictionary: StringKeyedDictionary where Key == String {}
