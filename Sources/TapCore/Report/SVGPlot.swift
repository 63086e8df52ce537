import Foundation

/// Fixed-decimal text for the report: no locale, no exponent, `-0` written as `0`, so the same
/// numbers always give the same bytes.
enum ReportNumber {
    static func fixed(_ value: Double, _ digits: Int) -> String {
        var text = RowText()
        text.appendFixed(value, digits: digits)
        return text.string
    }

    /// `+0.42` / `-0.13`: a signed change.
    static func signed(_ value: Double, _ digits: Int) -> String {
        let text = fixed(value, digits)
        return value > 0 && text.contains(where: { $0 != "0" && $0 != "." }) ? "+" + text : text
    }

    /// Coordinates in SVG: one decimal is plenty at screen resolution.
    static func c(_ value: Double) -> String { fixed(value, 1) }
}

/// HTML/XML escaping of user text (subject, labels, protocol names, notes).
enum HTMLText {
    /// `text` with & < > " ' as entities. They are ASCII, and no byte of a multi-byte UTF-8
    /// sequence is, so the text is escaped byte by byte; most report text (numbers, labels) has
    /// none of them and is returned as it is.
    static func escape(_ text: String) -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: { entity(for: $0) != nil }) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 16)
        for byte in utf8 {
            if let entity = entity(for: byte) { entity.withUTF8Buffer { out += $0 } } else { out.append(byte) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always)
    private static func entity(for byte: UInt8) -> StaticString? {
        switch byte {
        case UInt8(ascii: "&"): return "&amp;"
        case UInt8(ascii: "<"): return "&lt;"
        case UInt8(ascii: ">"): return "&gt;"
        case UInt8(ascii: "\""): return "&quot;"
        case UInt8(ascii: "'"): return "&#39;"
        default: return nil
        }
    }
}

/// A plot's coordinate frame: data ranges mapped onto an SVG box with margins for the axes.
struct PlotFrame {
    var width: Double
    var height: Double
    var left = 68.0
    var right = 20.0
    var top = 30.0
    var bottom = 48.0
    var x0: Double
    var x1: Double
    var y0: Double
    var y1: Double

    init(width: Double, height: Double, x: (Double, Double), y: (Double, Double), left: Double = 68) {
        self.width = width
        self.height = height
        self.left = left
        x0 = x.0; x1 = x.1 > x.0 ? x.1 : x.0 + 1
        y0 = y.0; y1 = y.1 > y.0 ? y.1 : y.0 + 1
    }

    var plotLeft: Double { left }
    var plotRight: Double { width - right }
    var plotTop: Double { top }
    var plotBottom: Double { height - bottom }

    func x(_ v: Double) -> Double { left + (v - x0) / (x1 - x0) * (plotRight - plotLeft) }
    func y(_ v: Double) -> Double { plotBottom - (v - y0) / (y1 - y0) * (plotBottom - plotTop) }
    /// Clamped into the data range first (for shading that runs past the axis).
    func cx(_ v: Double) -> Double { x(min(max(v, x0), x1)) }
    func cy(_ v: Double) -> Double { y(min(max(v, y0), y1)) }
}

/// "Nice" tick positions (1, 2, 5 × 10ⁿ steps) and the decimals they need.
enum Ticks {
    static func step(_ low: Double, _ high: Double, count: Int) -> Double {
        let span = max(high - low, 1e-9)
        let raw = span / Double(max(count, 1))
        let magnitude = pow(10, floor(log10(raw)))
        let norm = raw / magnitude
        let nice: Double = norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10
        return nice * magnitude
    }

    static func values(_ low: Double, _ high: Double, count: Int) -> (values: [Double], digits: Int) {
        let step = step(low, high, count: count)
        let digits = max(0, Int(-floor(log10(step) + 1e-9)))
        var values: [Double] = []
        var k = (low / step).rounded(.up)
        while k * step <= high + step * 1e-6 && values.count < 50 {
            values.append(k * step)
            k += 1
        }
        return (values, digits)
    }

    /// A range grown to nice tick bounds.
    static func niceRange(_ low: Double, _ high: Double, count: Int = 5) -> (Double, Double) {
        let step = step(low, high, count: count)
        return ((low / step).rounded(.down) * step, (high / step).rounded(.up) * step)
    }
}

/// A small SVG writer: the elements in the order they are added, printed into one buffer (a
/// report has tens of thousands of them: a string per element and per number cost a third of
/// its time).
struct SVG {
    var width: Double
    var height: Double
    var title: String
    /// The elements so far.
    var body = RowText()

    init(width: Double, height: Double, title: String) {
        self.width = width
        self.height = height
        self.title = title
    }

    mutating func add(_ element: String) { body.append(element) }

    /// `value` as `ReportNumber.fixed(value, digits)` prints it (`c`: one decimal).
    private mutating func number(_ value: Double, _ digits: Int = 1) { body.appendFixed(value, digits: digits) }

