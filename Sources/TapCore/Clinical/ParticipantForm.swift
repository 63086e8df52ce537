/// The ready screen's short form for what `tapnirs run` was not given (age, sex, handedness, the
/// hand tested), editable until Enter. Pure: keys in, `Participant` out.
///
/// Keys: Tab or ↓ the next field, ↑ (or Shift-Tab) the previous one; in a choice field ← / → step
/// through the choices and a first letter picks one (`f` female, `m` male, `o` other; `r` right,
/// `l` left, `a` ambidextrous); in the age field digits type and Backspace deletes. A key that is
/// also the protocol's tap key stays a tap (the session sees taps first).
public struct ParticipantForm: Equatable, Sendable {
    public enum Field: String, Equatable, Sendable, CaseIterable, Codable {
        case age, sex, handedness, hand
    }

    /// The fields asked for, in this order.
    public var fields: [Field]
    /// Index into `fields` of the field being edited.
    public var focus: Int = 0
    /// The age as typed (digits only, at most 3).
    public var ageText: String = ""

    public init(fields: [Field]) {
        self.fields = Field.allCases.filter { fields.contains($0) }
    }

    public var focusedField: Field? { fields.indices.contains(focus) ? fields[focus] : nil }

    /// The typed age when it is a whole number in `Participant.ageRange`, else nil.
    public var age: Int? {
        guard let value = Int(ageText), Participant.ageRange.contains(value) else { return nil }
        return value
    }

    /// True when something was typed in the age field that is not an age tapnirs accepts.
    public var ageIsInvalid: Bool { !ageText.isEmpty && age == nil }

    /// Applies one key to the form and to `participant`; false when the form has no use for the key.
    public mutating func handle(_ key: Key, participant: inout Participant) -> Bool {
        guard let field = focusedField else { return false }
        switch key {
        case .character("\t"), Key.down:
            focus = (focus + 1) % fields.count
            return true
        case Key.up, Key.backTab:
            focus = (focus + fields.count - 1) % fields.count
            return true
        default:
            break
        }
        switch field {
        case .age:
            switch key {
            case .character(let c) where c.isASCII && c.isNumber:
                if ageText.count < 3 { ageText.append(c) }
            case .backspace:
                if !ageText.isEmpty { ageText.removeLast() }
            default:
                return false
            }
            participant.ageYears = age
            return true
        case .sex:
            return Self.choose(key, current: &participant.sex)
        case .handedness:
            return Self.choose(key, current: &participant.handedness)
        case .hand:
            return Self.choose(key, current: &participant.hand)
        }
    }

    /// ← / → step through the choices (with "not given" between the last and the first); a first
    /// letter picks the choice it starts.
    static func choose<T: RawRepresentable & CaseIterable & Equatable>(_ key: Key, current: inout T?) -> Bool
    where T.RawValue == String {
        let all = Array(T.allCases)
        let options: [T?] = [nil] + all.map { Optional($0) }
        let index = options.firstIndex(of: current) ?? 0
        switch key {
        case Key.right:
            current = options[(index + 1) % options.count]
        case Key.left:
            current = options[(index + options.count - 1) % options.count]
        case .backspace:
            current = nil
        case .character(let c):
            let letter = String(c).lowercased()
            guard let match = all.first(where: { $0.rawValue.hasPrefix(letter) }) else { return false }
            current = match
        default:
            return false
        }
        return true
    }
}

extension Key {
    /// Curses key codes (ncurses `curses.h`: KEY_DOWN 0402, KEY_UP 0403, KEY_LEFT 0404,
    /// KEY_RIGHT 0405, KEY_BTAB 0541), as `CursesPresenter` passes them on in `.special`.
    public static let down = Key.special(0o402)
    public static let up = Key.special(0o403)
    public static let left = Key.special(0o404)
    public static let right = Key.special(0o405)
    public static let backTab = Key.special(0o541)
}
