import Foundation

extension FileJSON {
    /// `T` from JSON as Foundation's `JSONDecoder` reads it (with `.convertFromSnakeCase` for
    /// `.snakeCase` keys), for the JSON this coder writes and any in the same plain forms.
    /// Throws on anything else (`Unsupported`, or a `DecodingError` for what is not there): the
    /// caller then decodes with Foundation, which reads what it can and names the problem.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: UnsafeRawBufferPointer, keys: Keys) throws -> T {
        var parser = Parser(bytes)
        let value = try parser.document()
        let state = DecodingState(keys: keys)
        return try state.unbox(value, as: T.self, path: [])
    }

    public static func decode<T: Decodable>(_ type: T.Type, from data: Data, keys: Keys) throws -> T {
        try data.withUnsafeBytes { try decode(T.self, from: $0, keys: keys) }
    }

    /// A parsed value. Numbers keep their text: each type reads it its own way.
    enum Value {
        case null
        case bool(Bool)
        case number(String)
        case string(String)
        case array([Value])
        case object([(key: String, value: Value)])
    }

    /// RFC 8259 JSON, strictly: no byte-order mark, trailing comma, leading zero, raw control
    /// character, lone surrogate or invalid UTF-8 (Foundation accepts some of these; they are
    /// then its to read).
    struct Parser {
        let bytes: UnsafeRawBufferPointer
        var at = 0
        var depth = 0

        init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

        mutating func document() throws(Unsupported) -> Value {
            let value = try parseValue()
            skipSpace()
            guard at == bytes.count else { throw Unsupported("text after the JSON value at byte \(at)") }
            return value
        }

        private mutating func skipSpace() {
            while at < bytes.count {
                switch bytes[at] {
                case 0x20, 0x0A, 0x0D, 0x09: at += 1
                default: return
                }
            }
        }

        private mutating func parseValue() throws(Unsupported) -> Value {
            skipSpace()
            guard at < bytes.count else { throw Unsupported("the JSON ends early") }
            switch bytes[at] {
            case UInt8(ascii: "{"): return try parseObject()
            case UInt8(ascii: "["): return try parseArray()
            case UInt8(ascii: "\""): return .string(try parseString())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            default: return .number(try parseNumber())
            }
        }

        private mutating func literal(_ word: StaticString) throws(Unsupported) {
            let n = word.utf8CodeUnitCount
            guard at + n <= bytes.count,
                  memcmp(bytes.baseAddress! + at, word.utf8Start, n) == 0 else { throw Unsupported("not JSON at byte \(at)") }
            at += n
        }

        private mutating func nest() throws(Unsupported) {
            depth += 1
            if depth > 512 { throw Unsupported("nested deeper than 512") }
        }

        private mutating func parseObject() throws(Unsupported) -> Value {
            try nest()
            at += 1
            var entries: [(key: String, value: Value)] = []
            skipSpace()
            if at < bytes.count && bytes[at] == UInt8(ascii: "}") {
                at += 1
                depth -= 1
                return .object(entries)
            }
            while true {
                skipSpace()
                guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else { throw Unsupported("a key expected at byte \(at)") }
                let key = try parseString()
                skipSpace()
                guard at < bytes.count, bytes[at] == UInt8(ascii: ":") else { throw Unsupported("':' expected at byte \(at)") }
                at += 1
                entries.append((key, try parseValue()))
                skipSpace()
                guard at < bytes.count else { throw Unsupported("the JSON ends early") }
                if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
                guard bytes[at] == UInt8(ascii: "}") else { throw Unsupported("',' or '}' expected at byte \(at)") }
                at += 1
                depth -= 1
                return .object(entries)
            }
        }

        private mutating func parseArray() throws(Unsupported) -> Value {
            try nest()
            at += 1
            var elements: [Value] = []
            skipSpace()
            if at < bytes.count && bytes[at] == UInt8(ascii: "]") {
                at += 1
                depth -= 1
                return .array(elements)
            }
            while true {
                elements.append(try parseValue())
                skipSpace()
                guard at < bytes.count else { throw Unsupported("the JSON ends early") }
                if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
                guard bytes[at] == UInt8(ascii: "]") else { throw Unsupported("',' or ']' expected at byte \(at)") }
                at += 1
                depth -= 1
                return .array(elements)
            }
        }

        /// -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
        private mutating func parseNumber() throws(Unsupported) -> String {
            let start = at
            func digits() -> Int {
                let from = at
                while at < bytes.count, bytes[at] >= 0x30, bytes[at] <= 0x39 { at += 1 }
                return at - from
            }
            if at < bytes.count && bytes[at] == UInt8(ascii: "-") { at += 1 }
            let integer = at
            let count = digits()
            guard count > 0, count == 1 || bytes[integer] != UInt8(ascii: "0") else { throw Unsupported("not a JSON number at byte \(start)") }
            if at < bytes.count && bytes[at] == UInt8(ascii: ".") {
                at += 1
                guard digits() > 0 else { throw Unsupported("not a JSON number at byte \(start)") }
            }
            if at < bytes.count && (bytes[at] | 0x20) == UInt8(ascii: "e") {
                at += 1
                if at < bytes.count && (bytes[at] == UInt8(ascii: "+") || bytes[at] == UInt8(ascii: "-")) { at += 1 }
                guard digits() > 0 else { throw Unsupported("not a JSON number at byte \(start)") }
            }
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self)
        }

        private mutating func parseString() throws(Unsupported) -> String {
            at += 1
            let start = at
            var plain = true  // no escape, all ASCII
            while at < bytes.count {
                let byte = bytes[at]
                if byte == UInt8(ascii: "\"") { break }
                if byte < 0x20 { throw Unsupported("a control character in a string at byte \(at)") }
                if byte == UInt8(ascii: "\\") || byte >= 0x80 { plain = false }
                at += byte == UInt8(ascii: "\\") ? 2 : 1
            }
            guard at < bytes.count else { throw Unsupported("a string runs to the end") }
            let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<at])
            at += 1
            if plain { return String(decoding: raw, as: UTF8.self) }
            return try Self.unescape(raw)
        }

        private static func unescape(_ raw: UnsafeRawBufferPointer) throws(Unsupported) -> String {
            var out: [UInt8] = []
            out.reserveCapacity(raw.count)
            var i = 0
            func hex4(_ i: Int) throws(Unsupported) -> UInt32 {
                guard i + 4 <= raw.count else { throw Unsupported("a short \\u escape") }
                var value: UInt32 = 0
                for byte in raw[i..<i + 4] {
                    let digit: UInt8
                    switch byte {
                    case 0x30...0x39: digit = byte - 0x30
                    case 0x41...0x46: digit = byte - 0x41 + 10
                    case 0x61...0x66: digit = byte - 0x61 + 10
                    default: throw Unsupported("a bad \\u escape")
                    }
                    value = value << 4 | UInt32(digit)
                }
                return value
            }
            while i < raw.count {
                let byte = raw[i]
                guard byte == UInt8(ascii: "\\") else {
                    out.append(byte)
                    i += 1
                    continue
                }
                guard i + 1 < raw.count else { throw Unsupported("a bad escape") }
                let code = raw[i + 1]
                i += 2
                switch code {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(code)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4(i)
                    i += 4
                    if scalar >= 0xD800 && scalar < 0xDC00 {
                        guard i + 6 <= raw.count, raw[i] == UInt8(ascii: "\\"), raw[i + 1] == UInt8(ascii: "u") else {
                            throw Unsupported("a lone surrogate")
                        }
                        let low = try hex4(i + 2)
                        guard low >= 0xDC00 && low < 0xE000 else { throw Unsupported("a lone surrogate") }
                        i += 6
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if scalar >= 0xDC00 && scalar < 0xE000 {
                        throw Unsupported("a lone surrogate")
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw Unsupported("a bad \\u escape") }
                    out.append(contentsOf: UTF8.encode(unicode)!)
                default: throw Unsupported("a bad escape")
                }
            }
            guard let text = String(validating: out, as: UTF8.self) else { throw Unsupported("a string that is not UTF-8") }
            return text
        }
    }

    /// What one `decode` call shares: the key strategy and the key types found to be dictionaries'.
    final class DecodingState {
        let keys: Keys
        private var dictionaryKeyTypes = DictionaryKeyTypes()

        init(keys: Keys) { self.keys = keys }

        /// Whether the keys of an object read through `type` for a value of `valueType` are
        /// converted (snake case, not a `[String: …]` dictionary).
        func convertsKeys(_ type: any CodingKey.Type, valueType: Any.Type?) throws(Unsupported) -> Bool {
            guard keys == .snakeCase, dictionaryKeyTypes.contains(type) else { return keys == .snakeCase }
            guard FileJSON.isStringKeyed(valueType) else { throw Unsupported("a dictionary not keyed by strings") }
            return false
        }

        func unbox<T: Decodable>(_ value: Value, as type: T.Type, path: [any CodingKey]) throws -> T {
            if T.self == Double.self { return unsafeBitCast(try double(value, path), to: T.self) }
            if T.self == String.self { return unsafeBitCast(try string(value, path), to: T.self) }
            if T.self == Int.self { return unsafeBitCast(try integer(value, Int.self, path), to: T.self) }
            if T.self == Bool.self { return unsafeBitCast(try bool(value, path), to: T.self) }
            if T.self == Date.self || T.self == Data.self || T.self == URL.self || T.self == Decimal.self {
                throw Unsupported("a \(T.self) (Foundation's coder has a strategy for it)")
            }
            let decoder = ValueDecoder(state: self, value: value, codingPath: path)
            decoder.valueType = T.self
            return try T(from: decoder)
        }

        func bool(_ value: Value, _ path: [any CodingKey]) throws -> Bool {
            guard case .bool(let flag) = value else { throw mismatch(Bool.self, value, path) }
            return flag
        }

        func string(_ value: Value, _ path: [any CodingKey]) throws -> String {
            guard case .string(let text) = value else { throw mismatch(String.self, value, path) }
            return text
        }

        /// A number as the nearest double. Beyond the double range either way (Foundation's
        /// error, or its zero) is Foundation's.
        func double(_ value: Value, _ path: [any CodingKey]) throws -> Double {
            guard case .number(let text) = value else { throw mismatch(Double.self, value, path) }
            guard let number = Double(text), number.isFinite, number != 0 || Self.zeroBeforeExponent(text) else {
                throw Unsupported("the number \(text)")
            }
            return number
        }

        /// Whether the digits before any exponent are all zero ("0.0e5": a true zero).
        static func zeroBeforeExponent(_ text: String) -> Bool {
            !text.utf8.prefix(while: { $0 != UInt8(ascii: "e") && $0 != UInt8(ascii: "E") }).contains(where: { $0 >= 0x31 && $0 <= 0x39 })
        }

        /// A `Float`: Foundation's reading of one (through a double, or not) is its own.
        func float(_ value: Value, _ path: [any CodingKey]) throws -> Float {
            throw Unsupported("a Float")
        }

        /// A plain integer literal in range; "1.0" or "1e2" (which Foundation reads as 1 and
        /// 100) are Foundation's.
        func integer<I: FixedWidthInteger>(_ value: Value, _ type: I.Type, _ path: [any CodingKey]) throws -> I {
            guard case .number(let text) = value else { throw mismatch(I.self, value, path) }
            guard let number = I(text, radix: 10) else { throw Unsupported("the number \(text) as \(I.self)") }  // no "+": not JSON
            return number
        }

        func mismatch(_ type: Any.Type, _ value: Value, _ path: [any CodingKey]) -> DecodingError {
            if case .null = value {
                return .valueNotFound(type, .init(codingPath: path, debugDescription: "null where a \(type) was expected"))
            }
            return .typeMismatch(type, .init(codingPath: path, debugDescription: "not a \(type)"))
        }
    }

    final class ValueDecoder: Decoder {
        let state: DecodingState
        let value: Value
        let codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }
        /// The type whose `init(from:)` is running (tells a `[String: …]` dictionary apart).
        var valueType: Any.Type?

        init(state: DecodingState, value: Value, codingPath: [any CodingKey]) {
            self.state = state
            self.value = value
            self.codingPath = codingPath
        }

        func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
            guard case .object(let entries) = value else { throw state.mismatch([String: Any].self, value, codingPath) }
            let converts = try state.convertsKeys(Key.self, valueType: valueType)
            return KeyedDecodingContainer(try KeyedReader<Key>(state: state, entries: entries, converts: converts, codingPath: codingPath))
        }

        func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
            guard case .array(let elements) = value else { throw state.mismatch([Any].self, value, codingPath) }
            return UnkeyedReader(state: state, elements: elements, codingPath: codingPath)
        }

        func singleValueContainer() throws -> any SingleValueDecodingContainer {
            SingleValueReader(state: state, value: value, codingPath: codingPath)
        }
    }

    struct KeyedReader<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let state: DecodingState
        let codingPath: [any CodingKey]
        /// The object's values by the key names they answer to.
        private let values: [String: Value]

        init(state: DecodingState, entries: [(key: String, value: Value)], converts: Bool, codingPath: [any CodingKey]) throws(Unsupported) {
            self.state = state
            self.codingPath = codingPath
            var values: [String: Value] = Dictionary(minimumCapacity: entries.count)
            for (key, value) in entries {
                guard let name = converts ? FileJSON.camelCase(key) : key else { throw Unsupported("the key \(key)") }
                guard values.updateValue(value, forKey: name) == nil else { throw Unsupported("the key \(key) twice") }
            }
            self.values = values
        }

        var allKeys: [Key] { values.keys.compactMap { Key(stringValue: $0) } }

        func contains(_ key: Key) -> Bool { values[key.stringValue] != nil }

        private func value(_ key: Key) throws -> Value {
            guard let value = values[key.stringValue] else {
                throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no \(key.stringValue)"))
            }
            return value
        }

        func decodeNil(forKey key: Key) throws -> Bool {
            if case .null = try value(key) { return true }
            return false
        }

        func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try state.bool(value(key), codingPath + [key]) }
        func decode(_ type: String.Type, forKey key: Key) throws -> String { try state.string(value(key), codingPath + [key]) }
        func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try state.double(value(key), codingPath + [key]) }
        func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try state.float(value(key), codingPath + [key]) }
        func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try state.integer(value(key), type, codingPath + [key]) }
        func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try state.integer(value(key), type, codingPath + [key]) }
        func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try state.integer(value(key), type, codingPath + [key]) }
        func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try state.integer(value(key), type, codingPath + [key]) }
        func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try state.integer(value(key), type, codingPath + [key]) }
        func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try state.integer(value(key), type, codingPath + [key]) }
        func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try state.integer(value(key), type, codingPath + [key]) }
        func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try state.integer(value(key), type, codingPath + [key]) }
        func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try state.integer(value(key), type, codingPath + [key]) }
        func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try state.integer(value(key), type, codingPath + [key]) }
        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try state.unbox(value(key), as: T.self, path: codingPath + [key])
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            let decoder = ValueDecoder(state: state, value: try value(key), codingPath: codingPath + [key])
            return try decoder.container(keyedBy: NestedKey.self)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try ValueDecoder(state: state, value: try value(key), codingPath: codingPath + [key]).unkeyedContainer()
        }

        func superDecoder() throws -> any Decoder { throw Unsupported("superDecoder()") }
        func superDecoder(forKey key: Key) throws -> any Decoder { throw Unsupported("superDecoder(forKey:)") }
    }

    struct UnkeyedReader: UnkeyedDecodingContainer {
        let state: DecodingState
        let elements: [Value]
        let codingPath: [any CodingKey]
        private(set) var currentIndex = 0

        init(state: DecodingState, elements: [Value], codingPath: [any CodingKey]) {
            self.state = state
            self.elements = elements
            self.codingPath = codingPath
        }

        var count: Int? { elements.count }
        var isAtEnd: Bool { currentIndex >= elements.count }

        private mutating func next<T>(_ type: T.Type) throws -> (Value, [any CodingKey]) {
            guard !isAtEnd else {
                throw DecodingError.valueNotFound(T.self, .init(codingPath: codingPath, debugDescription: "the array has ended"))
            }
            defer { currentIndex += 1 }
            return (elements[currentIndex], codingPath + [IndexKey(currentIndex)])
        }

        mutating func decodeNil() throws -> Bool {
            guard !isAtEnd else { throw DecodingError.valueNotFound(Any?.self, .init(codingPath: codingPath, debugDescription: "the array has ended")) }
            if case .null = elements[currentIndex] {
                currentIndex += 1
                return true
            }
            return false
        }

        mutating func decode(_ type: Bool.Type) throws -> Bool { let (v, p) = try next(type); return try state.bool(v, p) }
        mutating func decode(_ type: String.Type) throws -> String { let (v, p) = try next(type); return try state.string(v, p) }
        mutating func decode(_ type: Double.Type) throws -> Double { let (v, p) = try next(type); return try state.double(v, p) }
        mutating func decode(_ type: Float.Type) throws -> Float { let (v, p) = try next(type); return try state.float(v, p) }
        mutating func decode(_ type: Int.Type) throws -> Int { let (v, p) = try next(type); return try state.integer(v, type, p) }
        mutating func decode(_ type: Int8.Type) throws -> Int8 { let (v, p) = try next(type); return try state.integer(v, type, p) }
        mutating func decode(_ type: Int16.Type) throws -> Int16 { let (v, p) = try next(type); return try state.integer(v, type, p) }
        mutating func decode(_ type: Int32.Type) throws -> Int32 { let (v, p) = try next(type); return try state.integer(v, type, p) }
        mutating func decode(_ type: Int64.Type) throws -> Int64 { let (v, p) = try next(type); return try state.integer(v, type, p) }
        mutating func decode(_ type: UInt.Type) throws -> UInt { let (v, p) = try next(type); return try state.integer(v, type, p) }
        mutating func decode(_ type: UInt8.Type) throws -> UInt8 { let (v, p) = try next(type); return try state.integer(v, type, p) }
        mutating func decode(_ type: UInt16.Type) throws -> UInt16 { let (v, p) = try next(type); return try state.integer(v, type, p) }
        mutating func decode(_ type: UInt32.Type) throws -> UInt32 { let (v, p) = try next(type); return try state.integer(v, type, p) }
        mutating func decode(_ type: UInt64.Type) throws -> UInt64 { let (v, p) = try next(type); return try state.integer(v, type, p) }
        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            let (v, p) = try next(type)
            return try state.unbox(v, as: T.self, path: p)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
            let (v, p) = try next([String: Any].self)
            return try ValueDecoder(state: state, value: v, codingPath: p).container(keyedBy: NestedKey.self)
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            let (v, p) = try next([Any].self)
            return try ValueDecoder(state: state, value: v, codingPath: p).unkeyedContainer()
        }

        mutating func superDecoder() throws -> any Decoder { throw Unsupported("superDecoder()") }
    }

    struct SingleValueReader: SingleValueDecodingContainer {
        let state: DecodingState
        let value: Value
        let codingPath: [any CodingKey]

        func decodeNil() -> Bool {
            if case .null = value { return true }
            return false
        }

        func decode(_ type: Bool.Type) throws -> Bool { try state.bool(value, codingPath) }
        func decode(_ type: String.Type) throws -> String { try state.string(value, codingPath) }
        func decode(_ type: Double.Type) throws -> Double { try state.double(value, codingPath) }
        func decode(_ type: Float.Type) throws -> Float { try state.float(value, codingPath) }
        func decode(_ type: Int.Type) throws -> Int { try state.integer(value, type, codingPath) }
        func decode(_ type: Int8.Type) throws -> Int8 { try state.integer(value, type, codingPath) }
        func decode(_ type: Int16.Type) throws -> Int16 { try state.integer(value, type, codingPath) }
        func decode(_ type: Int32.Type) throws -> Int32 { try state.integer(value, type, codingPath) }
        func decode(_ type: Int64.Type) throws -> Int64 { try state.integer(value, type, codingPath) }
        func decode(_ type: UInt.Type) throws -> UInt { try state.integer(value, type, codingPath) }
        func decode(_ type: UInt8.Type) throws -> UInt8 { try state.integer(value, type, codingPath) }
        func decode(_ type: UInt16.Type) throws -> UInt16 { try state.integer(value, type, codingPath) }
        func decode(_ type: UInt32.Type) throws -> UInt32 { try state.integer(value, type, codingPath) }
        func decode(_ type: UInt64.Type) throws -> UInt64 { try state.integer(value, type, codingPath) }
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try state.unbox(value, as: T.self, path: codingPath) }
    }
}
