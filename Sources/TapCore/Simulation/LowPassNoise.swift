#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// White noise through two cascaded exact first-order low-passes with one corner frequency: the
/// building block of the `measured` noise model's 1/f^β background (`PowerLawSpectrum`).
///
/// x_t = a·x_{t−1} + k·e_t, y_t = a·y_{t−1} + x_t, a = exp(−2π·f_c / f_s), e_t ~ N(0, 1). Its spectrum
/// is flat below f_c and falls as f⁻⁴ above it, so octave-spaced components weighted by
/// f_c^(1−β) sum to a 1/f^β spectrum between the lowest and the highest corner (a superposition
/// of relaxation processes, the classic construction of 1/f-like noise). Unlike the toolbox's AR
/// model in samples, the corner is in hertz: the same component at any sampling rate. k makes
/// Var(y) = 1: for the AR(2) with double root a, Var(y) = k²(1 + a²)/(1 − a²)³ [computed].
struct LowPassNoise: Sendable {
    let a: Double
    let k: Double
    var x: Double
    var y: Double

    /// Started from the stationary joint distribution of (x, y), so no burn-in is needed:
    /// Var x = k²/(1 − a²), Cov(x, y) = k²/(1 − a²)², Var y = 1 [computed].
    init(cornerHz: Double, sampleRateHz: Double, using rng: inout SeededGenerator) {
        a = exp(-2 * Double.pi * cornerHz / sampleRateHz)
        let a2 = a * a
        k = ((1 - a2) * (1 - a2) * (1 - a2) / (1 + a2)).squareRoot()
        let varX = k * k / (1 - a2), covXY = k * k / ((1 - a2) * (1 - a2))
        x = varX.squareRoot() * rng.normal(mean: 0, sd: 1)
        let slope = covXY / varX
        y = slope * x + max(0, 1 - slope * covXY).squareRoot() * rng.normal(mean: 0, sd: 1)
    }

    /// Advances one sample with the white deviate `e` and returns y (unit variance).
    mutating func next(_ e: Double) -> Double {
        x = a * x + k * e
        y = a * y + x
        return y
    }

    /// One-sided power spectral density (per Hz) of the unit-variance output at `frequencyHz`:
    /// (2 / f_s) · |1 / (1 − a·e^{−iω})|⁴ / Var, ω = 2πf / f_s — the same formula as
    /// `scripts/real-noise.py`'s `lowpass_pair_psd`.
    static func spectralDensity(frequencyHz f: Double, cornerHz: Double, sampleRateHz fs: Double) -> Double {
        let a = exp(-2 * Double.pi * cornerHz / fs)
        let w = 2 * Double.pi * f / fs
        let magnitude2 = 1 - 2 * a * cos(w) + a * a   // |1 − a e^{−iω}|²
        let variance = (1 + a * a) / ((1 - a * a) * (1 - a * a) * (1 - a * a))
        return 2 / fs / (magnitude2 * magnitude2) / variance
    }
}

/// The components of a background noise with a 1/f^β spectrum above `lowestCornerHz` (flat below
/// it), sized so that its power between 0.01 and 0.2 Hz is `bandSD²`: corners at lowestCorner · 2^k
/// up to min(1.28 Hz, rate / 5), each component's variance ∝ f_c^(1−β) (a 1/f^β spectrum's power per
/// octave), scaled with the components' exact discrete spectra integrated over 0.01–0.2 Hz — the
/// same normalisation as `scripts/real-noise.py --calibrate`, so its constants mean the same here.
struct PowerLawSpectrum: Equatable, Sendable {
    /// The band the size refers to, Hz (the 0.01–0.2 Hz band of Homer3's default band-pass and
    /// tapnirs' display low-pass).
    static let band = (low: 0.01, high: 0.2)
    static let highestCornerHz = 1.28
    /// Integration points over the band.
    static let integrationSteps = 400

    let cornersHz: [Double]
    /// Standard deviation of each component's contribution, µM.
    let componentSDs: [Double]

    init(exponent beta: Double, lowestCornerHz: Double, bandSD: Double, sampleRateHz fs: Double) {
        var corners: [Double] = []
        var f = lowestCornerHz
        while f <= min(Self.highestCornerHz, fs / 5) * (1 + 1e-12) {
            corners.append(f)
            f *= 2
        }
        if corners.isEmpty { corners = [min(lowestCornerHz, fs / 5)] }
        let weights = corners.map { pow($0, 1 - beta) }
        var bandVariance = 0.0
        for (corner, weight) in zip(corners, weights) {
            bandVariance += weight * Self.bandVariance(cornerHz: corner, sampleRateHz: fs)
        }
        let scale = bandVariance > 0 ? bandSD * bandSD / bandVariance : 0
        cornersHz = corners
        componentSDs = weights.map { ($0 * scale).squareRoot() }
    }

    /// ∫ PSD over the band of one unit-variance component (trapezoid rule).
    static func bandVariance(cornerHz: Double, sampleRateHz fs: Double) -> Double {
        let n = integrationSteps
        let step = (band.high - band.low) / Double(n)
        var sum = 0.0
        for i in 0...n {
            let f = band.low + Double(i) * step
            let p = LowPassNoise.spectralDensity(frequencyHz: f, cornerHz: cornerHz, sampleRateHz: fs)
            sum += (i == 0 || i == n) ? p / 2 : p
        }
        return sum * step
    }
}