    /// ` name="value"` with the value as given.
    private mutating func attribute(_ name: String, _ value: String) {
        body.append(" "); body.append(name); body.append("=\""); body.append(value); body.append("\"")
    }

    /// ` name="number"`.
    private mutating func attribute(_ name: String, _ value: Double, _ digits: Int = 1) {
        body.append(" "); body.append(name); body.append("=\""); number(value, digits); body.append("\"")
    }

    mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1,
                       dash: String? = nil, opacity: Double? = nil) {
        body.append("<line")
        attribute("x1", x1); attribute("y1", y1); attribute("x2", x2); attribute("y2", y2)
        attribute("stroke", stroke); attribute("stroke-width", width, 1)
        if let dash { attribute("stroke-dasharray", dash) }
        if let opacity { attribute("stroke-opacity", opacity, 2) }
        body.append("/>")
    }

    mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, opacity: Double? = nil,
                       stroke: String? = nil, cssClass: String? = nil, tooltip: String? = nil) {
        body.append("<rect")
        attribute("x", x); attribute("y", y); attribute("width", max(w, 0)); attribute("height", max(h, 0))
        attribute("fill", fill)
        if let opacity { attribute("fill-opacity", opacity, 2) }
        if let stroke { attribute("stroke", stroke) }
        if let cssClass { attribute("class", cssClass) }
        if let tooltip {
            body.append("><title>"); body.append(HTMLText.escape(tooltip)); body.append("</title></rect>")
        } else {
            body.append("/>")
        }
    }

    mutating func circle(_ x: Double, _ y: Double, r: Double, fill: String, opacity: Double? = nil) {
        body.append("<circle")
        attribute("cx", x); attribute("cy", y); attribute("r", r, 1); attribute("fill", fill)
        if let opacity { attribute("fill-opacity", opacity, 2) }
        body.append("/>")
    }

    mutating func text(_ x: Double, _ y: Double, _ content: String, anchor: String = "start", size: Double = 12,
                       fill: String = "#222", weight: String? = nil, rotate: Bool = false) {
        body.append("<text")
        attribute("x", x); attribute("y", y); attribute("text-anchor", anchor); attribute("font-size", size, 0)
        attribute("fill", fill)
        if let weight { attribute("font-weight", weight) }
        if rotate {
            body.append(" transform=\"rotate(-90 "); number(x); body.append(" "); number(y); body.append(")\"")
        }
        body.append(">"); body.append(HTMLText.escape(content)); body.append("</text>")
    }

    mutating func path(_ d: String, stroke: String, width: Double = 1.5, fill: String = "none", dash: String? = nil) {
        guard !d.isEmpty else { return }
        body.append("<path")
        attribute("d", d); attribute("stroke", stroke); attribute("stroke-width", width, 1); attribute("fill", fill)
        attribute("stroke-linejoin", "round")
        if let dash { attribute("stroke-dasharray", dash) }
        body.append("/>")
    }

    /// Frame, grid, ticks with numbers, and the axis labels (with units).
    mutating func axes(_ f: PlotFrame, xLabel: String?, yLabel: String, xTicks: Int = 10, yTicks: Int = 5) {
        let ys = Ticks.values(f.y0, f.y1, count: yTicks)
        for v in ys.values {
            let y = f.y(v)
            line(f.plotLeft, y, f.plotRight, y, stroke: "#e3e3e3")
            text(f.plotLeft - 6, y + 4, ReportNumber.fixed(v, ys.digits), anchor: "end", size: 11, fill: "#444")
        }
        if let xLabel {
            let xs = Ticks.values(f.x0, f.x1, count: xTicks)
            for v in xs.values {
                let x = f.x(v)
                line(x, f.plotBottom, x, f.plotBottom + 5, stroke: "#444")
                text(x, f.plotBottom + 18, ReportNumber.fixed(v, xs.digits), anchor: "middle", size: 11, fill: "#444")
            }
            text((f.plotLeft + f.plotRight) / 2, f.height - 8, xLabel, anchor: "middle", size: 12, fill: "#222")
        }
        rect(f.plotLeft, f.plotTop, f.plotRight - f.plotLeft, f.plotBottom - f.plotTop, fill: "none", stroke: "#888")
        text(16, (f.plotTop + f.plotBottom) / 2, yLabel, anchor: "middle", size: 12, fill: "#222", rotate: true)
    }

    var rendered: String {
        "<svg class=\"plot\" role=\"img\" width=\"\(ReportNumber.fixed(width, 0))\" height=\"\(ReportNumber.fixed(height, 0))\" viewBox=\"0 0 \(ReportNumber.fixed(width, 0)) \(ReportNumber.fixed(height, 0))\" font-family=\"sans-serif\"><title>\(HTMLText.escape(title))</title>"
            + body.string + "</svg>"
    }
}

extension Array {
    /// The element at `index`, nil outside the array.
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
