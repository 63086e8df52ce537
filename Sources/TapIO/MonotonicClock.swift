import TapCore

/// The one clock of a session: CLOCK_MONOTONIC, in nanoseconds.
///
/// Not Swift's `ContinuousClock`, which is CLOCK_BOOTTIME on Linux: we write these times to
/// files and compare them with other processes (benchmarks, tests) that read CLOCK_MONOTONIC.
/// It never jumps when the wall clock is set, so pacing cannot stall or race.
public enum MonotonicClock {
    public static let name = "CLOCK_MONOTONIC"

    public static func now() -> MonoTime {
        MonoTime(nanoseconds: Syscalls.monotonicNanoseconds())
    }
}
