#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Tap-rate fade within one tapping block, fed causally (counted taps, metronome beats, and the
/// passing of time); it never reads a clock. One detector per block.
///
/// Reference: the metronome pace in a paced block; else the median inter-tap interval (ITI) of
/// the intervals ending in [settle, settle + reference window] (2–6 s: SCIENCE.md §5), stretched
/// until it holds `minimumReferenceIntervals`. Nothing is judged before the reference exists,
/// except stopping.
///
/// Methods (`TapFadeSettings.Method`, compared in docs/fade-detection.md):
/// - `healthyRange` (default, self-paced blocks): at each tap, the decline so far against the
///   healthy range at this point of the block (`TapDeclineReading`, `TapDeclineNorm`); raise when
///   its z has stayed above `declineZ` (2.8) for `declineHoldSeconds` (0.5 s) of taps; clear when it
///   has stayed below `declineClearZ` for `clearHoldSeconds`. Onset: the start of the earliest of
///   the slow intervals before the raise (median of three, slower than the healthy mean + 1 SD at
///   their time). Reference = Huber level of the 2–6 s window. A paced block with this method is
///   judged by `cusum` against its pace: a metronome is not a maximal effort.
/// - `threshold`: the windowed rate (1 / median of the last 5 ITIs, or 1 / (open interval − ¼
///   median) once the open interval runs late, as `LiveTapRate`) below (1 − 0.20) × reference
///   for 1.5 s; clears above (1 − 0.10) × reference for 1 s.
/// - `cusum` (default): per tap x = ln(ITI / ITI_ref) clipped to ±ln 2, S ← max(0, S + x − k),
///   raise when S > h (k = 0.20, h = 1.0: SCIENCE.md §5). Onset = the start of the interval where
///   S last left 0 (the CUSUM change-point estimate). Recovery is the mirror CUSUM
///   C ← max(0, C + k − x) while flagged, clearing at C > h.
/// - Both: no tap for max(1.5 s, 3 × ITI_ref) raises at once (a subject who stops), onset at
///   the last tap.
/// Paced blocks also run `BehindBeatMonitor` on the beats passed to `beat(at:)`.
public struct TapFadeDetector: Sendable {
    public let settings: TapFadeSettings
    public let block: Block
    public let blockStart: MonoTime
    /// The healthy decline this block is judged against (`healthyRange`).
    public let norm: TapDeclineNorm
    /// The rule this block runs: `settings.method`, except `cusum` for a paced block under `healthyRange`.
    public let method: TapFadeSettings.Method

    /// Reference ITI (s), once known.
    public private(set) var referenceInterval: Double?
    /// Tap times, seconds into the block.
    var taps: [Double] = []
    var referenceIntervals: [Double] = []
    /// The flag up now, if any.
    public private(set) var active: FadeFlag?
    var raised: [FadeFlag] = []
    var spans: [(Double, Double?)] = []
    var lastTime = 0.0
    // threshold
    var belowSince: Double?
    var belowOnset: Double?
    var aboveSince: Double?
    // cusum
    var sum = 0.0
    var runStart: Double?
    var runIntervals = 0
    var recovery = 0.0
    var recentLogs: [Double] = []
    /// Robust SD of ln(ITI) in the reference window (1.4826 × MAD).
    public private(set) var referenceSpread = 0.0
    /// The CUSUM's decision threshold for this block.
    public var cusumThreshold: Double { max(settings.cusumH, settings.cusumHPerSd * referenceSpread) }
    var beats: BehindBeatMonitor?
    // healthyRange
    /// The latest reading of the decline against the healthy range, nil before the reference.
    public internal(set) var reading: TapDeclineReading?
    /// The reading when the first flag went up.
    var readingAtRaise: TapDeclineReading?
    var referenceLogs: [Double] = []
    var referenceEnds: [Double] = []
    /// Every interval's log (s) and the time its closing tap came (s into the block).
    var logIntervals: [Double] = []
    var logIntervalEnds: [Double] = []
    var overSince: Double?
    var underSince: Double?

