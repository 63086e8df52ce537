/// The few derived series the report plots. Each rule is simple on purpose and stated in the
/// report itself (`ReportHTML` prints these descriptions under the plots):
///
/// - **Tap rate**: counted taps in consecutive 1 s bins from session zero (taps/s; a last bin cut short by the session's end is divided by its length), and per
///   tapping block the live-rate rule the clinician saw (`LiveTapRate`: 1 / median of the last
///   5 intervals, falling when the open interval runs late), every 0.25 s.
/// - **Motor average**: at each `hemo.tsv` row, the mean ΔHbO (ΔHbR) over the channels whose
///   `channels.tsv` status is `good` (non-finite values left out), as the HbO signal the clinician
///   saw live (`HbOSignal.referenced`, docs/optics.md): no filter; from 5 s before a tapping
///   block's onset to 5 s before the next one's, the series minus its mean over the 5 s before
///   that onset (before the first such window, as recorded).
/// - **Channel activation**: per channel, mean ΔHbO over each tapping block minus its mean over
///   the 5 s before that block's onset, averaged over the tapping blocks (µM).
public enum ReportAnalysis {
    public static let rateBinSeconds = 1.0
    public static let referenceSeconds = 5.0

    /// Counted-tap rate in 1 s bins: `(binStart, taps/s)`, covering `0..<span`.
    public static func tapRate(_ taps: [ReportInput.Tap], span: Double) -> [(start: Double, rate: Double)] {
        let bins = max(1, Int((span / rateBinSeconds).rounded(.up)))
        var counts = [Int](repeating: 0, count: bins)
        for tap in taps where tap.counted && tap.onset >= 0 {
            let index = Int(tap.onset / rateBinSeconds)
            if index < bins { counts[index] += 1 }
        }
        // The last bin may be cut short by the session's end: divide by the time it covers.
        return counts.enumerated().map { index, count in
            let start = Double(index) * rateBinSeconds
            let length = min(rateBinSeconds, span - start)
            return (start, length > 0 ? Double(count) / length : 0)
        }
    }

    public static let liveRateStepSeconds = 0.25

    /// Per tapping block: `(time from session zero, live rate)` every 0.25 s, from the block's
    /// second tap on (the rule is undefined before it).
    public static func liveRate(_ taps: [ReportInput.Tap], block: ReportInput.TimelineBlock, end: Double) -> [(time: Double, rate: Double)] {
        let times = taps.filter { $0.counted && $0.block == block.number }.map { $0.onset - block.onset }.sorted()
        guard times.count >= 2 else { return [] }
        let until = max(0, min(block.duration, end - block.onset))
        let history = LiveTapRate.history(tapTimes: times, until: until, stepSeconds: liveRateStepSeconds)
        return history.enumerated().compactMap { k, rate in
            let t = Double(k + 1) * liveRateStepSeconds
            return t >= times[1] ? (block.onset + t, rate) : nil
        }
    }

    /// The motor average of good channels, smoothed and referenced per tapping block (see above).
    /// NaN where no good channel had a value. (The per-row mean is taken as hemo.tsv is read: `ReportInput.Hemo`.)
    public static func motorAverage(_ hemo: ReportInput.Hemo, blocks: [ReportInput.TimelineBlock])
        -> (hbo: [Double], hbr: [Double]) {
        let onsets = tappingBlocks(blocks).map(\.onset)
        let hbo = HbOSignal.referenced(hemo.motorHbo, times: hemo.times, tappingOnsets: onsets, baselineSeconds: referenceSeconds)
        let hbr = HbOSignal.referenced(hemo.motorHbr, times: hemo.times, tappingOnsets: onsets, baselineSeconds: referenceSeconds)
        return (hbo, hbr)
    }

    /// The blocks the activation and the motor average's reference windows are taken over.
    static func tappingBlocks(_ blocks: [ReportInput.TimelineBlock]) -> [ReportInput.TimelineBlock] {
        blocks.filter { $0.kind == .tap && !$0.isBaseline }
    }

    /// Per channel: mean ΔHbO in tapping blocks minus the 5 s before each, averaged over blocks (µM); nil without data.
    /// A block's window ends at its end or at `end` (the session's end, at or after every row), whichever is first;
    /// the sums were taken as hemo.tsv was read (`ReportInput.Hemo`).
    public static func activation(_ hemo: ReportInput.Hemo, end: Double) -> [Double?] {
        hemo.channels.indices.map { c -> Double? in
            var changes: [Double] = []
            for (b, block) in hemo.tappingBlocks.enumerated() {
                var during = hemo.activationSums[b][c].during
                if end < block.end && hemo.lastTime >= end {
                    // Rows at the session's very end are outside a window cut short by it.
                    during.total -= hemo.lastRowSums[b][c].total
                    during.count -= hemo.lastRowSums[b][c].count
                }
                if let during = during.mean, let before = hemo.activationSums[b][c].before.mean {
                    changes.append(during - before)
                }
            }
            return changes.isEmpty ? nil : changes.reduce(0, +) / Double(changes.count)
        }
    }
}
