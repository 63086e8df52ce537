/// The HbO/HbR the detectors judge, built from the converted rows (`HemoPipeline.add(_:).hemo`):
/// a 0.2 Hz low-pass, a gentle 0.003 Hz high-pass and a per-block baseline. With the `fnirs`
/// defaults the pipeline's own filtered signal is the same (it adopted 0.003 Hz); this type
/// keeps the detection feed fixed when a protocol sets another display band.
///
/// Why 0.003 Hz: the former 0.01 Hz band-pass (0.01–0.2 Hz, `BandPass`) is a 2nd-order
/// Butterworth high-pass whose step response crosses zero 17.7 s after the step
/// (e^(−ζωt)(cos ω_d t − sin ω_d t), ω = 2π·0.01 Hz, ζ = 1/√2). A 30 s block's HbO therefore
/// falls to ≈ 0 by ≈ 20 s in a healthy subject, exactly where a fade must be seen. Measured
/// (docs/fade-detection.md): on 0.003 Hz the default detector finds about three times as many
/// 30 % fades as on 0.01 Hz (with the expected response filtered alike in both). The per-block baseline removes
/// the offset a high-pass would, and slow drift over one block is small; a gentle 0.003 Hz
/// high-pass (`highPassHz`, 0 = none) remains for long, drifting recordings.
public struct DetectionSignal: Sendable {
    /// A gentler high-pass than the display's [choice, measured in docs/fade-detection.md]: its
    /// step response crosses zero after ≈ 59 s instead of 17.7 s (36 % left after 30 s, which the
    /// expected response models), and it still takes slow drift off; with none (0) the
    /// evaluation's false flags rose about threefold.
    public static let defaultHighPassHz = 0.003

    public let sampleRateHz: Double
    public let highPassHz: Double
    public let lowPassHz: Double
    public let baselineSeconds: Double
    var hboLow: [Biquad], hbrLow: [Biquad]
    var hboHigh: [Biquad], hbrHigh: [Biquad]
    var started = false
    public private(set) var hbo: [Double], hbr: [Double]
    public private(set) var baselineHbO: [Double], baselineHbR: [Double]
    var recent: [(time: MonoTime, hbo: [Double], hbr: [Double])] = []
    var head = 0

    public init(channelCount: Int, sampleRateHz: Double, highPassHz: Double = defaultHighPassHz,
                lowPassHz: Double = BandPass.defaultLowPassHz, baselineSeconds: Double = 5) {
        self.sampleRateHz = sampleRateHz
        self.highPassHz = highPassHz
        self.lowPassHz = lowPassHz
        self.baselineSeconds = baselineSeconds
        let low = Biquad.lowPass(cornerHz: min(lowPassHz, 0.45 * sampleRateHz), sampleRateHz: sampleRateHz)
        hboLow = Array(repeating: low, count: channelCount)
        hbrLow = hboLow
        let high = Biquad.highPass(cornerHz: max(highPassHz, 1e-6), sampleRateHz: sampleRateHz)
        hboHigh = highPassHz > 0 ? Array(repeating: high, count: channelCount) : []
        hbrHigh = hboHigh
        hbo = Array(repeating: 0, count: channelCount)
        hbr = hbo
        baselineHbO = hbo
        baselineHbR = hbo
    }

    /// One converted row (all channels).
    public mutating func add(_ row: HemoSample) {
        let n = hbo.count
        for c in 0..<min(n, row.hbo.count) {
            var o = row.hbo[c], r = row.hbr[c]
            if !started {
                hboLow[c].settle(at: o)
                hbrLow[c].settle(at: r)
                if !hboHigh.isEmpty {
                    hboHigh[c].settle(at: o)
                    hbrHigh[c].settle(at: r)
                }
            }
            if !hboHigh.isEmpty {
                o = hboHigh[c].process(o)
                r = hbrHigh[c].process(r)
            }
            hbo[c] = hboLow[c].process(o)
            hbr[c] = hbrLow[c].process(r)
        }
        if !started && !hboHigh.isEmpty {
            // High-passed from a settled start: the first output is 0, the low-pass must start there too.
            for c in 0..<n { hboLow[c].settle(at: 0); hbrLow[c].settle(at: 0) }
        }
        started = true
        recent.append((row.time, hbo, hbr))
        while head < recent.count, row.time - recent[head].time > .seconds(2 * baselineSeconds) { head += 1 }
        if head > 512 {
            recent.removeFirst(head)
            head = 0
        }
    }

    /// A block starts: its baseline is the mean over the `baselineSeconds` before `time`.
    public mutating func blockStarted(at time: MonoTime) {
        var count = 0
        var o = [Double](repeating: 0, count: hbo.count), r = o
        for i in head..<recent.count where recent[i].time <= time && time - recent[i].time <= .seconds(baselineSeconds) {
            count += 1
            for c in o.indices {
                o[c] += recent[i].hbo[c]
                r[c] += recent[i].hbr[c]
            }
        }
        guard count > 0 else { return }
        baselineHbO = o.map { $0 / Double(count) }
        baselineHbR = r.map { $0 / Double(count) }
    }

    /// Each channel's change from the block baseline (µM).
    public var hboChanges: [Double] { hbo.indices.map { hbo[$0] - baselineHbO[$0] } }
    public var hbrChanges: [Double] { hbr.indices.map { hbr[$0] - baselineHbR[$0] } }

    /// The mean change over `channels` (indices; e.g. `HemoPipeline.motorChannels`).
    public func average(_ values: [Double], over channels: [Int]) -> Double {
        let usable = channels.filter { $0 < values.count }
        guard !usable.isEmpty else { return 0 }
        return usable.reduce(0) { $0 + values[$1] } / Double(usable.count)
    }
}