    public init(settings: TapFadeSettings, block: Block, blockStart: MonoTime, norm: TapDeclineNorm = .forAge(nil)) {
        self.settings = settings
        self.block = block
        self.blockStart = blockStart
        self.norm = norm
        let paced = block.targetRateHz.map { $0 > 0 } ?? false
        method = paced && settings.method == .healthyRange ? .cusum : settings.method
        if let hz = block.targetRateHz, hz > 0 { referenceInterval = 1 / hz }
        if let period = block.beatPeriod { beats = BehindBeatMonitor(period: period, settings: settings) }
    }

    /// The reference rate (Hz), once known.
    public var referenceRateHz: Double? { referenceInterval.map { 1 / $0 } }

    func seconds(_ time: MonoTime) -> Double { (time - blockStart).seconds }
    func time(_ seconds: Double) -> MonoTime { blockStart + .seconds(seconds) }

    /// A counted tap.
    public mutating func tap(at time: MonoTime) -> [FadeEvent] {
        let t = seconds(time)
        var events = beats?.tap(at: time) ?? []
        events += checkStop(now: t)
        let previous = taps.last
        taps.append(t)
        lastTime = max(lastTime, t)
        guard let previous else { return events }
        let interval = t - previous
        guard interval > 0 else { return events }
        logIntervals.append(log(interval))
        logIntervalEnds.append(t)
        if referenceInterval == nil {
            if t >= settings.settleSeconds {
                referenceIntervals.append(interval)
                referenceLogs.append(log(interval))
                referenceEnds.append(t)
            }
            if t >= settings.settleSeconds + settings.referenceSeconds,
               referenceIntervals.count >= settings.minimumReferenceIntervals {
                let ref = method == .healthyRange ? exp(TapDeclineReading.huberLocation(referenceLogs))
                                                  : Self.median(referenceIntervals)
                referenceInterval = ref
                let deviations = referenceIntervals.map { abs(log($0 / ref)) }
                referenceSpread = 1.4826 * Self.median(deviations)
            }
            return events
        }
        switch method {
        case .cusum: events += cusumStep(interval: interval, previous: previous, now: t)
        case .threshold: events += thresholdStep(now: t, atTap: true)
        case .healthyRange: events += healthyRangeStep(now: t)
        }
        return events
    }

    /// A metronome beat of a paced block (ignored in blocks without a beat).
    public mutating func beat(at time: MonoTime) -> [FadeEvent] {
        var events = beats?.beat(at: time) ?? []
        events += advance(to: time, includeBeats: false)
        return events
    }

    /// Time passes without a tap: every decision due at or before `time` is taken at its own
    /// deadline (`nextDeadline`), so what is decided, and when it is stamped, does not depend on
    /// how often or how late the caller asks.
    public mutating func advance(to time: MonoTime) -> [FadeEvent] {
        advance(to: time, includeBeats: true)
    }

    mutating func advance(to time: MonoTime, includeBeats: Bool) -> [FadeEvent] {
        var events: [FadeEvent] = []
        var previous: MonoTime?
        while let due = ownDeadline(includeBeats: includeBeats), due <= time {
            // Each step changes the state its deadline was computed from; a deadline that did not
            // move would be a bug in `ownDeadline`, never a reason to spin.
            guard previous.map({ due > $0 }) ?? true else { break }
            previous = due
            if includeBeats { events += beats?.advance(to: due) ?? [] }
            let t = seconds(due)
            guard t >= lastTime else { continue }
            lastTime = t
            events += checkStop(now: t)
            if method == .threshold, referenceInterval != nil, taps.count >= 2 {
                events += thresholdStep(now: t, atTap: false)
            }
        }
        return events
    }

    /// The next moment this detector must decide something even if no tap or beat comes: a
    /// missed beat, the stop limit, the threshold rule's crossing or hold. The session includes it
    /// in its own deadline, so the loop wakes for it and the flag is stamped with it.
    public var nextDeadline: MonoTime? { ownDeadline(includeBeats: true) }

