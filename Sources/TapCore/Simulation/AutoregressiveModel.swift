/// Random stationary autoregressive models for the simulator's background noise.
///
/// The NIRS Brain AnalyzIR toolbox (Huppert lab, `+nirs/+testing/simARNoise.m`) draws an AR(P)
/// model per channel as a = reverse(cumsum(U(0,1)ᴾ)), rescaled so Σa = 0.99: positive, decreasing
/// coefficients, so the process is stationary (Σ|aᵢ| < 1) yet strongly low-pass — the 1/f-like
/// serial correlation of fNIRS noise (Huppert 2016, Neurophotonics 3:010401). We draw the same way
/// [paper: code] and, unlike the toolbox, scale the innovations so each channel's noise has a
/// chosen standard deviation, using the stationary variance from the Yule–Walker equations.
enum AutoregressiveModel {
    /// The toolbox's default order (at its default 10 Hz).
    static let defaultOrder = 10
    /// Σaᵢ, the toolbox's persistence.
    static let coefficientSum = 0.99

    /// a₁…a_P for x_t = Σ aᵢ x_{t−i} + e_t, drawn as `simARNoise.m` does.
    static func randomCoefficients(order: Int, using rng: inout SeededGenerator) -> [Double] {
        precondition(order >= 1)
        var cumulative = [Double](repeating: 0, count: order)
        var sum = 0.0
        for i in 0..<order {
            sum += rng.unit()
            cumulative[i] = sum
        }
        let total = cumulative.reduce(0, +)
        guard total > 0 else { return [Double](repeating: coefficientSum / Double(order), count: order) }
        return cumulative.reversed().map { $0 / total * coefficientSum }
    }

    /// Var(x) of the stationary AR process with unit innovation variance: γ₀ from the Yule–Walker
    /// equations γ_k − Σᵢ aᵢ γ_|k−i| = δ_k0, k = 0…P, solved by Gaussian elimination.
    static func stationaryVariance(coefficients a: [Double]) -> Double {
        let n = a.count + 1
        var m = [Double](repeating: 0, count: n * n)
        var rhs = [Double](repeating: 0, count: n)
        rhs[0] = 1
        for k in 0..<n {
            m[k * n + k] += 1
            for i in 1...a.count { m[k * n + abs(k - i)] -= a[i - 1] }
        }
        // Forward elimination with partial pivoting.
        for col in 0..<n {
            var pivot = col
            for row in (col + 1)..<n where abs(m[row * n + col]) > abs(m[pivot * n + col]) { pivot = row }
            if pivot != col {
                for j in 0..<n { m.swapAt(col * n + j, pivot * n + j) }
                rhs.swapAt(col, pivot)
            }
            let p = m[col * n + col]
            for row in (col + 1)..<n {
                let factor = m[row * n + col] / p
                if factor == 0 { continue }
                for j in col..<n { m[row * n + j] -= factor * m[col * n + j] }
                rhs[row] -= factor * rhs[col]
            }
        }
        var gamma = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var s = rhs[row]
            for j in (row + 1)..<n { s -= m[row * n + j] * gamma[j] }
            gamma[row] = s / m[row * n + row]
        }
        return gamma[0]
    }
}
