#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A self-paced block's tap-rate decline so far, against what healthy people show by the same point
/// of a maximal block: what the clinician reads (`rate −38 % · healthy −14 ± 6 % · z 3.0`) and what
/// the `healthy_range` tap-fade rule judges (docs/fade-detection.md).
///
/// The decline compares two windows of log inter-tap intervals (ITIs): the start window (the
/// reference, 2–6 s into the block) and the current window (the intervals of the last 3 s, at
/// least 14). Each window's level is a Huber M-estimate of location (k = 1.345: a hesitation or a
/// double tap barely moves it, Huber 1964); decline = 1 − ITI_start / ITI_now.
///
/// The healthy range at this point: the norm's mean and SD over a whole block (`TapDeclineNorm`)
/// times g = (centre of the current window − centre of the start window) / block length — the
/// fraction of the block's decline a linear decline has reached between the two windows.
///
/// z = (decline − μ·g) / √((σ·g)² + ((1 − decline)·SE)² + τ²), with SE the measurement error of
/// the log-ratio (the Huber estimator's asymptotic variance s²·E[ψ²]/E[ψ′]², from both windows'
/// residuals, over each window's count) and τ the
/// rate's own wandering within a healthy block [choice, 3 %]. So a tapper with irregular intervals
/// needs a larger decline to reach the same z, and a z means the same thing early and late.
public struct TapDeclineReading: Equatable, Sendable, Codable {
    /// When this reading was taken, s into the block (the latest tap).
    public var atSeconds: Double
    /// 1 − rate now / rate at the start (0.38 = 38 % slower; negative = faster).
    public var declineFraction: Double
    /// The healthy mean and SD of the decline by this point (μ·g, σ·g).
    public var healthyMeanFraction: Double
    public var healthySdFraction: Double
    /// The decline's measurement error (SE of the two windows' ratio, as a fraction).
    public var standardErrorFraction: Double
    /// How far beyond the healthy mean, in units of the combined spread.
    public var z: Double
    /// Tap rates of the start and current windows (Hz, from their Huber levels).
    public var startRateHz: Double
    public var nowRateHz: Double
    /// Intervals in each window.
    public var startIntervals: Int
    public var nowIntervals: Int

    public init(atSeconds: Double, declineFraction: Double, healthyMeanFraction: Double, healthySdFraction: Double,
                standardErrorFraction: Double, z: Double, startRateHz: Double, nowRateHz: Double,
                startIntervals: Int, nowIntervals: Int) {
        self.atSeconds = atSeconds
        self.declineFraction = declineFraction
        self.healthyMeanFraction = healthyMeanFraction
        self.healthySdFraction = healthySdFraction
        self.standardErrorFraction = standardErrorFraction
        self.z = z
        self.startRateHz = startRateHz
        self.nowRateHz = nowRateHz
        self.startIntervals = startIntervals
        self.nowIntervals = nowIntervals
    }

    /// `rate −38 % · healthy −14 ± 6 % · z 3.0` (a faster rate reads `rate +4 %`).
    public var text: String {
        let percent = Int((-declineFraction * 100).rounded())
        let mean = Int((healthyMeanFraction * 100).rounded()), sd = Int((healthySdFraction * 100).rounded())
        let zText = FixedDecimal.format(seconds: z, digits: 1)
        return "rate \(Self.signed(percent)) % · healthy −\(mean) ± \(sd) % · z \(zText)"
    }

    /// Words for the block's reading: within or beyond the healthy range (`zThreshold`).
    public func verdict(zThreshold: Double) -> String {
        let percent = Int((declineFraction * 100).rounded())
        let change = percent >= 0 ? "decline \(percent) %" : "rate rose \(-percent) %"
        return z > zThreshold ? change + ", beyond the healthy range" : change + ", within the healthy range"
    }

    static func signed(_ value: Int) -> String { value > 0 ? "+\(value)" : value == 0 ? "0" : "−\(-value)" }

    // MARK: the statistic

    /// Huber's tuning constant: 95 % efficiency at the normal.
    static let huberK = 1.345

    /// Huber's M-estimate of location (k = 1.345, scale 1.4826 × MAD, five reweighting steps from the
    /// median): close to the mean's efficiency, with a hesitation's weight capped. Deterministic.
    static func huberLocation(_ values: [Double], k: Double = huberK) -> Double {
        guard !values.isEmpty else { return .nan }
        var location = median(values)
        let scale = 1.4826 * median(values.map { abs($0 - location) }) + 1e-9
        for _ in 0..<5 {
            var weighted = 0.0, total = 0.0
            for v in values {
                let r = abs(v - location) / scale
                let w = r > k ? k / r : 1
                weighted += w * v
                total += w
            }
            location = weighted / total
        }
        return location
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let n = sorted.count
        guard n > 0 else { return .nan }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    }

    /// The reading from the start window and the current window of log ITIs with their interval end
    /// times (s into the block), for a block of `durationSeconds` judged against `norm`.
    static func measure(start: [Double], startEnds: [Double], now: [Double], nowEnds: [Double],
                        durationSeconds: Double, norm: TapDeclineNorm, fluctuation: Double) -> TapDeclineReading? {
        guard !start.isEmpty, !now.isEmpty, let firstStart = startEnds.first, let lastStart = startEnds.last,
              let firstNow = nowEnds.first, let lastNow = nowEnds.last, durationSeconds > 0 else { return nil }
        let startLevel = huberLocation(start), nowLevel = huberLocation(now)
        // The M-estimator's own variance, s²·E[ψ²]/E[ψ′]² / n (Huber 1964), from the pooled
        // residuals of both windows: hesitations that widen the tails widen the error with them.
        var residuals = start.map { $0 - startLevel }
        residuals += now.map { $0 - nowLevel }
        let scale = 1.4826 * median(residuals.map(abs)) + 1e-9
        var psi2 = 0.0, inside = 0.0
        for r in residuals {
            let u = r / scale
            psi2 += min(u * u, huberK * huberK)
            if abs(u) <= huberK { inside += 1 }
        }
        let n = Double(residuals.count)
        let variance = scale * scale * (psi2 / n) / max((inside / n) * (inside / n), 0.05)
        let logError = (variance * (1 / Double(start.count) + 1 / Double(now.count))).squareRoot()
        let decline = 1 - exp(startLevel - nowLevel)
        let g = max(0, ((firstNow + lastNow) / 2 - (firstStart + lastStart) / 2) / durationSeconds)
        let error = (1 - decline) * logError
        let spreadAll = ((norm.sdFraction * g) * (norm.sdFraction * g) + error * error + fluctuation * fluctuation).squareRoot()
        let z = (decline - norm.meanFraction * g) / max(spreadAll, 1e-9)
        return TapDeclineReading(atSeconds: lastNow, declineFraction: decline, healthyMeanFraction: norm.meanFraction * g,
                                 healthySdFraction: norm.sdFraction * g, standardErrorFraction: error, z: z,
                                 startRateHz: exp(-startLevel), nowRateHz: exp(-nowLevel),
                                 startIntervals: start.count, nowIntervals: now.count)
    }
}