    func ownDeadline(includeBeats: Bool) -> MonoTime? {
        var candidates: [Double] = []
        if active == nil { candidates.append((taps.last ?? 0) + stopLimit) }
        if method == .threshold, let ref = referenceInterval, let typical = typicalInterval, let last = taps.last {
            // Between taps the windowed rate only falls: it passes below `limit` when the open
            // interval, less a quarter of the typical one, passes 1 / limit.
            func crossing(below limit: Double) -> Double { last + 0.25 * typical + 1 / limit }
            if active == nil {
                if let since = belowSince { candidates.append(since + settings.holdSeconds) }
                else { candidates.append(crossing(below: (1 - settings.fadeFraction) / ref)) }
            } else if let since = aboveSince {
                candidates.append(since + settings.clearHoldSeconds)
                candidates.append(crossing(below: (1 - settings.recoveryFraction) / ref))
            }
        }
        // One nanosecond past the moment, where "more than" and "at least" both hold.
        var due = candidates.filter { $0 > lastTime }.min().map { time($0) + Span(nanoseconds: 1) }
        if includeBeats, let beat = beats?.nextDeadline { due = min(due ?? beat, beat) }
        return due
    }

    // MARK: stopping

    var stopLimit: Double {
        max(settings.stopSeconds, settings.stopIntervals * (referenceInterval ?? 0))
    }

    mutating func checkStop(now t: Double) -> [FadeEvent] {
        let since = taps.last ?? 0
        let open = t - since
        guard open > stopLimit else { return [] }
        guard active == nil else { return [] }
        // Raised the moment the limit passed, even if we are told later, with the figures of
        // that moment: the record does not depend on when the caller asked.
        let at = min(t, since + stopLimit)
        let gap = at - since
        var magnitude = -1.0
        if let ref = referenceInterval { magnitude = min(0, ref / gap - 1) }
        return raise(onset: since, at: at, magnitude: magnitude,
                     detail: "reason=stop;no_tap_s=" + DetailFormat.number(gap) + ";limit_s="
                        + DetailFormat.number(stopLimit))
    }

    // MARK: cusum

    mutating func cusumStep(interval: Double, previous: Double, now t: Double) -> [FadeEvent] {
        guard let ref = referenceInterval else { return [] }
        let clip = settings.logIntervalClip
        let raw = min(max(log(interval / ref), -clip), clip)
        recentLogs.append(raw)
        if recentLogs.count > settings.cusumMedianIntervals { recentLogs.removeFirst() }
        let x = recentLogs.count == 1 ? raw : Self.median(recentLogs)
        if active != nil {
            recovery = max(0, recovery + settings.cusumK - x)
            if recovery > cusumThreshold { return clear(at: t) }
            return []
        }
        let next = max(0, sum + x - settings.cusumK)
        if next > 0 && sum == 0 {
            // The run starts with the earliest of the recent intervals (those in the median)
            // that were slow, contiguous with this one.
            var start = previous
            var i = taps.count - 2
            var back = 1
            while back < recentLogs.count, i >= 1, recentLogs[recentLogs.count - 1 - back] > settings.cusumK {
                start = taps[i - 1]
                i -= 1
                back += 1
            }
            runStart = start
            runIntervals = back - 1
        }
        sum = next
        if sum == 0 {
            runStart = nil
            runIntervals = 0
            return []
        }
        runIntervals += 1
        guard sum > cusumThreshold, let start = runStart else { return [] }
        let rate = Double(runIntervals) / max(t - start, 1e-9)
        let magnitude = min(0, rate * ref - 1)
        return raise(onset: start, at: t, magnitude: magnitude,
                     detail: "method=cusum;reference_hz=" + DetailFormat.number(1 / ref) + ";k="
                        + DetailFormat.number(settings.cusumK, digits: 2) + ";h="
                        + DetailFormat.number(cusumThreshold, digits: 2))
    }

    // MARK: threshold

    /// The windowed rate at `t`: 1 / median of the last `rateWindowIntervals` ITIs, or
    /// 1 / (open − ¼ median) once the open interval runs late (`LiveTapRate`'s rule).
    func windowedRate(now t: Double) -> Double? {
        guard let typical = typicalInterval, typical > 0 else { return nil }
        return 1 / max(typical, t - taps[taps.count - 1] - 0.25 * typical)
    }

