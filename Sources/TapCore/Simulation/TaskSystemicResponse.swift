/// The systemic (non-cortical) response to tapping: effortful movement raises heart rate and blood
/// pressure, scalp blood volume follows, and every channel's HbO rises with the task — more in
/// short-separation channels, which see only the scalp.
///
/// Sources: task-evoked systemic signals in fNIRS come mainly through the scalp and mainly in HbO
/// (Kirilina et al. 2012, NeuroImage 61:70–81); they are a main
/// source of false positives and negatives (Tachtsidis & Scholkmann 2016, Neurophotonics 3:031405,
/// doi:10.1117/1.NPh.3.3.031405); after brisk hand movements the superficial response estimated from
/// short channels has "temporal profiles similar to the canonical cerebral hemodynamic model", in
/// event-related and block designs alike (Nambu et al. 2017, J Biomed Opt 22:035008,
/// doi:10.1117/1.JBO.22.3.035008); autonomic responses differ strongly between tasks (Yücel et al. 2015, Neurophotonics, "Short
/// separation regression improves statistical significance … for tasks with differing autonomic
/// responses") [paper: abstracts]. None of them gives a size for maximal finger tapping.
///
/// Model [choice]: a systemic drive e(r) · `maximalTappingMicromolar`, e = min(1, r / `maximalRateHz`)
/// the effort of tapping at r (cardiovascular responses grow with exercise intensity; unmeasured
/// rate: 1 in fast blocks, `slowEffort` in slow ones), convolved with the same SPM kernel as the
/// cortical response (Nambu 2017) — so it is task-locked and has the cortex's time course, which is
/// what makes it hard to tell apart without short channels. The same HbO in every long channel
/// (× 0.3 on a poorly coupled one), HbR = `hbrPerHbo` × HbO; short channels × their systemic gain.
/// The default size, 0.25 µM at maximal tapping, is ≈ 35 % of the healthy 0.7 µM cortical fast
/// response and ≈ 0.3 × the measured resting background: present, not dominant [choice].
public struct TaskSystemicResponse: Equatable, Sendable {
    /// Steady-state HbO in a long channel while tapping at (or above) `maximalRateHz`, µM.
    public var maximalTappingMicromolar: Double
    /// The rate taken as maximal effort (SCIENCE.md §4: healthy maximal tapping ≈ 5 Hz).
    public var maximalRateHz: Double
    /// Effort of a slow block when no rate is measured (1 Hz of 5 Hz).
    public var slowEffort: Double
    /// HbR per HbO of the systemic response: a mostly arterial, oxygenated volume change [choice].
    public var hbrPerHbo: Double

    public init(maximalTappingMicromolar: Double, maximalRateHz: Double = 5, slowEffort: Double = 0.2,
                hbrPerHbo: Double = 0.1) {
        self.maximalTappingMicromolar = maximalTappingMicromolar
        self.maximalRateHz = maximalRateHz
        self.slowEffort = slowEffort
        self.hbrPerHbo = hbrPerHbo
    }

    /// No systemic response (the default).
    public static let none = TaskSystemicResponse(maximalTappingMicromolar: 0)
    /// The documented default size [choice].
    public static let standard = TaskSystemicResponse(maximalTappingMicromolar: 0.25)

    /// Effort in 0…1 of what the subject does now.
    public func effort(for activity: TaskActivity) -> Double {
        guard activity.tapping else { return 0 }
        if let rate = activity.tapRateHz, !rate.isNaN {
            guard rate > 0 else { return 0 }
            return min(1, rate / maximalRateHz)
        }
        return activity.fast ? 1 : slowEffort
    }

    /// The systemic drive (µM HbO at steady state in a long channel).
    public func drive(for activity: TaskActivity) -> Double {
        maximalTappingMicromolar == 0 ? 0 : maximalTappingMicromolar * effort(for: activity)
    }

    var problem: String? {
        if !maximalTappingMicromolar.isFinite || maximalTappingMicromolar < 0 {
            return "systemic response size must be ≥ 0 µM, got \(maximalTappingMicromolar)"
        }
        if !maximalRateHz.isFinite || maximalRateHz <= 0 { return "maximal tapping rate must be > 0 Hz, got \(maximalRateHz)" }
        if !slowEffort.isFinite || !(0...1).contains(slowEffort) { return "slow-block effort must be in 0…1, got \(slowEffort)" }
        if !hbrPerHbo.isFinite { return "systemic HbR/HbO must be finite" }
        return nil
    }
}
