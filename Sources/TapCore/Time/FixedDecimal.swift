/// Exact decimal rendering of nanosecond times, for records and screens.
///
/// Integer arithmetic only: `Double` printing would give `1e-06` or `0.30000000000000004`,
/// and `String(format:)` depends on the C locale.
public enum FixedDecimal {
    /// `nanoseconds` as seconds with `digits` decimals (0–9), rounded half away from zero:
    /// `format(1_234_567_891, digits: 6)` is `"1.234568"`.
    public static func format(_ nanoseconds: Int64, digits: Int = 6) -> String {
        let digits = min(max(digits, 0), 9)
        var divisor: Int64 = 1
        for _ in 0..<(9 - digits) { divisor *= 10 }
        let negative = nanoseconds < 0
        let magnitude = nanoseconds.magnitude
        let units = (magnitude + UInt64(divisor / 2)) / UInt64(divisor)
        var scale: UInt64 = 1
        for _ in 0..<digits { scale *= 10 }
        let whole = units / scale
        let fraction = units % scale
        var text = (negative && units != 0 ? "-" : "") + String(whole)
        if digits > 0 {
            let f = String(fraction)
            text += "." + String(repeating: "0", count: digits - f.count) + f
        }
        return text
    }

    /// A `Double` in seconds with `digits` decimals (via nanoseconds).
    public static func format(seconds: Double, digits: Int) -> String {
        format(Span.seconds(seconds).nanoseconds, digits: digits)
    }
}
