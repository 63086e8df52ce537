import TapCore

/// Small drawing pieces shared by the screens.
public enum Widgets {
    /// A horizontal bar, `fraction` (0–1) filled.
    public static func bar(_ fraction: Double, width: Int, glyphs: Glyphs) -> String {
        guard width > 0 else { return "" }
        let f = fraction.isFinite ? min(1, max(0, fraction)) : 0
        let filled = Int((f * Double(width)).rounded(.down))
        return String(repeating: glyphs.full, count: filled) + String(repeating: glyphs.empty, count: width - filled)
    }

    /// The last `width` values as a sparkline scaled from 0 to `top` (the largest value if nil).
    public static func sparkline(_ values: [Double], width: Int, top: Double? = nil, glyphs: Glyphs) -> String {
        guard width > 0 else { return "" }
        let shown = values.suffix(width)
        let ceiling = top ?? shown.max() ?? 0
        guard ceiling > 0 else { return String(repeating: glyphs.spark[0], count: shown.count) }
        return String(shown.map { value -> Character in
            let level = Int((min(1, max(0, value / ceiling)) * Double(glyphs.spark.count - 1)).rounded())
            return glyphs.spark[level]
        })
    }

    /// `m:ss` for countdowns.
    public static func clock(_ seconds: Double) -> String {
        SessionProtocol.clock(max(0, seconds.rounded(.up)))
    }

    /// A number with fixed decimals, or `–` when absent.
    public static func number(_ value: Double?, digits: Int) -> String {
        guard let value, value.isFinite else { return "–" }
        return FixedDecimal.format(seconds: value, digits: digits)
    }

    /// A signed number with fixed decimals (`+12`, `-30`), or `–`.
    public static func signed(_ value: Double?, digits: Int) -> String {
        guard let value, value.isFinite else { return "–" }
        let text = FixedDecimal.format(seconds: value, digits: digits)
        return text.hasPrefix("-") ? text : "+" + text
    }

    /// Left text padded or cut to `width`.
    public static func fit(_ text: String, _ width: Int) -> String {
        guard width > 0 else { return "" }
        if text.count <= width { return text + String(repeating: " ", count: width - text.count) }
        return String(text.prefix(max(0, width - 1))) + "…"
    }
}
