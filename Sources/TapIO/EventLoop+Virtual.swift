import TapCore

/// A clock that moves only when told to: the event loop on it runs a session as fast as the
/// machine allows (`tapnirs bench-soak`), through the same code as a live session.
public final class VirtualClock: @unchecked Sendable {
    public private(set) var now: MonoTime

    public init(start: MonoTime) { now = start }

    /// Moves to `time`; never backwards.
    public func advance(to time: MonoTime) {
        if time > now { now = time }
    }
}

extension EventLoop {
    /// Runs the session as `run()` does, without waiting: after each turn the clock jumps to
    /// the loop's next wake-up (the next sample, beat, synthetic tap, frame or block edge).
    /// No keys or signals arrive, so the session must be unattended (`--autotap`); a source
    /// must be one driven by time alone (the simulator). `afterTurn` sees each turn's time and
    /// returns false to stop dead there, as a kill would (no end, no last sync).
    ///
    /// The loop must have been made with `clock: { clock.now }`.
    public func runWithoutWaiting(on clock: VirtualClock, afterTurn: (MonoTime) -> Bool = { _ in true }) {
        while session.phase != .exited {
            planSyntheticTap(now: clock.now)
            guard let wake = nextWake() else { break }  // nothing would ever wake a live loop either
            clock.advance(to: wake)
            turn(now: clock.now, keysReady: false, signalsReady: false, sourceReady: false)
            recorder.check(now: clock.now)
            if !afterTurn(clock.now) { return }
        }
        recorder.sync()
    }
}
