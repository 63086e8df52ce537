/// A seeded random number generator, so a synthetic session is the same on every run.
///
/// SplitMix64 (Steele, Lea & Flood 2014, "Fast splittable pseudorandom number generators";
/// the seeding generator of xoshiro). TapCore never uses the system generator.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Normal deviate (Box–Muller).
    public mutating func normal(mean: Double, sd: Double) -> Double {
        let u1 = max(unit(), 0x1p-53), u2 = unit()
        return mean + sd * (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// Lognormal with the given mean and coefficient of variation.
    public mutating func lognormal(mean: Double, cv: Double) -> Double {
        let sigma2 = log(1 + cv * cv)
        let mu = log(mean) - sigma2 / 2
        return exp(normal(mean: mu, sd: sigma2.squareRoot()))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
