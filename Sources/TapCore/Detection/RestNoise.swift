/// How much the judged signal changes by itself: the RMS of the `model_drop` statistic — the
/// motor-average CBSI signal's mean over `smoothingSeconds` now minus `lagSeconds` ago — measured
/// in the session's rests from `fromSeconds` into each rest (after most of the previous block's
/// response has gone). `model_drop` raises its µM floor to `drop_noise_multiple` × this, so a
/// noisy recording does not cry wolf (docs/fade-detection.md §2: on `neuro_run01` this noise is
/// ≈ 20× the simulator's, where a fixed 0.10 µM floor flagged 6 times in 3 pseudo-blocks).
public struct RestNoise: Equatable, Sendable {
    /// Changes needed before the RMS is used (≈ 10 s of rest at 7.8 Hz): a few seconds of a slow
    /// signal say little about its spread [choice].
    public static let minimumCount = 78
    /// Changes are counted from this far into a rest: the previous block's response has mostly
    /// returned by then [choice].
    public static let defaultFromSeconds = 12.0

    let smoothingSeconds: Double, lagSeconds: Double, fromSeconds: Double
    var means: LaggedMean
    var lastT: Double?
    var sumSquares = 0.0
    public private(set) var count = 0

    public init(smoothingSeconds: Double, lagSeconds: Double, fromSeconds: Double) {
        self.smoothingSeconds = smoothingSeconds
        self.lagSeconds = lagSeconds
        self.fromSeconds = fromSeconds
        means = LaggedMean(smoothingSeconds: smoothingSeconds, lagSeconds: lagSeconds)
    }

    /// One sample of the judged signal `z`, `t` seconds into a rest (a smaller `t` than the last
    /// one starts a new rest).
    public mutating func add(t: Double, z: Double) {
        guard z.isFinite, t.isFinite else { return }
        if let lastT, t < lastT { means = LaggedMean(smoothingSeconds: smoothingSeconds, lagSeconds: lagSeconds) }
        lastT = t
        means.add(t: t, z: z, m: 0)
        guard t >= fromSeconds, let now = means.now, let before = means.lagged(now: t) else { return }
        let d = now.z - before.z
        sumSquares += d * d
        count += 1
    }

    /// The RMS change, µM; nil before `minimumCount` changes.
    public var rms: Double? { count >= Self.minimumCount ? (sumSquares / Double(count)).squareRoot() : nil }

    public static func == (a: RestNoise, b: RestNoise) -> Bool {
        a.sumSquares == b.sumSquares && a.count == b.count && a.lastT == b.lastT
    }
}
