/// Regression of a short-separation channel out of a long one, on optical density.
///
/// Offline it is MNE-NIRS 0.7.3's `short_channel_regression` (mne_nirs/signal_enhancement/
/// _short_channel_correction.py), after Scholkmann, Metz & Wolf 2014 (Physiol Meas 35:717,
/// "Measuring tissue hemodynamics and oxygenation by continuous-wave fNIRS…", eqs. 26–27 as
/// the MNE-NIRS code cites them) and NIRx's description:
/// α = ⟨s, l⟩ / ⟨s, s⟩ over the whole recording, l′ = l − α·s — no intercept, one coefficient
/// per long measurement. Live it is `ShortChannelRegressor`.
public enum ShortChannelRegression {
    /// α = ⟨s, l⟩ / ⟨s, s⟩ (0 when the short series is all zeros, where MNE-NIRS divides by zero).
    public static func coefficient(long: [Double], short: [Double]) -> Double {
        var cross = 0.0, power = 0.0
        for (l, s) in zip(long, short) {
            cross += s * l
            power += s * s
        }
        return power == 0 ? 0 : cross / power
    }

    /// Every long measurement with its paired short one regressed out; all other measurements
    /// (short, unpaired, unknown distance) unchanged.
    ///
    /// - Parameter measurements: one OD series per measurement, layout order (channel-major).
    public static func regress(opticalDensity measurements: [[Double]], pairing: ShortChannelPairing,
                               wavelengthsPerChannel: Int,
                               matching: ShortChannelPairing.WavelengthMatching = .sameWavelength) -> [[Double]] {
        measurements.indices.map { m in
            guard let s = pairing.shortMeasurement(for: m, wavelengthsPerChannel: wavelengthsPerChannel,
                                                   matching: matching),
                  measurements.indices.contains(s) else { return measurements[m] }
            let long = measurements[m], short = measurements[s]
            let alpha = coefficient(long: long, short: short)
            return zip(long, short).map { $0 - alpha * $1 }
        }
    }
}

/// Short-channel regression live, one sample at a time, with a coefficient from past samples only.
///
/// For each paired long measurement l and its short measurement s, the least-squares fit
/// l ≈ c + β·s over all samples *before* the current one (running means, variance and
/// covariance, Welford-style), and the output l − β·(s − s̄): the part of l that the scalp
/// explains removed, l's own level kept. Unlike the offline form it has an intercept, so it is
/// blind to each series' constant — the OD reference (the first seconds, the whole recording,
/// or none at all with −ln I) does not change β.
///
/// **Warm-up** [choice]: for the first `warmUpSeconds` (default 30 s: three Mayer-wave cycles
/// at 0.1 Hz, inside the 60 s opening rest of gentile2019) of fitted samples, β is not yet
/// trusted and the long measurement passes unchanged (`isWarmedUp(measurement:)` is false).
/// Samples of a channel excluded from the fit (e.g. during a motion artefact) are still
/// corrected but do not move β.
public struct ShortChannelRegressor: Sendable {
    public static let defaultWarmUpSeconds = 30.0

    public let pairing: ShortChannelPairing
    public let wavelengthsPerChannel: Int
    public let matching: ShortChannelPairing.WavelengthMatching
    public let warmUpSamples: Int
    /// Per measurement: its short measurement, nil when it is not a paired long measurement.
    public let shortMeasurement: [Int?]
    var fits: [RunningFit]

    public init(pairing: ShortChannelPairing, wavelengthsPerChannel: Int, sampleRateHz: Double,
                warmUpSeconds: Double = defaultWarmUpSeconds,
                matching: ShortChannelPairing.WavelengthMatching = .sameWavelength) {
        self.pairing = pairing
        self.wavelengthsPerChannel = max(1, wavelengthsPerChannel)
        self.matching = matching
        warmUpSamples = max(2, MotionArtefactSettings.samples(warmUpSeconds, sampleRateHz))
        let count = pairing.isShort.count * self.wavelengthsPerChannel
        shortMeasurement = (0..<count).map {
            pairing.shortMeasurement(for: $0, wavelengthsPerChannel: wavelengthsPerChannel, matching: matching)
        }
        fits = Array(repeating: RunningFit(), count: count)
    }

    /// β for measurement m so far (nil when m is not a paired long measurement or no fit yet).
    public func coefficient(measurement m: Int) -> Double? {
        guard fits.indices.contains(m), shortMeasurement[m] != nil else { return nil }
        return fits[m].slope
    }

    public func isWarmedUp(measurement m: Int) -> Bool {
        fits.indices.contains(m) && fits[m].count >= warmUpSamples
    }

    /// One sample of OD (layout order) → the corrected sample. `excludingChannels`: channels
    /// whose values must not enter the fit this sample (a long measurement's fit skips the
    /// sample when its own channel or its short channel is listed). A sample with the wrong
    /// number of values is returned unchanged.
    public mutating func add(opticalDensity values: [Double], excludingChannels: [Int] = []) -> [Double] {
        guard values.count == fits.count else { return values }
        var corrected = values
        for m in values.indices {
            guard let s = shortMeasurement[m], values.indices.contains(s) else { continue }
            let fit = fits[m]
            if fit.count >= warmUpSamples, let slope = fit.slope {
                corrected[m] = values[m] - slope * (values[s] - fit.meanX)
            }
            let excluded = excludingChannels.contains(m / wavelengthsPerChannel)
                || excludingChannels.contains(s / wavelengthsPerChannel)
            if !excluded, values[m].isFinite, values[s].isFinite { fits[m].add(x: values[s], y: values[m]) }
        }
        return corrected
    }
}

/// Running least squares of y on x with an intercept: means, variance of x and covariance
/// updated one pair at a time (Welford's update, extended to the co-moment).
struct RunningFit: Equatable, Sendable {
    private(set) var count = 0
    private(set) var meanX = 0.0
    private(set) var meanY = 0.0
    private(set) var squaredDeviationsX = 0.0
    private(set) var coDeviations = 0.0

    mutating func add(x: Double, y: Double) {
        count += 1
        let dx = x - meanX
        meanX += dx / Double(count)
        meanY += (y - meanY) / Double(count)
        squaredDeviationsX += dx * (x - meanX)
        coDeviations += dx * (y - meanY)
    }

    /// cov(x, y) / var(x); nil while x has not varied.
    var slope: Double? { squaredDeviationsX > 0 ? coDeviations / squaredDeviationsX : nil }
}
