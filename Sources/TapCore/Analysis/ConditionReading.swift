/// HbO per condition in plain words, the same wherever it is read (summary screen, the terminal
/// summary, `tapnirs report`, `compare`): one line per tapping label and one for the contrast.
///
///     slow: HbO +0.42 µM [+0.30, +0.55] · HbR −0.12 µM · 5 blocks at 2.00 Hz (+0.21 µM per Hz)
///     fast − slow: HbO +0.19 µM [−0.05, +0.43] (95 % CI over blocks): not different beyond the blocks' spread
public enum ConditionReading {
    public static func lines(_ conditions: [ConditionResult], _ contrasts: [ConditionContrast]) -> [String] {
        var lines = conditions.map(line)
        lines += contrasts.map(line)
        return lines
    }

    public static func line(_ c: ConditionResult) -> String {
        var text = c.label + ": HbO " + micromolar(c.hboAmplitudeMicromolar)
        if let ci = c.hboAmplitudeCi95Micromolar { text += " " + interval(ci) }
        text += " · HbR " + micromolar(c.hbrAmplitudeMicromolar)
        text += " · \(c.blocks) block" + (c.blocks == 1 ? "" : "s")
        if let rate = c.rateHz { text += " at " + FixedDecimal.format(seconds: rate, digits: 2) + " Hz" }
        if let perHz = c.hboPerHzMicromolar { text += " (" + micromolar(perHz) + " per Hz)" }
        return text
    }

    public static func line(_ c: ConditionContrast) -> String {
        let name = c.name == "fast-slow" ? "fast − slow" : c.name
        var text = name + ": HbO " + micromolar(c.hboMicromolar)
        guard let ci = c.ci95Micromolar, ci.count == 2 else { return text + " (too few blocks for an interval)" }
        text += " " + interval(ci) + " (95 % CI over blocks)"
        if ci[1] < 0 {
            text += ": fast tapping raised HbO less than slow tapping"
        } else if ci[0] > 0 {
            text += ": fast tapping raised HbO more than slow tapping"
        } else {
            text += ": no difference beyond the blocks' spread"
        }
        if let perHz = c.hboPerHzMicromolar { text += "; per Hz of tapping " + micromolar(perHz) }
        return text
    }

    /// `+0.42 µM`, `n/a` when unknown.
    public static func micromolar(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "n/a" }
        return signed(value) + " µM"
    }

    static func interval(_ ci: [Double]) -> String {
        "[" + signed(ci[0]) + ", " + signed(ci[1]) + "]"
    }

    static func signed(_ value: Double) -> String {
        (value < 0 ? "−" : "+") + FixedDecimal.format(seconds: abs(value), digits: 2)
    }
}
