import Foundation

extension FileJSON {
    /// `value` as Foundation's `JSONEncoder` writes it with `[.sortedKeys, .withoutEscapingSlashes]`,
    /// plus `.prettyPrinted` when `pretty`, and `.convertToSnakeCase` for `.snakeCase` keys.
    /// Throws `Unsupported` for what it does not write like Foundation (see `FileJSON`).
    public static func encode<T: Encodable>(_ value: T, keys: Keys, pretty: Bool) throws(Unsupported) -> [UInt8] {
        let state = EncodingState(keys: keys)
        let item: Item
        do { item = try state.box(value, path: [], key: nil) } catch let error as Unsupported {
            throw error
        } catch {
            throw Unsupported("\(error)")
        }
        if let unsupported = state.unsupported { throw Unsupported(unsupported) }
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        try write(item, pretty: pretty, depth: 0, to: &out)
        return out
    }

    /// A value being encoded. Objects and arrays are boxes, so that a nested container can fill
    /// its box after the box is in its parent.
    enum Item {
        case null
        case bool(Bool)
        case double(Double)
        case float(Float)
        case int(Int64)
        case uint(UInt64)
        case string(String)
        case array(ArrayBox)
        case object(ObjectBox)
    }

    final class ArrayBox {
        var items: [Item] = []
    }

    /// Keys as they go into the file, with their values in the order they were encoded.
    final class ObjectBox {
        var keys: [String] = []
        var items: [Item] = []
    }

    /// What one `encode` call shares: the key strategy, the keys converted so far, and the first
    /// container use that this coder leaves to Foundation (reported once encoding is over: the
    /// `Encoder` API gives containers no way to throw it).
    final class EncodingState {
        let keys: Keys
        var unsupported: String?
        private var snakeKeys: [String: String] = [:]
        private var dictionaryKeyTypes = DictionaryKeyTypes()

        init(keys: Keys) { self.keys = keys }

        /// Notes a container use left to Foundation (the first one is reported).
        func refuse(_ what: String) {
            if unsupported == nil { unsupported = what }
        }

        /// An encoder for what `superEncoder` would encode: refused, so the value goes to Foundation.
        func refusedEncoder(_ what: String, codingPath: [any CodingKey]) -> any Encoder {
            refuse(what)
            return ItemEncoder(state: self, codingPath: codingPath)
        }

        func fileKey(_ key: String, converts: Bool) -> String {
            guard converts else { return key }
            if let known = snakeKeys[key] { return known }
            guard let converted = FileJSON.snakeCase(key) else {
                refuse("the key \(key) (not ASCII)")
                return key
            }
            snakeKeys[key] = converted
            return converted
        }

        /// Whether a container keyed by `type` for a value of `valueType` converts its keys.
        func convertsKeys(_ type: any CodingKey.Type, valueType: Any.Type?) -> Bool {
            guard keys == .snakeCase, dictionaryKeyTypes.contains(type) else { return keys == .snakeCase }
            if !FileJSON.isStringKeyed(valueType) {
                refuse("a dictionary not keyed by strings")
            }
            return false
        }

        func box<T: Encodable>(_ value: T, path: [any CodingKey], key: (any CodingKey)?) throws -> Item {
            // The standard scalars, by type identity (no runtime conformance check).
            if T.self == Double.self { return .double(unsafeBitCast(value, to: Double.self)) }
            if T.self == String.self { return .string(unsafeBitCast(value, to: String.self)) }
            if T.self == Int.self { return .int(Int64(unsafeBitCast(value, to: Int.self))) }
            if T.self == Bool.self { return .bool(unsafeBitCast(value, to: Bool.self)) }
            if T.self == Int64.self { return .int(unsafeBitCast(value, to: Int64.self)) }
            if T.self == Float.self { return .float(unsafeBitCast(value, to: Float.self)) }
            if T.self == Date.self || T.self == Data.self || T.self == URL.self || T.self == Decimal.self {
                throw Unsupported("a \(T.self) (Foundation's coder has a strategy for it)")
            }
            let encoder = ItemEncoder(state: self, codingPath: key.map { path + [$0] } ?? path)
            encoder.valueType = T.self
            try value.encode(to: encoder)
            guard let item = encoder.item else { throw Unsupported("a \(T.self) that encodes nothing") }
            return item
        }
    }

