/// An amount of time in nanoseconds (a duration, not a point in time).
///
/// Kept apart from `MonoTime` so that "a deadline" and "how long" cannot be mixed up
/// (the swift-nio `NIODeadline`/`TimeAmount` split). Arithmetic saturates instead of
/// trapping: a far-future deadline must never crash a session.
public struct Span: Comparable, Hashable, Sendable, CustomStringConvertible {
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    public static let zero = Span(nanoseconds: 0)

    public static func seconds(_ s: Double) -> Span { Span(nanoseconds: clampToInt64(s * 1e9)) }
    public static func milliseconds(_ ms: Double) -> Span { Span(nanoseconds: clampToInt64(ms * 1e6)) }
    public static func microseconds(_ us: Double) -> Span { Span(nanoseconds: clampToInt64(us * 1e3)) }

    public var seconds: Double { Double(nanoseconds) / 1e9 }
    public var milliseconds: Double { Double(nanoseconds) / 1e6 }

    public static func < (lhs: Span, rhs: Span) -> Bool { lhs.nanoseconds < rhs.nanoseconds }
    public static func + (lhs: Span, rhs: Span) -> Span { Span(nanoseconds: saturatingAdd(lhs.nanoseconds, rhs.nanoseconds)) }
    public static func - (lhs: Span, rhs: Span) -> Span {
        Span(nanoseconds: saturatingAdd(lhs.nanoseconds, rhs.nanoseconds == .min ? .max : -rhs.nanoseconds))
    }
    public static func * (lhs: Span, rhs: Int64) -> Span {
        let (product, overflow) = lhs.nanoseconds.multipliedReportingOverflow(by: rhs)
        if overflow { return Span(nanoseconds: (lhs.nanoseconds < 0) != (rhs < 0) ? .min : .max) }
        return Span(nanoseconds: product)
    }

    public var description: String { String(seconds) + " s" }

    static func saturatingAdd(_ a: Int64, _ b: Int64) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        if overflow { return b > 0 ? .max : .min }
        return sum
    }

    static func clampToInt64(_ value: Double) -> Int64 {
        if value.isNaN { return 0 }
        if value >= 9.2e18 { return .max }
        if value <= -9.2e18 { return .min }
        return Int64(value.rounded())
    }
}
