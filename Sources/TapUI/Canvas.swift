/// What a cell means, not how it looks: the presenter maps roles to curses attributes.
public enum CellStyle: Equatable, Sendable {
    case normal, bold, dim, reverse
    /// The cue and the beat: stands out.
    case accent
    /// Good news (on pace).
    case good
    /// Needs attention (paused, disk error, too slow).
    case warn
    /// Oxyhemoglobin (red, the field's convention).
    case hbo
    /// Deoxyhemoglobin (blue).
    case hbr
}

/// A plain 2-D grid of characters and styles: screens draw into it, tests read it back,
/// and only `CursesPresenter` copies it to the terminal. Writes outside the grid are clipped.
public struct Canvas: Equatable, Sendable {
    public struct Cell: Equatable, Sendable {
        public var character: Character
        public var style: CellStyle
    }

    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    /// Glyphs for bars, blocks and rules: Unicode, or ASCII when the terminal cannot show it.
    public let glyphs: Glyphs

    public init(width: Int, height: Int, glyphs: Glyphs = .unicode) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.glyphs = glyphs
        cells = Array(repeating: Cell(character: " ", style: .normal), count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        cells[y * width + x]
    }

    /// Writes `text` from column `x` on row `y`, clipped to the canvas (and to `maxWidth`).
    public mutating func put(_ text: String, x: Int, y: Int, style: CellStyle = .normal, maxWidth: Int? = nil) {
        guard y >= 0, y < height else { return }
        var column = x
        let limit = maxWidth.map { min(width, x + $0) } ?? width
        for character in text {
            if column >= limit { break }
            if column >= 0 {
                let printable = character.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F }
                cells[y * width + column] = Cell(character: printable ? character : " ", style: style)
            }
            column += 1
        }
    }

    /// Writes `text` so that it ends at column `right` (exclusive).
    public mutating func putRight(_ text: String, right: Int, y: Int, style: CellStyle = .normal) {
        put(text, x: right - text.count, y: y, style: style)
    }

    /// Writes `text` centred on the row.
    public mutating func putCentered(_ text: String, y: Int, style: CellStyle = .normal) {
        put(text, x: max(0, (width - text.count) / 2), y: y, style: style)
    }

    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, character: Character = " ", style: CellStyle) {
        for row in max(0, y)..<min(height, y + h) where w > 0 {
            for column in max(0, x)..<min(width, x + w) {
                cells[row * width + column] = Cell(character: character, style: style)
            }
        }
    }

    /// The text of each row, trailing spaces removed (for tests and plain-text output).
    public func lines() -> [String] {
        (0..<height).map { y in
            var line = String((0..<width).map { cells[y * width + $0].character })
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    /// The whole canvas as text.
    public var text: String { lines().joined(separator: "\n") }
}

/// The few non-ASCII glyphs the screens use, with ASCII stand-ins for terminals without UTF-8.
public struct Glyphs: Equatable, Sendable {
    public var full: Character
    public var empty: Character
    public var rule: Character
    public var dot: Character
    public var spark: [Character]

    public static let unicode = Glyphs(full: "█", empty: "░", rule: "─", dot: "●",
                                       spark: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"])
    public static let ascii = Glyphs(full: "#", empty: ".", rule: "-", dot: "*",
                                     spark: ["_", ".", "-", "-", "=", "=", "#", "#"])
}
