#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One simulated source–detector channel: its name, how well it is coupled to the scalp, how
/// strongly it sees the task response, and its light level. All of it is drawn from the seed.
public struct SimulatedChannel: Equatable, Sendable {
    public enum Quality: String, Equatable, Sendable, Codable {
        /// Well coupled: the heart beat shows at both wavelengths (scalp coupling index high).
        case good
        /// Well coupled but with 3× the background and instrument noise (hair, a loose cap) [choice].
        case noisy
        /// Poorly coupled optode: little light through tissue (I₀ × 0.1), tissue signals × 0.3, no
        /// cardiac pulse, and independent instrument noise per wavelength, so the scalp coupling
        /// index (Pollonini et al. 2014, doi:10.1016/j.heares.2013.11.007) is low [choice].
        case poorlyCoupled
    }

    /// `S<n>-D<m>`.
    public var name: String
    public var quality: Quality
    /// Task HbO (µM) per µM of neural-drive response: 1 at the montage centre, falling towards
    /// ≈ 0.4 at its ends (0.3 × that on the poorly coupled channel).
    public var gain: Double
    /// I₀ at the two wavelengths (counts): the intensity with no concentration change.
    public var baseIntensities: [Double]
    /// A short-separation channel (`ShortSeparationChannels`): scalp and systemic signals, little or
    /// no cortex. Its distance is in the simulator's layout.
    public var isShortSeparation: Bool

    public init(name: String, quality: Quality, gain: Double, baseIntensities: [Double], isShortSeparation: Bool = false) {
        self.name = name
        self.quality = quality
        self.gain = gain
        self.baseIntensities = baseIntensities
        self.isShortSeparation = isShortSeparation
    }
}

/// The simulated montage [choice]: optodes alternating on a line over the left motor cortex,
/// D1 S1 D2 S2 D3 … at the configured spacing, each source paired with its two neighbouring
/// detectors — channels S1-D1, S1-D2, S2-D2, S2-D3, … — with the middle channel over C3 (left M1,
/// contralateral to the right hand, SCIENCE.md §1). The toolbox's default simulated probe is the
/// same kind of chain (`simARNoise.m`: links 1-1, 2-1, 2-2, 3-2, …).
enum SimulatedMontage {
    /// Mean raw intensity (counts, SCIENCE.md §4) and its spread between channels (lognormal CV) [choice].
    static let baseIntensity = 1e4
    static let baseIntensitySpread = 0.3
    /// Gain at the montage's ends before jitter: g = floor + (1 − floor)·exp(−2x²)·u, x ∈ [−1, 1]
    /// the position along the line, u ~ U(0.85, 1) (1 at the centre) [choice].
    static let gainFloor = 0.3
    static let gainJitter = 0.85...1.0
    /// The poorly coupled channel: light and tissue-signal factors [choice].
    static let poorCouplingLight = 0.1
    static let poorCouplingTissue = 0.3

    /// `S1-D1`, `S1-D2`, `S2-D2`, `S2-D3`, …
    static func channelName(_ index: Int) -> String {
        "S\(index / 2 + 1)-D\((index + 1) / 2 + 1)"
    }

    /// The index of the channel over C3.
    static func centre(count: Int) -> Int { (count - 1) / 2 }

    /// The channels of a montage of `count` (≥ 1): with ≥ 4 channels one is poorly coupled and
    /// max(1, count / 8) are noisy, never the centre channel, drawn from the generator.
    static func channels(count: Int, using rng: inout SeededGenerator) -> [SimulatedChannel] {
        let centre = centre(count: count)
        var candidates = (0..<count).filter { $0 != centre }
        // Fisher–Yates with our own draws, so the order is the same on every Swift version.
        if candidates.count > 1 {
            for i in stride(from: candidates.count - 1, to: 0, by: -1) {
                let j = Int(rng.next() % UInt64(i + 1))
                candidates.swapAt(i, j)
            }
        }
        var quality = [SimulatedChannel.Quality](repeating: .good, count: count)
        if count >= 4 {
            quality[candidates[0]] = .poorlyCoupled
            for k in 1...max(1, count / 8) where k < candidates.count { quality[candidates[k]] = .noisy }
        }
        return (0..<count).map { i in
            let x = count > 1 ? Double(i - centre) / Double(max(centre, count - 1 - centre)) : 0
            let u = i == centre ? 1 : rng.uniform(from: gainJitter.lowerBound, to: gainJitter.upperBound)
            var gain = gainFloor + (1 - gainFloor) * exp(-2 * x * x) * u
            var light = [rng.lognormal(mean: baseIntensity, cv: baseIntensitySpread),
                         rng.lognormal(mean: baseIntensity, cv: baseIntensitySpread)]
            if quality[i] == .poorlyCoupled {
                gain *= poorCouplingTissue
                light = light.map { $0 * poorCouplingLight }
            }
            return SimulatedChannel(name: channelName(i), quality: quality[i], gain: gain, baseIntensities: light)
        }
    }
}