    /// The median of the last `rateWindowIntervals` ITIs, nil before two taps.
    var typicalInterval: Double? {
        guard taps.count >= 2 else { return nil }
        let n = min(settings.rateWindowIntervals, taps.count - 1)
        var intervals: [Double] = []
        intervals.reserveCapacity(n)
        for i in (taps.count - n)..<taps.count { intervals.append(taps[i] - taps[i - 1]) }
        return Self.median(intervals)
    }

    mutating func thresholdStep(now t: Double, atTap: Bool) -> [FadeEvent] {
        guard let ref = referenceInterval, let rate = windowedRate(now: t) else { return [] }
        let refRate = 1 / ref
        if active != nil {
            if rate >= (1 - settings.recoveryFraction) * refRate {
                if aboveSince == nil { aboveSince = t }
                if let since = aboveSince, t - since >= settings.clearHoldSeconds { return clear(at: t) }
            } else {
                aboveSince = nil
            }
            return []
        }
        let limit = (1 - settings.fadeFraction) * refRate
        guard rate < limit else {
            belowSince = nil
            belowOnset = nil
            return []
        }
        if belowSince == nil {
            belowSince = t
            // Onset: the start of the earliest slow interval contiguous with the latest tap.
            var onset = taps[taps.count - 1]
            var i = taps.count - 1
            while i >= 1, taps[i] - taps[i - 1] > 1 / limit {
                onset = taps[i - 1]
                i -= 1
            }
            belowOnset = onset
        }
        guard let since = belowSince, t - since >= settings.holdSeconds else { return [] }
        return raise(onset: belowOnset ?? since, at: t, magnitude: min(0, rate / refRate - 1),
                     detail: "method=threshold;reference_hz=" + DetailFormat.number(refRate) + ";fraction="
                        + DetailFormat.number(settings.fadeFraction, digits: 2) + ";hold_s="
                        + DetailFormat.number(settings.holdSeconds, digits: 2))
    }

    // MARK: flags

    mutating func raise(onset: Double, at t: Double, magnitude: Double, detail: String) -> [FadeEvent] {
        let flag = FadeFlag(kind: .fadeTap, channel: nil, onset: time(onset), raisedAt: time(t),
                            magnitude: magnitude, detail: detail)
        active = flag
        if raised.isEmpty { readingAtRaise = reading }
        raised.append(flag)
        spans.append((t, nil))
        recovery = 0
        aboveSince = nil
        return [.raised(flag)]
    }

    mutating func clear(at t: Double) -> [FadeEvent] {
        guard let flag = active else { return [] }
        active = nil
        if let last = spans.indices.last { spans[last].1 = t }
        sum = 0
        runStart = nil
        runIntervals = 0
        recovery = 0
        belowSince = nil
        belowOnset = nil
        aboveSince = nil
        overSince = nil
        underSince = nil
        return [.cleared(flag, at: time(t))]
    }

    /// The block's figures at its end.
    public func summary(blockEnd: MonoTime) -> TapFadeSummary {
        let end = seconds(blockEnd)
        let thirds = TapStatistics.thirdRates(taps, kind: block.kind, durationSeconds: block.durationSeconds)
        var index: Double?
        if let thirds, thirds.first > 0 { index = 1 - thirds.last / thirds.first }
        let flagged = spans.reduce(0.0) { $0 + max(0, min($1.1 ?? end, end) - $1.0) }
        let first = raised.first
        var summary = TapFadeSummary(
            method: method, referenceRateHz: referenceRateHz, firstThirdRateHz: thirds?.first,
            lastThirdRateHz: thirds?.last, fadeIndex: index, onsetSeconds: first.map { seconds($0.onset) },
            magnitude: first?.magnitude, fadeFlags: raised.count, flaggedSeconds: flagged,
            behindBeatCount: beats?.raisedCount ?? 0, missedBeats: beats?.missedTotal ?? 0)
        if method == .healthyRange {
            summary.norm = norm
            summary.decline = reading
            summary.declineAtFlag = readingAtRaise
            summary.declineZLimit = settings.declineZ
            summary.beyondHealthyRange = reading.map { $0.z > settings.declineZ }
        }
        if let last = taps.last, end - last > stopLimit { summary.stoppedAtSeconds = last }
        return summary
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let n = sorted.count
        guard n > 0 else { return .nan }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }
}
