#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Is each channel worth looking at? Judged every second over the last `windowSeconds`:
///
/// - **flat**: the light does not change at all (relative SD < 1e-5): a dead detector or a
///   saturated one clipping at its maximum;
/// - **noisy**: the light swings by more than 10 % (coefficient of variation) [choice: ten
///   times what the cardiac pulse and Mayer waves do; motion or a loose optode];
/// - **poor coupling**: the scalp coupling index (Pollonini et al. 2014,
///   doi:10.1016/j.heares.2013.11.007) — the correlation of the two wavelengths' optical
///   density in the cardiac band (0.5–2.5 Hz) — is below 0.75. An optode on the scalp sees the
///   heartbeat at both wavelengths together; one off the scalp sees two unrelated noises.
///
/// SCI needs the cardiac band below Nyquist (rate ≥ 3 Hz) and two wavelengths; for `hb`
/// streams and slow devices only flat and noisy are judged.
public struct ChannelQuality: Sendable {
    public enum Status: String, Equatable, Sendable, Codable, CaseIterable {
        /// Less than one window of data yet.
        case measuring
        case good
        case flat
        case noisy
        case poorCoupling = "poor_coupling"

        /// BIDS `channels.tsv` status.
        public var bidsStatus: String { self == .good || self == .measuring ? "good" : "bad" }
    }

    public struct Assessment: Equatable, Sendable {
        public var status: Status
        /// Scalp coupling index over the window, nil when it cannot be computed.
        public var sci: Double?
        /// Largest coefficient of variation of the light (or SD of HbO in µM for `hb`).
        public var variation: Double?
    }

    public static let sciThreshold = 0.75
    public static let noisyVariation = 0.10
    public static let flatVariation = 1e-5
    /// `hb` streams: SD of HbO over the window above this is noisy, below the flat one is flat [choice].
    public static let noisyHbMicromolar = 5.0
    public static let flatHbMicromolar = 1e-6
    public static let cardiacBandHz = (low: 0.5, high: 2.5)

    public let layout: NirsLayout
    public let windowSamples: Int
    let evaluateEvery: Int
    let sciAvailable: Bool
    /// Per channel × 2: cardiac band-pass filters for each wavelength's OD.
    var highPass: [Biquad]
    var lowPass: [Biquad]
    /// Ring of the last `windowSamples` samples: raw values, and cardiac-band OD (2 per channel).
    var raw: [Double]
    var cardiac: [Double]
    var written = 0
    public private(set) var assessments: [Assessment]

    public init(layout: NirsLayout, windowSeconds: Double = 10) {
        self.layout = layout
        windowSamples = max(4, Int((windowSeconds * layout.rateHz).rounded()))
        evaluateEvery = max(1, Int(layout.rateHz.rounded()))
        sciAvailable = layout.kind != .hb && layout.wavelengths.count == 2 && layout.rateHz >= 3
        let n = layout.channels.count
        let lowCorner = min(Self.cardiacBandHz.high, 0.45 * layout.rateHz)
        highPass = Array(repeating: .highPass(cornerHz: Self.cardiacBandHz.low, sampleRateHz: max(layout.rateHz, 1.1)),
                         count: sciAvailable ? 2 * n : 0)
        lowPass = Array(repeating: .lowPass(cornerHz: lowCorner, sampleRateHz: max(layout.rateHz, 1.1)),
                        count: sciAvailable ? 2 * n : 0)
        raw = Array(repeating: 0, count: windowSamples * layout.valuesPerSample)
        cardiac = Array(repeating: 0, count: sciAvailable ? windowSamples * 2 * n : 0)
        assessments = Array(repeating: Assessment(status: .measuring, sci: nil, variation: nil), count: n)
    }

    /// Adds one sample; returns the indices of channels whose status changed (judged once a
    /// second, from the first full window on).
    /// `negativeLogs`, when the caller has them, are −ln|value| of `values` (as the motion rule
    /// uses), so each logarithm is taken once.
    public mutating func add(_ values: [Double], negativeLogs: [Double]? = nil) -> [Int] {
        let slot = written % windowSamples
        let m = layout.valuesPerSample
        for i in 0..<m { raw[slot * m + i] = values[i] }
        if sciAvailable {
            let width = 2 * layout.channels.count
            for i in 0..<width {
                // −ln max(|v|, least normal); the caller's −ln|v| is that same number unless |v| is
                // below the least normal (0, subnormal), where it is ∞ or larger.
                let od: Double
                if layout.kind == .od { od = values[i] }
                else if let negativeLogs, !(abs(values[i]) < .leastNormalMagnitude) { od = negativeLogs[i] }
                else { od = -log(max(abs(values[i]), .leastNormalMagnitude)) }
                if written == 0 { highPass[i].settle(at: od); lowPass[i].settle(at: 0) }
                cardiac[slot * width + i] = lowPass[i].process(highPass[i].process(od))
            }
        }
        written += 1
        guard written >= windowSamples, (written - windowSamples) % evaluateEvery == 0 else { return [] }
        var changed: [Int] = []
        for c in layout.channels.indices {
            let next = judge(channel: c)
            if next.status != assessments[c].status { changed.append(c) }
            assessments[c] = next
        }
        return changed
    }

