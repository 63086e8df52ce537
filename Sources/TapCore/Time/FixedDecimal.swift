/// Exact decimal rendering of nanosecond times, for records and screens.
///
/// Integer arithmetic only: `Double` printing would give `1e-06` or `0.30000000000000004`,
/// and `String(format:)` depends on the C locale.
public enum FixedDecimal {
    /// `nanoseconds` as seconds with `digits` decimals (0–9), rounded half away from zero:
    /// `format(1_234_567_891, digits: 6)` is `"1.234568"`.
    public static func format(_ nanoseconds: Int64, digits: Int = 6) -> String {
        var text = RowText()
        text.appendFixed(nanoseconds: nanoseconds, digits: digits)  // the journals print it in place
        return text.string
    }

    /// A `Double` in seconds with `digits` decimals (via nanoseconds).
    public static func format(seconds: Double, digits: Int) -> String {
        format(Span.seconds(seconds).nanoseconds, digits: digits)
    }
}
