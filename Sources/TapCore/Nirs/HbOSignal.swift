/// The one HbO/HbR signal tapnirs reads: what the clinician's screen plots, what the detectors
/// judge, what summary.json's per-block and per-condition figures and the report are made of
/// (docs/optics.md, "The HbO signal").
///
/// Definition: each channel's ΔHbO/ΔHbR from MNE's conversion (`HemoConverter`; with short-
/// separation channels, after regressing them out, `ShortChannelRegressor`), **minus its mean
/// over the `baselineSeconds` (5 s) before the latest tapping block's onset** ([onset − 5 s, onset)). A segment runs from
/// 5 s before one tapping onset to 5 s before the next, so a block and the rest after it share
/// one baseline (the return to it, the undershoot, are seen); before the first tapping block the
/// baseline is 0 (the intensity reference of the first seconds). No high-pass and no low-pass.
///
/// Why no filter (docs/optics.md): a causal 0.003 Hz high-pass, the former display filter, ends a
/// noise-free, sustained 30 s SPM response at 52–58 % of its peak, so every healthy block looked
/// like a fade; without it the block ends at 87 % of its peak, the response's own shape. Drift is
/// handled by the baseline before each block, taken afresh for every block. Carrying a drift
/// slope from the rests before was measured and rejected: on neuro_run01's pseudo-blocks a
/// line through the last three pre-block baselines made the error at a block's end worse
/// (RMS 1.80 µM against 1.29 µM without it; `docs/optics.md`), real slow noise not being linear.
/// The same segments, offline, are exactly MNE-Python's `Epochs(baseline=(-5, 0))` of the same
/// channels, which `make test` checks (docs/optics.md).
///
/// Where a single value is shown (the screen's Δ, the plot's points) it is the mean of the last
/// second of this signal: presentation, not another signal.
public struct HbOSignal: Sendable {
    public static let defaultBaselineSeconds = 5.0
    public let baselineSeconds: Double
    /// Per channel, the baseline of the current segment (µM), zeros before the first tapping block.
    public private(set) var referenceHbO: [Double]
    public private(set) var referenceHbR: [Double]
    /// Where the current segment started (5 s before its tapping onset), nil before the first.
    public private(set) var segmentStart: MonoTime?
    /// The rows of the last `baselineSeconds`, for the next baseline (a ring: `head` is the oldest).
    var recent: [HemoSample] = []
    var head = 0

    public init(channelCount: Int, baselineSeconds: Double = defaultBaselineSeconds) {
        self.baselineSeconds = baselineSeconds
        referenceHbO = Array(repeating: 0, count: channelCount)
        referenceHbR = referenceHbO
    }

    /// One row (all channels) as converted, in time order.
    public mutating func add(_ row: HemoSample) {
        recent.append(row)
        let keep = Span.seconds(baselineSeconds)
        while head < recent.count, row.time - recent[head].time > keep { head += 1 }
        if head > 256 {
            recent.removeFirst(head)
            head = 0
        }
    }

    /// A tapping block starts: the new baseline is each channel's mean over [onset − 5 s, onset).
    /// A channel with no finite value there keeps its old baseline. Returns the baseline change
    /// (new − old) per channel, so a plot can re-reference what it drew since `segmentStart`.
    @discardableResult
    public mutating func tappingBlockStarted(at onset: MonoTime) -> (hbo: [Double], hbr: [Double]) {
        let n = referenceHbO.count
        var o = [Double](repeating: 0, count: n), r = o, no = [Int](repeating: 0, count: n), nr = no
        for i in head..<recent.count {
            let row = recent[i]
            guard row.time < onset, onset - row.time <= .seconds(baselineSeconds) else { continue }
            for c in 0..<min(n, row.hbo.count) {
                if row.hbo[c].isFinite { o[c] += row.hbo[c]; no[c] += 1 }
                if row.hbr[c].isFinite { r[c] += row.hbr[c]; nr[c] += 1 }
            }
        }
        var changeO = [Double](repeating: 0, count: n), changeR = changeO
        for c in 0..<n {
            if no[c] > 0 { changeO[c] = o[c] / Double(no[c]) - referenceHbO[c]; referenceHbO[c] += changeO[c] }
            if nr[c] > 0 { changeR[c] = r[c] / Double(nr[c]) - referenceHbR[c]; referenceHbR[c] += changeR[c] }
        }
        segmentStart = onset - .seconds(baselineSeconds)
        return (changeO, changeR)
    }

    /// A row as the signal: its values minus the current baseline.
    public func referenced(_ row: HemoSample) -> HemoSample {
        var out = row
        for c in 0..<min(row.hbo.count, referenceHbO.count) {
            out.hbo[c] = row.hbo[c] - referenceHbO[c]
            out.hbr[c] = row.hbr[c] - referenceHbR[c]
        }
        return out
    }

    // MARK: offline (the report, per-condition results)

    /// One series (values at `times`, s) as the signal: minus its mean over the `baselineSeconds`
    /// before each tapping onset, segment by segment (from 5 s before an onset to 5 s before the
    /// next), 0 before the first. A segment whose baseline has no finite value keeps the previous
    /// one. The same rule as the live `tappingBlockStarted`, for a recorded series.
    public static func referenced(_ values: [Double], times: [Double], tappingOnsets: [Double],
                                  baselineSeconds: Double = defaultBaselineSeconds) -> [Double] {
        let onsets = tappingOnsets.sorted()
        var references: [Double] = []
        var previous = 0.0
        for onset in onsets {
            var sum = 0.0, count = 0
            for (t, v) in zip(times, values) where t >= onset - baselineSeconds && t < onset && v.isFinite {
                sum += v
                count += 1
            }
            previous = count > 0 ? sum / Double(count) : previous
            references.append(previous)
        }
        var segment = -1
        return zip(times, values).map { t, v in
            while segment + 1 < onsets.count, t >= onsets[segment + 1] - baselineSeconds { segment += 1 }
            return v - (segment >= 0 ? references[segment] : 0)
        }
    }
}
