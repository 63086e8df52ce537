/// A key as the event loop delivers it, already decoded from the terminal.
public enum Key: Hashable, Sendable {
    /// A printable character (space is `" "`).
    case character(Character)
    case enter
    case escape
    case backspace
    /// Anything else curses reports (function keys, arrows…), by its curses code.
    case special(Int32)
}

/// A key that counts as a tap, as written in a protocol: `space`, `enter`, or one printable character.
public struct TapKey: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The protocol spelling: `space`, `enter`, or the character itself.
    public let name: String

    public static let space = TapKey(validName: "space")

    private init(validName: String) { self.name = validName }

    /// nil when `name` is neither `space`, `enter` nor a single printable character.
    public init?(_ name: String) {
        let lowered = name.lowercased()
        if lowered == "space" || lowered == "enter" {
            self.name = lowered
        } else if name.count == 1, let scalar = name.unicodeScalars.first,
                  scalar.value > 0x20, scalar.value != 0x7F {
            self.name = name
        } else {
            return nil
        }
    }

    public var key: Key {
        switch name {
        case "space": return .character(" ")
        case "enter": return .enter
        default: return .character(Character(name))
        }
    }

    public func matches(_ key: Key) -> Bool { self.key == key }

    public var description: String { name }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let key = TapKey(raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a tap key: \(raw)"))
        }
        self = key
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}
