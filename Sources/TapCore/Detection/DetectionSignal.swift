/// What the HbO detectors judge: the HbO signal (`HbOSignal`: MNE's conversion, short channels
/// regressed out, minus the baseline before the latest tapping block) seen through the detectors'
/// own causal 0.2 Hz low-pass (`HbOFadeSettings.filterLowPassHz`), which takes the heartbeat off.
///
/// The low-pass runs on the corrected rows continuously (across block starts, so a new baseline
/// makes no filter transient); the baseline subtracted is the signal's own (the unfiltered mean
/// of the 5 s before the onset), set by `tappingBlockStarted`. A noise-free sustained response
/// thus keeps its plateau: no high-pass takes it back to zero (the former 0.003 Hz high-pass
/// ended a 30 s block at 52–58 % of its peak; docs/optics.md).
public struct DetectionSignal: Sendable {
    public let sampleRateHz: Double
    public let lowPassHz: Double
    var hboLow: [Biquad], hbrLow: [Biquad]
    var started = false
    /// The low-passed corrected values (µM), before the baseline.
    public private(set) var hbo: [Double], hbr: [Double]
    /// The signal's current baseline (µM per channel).
    public private(set) var baselineHbO: [Double], baselineHbR: [Double]
    /// Each channel's change from the baseline (µM), `hbo − baselineHbO`: kept up to date in
    /// place rather than made anew at every read (two arrays a sample).
    public private(set) var hboChanges: [Double], hbrChanges: [Double]

    public init(channelCount: Int, sampleRateHz: Double, lowPassHz: Double = BandPass.defaultLowPassHz) {
        self.sampleRateHz = sampleRateHz
        self.lowPassHz = lowPassHz
        let low = Biquad.lowPass(cornerHz: min(lowPassHz, 0.45 * sampleRateHz), sampleRateHz: sampleRateHz)
        hboLow = Array(repeating: low, count: channelCount)
        hbrLow = hboLow
        hbo = Array(repeating: 0, count: channelCount)
        hbr = hbo
        baselineHbO = hbo
        baselineHbR = hbo
        hboChanges = hbo
        hbrChanges = hbo
    }

    /// One corrected row (all channels; `HemoPipeline.Output.corrected`).
    public mutating func add(_ row: HemoSample) {
        for c in 0..<min(hbo.count, row.hbo.count) {
            let o = row.hbo[c], r = row.hbr[c]
            // A non-finite sample would leave the filter at NaN for good: the channel holds its value.
            guard o.isFinite, r.isFinite else { continue }
            if !started {
                hboLow[c].settle(at: o)
                hbrLow[c].settle(at: r)
            }
            hbo[c] = hboLow[c].process(o)
            hbr[c] = hbrLow[c].process(r)
            updateChanges(c)
        }
        started = true
    }

    /// A tapping block starts: the signal's new baseline (`HbOSignal.referenceHbO`/`referenceHbR`).
    public mutating func tappingBlockStarted(baselineHbO: [Double], baselineHbR: [Double]) {
        self.baselineHbO = baselineHbO
        self.baselineHbR = baselineHbR
        for c in hbo.indices { updateChanges(c) }
    }

    /// Channel `c`'s `hboChanges`/`hbrChanges` from its filtered value and its baseline.
    @inline(__always)
    private mutating func updateChanges(_ c: Int) {
        hboChanges[c] = hbo[c] - baselineHbO[c]
        hbrChanges[c] = hbr[c] - baselineHbR[c]
    }

    /// The mean change over `channels` (indices; e.g. `HemoPipeline.motorChannels`).
    public func average(_ values: [Double], over channels: [Int]) -> Double {
        var sum = 0.0, count = 0
        for c in channels where c < values.count {
            sum += values[c]
            count += 1
        }
        return count == 0 ? 0 : sum / Double(count)
    }
}
