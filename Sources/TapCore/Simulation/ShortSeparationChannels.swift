/// Short-separation channels of the simulated montage: detectors a few millimetres from a source,
/// whose light stays in the scalp and skull, so they carry the systemic and scalp signals and
/// (almost) none of the cortex — the regressors of short-channel regression (Goodwin, Gaudet & Berger,
/// Neurophotonics 2014: 6 mm channels regress better than 13 mm ones,
/// which may still see some brain; Wyser et al. 2020, Neurophotonics 7:035011: scalp haemodynamics
/// over sensorimotor cortex are close to homogeneous, short channels correlating 0.69–0.92)
/// [paper: abstracts].
///
/// Model [choice]: a short channel is simulated like a long one — its own background, drift and
/// instrument noise, the shared background and rhythms, the task-evoked systemic response — with
/// every tissue signal (µM, as MNE's Beer–Lambert law reports it at the channel's own distance)
/// × `systemicGain`, and the cortical task response × `corticalFraction`. The gain is the ratio of
/// apparent concentrations for one scalp change: ΔOD_short/ΔOD_long × d_long/d_short. The OD ratio
/// defaults to 1 — both channels' light crosses the scalp twice with similar partial pathlengths
/// [choice]; on `nirsport2_short_2021-04-23_005.snirf` (7–9 mm against 30–48 mm channels, 5.6 s of
/// motion-free rest, low light in the short detectors) the detrended OD SD ratio was 2.2 and the
/// µM ratio 10 (`scripts/real-noise.py --short`) [computed, rough] — so 1 is on the quiet side.
/// Since the shared background is 70 % of a long channel's, regressing a short channel out removes
/// at most that much of its background.
///
/// Layout: appended after the long channels; short channel k sits at source 1 + k·S/N (S sources,
/// N short channels) with a detector of its own numbered after the long detectors, as NIRx names
/// them (`S1-D16` on a NIRSport2): `S1-D6`, `S3-D7` for two short channels beside 8 long ones.
/// Their distances (`NirsLayout.distancesCentimetres`) are ≤ 1.5 cm, which is how consumers tell
/// them apart.
public struct ShortSeparationChannels: Equatable, Sendable {
    /// Number of short channels (0 = none).
    public var count: Int
    /// Source–detector distance, cm (≤ 0.8 cm: Goodwin 2014; NIRx short detectors are 8 mm).
    public var distanceCentimetres: Double
    /// ΔOD in a short channel per ΔOD in a long channel for the same scalp change [choice, above].
    public var scalpOpticalDensityRatio: Double
    /// Fraction of the cortical task response a short channel sees [choice: "little": 0.05].
    public var corticalFraction: Double

    public init(count: Int, distanceCentimetres: Double = 0.8, scalpOpticalDensityRatio: Double = 1,
                corticalFraction: Double = 0.05) {
        self.count = count
        self.distanceCentimetres = distanceCentimetres
        self.scalpOpticalDensityRatio = scalpOpticalDensityRatio
        self.corticalFraction = corticalFraction
    }

    /// No short channels (the default).
    public static let none = ShortSeparationChannels(count: 0)

    /// Distances a short channel may have, cm: up to the 1.5 cm that marks a channel short.
    public static let distanceRange = 0.1...1.5
    public static let countRange = 0...64

    /// Apparent (µM) tissue signal in a short channel per that in a long channel at `longDistanceCentimetres`.
    public func systemicGain(longDistanceCentimetres: Double) -> Double {
        scalpOpticalDensityRatio * longDistanceCentimetres / distanceCentimetres
    }

    /// Why these cannot be simulated, or nil.
    var problem: String? {
        if !Self.countRange.contains(count) {
            return "short-separation channel count must be in 0…\(Self.countRange.upperBound), got \(count)"
        }
        guard count > 0 else { return nil }
        if !distanceCentimetres.isFinite || !Self.distanceRange.contains(distanceCentimetres) {
            return "short-separation distance must be in 0.1…1.5 cm, got \(distanceCentimetres) cm"
        }
        if !scalpOpticalDensityRatio.isFinite || scalpOpticalDensityRatio < 0 {
            return "short-separation OD ratio must be ≥ 0, got \(scalpOpticalDensityRatio)"
        }
        if !corticalFraction.isFinite || !(0...1).contains(corticalFraction) {
            return "short-separation cortical fraction must be in 0…1, got \(corticalFraction)"
        }
        return nil
    }

    /// The short channels beside a chain of `longCount` long channels (`SimulatedMontage`): names,
    /// the long channel they sit beside (for the cortical gain), base intensities from `rng`.
    func channels(beside long: [SimulatedChannel], using rng: inout SeededGenerator) -> [SimulatedChannel] {
        guard count > 0, !long.isEmpty else { return [] }
        let n = long.count
        let sources = (n - 1) / 2 + 1
        let lastDetector = n / 2 + 1
        return (0..<count).map { k in
            let source = 1 + k * sources / count
            // The long channel starting at this source (S_s-D_s is index 2(s − 1)).
            let beside = long[min(2 * (source - 1), n - 1)]
            let light = [rng.lognormal(mean: SimulatedMontage.baseIntensity, cv: SimulatedMontage.baseIntensitySpread),
                         rng.lognormal(mean: SimulatedMontage.baseIntensity, cv: SimulatedMontage.baseIntensitySpread)]
            return SimulatedChannel(name: "S\(source)-D\(lastDetector + 1 + k)", quality: .good,
                                    gain: corticalFraction * beside.gain, baseIntensities: light, isShortSeparation: true)
        }
    }
}
