#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `measured` noise model: everything in a channel that is not the task, sized after the
/// motion-free resting stretches of a real recording.
///
/// Calibration: `scripts/real-noise.py --calibrate` on `Tests/Fixtures/neuro_run01.snirf` (9 channels
/// at 2 cm, 690/830 nm, 20 Hz; MNE's conversion with ppf 6; 139 s of stretches with no motion event
/// on a good channel, stimulus responses regressed out; 7 channels with scalp coupling ≥ 0.7). One
/// head, so these are one plausible head's figures, not a population's [computed]. Measured there
/// (median good channel): SD in 0.01–0.2 Hz 0.87 µM HbO / 0.39 µM HbR; SD of the fade detector's
/// 4 s change of 1.5 s means 0.94 / 0.38 µM; HbO–HbR correlation −0.77; inter-channel correlation
/// 0.70; spectrum ∝ 1/f^2.4 from ≈ 0.04 Hz up.
///
/// - Background (`PowerLawSpectrum` of `LowPassNoise` components): exponent β, lowest corner and
///   0.01–0.2 Hz size fitted by the script together with the Mayer and respiration amplitudes [computed].
///   Each component is √ρ·shared + √(1 − ρ)·own, ρ the measured inter-channel correlation, so the
///   shared part is what a short-separation channel sees too.
/// - HbR of the slow components (corners below 0.3 Hz) = (HbR/HbO size) · (r · their HbO + √(1 − r²)
///   · an independent background of the same spectrum), r the HbO–HbR correlation measured in
///   0.01–0.2 Hz [computed]; Mayer and respiration in HbR at the same r · size (anti-phase). Faster
///   components move HbR with HbO like the heart beat (in phase, the heart's measured ratio)
///   [choice]: the real channels' two wavelengths agree in 0.7–1.5 Hz (MNE's scalp coupling index
///   0.75–0.92 on the good ones), which anti-correlated HbO and HbR there would break.
/// - Rhythms: the AnalyzIR toolbox's adult frequencies (cardiac 1.0 ± 0.1 Hz, respiration 0.25 ±
///   0.025 Hz, Mayer 0.1 ± 0.01 Hz) [paper: code] with the recording's amplitudes [computed]. (The
///   recording's pulse is at ≈ 2.3 Hz — coherence 0.99 between its wavelengths there — so it is not
///   a resting adult's; we keep the adult rate.)
/// - Each channel's tissue signals × a lognormal level, median 1, SD of ln 0.43 as between the
///   recording's good channels [computed]. Poorly coupled channels as in `textbook`; noisy ones get
///   3× instrument noise but no extra background — the level spread already covers how much good
///   channels differ, and a factor 3 on top would count it twice.
/// - Drift and instrument noise as in `textbook` (below the recording's resolution) [choice].
///
/// Draws: setup and per-sample streams of their own (21–23, 3000 + channel, 4000 + extra channel),
/// the same number every sample, so the noise never depends on the task or the profile, and extra
/// (short-separation) channels never change the draws of the others.
struct MeasuredNoise: Sendable {
    // Calibration of neuro_run01 (scripts/real-noise.py --calibrate) [computed].
    static let spectrumExponent = 2.46
    static let lowestCornerHz = 0.040
    static let backgroundBandSD = 0.914
    static let mayerAmplitude = 0.126, respirationAmplitude = 0.017, cardiacAmplitude = 0.166
    static let cardiacHbrPerHbo = 0.23
    static let hbrPerHbo = 0.445
    static let hboHbrCorrelation = -0.77
    static let sharedFraction = 0.70
    /// Components with corners at or above this move HbR like the heart beat does [choice, above].
    static let volumeCouplingCornerHz = 0.3
    static let levelSpreadLogSD = 0.43
    // Adult rhythm frequencies (AnalyzIR toolbox) [paper: code]; drift and instrument as `textbook`.
    static let cardiacHz = PhysiologicalNoise.cardiacHz, cardiacHzSD = PhysiologicalNoise.cardiacHzSD
    static let respirationHz = PhysiologicalNoise.respirationHz, respirationHzSD = PhysiologicalNoise.respirationHzSD
    static let mayerHz = PhysiologicalNoise.mayerHz, mayerHzSD = PhysiologicalNoise.mayerHzSD

