/// The mean of the judged signal z and the expected response m over the last `seconds`
/// (samples younger than that), one sample at a time, without re-summing.
struct SlidingMean: Sendable {
    let seconds: Double
    var entries: [(t: Double, z: Double, m: Double)] = []
    var head = 0
    var sumZ = 0.0, sumM = 0.0

    init(seconds: Double) { self.seconds = seconds }

    /// Adds a sample `t` s into the block and returns the means (z̄, m̄) over the window.
    mutating func add(t: Double, z: Double, m: Double) -> (z: Double, m: Double) {
        entries.append((t, z, m))
        sumZ += z
        sumM += m
        while head < entries.count, t - entries[head].t >= seconds {
            sumZ -= entries[head].z
            sumM -= entries[head].m
            head += 1
        }
        if head > 256 {
            entries.removeFirst(head)
            head = 0
        }
        let n = Double(entries.count - head)
        return (sumZ / n, sumM / n)
    }
}

/// The smoothed (z̄, m̄) of recent samples, to look back `lag` seconds: `head` is always the newest
/// entry at least `lag` old (to a microsecond), so a look-back is O(1) however high the rate.
struct SmoothedHistory: Sendable {
    let lag: Double
    var entries: [(t: Double, z: Double, m: Double)] = []
    var head = 0

    init(lag: Double) { self.lag = lag }

    mutating func add(t: Double, z: Double, m: Double) {
        entries.append((t, z, m))
        while head + 1 < entries.count, t - entries[head + 1].t >= lag - 1e-6 { head += 1 }
        if head > 256 {
            entries.removeFirst(head)
            head = 0
        }
    }

    /// The newest entry at least `lag` s older than `t`, nil when none is that old yet.
    func value(now t: Double) -> (t: Double, z: Double, m: Double)? {
        guard head < entries.count, t - entries[head].t >= lag - 1e-6 else { return nil }
        return entries[head]
    }
}

/// The drop statistic's two halves: the mean over the last `smoothingSeconds` now, and the same
/// mean `lagSeconds` ago. `model_drop` judges its change in a block; `RestNoise` measures its
/// spread in rests.
struct LaggedMean: Sendable {
    var window: SlidingMean
    var history: SmoothedHistory

    init(smoothingSeconds: Double, lagSeconds: Double) {
        window = SlidingMean(seconds: smoothingSeconds)
        history = SmoothedHistory(lag: lagSeconds)
    }

    mutating func add(t: Double, z: Double, m: Double) {
        let (meanZ, meanM) = window.add(t: t, z: z, m: m)
        history.add(t: t, z: meanZ, m: meanM)
    }

    /// The means (z̄, m̄) now, nil before the first sample.
    var now: (t: Double, z: Double, m: Double)? { history.entries.last }

    /// The means `lagSeconds` before `t`, nil until that long has passed.
    func lagged(now t: Double) -> (t: Double, z: Double, m: Double)? { history.value(now: t) }
}