    final class ItemEncoder: Encoder {
        let state: EncodingState
        let codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }
        var item: Item?
        /// The type whose `encode(to:)` is running (tells a `[String: …]` dictionary apart).
        var valueType: Any.Type?

        init(state: EncodingState, codingPath: [any CodingKey]) {
            self.state = state
            self.codingPath = codingPath
        }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            let object: ObjectBox
            switch item {
            case .object(let existing): object = existing
            case nil:
                object = ObjectBox()
                item = .object(object)
            default:
                state.refuse("a keyed container after another kind at \(codingPath)")
                object = ObjectBox()
            }
            let converts = state.convertsKeys(Key.self, valueType: valueType)
            return KeyedEncodingContainer(KeyedWriter<Key>(state: state, object: object, converts: converts, codingPath: codingPath))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            let array: ArrayBox
            switch item {
            case .array(let existing): array = existing
            case nil:
                array = ArrayBox()
                item = .array(array)
            default:
                state.refuse("an unkeyed container after another kind at \(codingPath)")
                array = ArrayBox()
            }
            return UnkeyedWriter(state: state, array: array, codingPath: codingPath)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { SingleValueWriter(encoder: self) }
    }

    struct KeyedWriter<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let state: EncodingState
        let object: ObjectBox
        let converts: Bool
        let codingPath: [any CodingKey]

        private func set(_ key: Key, _ item: Item) {
            object.keys.append(state.fileKey(key.stringValue, converts: converts))
            object.items.append(item)
        }

        mutating func encodeNil(forKey key: Key) throws { set(key, .null) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { set(key, .bool(value)) }
        mutating func encode(_ value: String, forKey key: Key) throws { set(key, .string(value)) }
        mutating func encode(_ value: Double, forKey key: Key) throws { set(key, .double(value)) }
        mutating func encode(_ value: Float, forKey key: Key) throws { set(key, .float(value)) }
        mutating func encode(_ value: Int, forKey key: Key) throws { set(key, .int(Int64(value))) }
        mutating func encode(_ value: Int8, forKey key: Key) throws { set(key, .int(Int64(value))) }
        mutating func encode(_ value: Int16, forKey key: Key) throws { set(key, .int(Int64(value))) }
        mutating func encode(_ value: Int32, forKey key: Key) throws { set(key, .int(Int64(value))) }
        mutating func encode(_ value: Int64, forKey key: Key) throws { set(key, .int(value)) }
        mutating func encode(_ value: UInt, forKey key: Key) throws { set(key, .uint(UInt64(value))) }
        mutating func encode(_ value: UInt8, forKey key: Key) throws { set(key, .uint(UInt64(value))) }
        mutating func encode(_ value: UInt16, forKey key: Key) throws { set(key, .uint(UInt64(value))) }
        mutating func encode(_ value: UInt32, forKey key: Key) throws { set(key, .uint(UInt64(value))) }
        mutating func encode(_ value: UInt64, forKey key: Key) throws { set(key, .uint(value)) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            set(key, try state.box(value, path: codingPath, key: key))
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type,
                                                            forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
            let nested = ObjectBox()
            set(key, .object(nested))
            let converts = state.convertsKeys(NestedKey.self, valueType: nil)
            return KeyedEncodingContainer(KeyedWriter<NestedKey>(state: state, object: nested, converts: converts,
                                                                    codingPath: codingPath + [key]))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let nested = ArrayBox()
            set(key, .array(nested))
            return UnkeyedWriter(state: state, array: nested, codingPath: codingPath + [key])
        }

        mutating func superEncoder() -> any Encoder { state.refusedEncoder("superEncoder()", codingPath: codingPath) }
        mutating func superEncoder(forKey key: Key) -> any Encoder {
            state.refusedEncoder("superEncoder(forKey:)", codingPath: codingPath)
        }
    }

    /// What the unkeyed and the single-value writers share: each standard scalar becomes an
    /// `Item` put in place (appended to the array, or set as the value), any other value boxed
    /// at `elementKey`'s place in the coding path.
    protocol ItemWriter {
        var state: EncodingState { get }
        var codingPath: [any CodingKey] { get }
        /// The next value's key in the coding path: an array's index; none for a single value.
        var elementKey: (any CodingKey)? { get }
        func put(_ item: Item)
    }

    struct UnkeyedWriter: UnkeyedEncodingContainer, ItemWriter {
        let state: EncodingState
        let array: ArrayBox
        let codingPath: [any CodingKey]
        var count: Int { array.items.count }
        var elementKey: (any CodingKey)? { IndexKey(array.items.count) }

        func put(_ item: Item) { array.items.append(item) }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let nested = ObjectBox()
            let path = codingPath + [IndexKey(array.items.count)]
            put(.object(nested))
            let converts = state.convertsKeys(NestedKey.self, valueType: nil)
            return KeyedEncodingContainer(KeyedWriter<NestedKey>(state: state, object: nested, converts: converts, codingPath: path))
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let nested = ArrayBox()
            let path = codingPath + [IndexKey(array.items.count)]
            put(.array(nested))
            return UnkeyedWriter(state: state, array: nested, codingPath: path)
        }

        mutating func superEncoder() -> any Encoder { state.refusedEncoder("superEncoder()", codingPath: codingPath) }
    }

    struct SingleValueWriter: SingleValueEncodingContainer, ItemWriter {
        let encoder: ItemEncoder
        var state: EncodingState { encoder.state }
        var codingPath: [any CodingKey] { encoder.codingPath }
        var elementKey: (any CodingKey)? { nil }

        func put(_ item: Item) {
            if encoder.item != nil { state.refuse("a second single value at \(codingPath)") }
            encoder.item = item
        }
    }

    /// An array element's place in a coding path.
    struct IndexKey: CodingKey {
        let intValue: Int?
        var stringValue: String { "Index \(intValue ?? 0)" }
        init(_ index: Int) { intValue = index }
        init?(stringValue: String) { nil }
        init?(intValue: Int) { self.intValue = intValue }
    }

    // MARK: Writing

    static func write(_ item: Item, pretty: Bool, depth: Int, to out: inout [UInt8]) throws(Unsupported) {
        switch item {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
        case .double(let value):
            guard value.isFinite else { throw Unsupported("the number \(value)") }
            ShortestDouble.append(value, to: &out)
            dropPointZero(&out)
        case .float(let value):
            guard value.isFinite else { throw Unsupported("the number \(value)") }
            out.append(contentsOf: value.description.utf8)
            dropPointZero(&out)
        case .int(let value): out.append(contentsOf: String(value).utf8)
        case .uint(let value): out.append(contentsOf: String(value).utf8)
        case .string(let value): writeString(value, to: &out)
        case .array(let box):
            out.append(UInt8(ascii: "["))
            if box.items.isEmpty {
                if pretty { newline(depth: depth, to: &out, blank: true) }
            } else {
                for (i, element) in box.items.enumerated() {
                    if i > 0 { out.append(UInt8(ascii: ",")) }
                    if pretty { newline(depth: depth + 1, to: &out) }
                    try write(element, pretty: pretty, depth: depth + 1, to: &out)
                }
                if pretty { newline(depth: depth, to: &out) }
            }
            out.append(UInt8(ascii: "]"))
        case .object(let box):
            out.append(UInt8(ascii: "{"))
            if box.keys.isEmpty {
                if pretty { newline(depth: depth, to: &out, blank: true) }
            } else {
                let order = try sortedKeys(box.keys)
                for (n, i) in order.enumerated() {
                    if n > 0 { out.append(UInt8(ascii: ",")) }
                    if pretty { newline(depth: depth + 1, to: &out) }
                    writeString(box.keys[i], to: &out)
                    out.append(contentsOf: (pretty ? " : " : ":").utf8)
                    try write(box.items[i], pretty: pretty, depth: depth + 1, to: &out)
                }
                if pretty { newline(depth: depth, to: &out) }
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// The indices of `keys` in the order Foundation's `.sortedKeys` writes them: for ASCII keys,
    /// byte order. Another key, or two the same, is Foundation's to write.
    static func sortedKeys(_ keys: [String]) throws(Unsupported) -> [Int] {
        for key in keys where !key.utf8.allSatisfy({ $0 < 0x80 }) { throw Unsupported("the key \(key) (not ASCII)") }
        let order = keys.indices.sorted { keys[$0].utf8.lexicographicallyPrecedes(keys[$1].utf8) }
        for n in order.indices.dropFirst() where keys[order[n]] == keys[order[n - 1]] {
            throw Unsupported("the key \(keys[order[n]]) twice")
        }
        return order
    }

    /// "1.0" → "1", as Foundation writes a whole number.
    static func dropPointZero(_ out: inout [UInt8]) {
        let n = out.count
        if n >= 2 && out[n - 1] == UInt8(ascii: "0") && out[n - 2] == UInt8(ascii: ".") { out.removeLast(2) }
    }

    static func newline(depth: Int, to out: inout [UInt8], blank: Bool = false) {
        out.append(UInt8(ascii: "\n"))
        if blank { out.append(UInt8(ascii: "\n")) }
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
    }

    /// A string with Foundation's escapes: quote, backslash, \b \f \n \r \t, other control
    /// characters as \u00xx; "/" and everything else as it is.
    static func writeString(_ value: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { bytes in
            var start = 0
            for (i, byte) in bytes.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                start = i + 1
                out.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(byte)
                case 0x08: out.append(UInt8(ascii: "b"))
                case 0x0C: out.append(UInt8(ascii: "f"))
                case 0x0A: out.append(UInt8(ascii: "n"))
                case 0x0D: out.append(UInt8(ascii: "r"))
                case 0x09: out.append(UInt8(ascii: "t"))
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    out.append(contentsOf: "u00".utf8)
                    out.append(hex[Int(byte >> 4)])
                    out.append(hex[Int(byte & 0xF)])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
        out.append(UInt8(ascii: "\""))
    }
}

extension FileJSON.ItemWriter {
    mutating func encodeNil() throws { put(.null) }
    mutating func encode(_ value: Bool) throws { put(.bool(value)) }
    mutating func encode(_ value: String) throws { put(.string(value)) }
    mutating func encode(_ value: Double) throws { put(.double(value)) }
    mutating func encode(_ value: Float) throws { put(.float(value)) }
    mutating func encode(_ value: Int) throws { put(.int(Int64(value))) }
    mutating func encode(_ value: Int8) throws { put(.int(Int64(value))) }
    mutating func encode(_ value: Int16) throws { put(.int(Int64(value))) }
    mutating func encode(_ value: Int32) throws { put(.int(Int64(value))) }
    mutating func encode(_ value: Int64) throws { put(.int(value)) }
    mutating func encode(_ value: UInt) throws { put(.uint(UInt64(value))) }
    mutating func encode(_ value: UInt8) throws { put(.uint(UInt64(value))) }
    mutating func encode(_ value: UInt16) throws { put(.uint(UInt64(value))) }
    mutating func encode(_ value: UInt32) throws { put(.uint(UInt64(value))) }
    mutating func encode(_ value: UInt64) throws { put(.uint(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws { put(try state.box(value, path: codingPath, key: elementKey)) }
}
