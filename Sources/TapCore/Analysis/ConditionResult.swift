#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// HbO per condition, the study's measure (Gentile et al. 2019 compared motor-cortex HbO in slow
/// and fast tapping between groups): for every tapping block label, the block-averaged HbO and HbR
/// over the session's blocks of that label, with a 95 % CI over blocks, and the contrast between
/// fast and slow. For `summary.json` (`conditions`, `contrasts`), the summary screen, `compare`
/// and the report. Made from `BlockEpochs` over the motor channels (docs/optics.md, "Per condition").
public struct ConditionResult: Equatable, Sendable, Codable {
    public var label: String
    /// How many blocks, and which (1-based block numbers).
    public var blocks: Int
    public var blockNumbers: [Int]
    /// Mean over blocks of each block's amplitude (mean over [5 s, end) − mean over [−5 s, 0)), µM,
    /// with its 95 % CI over blocks (t distribution; nil with fewer than 2 blocks).
    public var hboAmplitudeMicromolar: Double?
    public var hboAmplitudeCi95Micromolar: [Double]?
    public var hbrAmplitudeMicromolar: Double?
    public var hbrAmplitudeCi95Micromolar: [Double]?
    /// Each block's HbO amplitude (µM), in block order.
    public var blockHboMicromolar: [Double]
    /// The blocks' mean tap rate (Hz) and the HbO amplitude per Hz of it: a weak cortex from slower
    /// tapping told apart to first order [choice: HbO is not linear in rate; docs/optics.md].
    public var rateHz: Double?
    public var hboPerHzMicromolar: Double?
    /// Block-averaged time course, 1 s bins from −5 s: seconds of each bin's start, HbO and HbR
    /// means (µM) and the HbO 95 % CI half-width (nil with fewer than 2 blocks).
    public var timeSeconds: [Double]
    public var hboMicromolar: [Double?]
    public var hbrMicromolar: [Double?]
    public var hboCi95HalfWidthMicromolar: [Double?]
    /// The same for HbR (nil in sessions recorded before it was kept).
    public var hbrCi95HalfWidthMicromolar: [Double?]?

    /// One result per tapping label, in order of first appearance; `channels` are the motor channels.
    public static func conditions(from epochs: BlockEpochs, channels: [Int]) -> [ConditionResult] {
        var labels: [String] = []
        for e in epochs.epochs where !labels.contains(e.label) { labels.append(e.label) }
        return labels.map { label in
            let group = epochs.epochs.filter { $0.label == label }
            var usable: [(e: BlockEpochs.Epoch, hbo: Double, hbr: Double?)] = []
            for e in group { if let a = e.amplitude(channels: channels) { usable.append((e, a, e.amplitude(hbr: true, channels: channels))) } }
            let hbo = usable.map(\.hbo), hbr = usable.compactMap(\.hbr)
            let rates = usable.compactMap(\.e.rateHz)
            let rate = rates.isEmpty ? nil : rates.reduce(0, +) / Double(rates.count)
            let bins = group.map(\.binCount).min() ?? 0
            let courses = usable.map { $0.e.timeCourse(channels: channels) }
            let coursesR = usable.map { $0.e.timeCourse(hbr: true, channels: channels) }
            let meanO = Statistics.mean(hbo)
            return ConditionResult(
                label: label, blocks: usable.count, blockNumbers: usable.map { $0.e.blockIndex + 1 },
                hboAmplitudeMicromolar: meanO, hboAmplitudeCi95Micromolar: Statistics.ci95(hbo),
                hbrAmplitudeMicromolar: Statistics.mean(hbr), hbrAmplitudeCi95Micromolar: Statistics.ci95(hbr),
                blockHboMicromolar: hbo, rateHz: rate,
                hboPerHzMicromolar: meanO.flatMap { m in rate.flatMap { $0 > 0 ? m / $0 : nil } },
                timeSeconds: (0..<bins).map { BlockEpochs.Epoch.binStart($0) },
                hboMicromolar: (0..<bins).map { b in Statistics.mean(courses.compactMap { $0[b] }) },
                hbrMicromolar: (0..<bins).map { b in Statistics.mean(coursesR.compactMap { $0[b] }) },
                hboCi95HalfWidthMicromolar: (0..<bins).map { b in Statistics.ci95(courses.compactMap { $0[b] }).map { ($0[1] - $0[0]) / 2 } },
                hbrCi95HalfWidthMicromolar: (0..<bins).map { b in Statistics.ci95(coursesR.compactMap { $0[b] }).map { ($0[1] - $0[0]) / 2 } })
        }
    }
}

