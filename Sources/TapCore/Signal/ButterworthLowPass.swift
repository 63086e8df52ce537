#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A digital Butterworth low-pass in transfer-function (b, a) form, designed exactly as SciPy's
/// `scipy.signal.butter(order, cutoff)` does, and run forward and backward as SciPy's
/// `filtfilt(b, a, x, padlen=0)`: what MNE-Python's TDDR (`_tddr.py`) uses to split a signal
/// into its slow and fast parts. Offline only (the backward pass needs the whole signal).
///
/// Design (SciPy `iirfilter`): analog prototype poles −exp(iπm/2N), m = −N+1, −N+3, …, N−1
/// (`buttap`); cutoff pre-warped to 4·tan(π·Wn/2) with fs = 2 (`lp2lp_zpk`); bilinear
/// transform z = (4 + p)/(4 − p), N zeros at −1 (`bilinear_zpk`); then polynomials (`zpk2tf`).
public struct ButterworthLowPass: Equatable, Sendable {
    /// Numerator and denominator, highest power first, a[0] = 1 (SciPy's order).
    public let b: [Double]
    public let a: [Double]

    /// `order` ≥ 1; `normalisedCutoff` is SciPy's Wn, the cutoff as a fraction of Nyquist, in (0, 1).
    public init(order: Int, normalisedCutoff: Double) {
        precondition(order >= 1 && normalisedCutoff > 0 && normalisedCutoff < 1,
                     "Butterworth order \(order), cutoff \(normalisedCutoff) × Nyquist")
        let warped = 4 * tan(Double.pi * normalisedCutoff / 2)
        var analogPoles: [Complex] = []
        for m in stride(from: -order + 1, to: order, by: 2) {
            let angle = Double.pi * Double(m) / Double(2 * order)
            // SciPy: p = −exp(iπm/2N); the middle pole (m = 0) is exactly −1.
            analogPoles.append(Complex(-cos(angle), -sin(angle)).scaled(warped))
        }
        let four = Complex(4, 0)
        let digitalPoles = analogPoles.map { (four + $0) / (four - $0) }
        var gain = pow(warped, Double(order))
        var denominator = Complex(1, 0)
        for pole in analogPoles { denominator = denominator * (four - pole) }
        gain = gain * (Complex(1, 0) / denominator).real
        b = Self.polynomial(roots: Array(repeating: Complex(-1, 0), count: order)).map { gain * $0.real }
        a = Self.polynomial(roots: digitalPoles).map(\.real)
    }

    /// Coefficients of ∏(x − rᵢ), highest power first, multiplied in the roots' order (NumPy's `poly`).
    static func polynomial(roots: [Complex]) -> [Complex] {
        var coefficients = [Complex(1, 0)]
        for root in roots {
            var next = coefficients + [Complex(0, 0)]
            for i in coefficients.indices { next[i + 1] = next[i + 1] - root * coefficients[i] }
            coefficients = next
        }
        return coefficients
    }

    /// SciPy `filtfilt(b, a, x, padlen=0)`: forward then backward, each pass started in the
    /// steady state of its first input (`lfilter_zi` × that value), no padding.
    public func filtfilt(_ x: [Double]) -> [Double] {
        guard let first = x.first else { return [] }
        let forward = run(x, startingAt: first)
        let backward = run(forward.reversed(), startingAt: forward[forward.count - 1])
        return backward.reversed()
    }

    /// SciPy `lfilter` (transposed direct form II) with its state set as if `level` had been
    /// the input forever: the steady state `lfilter_zi` solves for, written out.
    func run(_ x: [Double], startingAt level: Double) -> [Double] {
        let n = b.count - 1
        guard n > 0 else { return x.map { b[0] * $0 } }
        let steadyOutput = b.reduce(0, +) / a.reduce(0, +)
        var state = [Double](repeating: 0, count: n)
        state[n - 1] = b[n] - a[n] * steadyOutput
        for i in stride(from: n - 2, through: 0, by: -1) {
            state[i] = state[i + 1] + b[i + 1] - a[i + 1] * steadyOutput
        }
        for i in 0..<n { state[i] *= level }
        var y = [Double](repeating: 0, count: x.count)
        for (t, input) in x.enumerated() {
            let output = state[0] + b[0] * input
            for i in 0..<(n - 1) { state[i] = state[i + 1] + input * b[i + 1] - output * a[i + 1] }
            state[n - 1] = input * b[n] - output * a[n]
            y[t] = output
        }
        return y
    }
}

/// The few complex operations the filter design needs.
struct Complex: Equatable, Sendable {
    var real: Double
    var imaginary: Double

    init(_ real: Double, _ imaginary: Double) {
        self.real = real
        self.imaginary = imaginary
    }

    func scaled(_ factor: Double) -> Complex { Complex(real * factor, imaginary * factor) }

    static func + (l: Complex, r: Complex) -> Complex { Complex(l.real + r.real, l.imaginary + r.imaginary) }
    static func - (l: Complex, r: Complex) -> Complex { Complex(l.real - r.real, l.imaginary - r.imaginary) }
    static func * (l: Complex, r: Complex) -> Complex {
        Complex(l.real * r.real - l.imaginary * r.imaginary, l.real * r.imaginary + l.imaginary * r.real)
    }
    static func / (l: Complex, r: Complex) -> Complex {
        let d = r.real * r.real + r.imaginary * r.imaginary
        return Complex((l.real * r.real + l.imaginary * r.imaginary) / d,
                       (l.imaginary * r.real - l.real * r.imaginary) / d)
    }
}
