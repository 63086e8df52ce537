import TapCore

/// Line plots in a character grid: braille cells (2×4 dots each) with Unicode, one mark per
/// cell with ASCII. Pure: returns cells, the caller puts them on the canvas.
public enum BraillePlot {
    public struct Series {
        /// (x in 0…1 from left to right, y in data units)
        public var points: [(x: Double, y: Double)]
        public var style: CellStyle
        public var asciiMark: Character

        public init(points: [(x: Double, y: Double)], style: CellStyle, asciiMark: Character) {
            self.points = points
            self.style = style
            self.asciiMark = asciiMark
        }
    }

    /// Braille dot bits: [column][row] (Unicode's braille patterns, U+2800).
    static let dotBits: [[UInt32]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]

    /// Draws `series` (first on top) into `width`×`height` cells at (x, y), y from `low` (bottom)
    /// to `high` (top). Points outside the range are clipped to the edge.
    public static func draw(_ series: [Series], x: Int, y: Int, width: Int, height: Int, low: Double, high: Double,
                            unicode: Bool, into canvas: inout Canvas) {
        guard width > 0, height > 0, high > low else { return }
        let dotsX = unicode ? 2 : 1, dotsY = unicode ? 4 : 1
        var bits = [UInt32](repeating: 0, count: width * height)
        var styles = [CellStyle?](repeating: nil, count: width * height)
        var marks = [Character?](repeating: nil, count: width * height)
        for s in series.reversed() {  // the first series is drawn last, on top
            for p in s.points where p.x.isFinite && p.y.isFinite {
                let gx = min(width * dotsX - 1, max(0, Int((p.x * Double(width * dotsX - 1)).rounded())))
                let fraction = (p.y - low) / (high - low)
                let gy = min(height * dotsY - 1, max(0, Int(((1 - fraction) * Double(height * dotsY - 1)).rounded())))
                let cell = (gy / dotsY) * width + gx / dotsX
                if unicode { bits[cell] |= dotBits[gx % 2][gy % 4] }
                styles[cell] = s.style
                marks[cell] = s.asciiMark
            }
        }
        for row in 0..<height {
            for column in 0..<width {
                let cell = row * width + column
                guard let style = styles[cell] else { continue }
                let character: Character
                if unicode, let scalar = Unicode.Scalar(0x2800 + bits[cell]) { character = Character(scalar) }
                else { character = marks[cell] ?? "*" }
                canvas.put(String(character), x: x + column, y: y + row, style: style)
            }
        }
    }
}
