#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How raw fNIRS becomes the HbO/HbR on screen: the protocol's `fnirs:` section
/// (docs/protocol-format.md), every default documented in docs/optics.md.
public struct NirsSettings: Equatable, Sendable, Codable {
    /// How the optical pathlength is set.
    public enum Pathlength: Equatable, Sendable, Codable {
        /// A partial pathlength factor per wavelength (MNE's `ppf`; one number means both).
        case ppf(Double, Double)
        /// Scholkmann & Wolf 2013's age-dependent DPF at each wavelength, used as the pathlength factor.
        case dpfForAge(Double)
    }

    /// MNE-Python's default: `beer_lambert_law(raw, ppf=6.0)`.
    public var pathlength: Pathlength = .ppf(BeerLambert.defaultPPF, BeerLambert.defaultPPF)
    /// Source–detector distance used when the source does not give one [choice: NIRx-like 3 cm].
    public var distanceCentimetres: Double = 3
    /// The intensity reference for optical density: the mean of the stream's first seconds
    /// (MNE uses the whole recording's mean, which a live system cannot know; SCIENCE.md §3).
    public var referenceSeconds: Double = 5
    /// The HbO signal's baseline: the mean over this many seconds before each tapping block's
    /// onset (`HbOSignal`; there is no band-pass: docs/optics.md).
    public var baselineSeconds: Double = 5
    /// Channels averaged as "motor cortex"; nil = every good channel.
    public var motorChannels: [String]?

    public init() {}

    public static let referenceRange = 0.5...120.0
    public static let baselineRange = 0.5...60.0
    public static let distanceRange = 0.5...10.0
    public static let ppfRange = 0.1...20.0
    public static let ageRange = 0.0...100.0

    /// The pathlength factor at each of two wavelengths.
    public func pathlengthFactors(wavelengths: (Double, Double)) -> (Double, Double) {
        switch pathlength {
        case .ppf(let a, let b): return (a, b)
        case .dpfForAge(let age):
            return (Self.scholkmannDPF(nanometres: wavelengths.0, ageYears: age),
                    Self.scholkmannDPF(nanometres: wavelengths.1, ageYears: age))
        }
    }

    /// DPF(λ, age) = 223.3 + 0.05624·age^0.8493 − 5.723e-7·λ³ + 0.001245·λ² − 0.9025·λ
    /// (Scholkmann & Wolf 2013, J Biomed Opt 18:105004; adult head, 690–832 nm fitted).
    public static func scholkmannDPF(nanometres l: Double, ageYears age: Double) -> Double {
        223.3 + 0.05624 * pow(age, 0.8493) - 5.723e-7 * l * l * l + 0.001245 * l * l - 0.9025 * l
    }
}
