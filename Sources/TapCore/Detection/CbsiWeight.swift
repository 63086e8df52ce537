/// The session's CBSI weight α (Cui, Bray & Reiss 2010): SD(HbO) / SD(HbR), estimated from
/// everything the session has recorded, for the motor average and each channel.
///
/// Why not α from the block alone (the first version): in a block's first seconds α rests on a
/// handful of samples of a rising response and swings widely, so Mayer waves leaked through and
/// the judged signal's residual SD 8–12 s into a fast block was ≈ 0.2 µM; with α from the session
/// it is ≈ 0.04 µM (docs/fade-detection.md). A detector starts from the session's sums and keeps
/// adding its block's samples, so a first block after a short baseline still gets a steady α.
///
/// The SDs are of sample-to-sample differences: the filtered signals' slow drift and the task's
/// block-long swings would otherwise dominate them, while systemic waves (which CBSI must cancel)
/// are what moves a sample to the next. Differences are taken within a block only
/// (`blockStarted` forgets the last sample, whose baseline differs), and only while the set of
/// channels averaged stays the same.
public struct CbsiWeight: Equatable, Sendable {
    /// Differences needed before α is trusted (≈ 6 s at 7.8 Hz); until then the detector uses the
    /// SDs of the block so far.
    public static let minimumDifferences = 50
    /// The weight of the prior α = 3 (`HbOSeriesTracker.defaultAlpha`), in differences (≈ 51 s at
    /// 7.8 Hz): a first block after a 10 s baseline is judged with α close to 3, not with a
    /// 10 s estimate that may be 1.5 or 5.4 (measured in whole simulated sessions: 5 false flags in 30
    /// healthy sessions with no prior, 2 with 200, 1 with 400, 0 with 1000 — which found fewer
    /// fading blocks, 12 of 30 against 16); the evaluation's sessions, with 30 s before their first
    /// block, do not change [choice, measured].
    public static let priorDifferences = 400

    /// Σ(ΔHbO)², Σ(ΔHbR)² and the number of differences, for one series.
    public struct Sums: Equatable, Sendable {
        public var hbo = 0.0, hbr = 0.0, count = 0
        var last: (hbo: Double, hbr: Double)?

        public init() {}

        /// Adds the difference to the previous sample (none for the first).
        mutating func add(hbo: Double, hbr: Double) {
            guard hbo.isFinite, hbr.isFinite else { return }
            if let last {
                let o = hbo - last.hbo, r = hbr - last.hbr
                self.hbo += o * o
                self.hbr += r * r
                count += 1
            }
            last = (hbo, hbr)
        }

        /// α, clamped to `HbOSeriesTracker.alphaRange` and shrunk towards the prior
        /// `HbOSeriesTracker.defaultAlpha` with the weight of `priorDifferences`; nil before
        /// `minimumDifferences`.
        public var alpha: Double? {
            guard count >= CbsiWeight.minimumDifferences, hbr > 0, hbo.isFinite else { return nil }
            let measured = min(max((hbo / hbr).squareRoot(), HbOSeriesTracker.alphaRange.lowerBound),
                               HbOSeriesTracker.alphaRange.upperBound)
            let n = Double(count), n0 = Double(CbsiWeight.priorDifferences)
            return (n0 * HbOSeriesTracker.defaultAlpha + n * measured) / (n0 + n)
        }

        public static func == (a: Sums, b: Sums) -> Bool {
            a.hbo == b.hbo && a.hbr == b.hbr && a.count == b.count && a.last?.hbo == b.last?.hbo && a.last?.hbr == b.last?.hbr
        }
    }

    public private(set) var average = Sums()
    public private(set) var channels: [Sums] = []
    var averagedOver: [Int] = []

    public init() {}

    /// One sample: the motor average (over the channel indices `averagedOver`) and every channel,
    /// HbO and HbR (µM). A change of `averagedOver` starts the average's differences afresh.
    public mutating func observe(hbo: Double, hbr: Double, channelsHbO: [Double], channelsHbR: [Double],
                                 averagedOver: [Int] = []) {
        if averagedOver != self.averagedOver {
            self.averagedOver = averagedOver
            average.last = nil
        }
        average.add(hbo: hbo, hbr: hbr)
        if channels.count != channelsHbO.count { channels = Array(repeating: Sums(), count: channelsHbO.count) }
        for c in channels.indices where c < channelsHbR.count {
            channels[c].add(hbo: channelsHbO[c], hbr: channelsHbR[c])
        }
    }

    /// The next sample starts a new block (its baseline changed): no difference across it.
    public mutating func blockStarted() {
        average.last = nil
        for c in channels.indices { channels[c].last = nil }
    }

    /// α of the motor average, nil until `minimumDifferences` are in.
    public var alpha: Double? { average.alpha }
}
