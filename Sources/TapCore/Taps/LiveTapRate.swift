/// The tap rate shown while the subject taps, and its once-a-second history for a sparkline.
///
/// Rule: 1 / (the median of the last up to 5 inter-tap intervals), until the interval in
/// progress runs late; then 1 / (time since the last tap − ¼ of that median), which meets the
/// first expression where it takes over and tends to 1 / (time since the last tap).
/// - The median ignores one stray double tap or hesitation, which a mean of 5 would not.
/// - 5 intervals follow a real change within about a second at 5 Hz, and within 5 beats when paced.
/// - When the subject stops, the number must fall rather than freeze at the last rate: no
///   rate above 1 / (the interval now open) can be true any more.
/// - The ¼-interval tolerance keeps ordinary variation off the display: at the ≈ 7 % ITI CV of
///   fast tapping (SCIENCE.md §4) a tap 25 % late is > 3 SD out, whereas switching at the
///   median itself would dip the figure between half of all taps, 30 times a second.
/// Cost: a binary search plus at most 5 intervals per call, with no heap allocation, so the
/// 30-fps view stays cheap however long the block; `history` is one pass over taps and steps.
public enum LiveTapRate {
    /// Intervals in the median.
    static let window = 5
    /// How far past the typical interval the open interval must run before it counts, as a fraction of it.
    static let lateTolerance = 0.25
    /// Bound on `history`'s length (a day at one value per second), against a nonsense `now`.
    static let maximumHistorySteps = 86_400

    /// `tapTimes` sorted, seconds from the block's start; `now` in the same timebase (taps after it
    /// are ignored). nil with < 2 taps up to `now`.
    public static func rate(tapTimes: [Double], now: Double) -> Double? {
        rate(tapTimes, count: upperBound(tapTimes, now), now: now)
    }

    /// The rate at `stepSeconds`, 2·`stepSeconds`, … up to `now`, oldest first; 0 where undefined.
    public static func history(tapTimes: [Double], until now: Double, stepSeconds: Double = 1) -> [Double] {
        guard stepSeconds > 0, now.isFinite, now >= stepSeconds else { return [] }
        // The 1e-9 keeps `now` = 3 × 0.1 from losing its last step to rounding (2.9999999999999996).
        let steps = Int(min(now / stepSeconds + 1e-9, Double(maximumHistorySteps)))
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

    /// The rate from the first `count` taps, evaluated at `now`.
    static func rate(_ times: [Double], count: Int, now: Double) -> Double? {
        guard count >= 2 else { return nil }
        let typical = medianInterval(times, count: count)
        guard typical > 0 else { return nil }
        let open = now - times[count - 1]
        let value = 1 / max(typical, open - lateTolerance * typical)
        return value.isFinite ? value : nil
    }

    /// Median of the last up to `window` intervals among the first `count` (≥ 2) taps.
    static func medianInterval(_ times: [Double], count: Int) -> Double {
        let first = max(1, count - window)
        let n = count - first
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: window) { sorted in
            for i in 0..<n {  // insertion sort: at most 5 values
                let value = times[first + i] - times[first + i - 1]
                var j = i
                while j > 0 && sorted[j - 1] > value {
                    sorted[j] = sorted[j - 1]
                    j -= 1
                }
                sorted[j] = value
            }
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
        }
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
