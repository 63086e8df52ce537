/// Each tapping block's epoch of the HbO signal, kept as sums so any session length fits in a
/// few numbers per channel: the study's measure, HbO per condition, is made from them
/// (`ConditionResult`).
///
/// Epoch of a block with onset T and duration D (documented in docs/optics.md, "Per condition"):
/// - baseline: the mean over [T − 5 s, T) — the HbO signal's own baseline (`HbOSignal`);
/// - amplitude: the mean over [T + 5 s, T + D) minus the baseline — from 5 s in, when an SPM
///   response has reached ≈ 80 % of its plateau [choice], to the block's end;
/// - time course: 1 s bins from −5 s to D + 15 s (the return after the block), minus the baseline.
/// Samples are taken by their times relative to T, per channel, as `HemoSample` rows arrive (the
/// corrected rows: after short-channel regression, before any baseline). A non-finite value is
/// left out of its sums. Equal, for the same rows, to MNE-Python's `Epochs(…, baseline=(-5, 0))`
/// averaged over the same samples (`make test` checks it on `nirs.snirf`).
public struct BlockEpochs: Equatable, Sendable {
    public static let baselineSeconds = 5.0
    public static let amplitudeStartSeconds = 5.0
    public static let afterSeconds = 15.0
    public static let binSeconds = 1.0

    /// One block's sums, per channel.
    public struct Epoch: Equatable, Sendable {
        public var blockIndex: Int
        public var label: String
        public var onset: MonoTime
        public var durationSeconds: Double
        /// Tap rate of the block (Hz), set when the block ends; nil without taps.
        public var rateHz: Double?
        var baselineHbO: [Sum], baselineHbR: [Sum]
        var amplitudeHbO: [Sum], amplitudeHbR: [Sum]
        /// `bins[b][c]`: bin b (from −5 s) of channel c.
        var binsHbO: [[Sum]], binsHbR: [[Sum]]

        public var binCount: Int { binsHbO.count }
        /// Seconds from onset at the start of bin b.
        public static func binStart(_ b: Int) -> Double { -BlockEpochs.baselineSeconds + Double(b) * BlockEpochs.binSeconds }
        public var endSeconds: Double { durationSeconds + BlockEpochs.afterSeconds }
    }

    /// A mean being summed.
    struct Sum: Equatable, Sendable {
        var total = 0.0
        var count = 0
        mutating func add(_ v: Double) { if v.isFinite { total += v; count += 1 } }
        var mean: Double? { count > 0 ? total / Double(count) : nil }
    }

    public let channelCount: Int
    public private(set) var epochs: [Epoch] = []
    /// The last `baselineSeconds` of rows: a block starting now takes its baseline from them.
    var recent: [HemoSample] = []
    var recentStart = 0
    /// False when every onset was given before the rows (offline, `ReportInput.Hemo`): no block
    /// starts later, so no row is kept for a baseline (and the caller's row arrays stay its own).
    public var keepsRecentRows = true

    public init(channelCount: Int) { self.channelCount = channelCount }

    /// A tapping block starts at `onset`: its baseline comes from the rows of the last
    /// `baselineSeconds` already added (kept for this), the rest as rows arrive. Offline, the onsets
    /// may also be given ahead of the rows.
    public mutating func blockStarted(index: Int, label: String, onset: MonoTime, durationSeconds: Double) {
        let bins = Int(((durationSeconds + Self.afterSeconds + Self.baselineSeconds) / Self.binSeconds).rounded(.up))
        let empty = [Sum](repeating: Sum(), count: channelCount)
        epochs.append(Epoch(blockIndex: index, label: label, onset: onset, durationSeconds: durationSeconds,
                            baselineHbO: empty, baselineHbR: empty, amplitudeHbO: empty, amplitudeHbR: empty,
                            binsHbO: Array(repeating: empty, count: bins), binsHbR: Array(repeating: empty, count: bins)))
        for row in recent[recentStart...] { add(row, to: epochs.count - 1) }
    }

