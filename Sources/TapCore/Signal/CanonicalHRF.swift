#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SPM's canonical hemodynamic response function (`spm_hrf` defaults): a double gamma with
/// peak delay 6 s, undershoot delay 16 s, dispersions 1 and 1, peak:undershoot ratio 6, and a
/// 32 s kernel, normalised to sum 1 so a long block settles at the block's amplitude.
///
/// SPM rather than Glover for blocks (SCIENCE.md §4): Glover's overshoot makes a 30 s block
/// peak at 1.56× its plateau, which would look like a fade. Even SPM's response peaks at
/// ≈ 1.145× plateau ≈ 12 s into a 30 s block and ends at ≈ 1.00 — a healthy response
/// declines within a block, which any HbO fade detector must allow for.
public enum CanonicalHRF {
    public static let peakDelaySeconds = 6.0
    public static let undershootDelaySeconds = 16.0
    public static let peakToUndershoot = 6.0
    public static let kernelSeconds = 32.0

    /// h(t) = t⁵e⁻ᵗ/Γ(6) − t¹⁵e⁻ᵗ/(6·Γ(16)) (t in s), before normalisation.
    public static func value(atSeconds t: Double) -> Double {
        guard t > 0 else { return 0 }
        return gammaDensity(t, shape: peakDelaySeconds) - gammaDensity(t, shape: undershootDelaySeconds) / peakToUndershoot
    }

    /// The kernel sampled every 1/`sampleRateHz` s from 0 to 32 s, summing to 1.
    public static func kernel(sampleRateHz: Double) -> [Double] {
        let count = Int((kernelSeconds * sampleRateHz).rounded(.down)) + 1
        let raw = (0..<count).map { value(atSeconds: Double($0) / sampleRateHz) }
        let sum = raw.reduce(0, +)
        return raw.map { $0 / sum }
    }

    /// The causal response of `kernel` to `input` (same length as the input).
    public static func response(to input: [Double], kernel: [Double]) -> [Double] {
        input.indices.map { n in
            var sum = 0.0
            for k in 0..<min(kernel.count, n + 1) { sum += kernel[k] * input[n - k] }
            return sum
        }
    }

    /// Gamma density with unit scale: t^(a−1) e^(−t) / Γ(a), via logs for large shapes.
    static func gammaDensity(_ t: Double, shape a: Double) -> Double {
        exp((a - 1) * log(t) - t - lgamma(a))
    }
}
