#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Optical density from raw light intensity: OD = −ln(I / I_ref).
///
/// MNE's `optical_density` uses the natural log, the absolute value of the intensity, and
/// the mean over the whole recording as I_ref. A live system cannot know that mean, so the
/// reference is a parameter (e.g. the mean of the baseline rest); the result then differs
/// from MNE's by a constant per channel only.
public enum OpticalDensity {
    public static func od(intensity: Double, reference: Double) -> Double {
        -log(abs(intensity) / reference)
    }
}

/// The modified Beer–Lambert law for one source–detector pair at two wavelengths:
/// optical density changes → ΔHbO, ΔHbR in µM, equal to MNE-Python's `beer_lambert_law`.
///
/// MNE: [ΔHbO, ΔHbR] (mol/L) = 10⁻³ · pinv(E · d · ppf) · [OD₁, OD₂], with
/// E[i][j] = ε_j(λ_i) · 0.2303 (Prahl, cm⁻¹·M⁻¹), d the source–detector distance in
/// metres and ppf the partial pathlength factor (default 6.0, one per wavelength allowed).
/// The literal 0.2303 is MNE's; ln(10)/10 would differ by ~1e-4 µM at 1 µM (SCIENCE.md §3).
public struct BeerLambert: Equatable, Sendable {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case wavelengthOutOfTable(Double)
        case nonPositive(String, Double)
        case singular(Double, Double)

        public var description: String {
            switch self {
            case .wavelengthOutOfTable(let nm): return "no extinction coefficients at \(nm) nm (table covers 250–1000 nm)"
            case .nonPositive(let name, let value): return "\(name) must be positive, got \(value)"
            case .singular(let a, let b): return "wavelengths \(a) and \(b) nm cannot separate HbO from HbR"
            }
        }
    }

    /// MNE's factor turning ε (base-10, per cm) into the absorption it multiplies by d (m) and ppf.
    public static let absorptionFactor = 0.2303
    public static let defaultPPF = 6.0

    /// µM of [HbO, HbR] per unit OD at [λ₁, λ₂] (row-major 2×2).
    public let micromolarPerOD: [Double]
    /// OD at [λ₁, λ₂] per µM of [HbO, HbR] (row-major 2×2): the forward model, for the simulator.
    public let odPerMicromolar: [Double]

    public init(wavelengthsNanometres: (Double, Double), distanceMetres: Double,
                ppf: (Double, Double) = (defaultPPF, defaultPPF)) throws(Failure) {
        guard distanceMetres > 0 else { throw .nonPositive("source–detector distance", distanceMetres) }
        guard ppf.0 > 0 else { throw .nonPositive("partial pathlength factor", ppf.0) }
        guard ppf.1 > 0 else { throw .nonPositive("partial pathlength factor", ppf.1) }
        guard let e1 = ExtinctionTable.coefficients(atNanometres: wavelengthsNanometres.0) else {
            throw .wavelengthOutOfTable(wavelengthsNanometres.0)
        }
        guard let e2 = ExtinctionTable.coefficients(atNanometres: wavelengthsNanometres.1) else {
            throw .wavelengthOutOfTable(wavelengthsNanometres.1)
        }
        let f = Self.absorptionFactor * distanceMetres
        // EL, scaled so that OD = EL · c(µM): MNE's 10⁻³ · (mol/L → µM 10⁶) leaves 10⁻³ on EL.
        let a = e1.hbo * f * ppf.0 * 1e-3, b = e1.hbr * f * ppf.0 * 1e-3
        let c = e2.hbo * f * ppf.1 * 1e-3, d = e2.hbr * f * ppf.1 * 1e-3
        let determinant = a * d - b * c
        guard abs(determinant) > 1e-12 * max(abs(a * d), abs(b * c)) else {
            throw .singular(wavelengthsNanometres.0, wavelengthsNanometres.1)
        }
        odPerMicromolar = [a, b, c, d]
        // For a nonsingular 2×2, pinv is the inverse.
        micromolarPerOD = [d / determinant, -b / determinant, -c / determinant, a / determinant]
    }

    /// ΔHbO, ΔHbR (µM) from the optical densities at the two wavelengths.
    public func concentrations(od1: Double, od2: Double) -> (hbo: Double, hbr: Double) {
        let m = micromolarPerOD
        return (m[0] * od1 + m[1] * od2, m[2] * od1 + m[3] * od2)
    }

    /// The optical densities that ΔHbO, ΔHbR (µM) produce: the inverse of `concentrations`.
    public func opticalDensities(hbo: Double, hbr: Double) -> (od1: Double, od2: Double) {
        let m = odPerMicromolar
        return (m[0] * hbo + m[1] * hbr, m[2] * hbo + m[3] * hbr)
    }
}