/// A difference between two conditions (`fast-slow`), with its 95 % CI (Welch's t over blocks).
public struct ConditionContrast: Equatable, Sendable, Codable {
    /// `fast-slow`.
    public var name: String
    public var hboMicromolar: Double?
    public var ci95Micromolar: [Double]?
    public var hbrMicromolar: Double?
    /// The same per Hz of tap rate (each condition's amplitude / its rate).
    public var hboPerHzMicromolar: Double?

    /// The paper's contrast, fast − slow, when both labels exist.
    public static func fastMinusSlow(_ conditions: [ConditionResult]) -> [ConditionContrast] {
        guard let fast = conditions.first(where: { $0.label == "fast" }),
              let slow = conditions.first(where: { $0.label == "slow" }) else { return [] }
        var contrast = ConditionContrast(name: "fast-slow")
        if let f = fast.hboAmplitudeMicromolar, let s = slow.hboAmplitudeMicromolar {
            contrast.hboMicromolar = f - s
            contrast.ci95Micromolar = Statistics.welchCi95(fast.blockHboMicromolar, slow.blockHboMicromolar)
        }
        if let f = fast.hbrAmplitudeMicromolar, let s = slow.hbrAmplitudeMicromolar { contrast.hbrMicromolar = f - s }
        if let f = fast.hboPerHzMicromolar, let s = slow.hboPerHzMicromolar { contrast.hboPerHzMicromolar = f - s }
        return [contrast]
    }

    init(name: String) { self.name = name }
}

/// Means and t-based 95 % intervals for a few numbers.
public enum Statistics {
    public static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    public static func sd(_ values: [Double]) -> Double? {
        guard values.count >= 2, let m = mean(values) else { return nil }
        return (values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)).squareRoot()
    }

    /// [low, high] = mean ± t(0.975, n − 1) · SD / √n; nil below 2 values.
    public static func ci95(_ values: [Double]) -> [Double]? {
        guard let m = mean(values), let s = sd(values) else { return nil }
        let half = tQuantile975(degreesOfFreedom: Double(values.count - 1)) * s / Double(values.count).squareRoot()
        return [m - half, m + half]
    }

    /// Welch's 95 % interval for mean(a) − mean(b) (Welch–Satterthwaite degrees of freedom).
    public static func welchCi95(_ a: [Double], _ b: [Double]) -> [Double]? {
        guard let ma = mean(a), let mb = mean(b), let sa = sd(a), let sb = sd(b) else { return nil }
        let va = sa * sa / Double(a.count), vb = sb * sb / Double(b.count)
        let se = (va + vb).squareRoot()
        guard se > 0 else { return [ma - mb, ma - mb] }
        let df = (va + vb) * (va + vb) / (va * va / Double(a.count - 1) + vb * vb / Double(b.count - 1))
        let half = tQuantile975(degreesOfFreedom: df) * se
        return [ma - mb - half, ma - mb + half]
    }

    /// The 0.975 quantile of Student's t: exact table values for 1–30 degrees of freedom (linear in
    /// between for fractional ones), then the Cornish–Fisher expansion (error < 1e-4 from 30 on).
    public static func tQuantile975(degreesOfFreedom df: Double) -> Double {
        let table: [Double] = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
                               2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
                               2.052, 2.048, 2.045, 2.042]
        guard df.isFinite, df >= 1 else { return table[0] }
        if df <= 30 {
            let lo = Int(df.rounded(.down)), hi = min(30, lo + 1)
            let f = df - Double(lo)
            return table[lo - 1] * (1 - f) + table[hi - 1] * f
        }
        let z = 1.959964, z3 = z * z * z, z5 = z3 * z * z
        return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df * df)
    }
}
