import CNcursesw
import Glibc
import TapCore

/// What the keyboard delivered.
public enum KeyInput: Equatable, Sendable {
    case key(Key)
    /// The terminal changed size.
    case resize
}

/// Copies canvases to the terminal and reads keys: the only code that calls ncurses, and
/// only inside `Terminal.withCurses`.
public final class CursesPresenter {
    public let glyphs: Glyphs
    let colours: Bool
    private var needsClear = false

    init(glyphs: Glyphs, colours: Bool) {
        self.glyphs = glyphs
        self.colours = colours
    }

    /// Columns and lines of the terminal now.
    public var size: (columns: Int, lines: Int) {
        (Int(tn_getmaxx(tn_stdscr())), Int(tn_getmaxy(tn_stdscr())))
    }

    /// Draws `view` as one frame (the whole frame every time; curses sends only what changed).
    public func present(_ view: SessionView) {
        let (columns, lines) = size
        var canvas = Canvas(width: columns, height: lines, glyphs: glyphs)
        drawSession(view, into: &canvas)
        show(canvas)
    }

    public func show(_ canvas: Canvas) {
        let window = tn_stdscr()
        if needsClear {
            clear()  // only after a resize: a full repaint
            needsClear = false
        }
        werase(window)
        for y in 0..<canvas.height {
            var x = 0
            while x < canvas.width {
                let style = canvas[x, y].style
                var run: [wchar_t] = []
                let start = x
                while x < canvas.width, canvas[x, y].style == style {
                    for scalar in canvas[x, y].character.unicodeScalars.prefix(1) { run.append(wchar_t(bitPattern: scalar.value)) }
                    x += 1
                }
                // The bottom-right cell would scroll the screen on some terminals: leave it.
                if y == canvas.height - 1 && x == canvas.width && !run.isEmpty { run.removeLast() }
                _ = tn_attrset(window, attributes(style))
                _ = run.withUnsafeBufferPointer { tn_put(window, Int32(y), Int32(start), $0.baseAddress, Int32($0.count)) }
            }
        }
        _ = tn_attrset(window, tn_a_normal())
        wnoutrefresh(window)
        doupdate()
    }

    /// Every key waiting, without blocking (stdin is in no-delay mode).
    public func readInput() -> [KeyInput] {
        var inputs: [KeyInput] = []
        var character: wint_t = 0
        for _ in 0..<4096 {
            let result = tn_get_wch(tn_stdscr(), &character)
            if result == tn_err() { break }
            if result == tn_key_code_yes() {
                let code = Int32(character)
                if code == tn_key_resize() {
                    needsClear = true
                    inputs.append(.resize)
                } else if code == tn_key_enter() {
                    inputs.append(.key(.enter))
                } else if code == tn_key_backspace() {
                    inputs.append(.key(.backspace))
                } else {
                    inputs.append(.key(.special(code)))
                }
                continue
            }
            inputs.append(.key(Self.key(for: UInt32(character))))
        }
        return inputs
    }

    static func key(for value: UInt32) -> Key {
        switch value {
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        default:
            guard let scalar = Unicode.Scalar(value) else { return .special(Int32(bitPattern: value)) }
            return .character(Character(scalar))
        }
    }

    /// The terminal bell: the audible metronome click until real audio exists.
    public func bell() {
        beep()
    }

    func attributes(_ style: CellStyle) -> attr_t {
        switch style {
        case .normal: return tn_a_normal()
        case .bold: return tn_a_bold()
        case .dim: return tn_a_dim()
        case .reverse: return tn_a_reverse()
        case .accent: return colours ? tn_color_pair(1) | tn_a_bold() : tn_a_bold()
        case .good: return colours ? tn_color_pair(2) | tn_a_bold() : tn_a_bold()
        case .warn: return colours ? tn_color_pair(3) | tn_a_bold() : tn_a_reverse()
        case .hbo: return colours ? tn_color_pair(4) : tn_a_bold()
        case .hbr: return colours ? tn_color_pair(5) : tn_a_normal()
        }
    }
}
