/// The response a tapping block should produce, per unit amplitude, as the detector sees it:
/// the block's boxcar convolved with SPM's canonical HRF (normalised to sum 1, so it settles at
/// 1), then through the same causal filters as the judged signal (`highPassHz` 0 = no high-pass).
///
/// Why a model at all (SCIENCE.md §4): even a healthy SPM response to a 30 s block peaks at
/// ≈ 1.145 × its plateau ≈ 12 s in and ends at ≈ 87 % of that peak — and the 0.01 Hz high-pass
/// takes a little more off the end. Judging HbO against its own block peak would call that a fade.
public struct ExpectedResponse: Equatable, Sendable {
    public let sampleRateHz: Double
    /// m[i], the expected signal i samples after the block's start (unit amplitude).
    public let values: [Double]

    public init(sampleRateHz: Double, durationSeconds: Double, highPassHz: Double = 0,
                lowPassHz: Double = BandPass.defaultLowPassHz) {
        self.sampleRateHz = sampleRateHz
        let kernel = CanonicalHRF.kernel(sampleRateHz: sampleRateHz)
        let count = max(1, Int((max(durationSeconds, 0) * sampleRateHz).rounded(.up)) + 1)
        var high = Biquad.highPass(cornerHz: max(highPassHz, 1e-6), sampleRateHz: sampleRateHz)
        var low = Biquad.lowPass(cornerHz: min(lowPassHz, 0.45 * sampleRateHz), sampleRateHz: sampleRateHz)
        var out: [Double] = []
        out.reserveCapacity(count)
        var cumulative = 0.0
        for i in 0..<count {
            if i < kernel.count { cumulative += kernel[i] }
            let x = i == 0 ? 0 : cumulative
            out.append(low.process(highPassHz > 0 ? high.process(x) : x))
        }
        values = out
    }

    /// m(t), t seconds into the block (nearest sample; the last value past the end).
    public func value(atSeconds t: Double) -> Double {
        guard t > 0 else { return 0 }
        let i = Int((t * sampleRateHz).rounded())
        return values[min(i, values.count - 1)]
    }
}