    /// A block cut short (paused, restarted, the session ended): its amplitude window ends there.
    public mutating func blockEnded(index: Int, activeSeconds: Double, rateHz: Double?) {
        guard let e = epochs.lastIndex(where: { $0.blockIndex == index }) else { return }
        epochs[e].durationSeconds = min(epochs[e].durationSeconds, activeSeconds)
        epochs[e].rateHz = rateHz
    }

    /// A block restarted (`on_pause: restart`): its epoch is dropped; the restart opens a new one.
    public mutating func blockRestarted(index: Int) {
        if let e = epochs.lastIndex(where: { $0.blockIndex == index }) { epochs.remove(at: e) }
    }

    /// One row: added to every epoch whose window holds its time.
    public mutating func add(_ row: HemoSample) {
        if keepsRecentRows {
            recent.append(row)
            let keepFrom = row.time - Span.seconds(Self.baselineSeconds)
            while recentStart < recent.count, recent[recentStart].time < keepFrom { recentStart += 1 }
            if recentStart > 1024 { recent.removeFirst(recentStart); recentStart = 0 }
        }
        for e in epochs.indices.reversed() {
            let rel = (row.time - epochs[e].onset).seconds
            if rel >= epochs[e].endSeconds + Self.baselineSeconds { break }  // older epochs are complete
            add(row, to: e)
        }
    }

    mutating func add(_ row: HemoSample, to e: Int) {
        let rel = (row.time - epochs[e].onset).seconds
        guard rel >= -Self.baselineSeconds, rel < epochs[e].endSeconds else { return }
        let n = min(channelCount, row.hbo.count, row.hbr.count)
        if rel < 0 {
            Self.add(row.hbo, to: &epochs[e].baselineHbO, count: n)
            Self.add(row.hbr, to: &epochs[e].baselineHbR, count: n)
        } else if rel >= Self.amplitudeStartSeconds && rel < epochs[e].durationSeconds {
            Self.add(row.hbo, to: &epochs[e].amplitudeHbO, count: n)
            Self.add(row.hbr, to: &epochs[e].amplitudeHbR, count: n)
        }
        let b = Int(((rel + Self.baselineSeconds) / Self.binSeconds).rounded(.down))
        if b >= 0, b < epochs[e].binCount {
            Self.add(row.hbo, to: &epochs[e].binsHbO[b], count: n)
            Self.add(row.hbr, to: &epochs[e].binsHbR[b], count: n)
        }
    }

    /// Each of the first `count` values into its channel's sum, in place (one access to the
    /// epoch's sums per row rather than one per channel: the session and the report add every row).
    static func add(_ values: [Double], to sums: inout [Sum], count: Int) {
        values.withUnsafeBufferPointer { values in
            sums.withUnsafeMutableBufferPointer { sums in
                for c in 0..<min(count, sums.count) { sums[c].add(values[c]) }
            }
        }
    }
}

extension BlockEpochs.Epoch {
    /// The mean over `channels` of each channel's (window mean − baseline mean); nil when no channel
    /// has both.
    func averaged(_ window: [BlockEpochs.Sum], _ baseline: [BlockEpochs.Sum], channels: [Int]) -> Double? {
        let values = channels.compactMap { c -> Double? in
            guard c < window.count, let w = window[c].mean, let b = baseline[c].mean else { return nil }
            return w - b
        }
        return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    /// The block's HbO (HbR) amplitude over `channels` (µM).
    public func amplitude(hbr: Bool = false, channels: [Int]) -> Double? {
        hbr ? averaged(amplitudeHbR, baselineHbR, channels: channels) : averaged(amplitudeHbO, baselineHbO, channels: channels)
    }

    /// The block's time course over `channels`, one value per 1 s bin (nil where empty).
    public func timeCourse(hbr: Bool = false, channels: [Int]) -> [Double?] {
        let bins = hbr ? binsHbR : binsHbO, base = hbr ? baselineHbR : baselineHbO
        return bins.map { averaged($0, base, channels: channels) }
    }
}