    func judge(channel c: Int) -> Assessment {
        raw.withUnsafeBufferPointer { raw in
            cardiac.withUnsafeBufferPointer { cardiac in judge(channel: c, raw: raw, cardiac: cardiac) }
        }
    }

    /// `judge` on the rings read in place (once a second per channel, over the whole window).
    private func judge(channel c: Int, raw: UnsafeBufferPointer<Double>, cardiac: UnsafeBufferPointer<Double>) -> Assessment {
        let m = layout.valuesPerSample
        let n = windowSamples
        if layout.kind == .hb {
            let sd = Self.standardDeviation(n) { raw[$0 * m + 2 * c] }
            let status: Status = sd < Self.flatHbMicromolar ? .flat : sd > Self.noisyHbMicromolar ? .noisy : .good
            return Assessment(status: status, sci: nil, variation: sd)
        }
        let perChannel = m / layout.channels.count
        if layout.kind == .intensity, perChannel == 2, sciAvailable {
            return judgeTwoWavelengths(channel: c, raw: raw, cardiac: cardiac)
        }
        var worst = 0.0, flattest = Double.infinity
        for w in 0..<perChannel {
            let index = c * perChannel + w
            let variation: Double
            if layout.kind == .od {
                variation = Self.standardDeviation(n) { raw[$0 * m + index] }  // OD swings are already relative
            } else {
                var sum = 0.0
                for i in 0..<n { sum += abs(raw[i * m + index]) }
                let mean = sum / Double(n)
                variation = Self.standardDeviation(n) { abs(raw[$0 * m + index]) } / max(mean, .leastNormalMagnitude)
            }
            worst = max(worst, variation)
            flattest = min(flattest, variation)
        }
        var sci: Double?
        if sciAvailable {
            let width = 2 * layout.channels.count
            sci = Self.correlation(n) { (cardiac[$0 * width + 2 * c], cardiac[$0 * width + 2 * c + 1]) }
        }
        let status: Status
        if flattest < Self.flatVariation { status = .flat }
        else if worst > Self.noisyVariation { status = .noisy }
        else if let sci, sci < Self.sciThreshold { status = .poorCoupling }
        else { status = .good }
        return Assessment(status: status, sci: sci, variation: worst)
    }

    /// The usual case (light at two wavelengths, SCI computable), and the hot one: the same sums
    /// as the general path, each in its own order (so the same bits), run side by side in two
    /// loops instead of seven, so their dependency chains overlap.
    private func judgeTwoWavelengths(channel c: Int, raw: UnsafeBufferPointer<Double>,
                                     cardiac: UnsafeBufferPointer<Double>) -> Assessment {
        let m = layout.valuesPerSample, n = windowSamples, width = 2 * layout.channels.count
        let a = 2 * c, b = 2 * c + 1
        var sumA = 0.0, sumB = 0.0, sumX = 0.0, sumY = 0.0
        for i in 0..<n {
            sumA += abs(raw[i * m + a]); sumB += abs(raw[i * m + b])
            sumX += cardiac[i * width + a]; sumY += cardiac[i * width + b]
        }
        let meanA = sumA / Double(n), meanB = sumB / Double(n), mx = sumX / Double(n), my = sumY / Double(n)
        var squaresA = 0.0, squaresB = 0.0, sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in 0..<n {
            let dA = abs(raw[i * m + a]) - meanA, dB = abs(raw[i * m + b]) - meanB
            squaresA += dA * dA; squaresB += dB * dB
            let x = cardiac[i * width + a], y = cardiac[i * width + b]
            sxy += (x - mx) * (y - my); sxx += (x - mx) * (x - mx); syy += (y - my) * (y - my)
        }
        let variationA = (squaresA / Double(n)).squareRoot() / max(meanA, .leastNormalMagnitude)
        let variationB = (squaresB / Double(n)).squareRoot() / max(meanB, .leastNormalMagnitude)
        let worst = max(max(0.0, variationA), variationB)
        let flattest = min(min(Double.infinity, variationA), variationB)
        let sci = sxx > 0 && syy > 0 ? sxy / (sxx * syy).squareRoot() : 0
        let status: Status
        if flattest < Self.flatVariation { status = .flat }
        else if worst > Self.noisyVariation { status = .noisy }
        else if sci < Self.sciThreshold { status = .poorCoupling }
        else { status = .good }
        return Assessment(status: status, sci: sci, variation: worst)
    }

    @inline(__always)
    static func standardDeviation(_ n: Int, _ value: (Int) -> Double) -> Double {
        var mean = 0.0
        for i in 0..<n { mean += value(i) }
        mean /= Double(n)
        var sum = 0.0
        for i in 0..<n { let d = value(i) - mean; sum += d * d }
        return (sum / Double(n)).squareRoot()
    }

    /// Pearson correlation; 0 when either series is constant.
    @inline(__always)
    static func correlation(_ n: Int, _ pair: (Int) -> (Double, Double)) -> Double {
        var mx = 0.0, my = 0.0
        for i in 0..<n { let (x, y) = pair(i); mx += x; my += y }
        mx /= Double(n); my /= Double(n)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in 0..<n {
            let (x, y) = pair(i)
            sxy += (x - mx) * (y - my); sxx += (x - mx) * (x - mx); syy += (y - my) * (y - my)
        }
        guard sxx > 0, syy > 0 else { return 0 }
        return sxy / (sxx * syy).squareRoot()
    }
}
