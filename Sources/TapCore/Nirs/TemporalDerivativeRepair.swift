#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Temporal Derivative Distribution Repair (TDDR): Fishburn FA, Ludlum RS, Vaidya CJ,
/// Medvedev AV (2019), "Temporal Derivative Distribution Repair (TDDR): A motion correction
/// method for fNIRS", NeuroImage 184:171–179, doi:10.1016/j.neuroimage.2018.09.025.
///
/// Motion shows as rare, large sample-to-sample changes; physiology as many small ones. TDDR
/// down-weights the outlying changes of the slow part of the signal with Tukey's biweight and
/// integrates the repaired changes back, which removes spikes and baseline shifts and needs no
/// thresholds. Offline (whole recording), one measurement at a time, on optical density as
/// the authors intend. Step for step the reference implementation that MNE-Python ships as
/// `mne.preprocessing.nirs.temporal_derivative_distribution_repair` (`_tddr.py`, MNE 1.13):
///
/// 1. remove the mean; split into slow = `filtfilt(butter(3, 0.5 Hz))` and fast = rest
///    (no split when 0.5 Hz is at or above Nyquist);
/// 2. d = first differences of the slow part;
/// 3. iterate at most 50 times: μ = weighted mean of d; σ = 1.4826 · median|d − μ|;
///    r = |d − μ| / (4.685 σ); w = ((1 − r²)·[r < 1])²; stop when σ = 0 or μ moves less than
///    √ε · max(|μ|, |μ₀|);
/// 4. integrate w·(d − μ) from 0, centre it, add back the fast part and the mean.
public enum TemporalDerivativeRepair {
    /// The slow/fast split, Hz, and the filter's order: the reference implementation's values.
    public static let splitFrequencyHz = 0.5
    public static let splitFilterOrder = 3
    /// Tukey's biweight tuning constant (95 % efficiency at the normal), Fishburn 2019 §2.
    public static let biweightTuning = 4.685
    /// 1/Φ⁻¹(3/4): the median absolute deviation of a normal sample times this is its SD.
    public static let madToStandardDeviation = 1.4826
    public static let maximumIterations = 50

    /// The repaired series (same length). Fewer than two samples are returned unchanged; a rate
    /// that puts 0.5 Hz at or above Nyquist (or is not positive) repairs without the split.
    public static func repair(_ series: [Double], sampleRateHz: Double) -> [Double] {
        guard series.count >= 2 else { return series }
        let mean = series.reduce(0, +) / Double(series.count)
        let centred = series.map { $0 - mean }
        let cutoff = splitFrequencyHz * 2 / sampleRateHz
        let slow = cutoff > 0 && cutoff < 1
            ? ButterworthLowPass(order: splitFilterOrder, normalisedCutoff: cutoff).filtfilt(centred)
            : centred
        let derivative = (1..<slow.count).map { slow[$0] - slow[$0 - 1] }
        let (weights, centre) = biweights(derivative)

        var repaired = [Double](repeating: 0, count: slow.count)
        for i in derivative.indices { repaired[i + 1] = repaired[i] + weights[i] * (derivative[i] - centre) }
        let repairedMean = repaired.reduce(0, +) / Double(repaired.count)
        return repaired.indices.map { i in (repaired[i] - repairedMean) + (centred[i] - slow[i]) + mean }
    }

    /// Every measurement of a recording (one array per measurement), each repaired on its own.
    public static func repair(measurements: [[Double]], sampleRateHz: Double) -> [[Double]] {
        measurements.map { repair($0, sampleRateHz: sampleRateHz) }
    }

    /// Tukey-biweight weights of the changes and their robust mean (step 3).
    static func biweights(_ changes: [Double]) -> (weights: [Double], centre: Double) {
        let tolerance = Double.ulpOfOne.squareRoot()
        var weights = [Double](repeating: 1, count: changes.count)
        var centre = Double.infinity
        for _ in 0..<maximumIterations {
            let previous = centre
            var weighted = 0.0, total = 0.0
            for i in changes.indices {
                weighted += weights[i] * changes[i]
                total += weights[i]
            }
            centre = weighted / total
            let deviations = changes.map { abs($0 - centre) }
            let sigma = madToStandardDeviation * median(deviations)
            if sigma == 0 { break }
            weights = deviations.map { deviation in
                let r = deviation / (sigma * biweightTuning)
                return r < 1 ? (1 - r * r) * (1 - r * r) : 0
            }
            if abs(centre - previous) < tolerance * max(abs(centre), abs(previous)) { break }
        }
        return (weights, centre)
    }

    /// NumPy's median: the middle value, or the mean of the two middle values.
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
