#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The simulator's neural drive: the HbO block amplitude (µM) the motor cortex would settle at if
/// the subject kept doing now what they do now. Convolved with SPM's canonical HRF (normalised to
/// sum 1) it becomes the task HbO response, so a sustained drive of 0.7 settles at 0.7 µM.
///
/// - Rest: 0.
/// - Tapping at a measured rate r: a saturating (hyperbolic) function A(r) = A_max · r / (r + k),
///   anchored so that 1 Hz gives 0.4 µM and 5 Hz 0.7 µM — the slow and fast block amplitudes of
///   SCIENCE.md §4 [choice]. Contralateral precentral activity rises with movement rate (fMRI:
///   Agnew, Zeffiro & Eden 2004, NeuroImage 22:289–303; Rao et al.
///   1993, Neurology 43:2311 — paced movement gave less activation than faster self-paced movement)
///   [paper: abstracts]; the saturating form and its anchors are our choice. k = 15/13 Hz ≈ 1.154 Hz,
///   A_max ≈ 0.862 µM; 4 Hz gives ≈ 0.67 µM, so a slower fast block alone barely lowers HbO.
/// - Tapping with no measured rate (nobody taps yet): the nominal 0.4 µM slow / 0.7 µM fast.
/// - Profile `fading`, fast blocks only: the drive is multiplied by 1 until 8 s into the block,
///   then by 0.5 + 0.5 · exp(−(t − 8 s) / 6 s) [choice]. With the SPM kernel at 7.8125 Hz the HbO
///   of a 30 s block then peaks ≈ 11.3 s in at ≈ 1.13 × A, ends at ≈ 45 % of that peak and
///   averages ≈ 0.67 × A over the block (healthy: peak 1.145 × A at ≈ 12 s, end ≈ 87 % of peak,
///   block mean 0.87 × A). With A = 0.7 µM the fading block mean is ≈ 0.47 µM, near SCIENCE.md
///   §4's FM fast amplitude of ≈ 0.45 µM.
public enum NeuralDrive {
    /// Slow (paced) and fast block amplitudes, µM HbO [choice, SCIENCE.md §4].
    public static let slowAmplitude = 0.4
    public static let fastAmplitude = 0.7
    /// The rates the amplitudes are anchored at: the reconstructed slow pace (1 Hz, SCIENCE.md §1)
    /// and a healthy maximal rate (≈ 5 Hz, SCIENCE.md §4).
    public static let slowAnchorHz = 1.0
    public static let fastAnchorHz = 5.0

    /// k of A(r) = A_max · r / (r + k), from the two anchors: k = r₁r₂(R − 1) / (r₂ − R·r₁),
    /// R = A(r₂) / A(r₁).
    public static let halfSaturationHz: Double = {
        let ratio = fastAmplitude / slowAmplitude
        return slowAnchorHz * fastAnchorHz * (ratio - 1) / (fastAnchorHz - ratio * slowAnchorHz)
    }()
    /// A_max of A(r), µM.
    public static let saturationAmplitude: Double = slowAmplitude * (slowAnchorHz + halfSaturationHz) / slowAnchorHz

    /// `fading`: seconds into a fast block when the drive starts to decay, its time constant and floor.
    public static let fadeOnsetSeconds = 8.0
    public static let fadeTimeConstantSeconds = 6.0
    public static let fadeFloor = 0.5

    /// HbO block amplitude (µM) for tapping at `rateHz`; 0 for a rate ≤ 0.
    public static func amplitude(tapRateHz rateHz: Double) -> Double {
        guard rateHz > 0 else { return 0 }
        guard rateHz.isFinite else { return saturationAmplitude }
        return saturationAmplitude * rateHz / (rateHz + halfSaturationHz)
    }

    /// The `fading` profile's multiplier `secondsIntoBlock` into a fast block (1 before the onset).
    public static func fadeFactor(secondsIntoBlock t: Double) -> Double {
        guard t > fadeOnsetSeconds else { return 1 }
        return fadeFloor + (1 - fadeFloor) * exp(-(t - fadeOnsetSeconds) / fadeTimeConstantSeconds)
    }

    /// The drive (µM HbO at steady state) for what the subject does now.
    public static func drive(for activity: TaskActivity, profile: SimulationProfile) -> Double {
        guard activity.tapping else { return 0 }
        var a: Double
        if let rate = activity.tapRateHz, !rate.isNaN {
            a = amplitude(tapRateHz: rate)
        } else {
            a = activity.fast ? fastAmplitude : slowAmplitude
        }
        if profile == .fading, activity.fast { a *= fadeFactor(secondsIntoBlock: activity.secondsIntoBlock) }
        return a
    }
}
