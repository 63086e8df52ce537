/// A point on the session's single monotonic timebase, in nanoseconds.
///
/// Everything that happens in a session — key presses, beats, block edges, samples,
/// UI frames — is stamped with a `MonoTime` read from one clock (CLOCK_MONOTONIC on
/// Linux, read in TapIO). TapCore never reads a clock itself: times arrive inside
/// events, so a test or a replay can drive the core with any timeline it likes.
public struct MonoTime: Comparable, Hashable, Sendable, CustomStringConvertible {
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    public static let zero = MonoTime(nanoseconds: 0)

    /// Convenience for tests and replays: a time `seconds` after zero.
    public static func seconds(_ seconds: Double) -> MonoTime {
        MonoTime(nanoseconds: Span.seconds(seconds).nanoseconds)
    }

    public static func < (lhs: MonoTime, rhs: MonoTime) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    public static func + (lhs: MonoTime, rhs: Span) -> MonoTime {
        MonoTime(nanoseconds: Span.saturatingAdd(lhs.nanoseconds, rhs.nanoseconds))
    }

    public static func - (lhs: MonoTime, rhs: Span) -> MonoTime {
        MonoTime(nanoseconds: Span.saturatingAdd(lhs.nanoseconds, rhs.nanoseconds == .min ? .max : -rhs.nanoseconds))
    }

    public static func - (lhs: MonoTime, rhs: MonoTime) -> Span {
        Span(nanoseconds: Span.saturatingAdd(lhs.nanoseconds, rhs.nanoseconds == .min ? .max : -rhs.nanoseconds))
    }

    public var description: String { "t=\(Span(nanoseconds: nanoseconds))" }
}
