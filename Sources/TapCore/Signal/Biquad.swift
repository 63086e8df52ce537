#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A second-order IIR section (transposed direct form II), causal, one sample at a time.
///
/// Coefficients from R. Bristow-Johnson's "Audio EQ Cookbook" (bilinear transform with
/// frequency pre-warping): with Q = 1/√2 a section is a 2nd-order Butterworth, exactly
/// −3 dB at its corner frequency.
public struct Biquad: Equatable, Sendable {
    public let b0: Double, b1: Double, b2: Double, a1: Double, a2: Double
    var z1 = 0.0, z2 = 0.0

    public init(b0: Double, b1: Double, b2: Double, a1: Double, a2: Double) {
        self.b0 = b0
        self.b1 = b1
        self.b2 = b2
        self.a1 = a1
        self.a2 = a2
    }

    public static let butterworthQ = 1 / 2.0.squareRoot()

    /// Low-pass at `cornerHz` for a signal sampled at `sampleRateHz` (corner below Nyquist).
    public static func lowPass(cornerHz: Double, sampleRateHz: Double, q: Double = butterworthQ) -> Biquad {
        let (cosw, alpha) = Self.prewarp(cornerHz, sampleRateHz, q)
        let a0 = 1 + alpha
        return Biquad(b0: (1 - cosw) / 2 / a0, b1: (1 - cosw) / a0, b2: (1 - cosw) / 2 / a0,
                      a1: -2 * cosw / a0, a2: (1 - alpha) / a0)
    }

    /// High-pass at `cornerHz`.
    public static func highPass(cornerHz: Double, sampleRateHz: Double, q: Double = butterworthQ) -> Biquad {
        let (cosw, alpha) = Self.prewarp(cornerHz, sampleRateHz, q)
        let a0 = 1 + alpha
        return Biquad(b0: (1 + cosw) / 2 / a0, b1: -(1 + cosw) / a0, b2: (1 + cosw) / 2 / a0,
                      a1: -2 * cosw / a0, a2: (1 - alpha) / a0)
    }

    static func prewarp(_ corner: Double, _ rate: Double, _ q: Double) -> (cos: Double, alpha: Double) {
        let w0 = 2 * Double.pi * corner / rate
        return (cos(w0), sin(w0) / (2 * q))
    }

    /// Filters one sample.
    public mutating func process(_ x: Double) -> Double {
        let y = b0 * x + z1
        z1 = b1 * x - a1 * y + z2
        z2 = b2 * x - a2 * y
        return y
    }

    /// Starts the filter as if `value` had been its input forever (no start-up transient).
    public mutating func settle(at value: Double) {
        let gain = (b0 + b1 + b2) / (1 + a1 + a2)
        let y = gain * value
        z2 = b2 * value - a2 * y
        z1 = b1 * value - a1 * y + z2
    }

    /// |H(f)|: the section's gain at `frequencyHz`.
    public func magnitude(atHz frequencyHz: Double, sampleRateHz: Double) -> Double {
        let w = 2 * Double.pi * frequencyHz / sampleRateHz
        func evaluate(_ c0: Double, _ c1: Double, _ c2: Double) -> (Double, Double) {
            (c0 + c1 * cos(-w) + c2 * cos(-2 * w), c1 * sin(-w) + c2 * sin(-2 * w))
        }
        let (nr, ni) = evaluate(b0, b1, b2)
        let (dr, di) = evaluate(1, a1, a2)
        return ((nr * nr + ni * ni) / (dr * dr + di * di)).squareRoot()
    }
}

/// The causal band-pass used for display and detection: a Butterworth high-pass then a
/// Butterworth low-pass, 2nd order each.
///
/// Defaults 0.01–0.2 Hz [choice, SCIENCE.md §3]: 30 s on / 30 s off blocks put the task at
/// ≈ 0.017 Hz, which a 0.05 Hz high-pass (MNE's tutorial value, made for 5 s stimuli) would
/// remove; Homer3's default band is 0.01–0.5 Hz. 0.2 Hz removes the cardiac (~1 Hz) and most
/// respiratory (~0.25 Hz) oscillation from the display.
public struct BandPass: Equatable, Sendable {
    public static let defaultHighPassHz = 0.01
    public static let defaultLowPassHz = 0.2

    var highPass: Biquad
    var lowPass: Biquad
    var started = false

    public init(sampleRateHz: Double, highPassHz: Double = defaultHighPassHz, lowPassHz: Double = defaultLowPassHz) {
        highPass = .highPass(cornerHz: highPassHz, sampleRateHz: sampleRateHz)
        lowPass = .lowPass(cornerHz: lowPassHz, sampleRateHz: sampleRateHz)
    }

    /// Filters one sample. The first sample settles the filter at that level, so a signal
    /// sitting at an offset does not ring for minutes at start-up.
    public mutating func process(_ x: Double) -> Double {
        if !started {
            started = true
            highPass.settle(at: x)
            lowPass.settle(at: 0)
        }
        return lowPass.process(highPass.process(x))
    }

    public func magnitude(atHz frequencyHz: Double, sampleRateHz: Double) -> Double {
        highPass.magnitude(atHz: frequencyHz, sampleRateHz: sampleRateHz)
            * lowPass.magnitude(atHz: frequencyHz, sampleRateHz: sampleRateHz)
    }
}
