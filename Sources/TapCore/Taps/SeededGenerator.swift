#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A seeded random number generator, so a synthetic session is the same on every run.
///
/// SplitMix64 (Steele, Lea & Flood 2014, "Fast splittable pseudorandom number generators",
/// OOPSLA; Vigna's reference `splitmix64.c`, also the seeding generator of xoshiro): one
/// 64-bit word of state, passes BigCrush, and any seed — including 0 — is a good one.
/// TapCore never uses `SystemRandomNumberGenerator`. The deviates below are our own rather
/// than `Double.random(in:using:)`, whose algorithm the standard library does not promise to
/// keep, so a seed gives the same draws on every Swift version.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    var state: UInt64

    /// SplitMix64's increment: 2^64 / φ, odd.
    static let golden: UInt64 = 0x9E37_79B9_7F4A_7C15

    public init(seed: UInt64) { state = seed }

    /// An independent stream for one part of a run (a block, a channel) of the run's seed.
    /// Both words go through the SplitMix64 finaliser, so streams of neighbouring seeds or
    /// indices start at unrelated points of the sequence instead of overlapping shifted copies.
    public init(seed: UInt64, stream: UInt64) {
        state = Self.mix(seed ^ Self.mix(stream &+ Self.golden))
    }

    public mutating func next() -> UInt64 {
        state &+= Self.golden
        return Self.mix(state)
    }

    /// SplitMix64's output function (a variant of MurmurHash3's 64-bit finaliser).
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1): the top 53 bits, so every value is an exact multiple of 2^-53.
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// Uniform in [lower, upper).
    public mutating func uniform(from lower: Double, to upper: Double) -> Double {
        lower + (upper - lower) * unit()
    }

    /// Normal deviate (Box & Muller 1958, the cosine branch only: one deviate per call keeps the
    /// stream position independent of how many deviates were asked for before).
    public mutating func normal(mean: Double, sd: Double) -> Double {
        let u1 = 1 - unit()  // (0, 1]: log never sees 0
        let u2 = unit()
        return mean + sd * (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// Lognormal with the given mean and coefficient of variation (SD / mean):
    /// σ² = ln(1 + cv²), μ = ln(mean) − σ²/2, so E[X] = mean and SD[X] / E[X] = cv exactly.
    public mutating func lognormal(mean: Double, cv: Double) -> Double {
        let sigma2 = log(1 + cv * cv)
        return exp(normal(mean: log(mean) - sigma2 / 2, sd: sigma2.squareRoot()))
    }
}
