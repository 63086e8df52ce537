/// "Falling behind the beat" in a paced block: a run of metronome beats with no tap near them.
///
/// A beat is hit by a tap within ± w of it, w = min(fraction × period, max seconds) — paced taps
/// sit ≈ 20 ms ahead of the beat with ≈ 30 ms SD (SCIENCE.md §4), so ± 350 ms at 1 Hz misses
/// nothing a subject meant as that beat's tap, and w < period / 2 keeps beats apart. A beat is
/// judged missed once w has passed without such a tap. `missedToRaise` misses in a row raise the
/// flag (onset: the first missed beat of the run); `hitsToClear` hits in a row clear it.
struct BehindBeatMonitor: Sendable {
    let tolerance: Span
    let missedToRaise: Int
    let hitsToClear: Int
    /// Beats not yet judged, oldest first.
    var pending: [MonoTime] = []
    var lastTap: MonoTime?
    var missedRun = 0
    var runStart: MonoTime?
    var hitRun = 0
    var active: FadeFlag?
    var raisedCount = 0
    var missedTotal = 0
    /// (raised, cleared) spans, for the summary.
    var spans: [(MonoTime, MonoTime?)] = []

    init(period: Span, settings: TapFadeSettings) {
        let w = min(settings.beatToleranceFraction * period.seconds, settings.beatToleranceMaxSeconds)
        tolerance = .seconds(w)
        missedToRaise = settings.missedBeatsToRaise
        hitsToClear = settings.hitBeatsToClear
    }

    mutating func beat(at time: MonoTime) -> [FadeEvent] {
        var events = advance(to: time)
        if let lastTap, time - lastTap <= tolerance {
            events += judge(beat: time, hit: true, now: time)
        } else {
            pending.append(time)
        }
        return events
    }

    mutating func tap(at time: MonoTime) -> [FadeEvent] {
        var events = advance(to: time)
        lastTap = time
        if let first = pending.first, first - time <= tolerance, time - first <= tolerance {
            pending.removeFirst()
            events += judge(beat: first, hit: true, now: time)
        }
        return events
    }

    /// Beats whose tolerance has run out by `time` are misses, each judged at its own deadline
    /// (not at `time`), so the records do not depend on when the caller asked.
    mutating func advance(to time: MonoTime) -> [FadeEvent] {
        var events: [FadeEvent] = []
        while let first = pending.first, time - first > tolerance {
            pending.removeFirst()
            events += judge(beat: first, hit: false, now: first + tolerance + Span(nanoseconds: 1))
        }
        return events
    }

    /// When the oldest beat not yet hit becomes a miss.
    var nextDeadline: MonoTime? { pending.first.map { $0 + tolerance + Span(nanoseconds: 1) } }

    private mutating func judge(beat: MonoTime, hit: Bool, now: MonoTime) -> [FadeEvent] {
        if hit {
            missedRun = 0
            runStart = nil
            hitRun += 1
            if let flag = active, hitRun >= hitsToClear {
                active = nil
                if let last = spans.indices.last { spans[last].1 = now }
                return [.cleared(flag, at: now)]
            }
            return []
        }
        missedTotal += 1
        hitRun = 0
        if missedRun == 0 { runStart = beat }
        missedRun += 1
        guard active == nil, missedRun >= missedToRaise else { return [] }
        let flag = FadeFlag(kind: .behindBeat, channel: nil, onset: runStart ?? beat, raisedAt: now,
                            magnitude: -Double(missedRun),
                            detail: "missed_beats=\(missedRun);tolerance_s=" + DetailFormat.number(tolerance.seconds))
        active = flag
        raisedCount += 1
        spans.append((now, nil))
        return [.raised(flag)]
    }
}
