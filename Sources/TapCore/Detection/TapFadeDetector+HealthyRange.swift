#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `healthyRange`: the decline so far against the healthy range (`TapDeclineReading`), judged at
/// every tap — never by the passing of time, so the same taps give the same flags at any redraw
/// rate (a subject who stops is the stop rule's, which has its own deadline).
extension TapFadeDetector {
    /// The current window of log intervals: those ending in the last `declineWindowSeconds`, at
    /// least `windowIntervals` of them; its index range in `logIntervals`.
    func declineWindow(now t: Double) -> Range<Int> {
        let end = logIntervals.count
        var lower = end
        while lower > 0, t - logIntervalEnds[lower - 1] < settings.declineWindowSeconds { lower -= 1 }
        lower = min(lower, max(0, end - windowIntervals))
        return lower..<end
    }

    /// The fewest intervals the current window holds: `declineWindowIntervals` for a regular tapper,
    /// more for one whose start window was irregular — (s / `declineRegularSpread`)² times as many,
    /// at most `declineWindowMaxIntervals` — so an irregular tapper's reading is not judged on a
    /// handful of noisy intervals (their sudden drops are found later; docs/fade-detection.md).
    var windowIntervals: Int {
        let ratio = referenceSpread / settings.declineRegularSpread
        let wanted = Double(settings.declineWindowIntervals) * max(1, ratio * ratio)
        return Int(min(wanted, Double(max(settings.declineWindowMaxIntervals, settings.declineWindowIntervals))).rounded())
    }

    /// The reading now (at the latest tap), nil before the reference exists.
    func currentReading(now t: Double) -> TapDeclineReading? {
        guard referenceInterval != nil, !referenceLogs.isEmpty else { return nil }
        let window = declineWindow(now: t)
        guard window.count >= 3 else { return nil }
        let now = Array(logIntervals[window])
        let ends = Array(logIntervalEnds[window])
        return TapDeclineReading.measure(start: referenceLogs, startEnds: referenceEnds, now: now, nowEnds: ends,
                                         durationSeconds: block.durationSeconds, norm: norm,
                                         fluctuation: settings.rateFluctuationFraction)
    }

    mutating func healthyRangeStep(now t: Double) -> [FadeEvent] {
        guard let current = currentReading(now: t) else { return [] }
        reading = current
        if active != nil {
            guard current.z < settings.declineClearZ else {
                underSince = nil
                return []
            }
            if underSince == nil { underSince = t }
            guard let since = underSince, t - since >= settings.clearHoldSeconds else { return [] }
            return clear(at: t)
        }
        guard current.z > settings.declineZ else {
            overSince = nil
            return []
        }
        if overSince == nil { overSince = t }
        guard let since = overSince, t - since >= settings.declineHoldSeconds else { return [] }
        return raise(onset: slowRunStart(before: t), at: t, magnitude: -current.declineFraction,
                     detail: "method=healthy_range;decline=" + DetailFormat.number(current.declineFraction)
                        + ";healthy_mean=" + DetailFormat.number(current.healthyMeanFraction)
                        + ";healthy_sd=" + DetailFormat.number(current.healthySdFraction)
                        + ";z=" + DetailFormat.number(current.z, digits: 2)
                        + ";z_limit=" + DetailFormat.number(settings.declineZ, digits: 2)
                        + ";norm=" + norm.ageBand + (norm.ageAssumed ? "_assumed" : ""))
    }

    /// Where the slowing began: walking back from the latest interval, the start of the earliest
    /// interval of the run whose median-of-three log ITI stays slower than the healthy mean + 1 SD
    /// allows at its time (the change-point a clinician would mark on the tap plot).
    func slowRunStart(before t: Double) -> Double {
        guard let ref = referenceInterval, logIntervals.count >= 1 else { return t }
        let refLog = log(ref)
        func slowerThanHealthy(_ i: Int) -> Bool {
            let lo = max(0, i - 1), hi = min(logIntervals.count - 1, i + 1)
            let smoothed = Self.median(Array(logIntervals[lo...hi]))
            let g = max(0, logIntervalEnds[i] / block.durationSeconds)
            let allowed = min(0.95, (norm.meanFraction + norm.sdFraction) * g)
            return smoothed - refLog > -log(1 - allowed)
        }
        var i = logIntervals.count - 1
        guard slowerThanHealthy(i) else { return logIntervalEnds[i] }
        while i > 0, slowerThanHealthy(i - 1) { i -= 1 }
        return logIntervalEnds[i] - exp(logIntervals[i])
    }
}
