/// The tap rate shown while the subject taps.
///
/// 1 / median of the last (up to) 5 intervals: the median ignores one stray double-tap or
/// hesitation, and 5 intervals follow a change within about a second at 5 Hz. When the
/// subject stops, the rate must fall rather than freeze, so once the time since the last tap
/// exceeds that median interval the rate is 1 / (time since the last tap).
public enum LiveTapRate {
    static let window = 5

    /// `tapTimes` sorted, seconds from block start; `now` in the same timebase. nil with < 2 taps.
    public static func rate(tapTimes: [Double], now: Double) -> Double? {
        let end = upperBound(tapTimes, now)
        return rate(tapTimes, count: end, now: now)
    }

    /// The rate at 1 s, 2 s, … up to `now` (0 where undefined), for a sparkline.
    public static func history(tapTimes: [Double], until now: Double, stepSeconds: Double = 1) -> [Double] {
        guard stepSeconds > 0, now >= stepSeconds else { return [] }
        let steps = Int(now / stepSeconds)
        var result: [Double] = []
        result.reserveCapacity(steps)
        var end = 0
        for k in 1...steps {
            let t = Double(k) * stepSeconds
            while end < tapTimes.count && tapTimes[end] <= t { end += 1 }
            result.append(rate(tapTimes, count: end, now: t) ?? 0)
        }
        return result
    }

    static func rate(_ times: [Double], count: Int, now: Double) -> Double? {
        guard count >= 2 else { return nil }
        let first = max(1, count - window)
        var intervals = (first..<count).map { times[$0] - times[$0 - 1] }
        intervals.sort()
        let n = intervals.count
        let median = n % 2 == 1 ? intervals[n / 2] : (intervals[n / 2 - 1] + intervals[n / 2]) / 2
        guard median > 0 else { return nil }
        let sinceLast = now - times[count - 1]
        return sinceLast > median ? 1 / sinceLast : 1 / median
    }

    /// Index of the first time greater than `value` (binary search).
    static func upperBound(_ times: [Double], _ value: Double) -> Int {
        var low = 0, high = times.count
        while low < high {
            let mid = (low + high) / 2
            if times[mid] <= value { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