    let channelCount: Int
    let spectrum: PowerLawSpectrum
    /// Per component: the shared HbO process and the shared independent ("other") process of HbR.
    var sharedHboComponents: [LowPassNoise], sharedOtherComponents: [LowPassNoise]
    /// Channel-major, `spectrum.cornersHz.count` per channel.
    var ownHboComponents: [LowPassNoise], ownOtherComponents: [LowPassNoise]
    /// Background scale per channel (level × quality) and the tissue scale of the rhythms.
    let backgroundScale: [Double], rhythmScale: [Double], cardiacScale: [Double], instrumentSD: [Double]
    var hboDrift: [Double], hbrDrift: [Double]
    let driftDecay: Double
    var cardiac: SystemicOscillation, respiration: SystemicOscillation, mayer: SystemicOscillation
    var shared: SeededGenerator
    var perChannel: [SeededGenerator]
    /// Components below `volumeCouplingCornerHz` (the slow ones) come first.
    let slowComponentCount: Int
    // This sample's shared values, set by `step`.
    var sharedSlowHbo = 0.0, sharedFastHbo = 0.0, sharedOther = 0.0, rhythmHbo = 0.0, rhythmHbr = 0.0, cardiacHbo = 0.0, cardiacHbr = 0.0

    /// `channels` then `extraChannels` (short-separation channels), indexed in that order.
    init(channels: [SimulatedChannel], extraChannels: [SimulatedChannel] = [], sampleRateHz fs: Double, seed: UInt64) {
        let spectrum = PowerLawSpectrum(exponent: Self.spectrumExponent, lowestCornerHz: Self.lowestCornerHz,
                                        bandSD: Self.backgroundBandSD, sampleRateHz: fs)
        self.spectrum = spectrum
        slowComponentCount = spectrum.cornersHz.filter { $0 < Self.volumeCouplingCornerHz }.count
        channelCount = channels.count + extraChannels.count
        var setup = SeededGenerator(seed: seed, stream: 21)
        var extraSetup = SeededGenerator(seed: seed, stream: 23)
        sharedHboComponents = Self.components(spectrum, fs, using: &setup)
        sharedOtherComponents = Self.components(spectrum, fs, using: &setup)
        cardiac = SystemicOscillation(drawnAroundHz: Self.cardiacHz, sdHz: Self.cardiacHzSD, sampleRateHz: fs, using: &setup)
        respiration = SystemicOscillation(drawnAroundHz: Self.respirationHz, sdHz: Self.respirationHzSD, sampleRateHz: fs,
                                          using: &setup)
        mayer = SystemicOscillation(drawnAroundHz: Self.mayerHz, sdHz: Self.mayerHzSD, sampleRateHz: fs, using: &setup)
        var draws = ChannelDraws()
        for channel in channels { draws.add(channel, spectrum, fs, using: &setup) }
        for channel in extraChannels { draws.add(channel, spectrum, fs, using: &extraSetup) }
        ownHboComponents = draws.ownHbo
        ownOtherComponents = draws.ownOther
        backgroundScale = draws.background
        rhythmScale = draws.rhythm
        cardiacScale = draws.cardiac
        instrumentSD = draws.instrument
        hboDrift = draws.hboDrift
        hbrDrift = draws.hbrDrift
        driftDecay = exp(-1 / (PhysiologicalNoise.driftTimeConstantSeconds * fs))
        shared = SeededGenerator(seed: seed, stream: 22)
        let long = channels.count
        perChannel = (0..<long).map { SeededGenerator(seed: seed, stream: 3000 + UInt64($0)) }
            + extraChannels.indices.map { SeededGenerator(seed: seed, stream: 4000 + UInt64($0)) }
    }

    static func components(_ spectrum: PowerLawSpectrum, _ fs: Double, using rng: inout SeededGenerator) -> [LowPassNoise] {
        spectrum.cornersHz.map { LowPassNoise(cornerHz: $0, sampleRateHz: fs, using: &rng) }
    }

    /// Per-channel set-up draws, collected channel by channel.
    struct ChannelDraws {
        var ownHbo: [LowPassNoise] = [], ownOther: [LowPassNoise] = []
        var background: [Double] = [], rhythm: [Double] = [], cardiac: [Double] = [], instrument: [Double] = []
        var hboDrift: [Double] = [], hbrDrift: [Double] = []

