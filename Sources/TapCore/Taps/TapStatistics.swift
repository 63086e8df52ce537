/// Tapping figures from counted taps: intervals, rate, variability, asynchrony, fatigue.
///
/// Pure functions over seconds-from-block-start. The per-block figures follow the finger
/// tapping literature: rate and ITI CV (Ruff & Parker 1993), signed tap-to-beat asynchrony
/// (negative mean asynchrony: people tap slightly ahead of the beat), and a first-third vs
/// last-third fatigue index (SCIENCE.md §2, a choice).
public enum TapStatistics {
    public static func summarize(block: Block, blockIndex: Int, tapTimes: [Double], beatOffsets: [Double],
                                 autorepeats: Int) -> BlockTapSummary {
        let intervals = intervals(tapTimes)
        var rate: Double?
        if let first = tapTimes.first, let last = tapTimes.last, tapTimes.count >= 2, last > first {
            rate = Double(tapTimes.count - 1) / (last - first)
        }
        let duration = block.durationSeconds
        var firstThird: Double?, lastThird: Double?, fatigue: Double?
        if block.kind == .tap, duration > 0 {
            let third = duration / 3
            firstThird = Double(tapTimes.filter { $0 >= 0 && $0 < third }.count) / third
            lastThird = Double(tapTimes.filter { $0 >= 2 * third && $0 <= duration }.count) / third
            if let f = firstThird, f > 0, let l = lastThird { fatigue = 1 - l / f }
        }
        return BlockTapSummary(
            blockIndex: blockIndex, label: block.label, kind: block.kind, durationSeconds: duration,
            targetRateHz: block.targetRateHz, taps: tapTimes.count, autorepeats: autorepeats, rateHz: rate,
            itiMeanSeconds: intervals.isEmpty ? nil : mean(intervals),
            itiCV: intervals.count >= 2 ? coefficientOfVariation(intervals) : nil,
            meanAsynchronySeconds: beatOffsets.isEmpty ? nil : mean(beatOffsets),
            sdAsynchronySeconds: beatOffsets.count >= 2 ? sampleSD(beatOffsets) : nil,
            firstThirdRateHz: firstThird, lastThirdRateHz: lastThird, fatigueIndex: fatigue)
    }

    /// Differences between consecutive times.
    public static func intervals(_ times: [Double]) -> [Double] {
        guard times.count >= 2 else { return [] }
        return (1..<times.count).map { times[$0] - times[$0 - 1] }
    }

    public static func mean(_ values: [Double]) -> Double {
        values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
    }

    /// Sample standard deviation (n − 1), two-pass for numerical stability.
    public static func sampleSD(_ values: [Double]) -> Double {
        guard values.count >= 2 else { return .nan }
        let m = mean(values)
        let squares = values.reduce(0) { $0 + ($1 - m) * ($1 - m) }
        return (squares / Double(values.count - 1)).squareRoot()
    }

    /// SD / mean.
    public static func coefficientOfVariation(_ values: [Double]) -> Double {
        sampleSD(values) / mean(values)
    }

    /// Signed offset of a tap from the nearest beat of the grid `blockStart + k·period`, k ≥ 0,
    /// in integer nanoseconds (no drift however many beats in). Before beat 0 it is measured to beat 0.
    public static func nearestBeatOffset(tapTime: MonoTime, blockStart: MonoTime, period: Span) -> Span {
        let since = (tapTime - blockStart).nanoseconds
        let p = period.nanoseconds
        guard p > 0, since > 0 else { return Span(nanoseconds: since) }
        let k = since / p
        let before = since - k * p           // offset after beat k (≥ 0)
        let after = before - p               // offset before beat k+1 (< 0)
        return Span(nanoseconds: before <= -after ? before : after)
    }
}
