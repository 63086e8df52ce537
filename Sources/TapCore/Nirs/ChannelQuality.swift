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
        let judged = judgeAll()
        for c in layout.channels.indices {
            if judged[c].status != assessments[c].status { changed.append(c) }
            assessments[c] = judged[c]
        }
        return changed
    }

    /// Every channel judged on the rings read in place (once a second, over the whole window).
    func judgeAll() -> [Assessment] {
        raw.withUnsafeBufferPointer { raw in
            cardiac.withUnsafeBufferPointer { cardiac in
                if layout.kind == .intensity, layout.valuesPerSample == 2 * layout.channels.count, sciAvailable {
                    return judgeTwoWavelengths(raw: raw, cardiac: cardiac)
                }
                return layout.channels.indices.map { judge(channel: $0, raw: raw, cardiac: cardiac) }
            }
        }
    }

    /// One channel, the general way (every layout; `judgeAll`'s usual case gives the same bits).
    func judge(channel c: Int) -> Assessment {
        raw.withUnsafeBufferPointer { raw in
            cardiac.withUnsafeBufferPointer { cardiac in judge(channel: c, raw: raw, cardiac: cardiac) }
        }
    }

    private func judge(channel c: Int, raw: UnsafeBufferPointer<Double>, cardiac: UnsafeBufferPointer<Double>) -> Assessment {
        let m = layout.valuesPerSample
        let n = windowSamples
        if layout.kind == .hb {
            let sd = Self.standardDeviation(n) { raw[$0 * m + 2 * c] }
            let status: Status = sd < Self.flatHbMicromolar ? .flat : sd > Self.noisyHbMicromolar ? .noisy : .good
            return Assessment(status: status, sci: nil, variation: sd)
        }
        let perChannel = m / layout.channels.count
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

    /// The usual case (light at two wavelengths, SCI computable), and the hot one: the general
    /// path's sums, for all channels at once. A sample's values (wavelength pairs side by side)
    /// and its cardiac-band ODs are read four lanes at a time; each lane keeps its own sums, in
    /// the general path's order, so every channel gets the same bits, and the lanes' dependency
    /// chains run side by side instead of one after the other.
    private func judgeTwoWavelengths(raw: UnsafeBufferPointer<Double>, cardiac: UnsafeBufferPointer<Double>) -> [Assessment] {
        let m = layout.valuesPerSample, n = windowSamples, groups = (m + 3) / 4
        let sums: LaneSums
        if m % 4 == 0 {
            sums = Self.laneSums(UnsafeRawBufferPointer(raw), UnsafeRawBufferPointer(cardiac), rows: n, groups: groups)
        } else {
            // An odd number of channels: rows padded to whole lanes with zeros (lanes ignored).
            var rawRows = [Double](repeating: 0, count: n * groups * 4), cardiacRows = rawRows
            for i in 0..<n {
                for j in 0..<m {
                    rawRows[i * groups * 4 + j] = raw[i * m + j]
                    cardiacRows[i * groups * 4 + j] = cardiac[i * m + j]
                }
            }
            sums = rawRows.withUnsafeBytes { rawRows in
                cardiacRows.withUnsafeBytes { Self.laneSums(rawRows, $0, rows: n, groups: groups) }
            }
        }
        return layout.channels.indices.map { c in
            let a = 2 * c, b = a + 1
            let meanA = sums.means[a], meanB = sums.means[b]
            let variationA = (sums.squares[a] / Double(n)).squareRoot() / max(meanA, .leastNormalMagnitude)
            let variationB = (sums.squares[b] / Double(n)).squareRoot() / max(meanB, .leastNormalMagnitude)
            let worst = max(max(0.0, variationA), variationB)
            let flattest = min(min(Double.infinity, variationA), variationB)
            let sxx = sums.cardiacSquares[a], syy = sums.cardiacSquares[b]
            let sci = sxx > 0 && syy > 0 ? sums.crossProducts[a] / (sxx * syy).squareRoot() : 0
            let status: Status
            if flattest < Self.flatVariation { status = .flat }
            else if worst > Self.noisyVariation { status = .noisy }
            else if sci < Self.sciThreshold { status = .poorCoupling }
            else { status = .good }
            return Assessment(status: status, sci: sci, variation: worst)
        }
    }

    /// Per value (lane): the mean of |light|, the sum of its squared deviations, the same two-pass
    /// sums of the cardiac-band OD, and (x − mx)(y − my) of the value's wavelength pair.
    struct LaneSums {
        var means: [Double], squares: [Double], cardiacSquares: [Double], crossProducts: [Double]
    }

    /// `LaneSums` over `rows` rows of `groups` × 4 doubles each, four lanes a load.
    private static func laneSums(_ raw: UnsafeRawBufferPointer, _ cardiac: UnsafeRawBufferPointer,
                                 rows n: Int, groups: Int) -> LaneSums {
        typealias Lanes = SIMD4<Double>
        let rowBytes = groups * MemoryLayout<Lanes>.stride, lane = MemoryLayout<Lanes>.stride
        let signBit = SIMD4<UInt64>(repeating: 1 << 63)
        @inline(__always) func magnitude(_ v: Lanes) -> Lanes {
            unsafeBitCast(unsafeBitCast(v, to: SIMD4<UInt64>.self) & ~signBit, to: Lanes.self)
        }
        let accumulators = UnsafeMutableBufferPointer<Lanes>.allocate(capacity: 5 * groups)
        defer { accumulators.deallocate() }
        accumulators.initialize(repeating: .zero)
        let sums = accumulators.baseAddress!, cardiacSums = sums + groups, squares = sums + 2 * groups
        let cardiacSquares = sums + 3 * groups, crossProducts = sums + 4 * groups
        for i in 0..<n {
            for g in 0..<groups {
                sums[g] += magnitude(raw.loadUnaligned(fromByteOffset: i * rowBytes + g * lane, as: Lanes.self))
                cardiacSums[g] += cardiac.loadUnaligned(fromByteOffset: i * rowBytes + g * lane, as: Lanes.self)
            }
        }
        let count = Lanes(repeating: Double(n))
        for g in 0..<groups { sums[g] /= count; cardiacSums[g] /= count }  // now the means
        for i in 0..<n {
            for g in 0..<groups {
                let at = i * rowBytes + g * lane
                let d = magnitude(raw.loadUnaligned(fromByteOffset: at, as: Lanes.self)) - sums[g]
                squares[g] += d * d
                let x = cardiac.loadUnaligned(fromByteOffset: at, as: Lanes.self) - cardiacSums[g]
                // (x − mx)(y − my) in both lanes of a pair; (x − mx)², (y − my)² each in its own
                crossProducts[g] += x * Lanes(x[1], x[0], x[3], x[2])
                cardiacSquares[g] += x * x
            }
        }
        func lanes(_ start: UnsafeMutablePointer<Lanes>) -> [Double] {
            (0..<(4 * groups)).map { UnsafeRawPointer(start).load(fromByteOffset: $0 * MemoryLayout<Double>.stride, as: Double.self) }
        }
        return LaneSums(means: lanes(sums), squares: lanes(squares), cardiacSquares: lanes(cardiacSquares),
                        crossProducts: lanes(crossProducts))
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