        mutating func add(_ channel: SimulatedChannel, _ spectrum: PowerLawSpectrum, _ fs: Double,
                          using rng: inout SeededGenerator) {
            ownHbo += MeasuredNoise.components(spectrum, fs, using: &rng)
            ownOther += MeasuredNoise.components(spectrum, fs, using: &rng)
            let level = exp(MeasuredNoise.levelSpreadLogSD * rng.normal(mean: 0, sd: 1))
            // The level spread already holds the real good channels' differences: a noisy channel
            // here differs by its instrument noise only, not by a second background factor.
            let (tissue, _, sd) = PhysiologicalNoise.qualityFactors(channel.quality)
            let backgroundFactor = tissue
            background.append(level * tissue * backgroundFactor)
            rhythm.append(level * tissue)
            cardiac.append(channel.quality == .poorlyCoupled ? 0 : level * tissue)
            instrument.append(sd)
            hboDrift.append(rng.normal(mean: 0, sd: PhysiologicalNoise.driftHboSD))
            hbrDrift.append(rng.normal(mean: 0, sd: PhysiologicalNoise.driftHbrSD))
        }
    }

    /// Advances the shared components by one sample; call once per sample before `sample(channel:)`.
    mutating func step() {
        var slow = 0.0, fast = 0.0, other = 0.0
        for i in sharedHboComponents.indices {
            let hbo = spectrum.componentSDs[i] * sharedHboComponents[i].next(shared.normal(mean: 0, sd: 1))
            let o = spectrum.componentSDs[i] * sharedOtherComponents[i].next(shared.normal(mean: 0, sd: 1))
            if i < slowComponentCount { slow += hbo; other += o } else { fast += hbo }
        }
        sharedSlowHbo = slow
        sharedFastHbo = fast
        sharedOther = other
        let r = respiration.next(using: &shared) * Self.respirationAmplitude
        let m = mayer.next(using: &shared) * Self.mayerAmplitude
        let c = cardiac.next(using: &shared) * Self.cardiacAmplitude
        rhythmHbo = r + m
        rhythmHbr = Self.hbrPerHbo * Self.hboHbrCorrelation * (r + m)
        cardiacHbo = c
        cardiacHbr = Self.cardiacHbrPerHbo * c
    }

    /// This sample's noise of one channel: µM HbO and HbR, and instrument noise in OD per wavelength.
    mutating func sample(channel ch: Int) -> (hbo: Double, hbr: Double, od1: Double, od2: Double) {
        let k = spectrum.cornersHz.count, base = ch * k
        var ownSlow = 0.0, ownFast = 0.0, ownOther = 0.0
        for i in 0..<k {
            let hbo = spectrum.componentSDs[i] * ownHboComponents[base + i].next(perChannel[ch].normal(mean: 0, sd: 1))
            let o = spectrum.componentSDs[i] * ownOtherComponents[base + i].next(perChannel[ch].normal(mean: 0, sd: 1))
            if i < slowComponentCount { ownSlow += hbo; ownOther += o } else { ownFast += hbo }
        }
        let rho = Self.sharedFraction
        let wShared = rho.squareRoot(), wOwn = (1 - rho).squareRoot()
        let slowHbo = backgroundScale[ch] * (wShared * sharedSlowHbo + wOwn * ownSlow)
        let fastHbo = backgroundScale[ch] * (wShared * sharedFastHbo + wOwn * ownFast)
        let slowOther = backgroundScale[ch] * (wShared * sharedOther + wOwn * ownOther)
        let r = Self.hboHbrCorrelation
        let backgroundHbo = slowHbo + fastHbo
        let backgroundHbr = Self.hbrPerHbo * (r * slowHbo + (1 - r * r).squareRoot() * slowOther)
            + Self.cardiacHbrPerHbo * fastHbo
        let innovation = (1 - driftDecay * driftDecay).squareRoot()
        hboDrift[ch] = driftDecay * hboDrift[ch]
            + innovation * PhysiologicalNoise.driftHboSD * perChannel[ch].normal(mean: 0, sd: 1)
        hbrDrift[ch] = driftDecay * hbrDrift[ch]
            + innovation * PhysiologicalNoise.driftHbrSD * perChannel[ch].normal(mean: 0, sd: 1)
        let hbo = backgroundHbo + hboDrift[ch] + rhythmScale[ch] * rhythmHbo + cardiacScale[ch] * cardiacHbo
        let hbr = backgroundHbr + hbrDrift[ch] + rhythmScale[ch] * rhythmHbr + cardiacScale[ch] * cardiacHbr
        let od1 = instrumentSD[ch] * perChannel[ch].normal(mean: 0, sd: 1)
        let od2 = instrumentSD[ch] * perChannel[ch].normal(mean: 0, sd: 1)
        return (hbo, hbr, od1, od2)
    }
}
