/// Tapping figures from counted taps: intervals, rate, variability, asynchrony, fatigue.
///
/// Pure functions over seconds from the block's start. The per-block figures follow the finger
/// tapping literature: rate and inter-tap-interval (ITI) CV (Ruff & Parker 1993), signed
/// tap-to-beat asynchrony (negative mean asynchrony: people tap slightly ahead of the beat), and
/// a first-third vs last-third fatigue index (SCIENCE.md §2, a choice). A figure that cannot be
/// computed is nil, never NaN or ∞: `summary.json` writes nil as `null`, and JSONEncoder refuses
/// non-finite numbers.
public enum TapStatistics {
    /// The figures of one block; see `BlockTapSummary` for each definition.
    /// - Parameters:
    ///   - tapTimes: counted taps, seconds from the block's start, sorted.
    ///   - beatOffsets: signed offsets (s) of those taps from their nearest beat; empty without a metronome.
    public static func summarize(block: Block, blockIndex: Int, tapTimes: [Double], beatOffsets: [Double],
                                 autorepeats: Int) -> BlockTapSummary {
        let intervals = intervals(tapTimes)
        let thirds = thirdRates(tapTimes, kind: block.kind, durationSeconds: block.durationSeconds)
        var fatigue: Double?
        if let first = thirds?.first, first > 0, let last = thirds?.last { fatigue = 1 - last / first }
        return BlockTapSummary(
            blockIndex: blockIndex, label: block.label, kind: block.kind, durationSeconds: block.durationSeconds,
            targetRateHz: block.targetRateHz, taps: tapTimes.count, autorepeats: autorepeats,
            rateHz: rate(tapTimes), itiMeanSeconds: mean(intervals), itiCV: coefficientOfVariation(intervals),
            meanAsynchronySeconds: mean(beatOffsets), sdAsynchronySeconds: sampleSD(beatOffsets),
            firstThirdRateHz: thirds?.first, lastThirdRateHz: thirds?.last, fatigueIndex: fatigue)
    }

    /// (n − 1) / (t_last − t_first): taps per second over the span the taps cover, so the reaction
    /// time before the first tap and any idle end do not lower it. nil with < 2 taps or no span.
    public static func rate(_ times: [Double]) -> Double? {
        guard times.count >= 2, let first = times.first, let last = times.last, last > first else { return nil }
        let value = Double(times.count - 1) / (last - first)
        return value.isFinite ? value : nil
    }

    /// Taps per second in [0, D/3) and in [2D/3, D], D = the block's duration. nil for rest blocks
    /// and D ≤ 0. Thirds of the block, not of the taps, so a subject who stops early scores low
    /// in the last third instead of having it silently shortened.
    static func thirdRates(_ times: [Double], kind: Block.Kind, durationSeconds: Double)
        -> (first: Double, last: Double)? {
        guard kind == .tap, durationSeconds > 0, durationSeconds.isFinite else { return nil }
        let third = durationSeconds / 3
        let early = times.count(where: { $0 >= 0 && $0 < third })
        let late = times.count(where: { $0 >= 2 * third && $0 <= durationSeconds })
        return (Double(early) / third, Double(late) / third)
    }

    /// Differences between consecutive times.
    public static func intervals(_ times: [Double]) -> [Double] {
        guard times.count >= 2 else { return [] }
        return (1..<times.count).map { times[$0] - times[$0 - 1] }
    }

    /// Arithmetic mean; nil when empty.
    public static func mean(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let value = values.reduce(0, +) / Double(values.count)
        return value.isFinite ? value : nil
    }

    /// Sample standard deviation (n − 1); nil with < 2 values.
    ///
    /// Corrected two-pass algorithm (Chan, Golub & LeVeque 1983, "Algorithms for computing the
    /// sample variance", Am. Stat. 37:242): deviations from the mean, minus the rounding error
    /// of the mean itself. Exact for constant input, and no catastrophic cancellation of Σx²
    /// − n·mean² when values sit far from zero (tap times a thousand seconds in).
    public static func sampleSD(_ values: [Double]) -> Double? {
        guard values.count >= 2, let m = mean(values) else { return nil }
        var sum = 0.0, squares = 0.0
        for value in values {
            let d = value - m
            sum += d
            squares += d * d
        }
        let n = Double(values.count)
        let variance = max(0, (squares - sum * sum / n) / (n - 1))
        return variance.squareRoot()
    }

    /// SD / mean (sample SD); nil with < 2 values or a mean that is not positive
    /// (intervals are positive; a CV of a non-positive mean has no meaning).
    public static func coefficientOfVariation(_ values: [Double]) -> Double? {
        guard let sd = sampleSD(values), let m = mean(values), m > 0 else { return nil }
        return sd / m
    }

    /// Signed offset of a tap from the nearest beat of the grid `blockStart + k·period`, k ≥ 0
    /// (negative = ahead of the beat). Before beat 0 it is measured to beat 0; exactly halfway
    /// between two beats counts as late for the earlier one.
    ///
    /// Integer nanoseconds throughout, the same arithmetic that schedules the beats, so the
    /// offset at beat 10⁶ is as exact as at beat 1 (a Double fmod in seconds would drift).
    public static func nearestBeatOffset(tapTime: MonoTime, blockStart: MonoTime, period: Span) -> Span {
        let since = (tapTime - blockStart).nanoseconds
        let p = period.nanoseconds
        guard p > 0, since > 0 else { return Span(nanoseconds: since) }
        let late = since % p        // after beat k = since / p, in [0, p)
        let early = late - p        // before beat k + 1, in [−p, 0)
        return Span(nanoseconds: late <= -early ? late : early)
    }
}
