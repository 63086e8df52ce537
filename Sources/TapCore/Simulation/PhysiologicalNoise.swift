#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Everything in a simulated channel that is not the task: background AR noise, heart beat,
/// breathing, Mayer waves, slow drift (all in µM HbO/HbR) and instrument noise (in OD).
///
/// Structure after the NIRS Brain AnalyzIR toolbox's simulators (`+nirs/+testing/simARNoise.m`,
/// `simPhysioNoise.m`) [paper: code]; absolute sizes are SCIENCE.md §4's [choice]:
/// - AR(10) background per channel (`AutoregressiveModel`), SD 0.1 µM HbO and 0.05 µM HbR [choice:
///   HbR is usually the quieter signal], innovations correlated 0.33 between channels through a
///   shared component (the toolbox's spatial covariance, toeplitz([1 0.33 …])). HbO and HbR have
///   separate models. The AR model works in samples, as the toolbox's does (there at 10 Hz): at
///   higher rates the same coefficients make faster noise [choice, documented].
/// - Cardiac 1.0 ± 0.1 Hz, 0.1 µM HbO; respiration 0.25 ± 0.025 Hz, 0.1 µM; Mayer 0.1 ± 0.01 Hz,
///   0.3 µM (sine amplitudes) — frequencies drawn once per run as the toolbox does, phases taking
///   random walks (`SystemicOscillation`). Systemic rhythms are common to all channels, scaled per
///   channel by U(0.8, 1.2) [choice].
/// - The cardiac pulse is a blood-volume change of arterial blood, so HbR follows HbO with the same
///   sign at (1 − SaO₂)/SaO₂ = 0.03/0.97 of its size (SaO₂ ≈ 97 %, the principle of pulse oximetry:
///   the pulsatile part is arterial) [choice]. It therefore reaches both wavelengths coherently, as
///   the scalp coupling index expects. Respiration and Mayer waves appear in HbR in phase at 0.3 ×
///   the HbO amplitude [choice].
/// - Drift: an Ornstein–Uhlenbeck process per channel, time constant 100 s, SD 0.05 µM HbO,
///   0.02 µM HbR [choice], started from its stationary distribution.
/// - Instrument noise: white, per wavelength, SD 3·10⁻⁴ OD (≈ 0.01 µM HbO after conversion at 3 cm)
///   [choice]; 3× on noisy channels, 3·10⁻³ on the poorly coupled one.
///
/// Draws: setup from its own stream; per sample one shared stream (systemic phases, shared AR
/// innovations) and one stream per channel, always the same number of draws per sample, so the
/// noise never depends on the task or the profile.
struct PhysiologicalNoise: Sendable {
    static let order = AutoregressiveModel.defaultOrder
    static let interChannelCorrelation = 0.33
    static let hboSD = 0.1, hbrSD = 0.05
    static let cardiacHz = 1.0, cardiacHzSD = 0.1, cardiacAmplitude = 0.1
    static let respirationHz = 0.25, respirationHzSD = 0.025, respirationAmplitude = 0.1
    static let mayerHz = 0.1, mayerHzSD = 0.01, mayerAmplitude = 0.3
    static let arterialSaturation = 0.97
    static let systemicHbrRatio = 0.3
    static let systemicSpread = 0.8...1.2
    static let driftTimeConstantSeconds = 100.0, driftHboSD = 0.05, driftHbrSD = 0.02
    static let instrumentSD = 3e-4, noisyFactor = 3.0, poorlyCoupledInstrumentSD = 3e-3
    /// Samples run at start-up so the AR noise begins stationary (≈ 5 of its time constants).
    static let burnInSamples = 2000

    let channelCount: Int
    /// Per channel `order` coefficients, channel-major.
    let hboCoefficients: [Double], hbrCoefficients: [Double]
    var hboHistory: [Double], hbrHistory: [Double]
    /// The ring slot that holds x_{t−P} before a step and x_t after it, shared by all channels.
    var slot = 0
    let hboInnovationSD: [Double], hbrInnovationSD: [Double]
    var hboDrift: [Double], hbrDrift: [Double]
    let driftDecay: Double
    let systemicScale: [Double], cardiacScale: [Double], instrumentSD: [Double]
    var cardiac: SystemicOscillation, respiration: SystemicOscillation, mayer: SystemicOscillation
    var shared: SeededGenerator
    var perChannel: [SeededGenerator]
    // This sample's shared values, set by `step`.
    var sharedHboInnovation = 0.0, sharedHbrInnovation = 0.0
    var systemicHbo = 0.0, systemicHbr = 0.0, cardiacHbo = 0.0, cardiacHbr = 0.0

    /// What a channel's quality does: factors on its tissue signals and its background noise, and
    /// its instrument noise SD (OD) — see `SimulatedChannel.Quality`.
    static func qualityFactors(_ quality: SimulatedChannel.Quality) -> (tissue: Double, background: Double, instrumentSD: Double) {
        switch quality {
        case .good: (1, 1, instrumentSD)
        case .noisy: (1, noisyFactor, instrumentSD * noisyFactor)
        case .poorlyCoupled: (SimulatedMontage.poorCouplingTissue, SimulatedMontage.poorCouplingTissue, poorlyCoupledInstrumentSD)
        }
    }

    /// `channels` then `extraChannels` (short-separation channels), indexed in that order. Extra
    /// channels draw from streams of their own (11, 13, 2000 + index), so adding them leaves every
    /// draw of the others — and so their samples — unchanged.
    init(channels: [SimulatedChannel], extraChannels: [SimulatedChannel] = [], sampleRateHz: Double, seed: UInt64) {
        let n = channels.count + extraChannels.count, p = Self.order
        channelCount = n
        var setup = SeededGenerator(seed: seed, stream: 1)
        var extraSetup = SeededGenerator(seed: seed, stream: 11)
        var hboA = [Double](), hbrA = [Double]()
        var hboE = [Double](), hbrE = [Double]()
        var systemic = [Double](), cardiacScale = [Double](), instrument = [Double]()
        hboA.reserveCapacity(n * p); hbrA.reserveCapacity(n * p)
        func addChannel(_ channel: SimulatedChannel, using setup: inout SeededGenerator) {
            let a = AutoregressiveModel.randomCoefficients(order: p, using: &setup)
            let b = AutoregressiveModel.randomCoefficients(order: p, using: &setup)
            hboA += a; hbrA += b
            let (tissue, background, sd) = Self.qualityFactors(channel.quality)
            hboE.append(Self.hboSD * background / AutoregressiveModel.stationaryVariance(coefficients: a).squareRoot())
            hbrE.append(Self.hbrSD * background / AutoregressiveModel.stationaryVariance(coefficients: b).squareRoot())
            let spread = setup.uniform(from: Self.systemicSpread.lowerBound, to: Self.systemicSpread.upperBound)
            systemic.append(tissue * spread)
            cardiacScale.append(channel.quality == .poorlyCoupled ? 0 : tissue * spread)
            instrument.append(sd)
        }
        for channel in channels { addChannel(channel, using: &setup) }
        for channel in extraChannels { addChannel(channel, using: &extraSetup) }
        hboCoefficients = hboA; hbrCoefficients = hbrA
        hboInnovationSD = hboE; hbrInnovationSD = hbrE
        systemicScale = systemic; self.cardiacScale = cardiacScale; instrumentSD = instrument
        cardiac = SystemicOscillation(drawnAroundHz: Self.cardiacHz, sdHz: Self.cardiacHzSD, sampleRateHz: sampleRateHz,
                                      using: &setup)
        respiration = SystemicOscillation(drawnAroundHz: Self.respirationHz, sdHz: Self.respirationHzSD,
                                          sampleRateHz: sampleRateHz, using: &setup)
        mayer = SystemicOscillation(drawnAroundHz: Self.mayerHz, sdHz: Self.mayerHzSD, sampleRateHz: sampleRateHz, using: &setup)
        driftDecay = exp(-1 / (Self.driftTimeConstantSeconds * sampleRateHz))
        let long = channels.count
        hboDrift = (0..<long).map { _ in setup.normal(mean: 0, sd: Self.driftHboSD) }
        hbrDrift = (0..<long).map { _ in setup.normal(mean: 0, sd: Self.driftHbrSD) }
        hboDrift += extraChannels.map { _ in extraSetup.normal(mean: 0, sd: Self.driftHboSD) }
        hbrDrift += extraChannels.map { _ in extraSetup.normal(mean: 0, sd: Self.driftHbrSD) }
        hboHistory = [Double](repeating: 0, count: n * p)
        hbrHistory = [Double](repeating: 0, count: n * p)
        shared = SeededGenerator(seed: seed, stream: 2)
        perChannel = (0..<long).map { SeededGenerator(seed: seed, stream: 1000 + UInt64($0)) }
            + extraChannels.indices.map { SeededGenerator(seed: seed, stream: 2000 + UInt64($0)) }
        // Burn-in of the AR models only, from streams of its own.
        var burn = SeededGenerator(seed: seed, stream: 3)
        var extraBurn = SeededGenerator(seed: seed, stream: 13)
        for _ in 0..<Self.burnInSamples {
            advanceSlot()
            let zo = burn.normal(mean: 0, sd: 1), zr = burn.normal(mean: 0, sd: 1)
            for ch in 0..<n {
                var rng = ch < long ? burn : extraBurn
                _ = autoregressive(channel: ch, sharedHbo: zo, sharedHbr: zr,
                                   ownHbo: rng.normal(mean: 0, sd: 1), ownHbr: rng.normal(mean: 0, sd: 1))
                if ch < long { burn = rng } else { extraBurn = rng }
            }
        }
    }

    private mutating func advanceSlot() {
        slot += 1
        if slot == Self.order { slot = 0 }
    }

    /// One AR step of both models of a channel; writes x_t into the history.
    private mutating func autoregressive(channel ch: Int, sharedHbo: Double, sharedHbr: Double,
                                         ownHbo: Double, ownHbr: Double) -> (hbo: Double, hbr: Double) {
        let p = Self.order, base = ch * p
        let rho = Self.interChannelCorrelation
        let wShared = rho.squareRoot(), wOwn = (1 - rho).squareRoot()
        var xo = hboInnovationSD[ch] * (wShared * sharedHbo + wOwn * ownHbo)
        var xr = hbrInnovationSD[ch] * (wShared * sharedHbr + wOwn * ownHbr)
        // x_{t−i} sits at slot − i (mod P); slot itself holds x_{t−P}.
        var j = slot
        for i in 0..<p {
            j = j == 0 ? p - 1 : j - 1
            xo += hboCoefficients[base + i] * hboHistory[base + j]
            xr += hbrCoefficients[base + i] * hbrHistory[base + j]
        }
        hboHistory[base + slot] = xo
        hbrHistory[base + slot] = xr
        return (xo, xr)
    }

    /// Advances the shared components by one sample; call once per sample before `sample(channel:)`.
    mutating func step() {
        advanceSlot()
        sharedHboInnovation = shared.normal(mean: 0, sd: 1)
        sharedHbrInnovation = shared.normal(mean: 0, sd: 1)
        let r = respiration.next(using: &shared) * Self.respirationAmplitude
        let m = mayer.next(using: &shared) * Self.mayerAmplitude
        let c = cardiac.next(using: &shared) * Self.cardiacAmplitude
        systemicHbo = r + m
        systemicHbr = Self.systemicHbrRatio * (r + m)
        cardiacHbo = c
        cardiacHbr = c * (1 - Self.arterialSaturation) / Self.arterialSaturation
    }

    /// This sample's noise of one channel: µM HbO and HbR, and instrument noise in OD per wavelength.
    mutating func sample(channel ch: Int) -> (hbo: Double, hbr: Double, od1: Double, od2: Double) {
        let zo = perChannel[ch].normal(mean: 0, sd: 1), zr = perChannel[ch].normal(mean: 0, sd: 1)
        let ar = autoregressive(channel: ch, sharedHbo: sharedHboInnovation, sharedHbr: sharedHbrInnovation,
                                ownHbo: zo, ownHbr: zr)
        let innovation = (1 - driftDecay * driftDecay).squareRoot()
        hboDrift[ch] = driftDecay * hboDrift[ch] + innovation * Self.driftHboSD * perChannel[ch].normal(mean: 0, sd: 1)
        hbrDrift[ch] = driftDecay * hbrDrift[ch] + innovation * Self.driftHbrSD * perChannel[ch].normal(mean: 0, sd: 1)
        let hbo = ar.hbo + hboDrift[ch] + systemicScale[ch] * systemicHbo + cardiacScale[ch] * cardiacHbo
        let hbr = ar.hbr + hbrDrift[ch] + systemicScale[ch] * systemicHbr + cardiacScale[ch] * cardiacHbr
        let od1 = instrumentSD[ch] * perChannel[ch].normal(mean: 0, sd: 1)
        let od2 = instrumentSD[ch] * perChannel[ch].normal(mean: 0, sd: 1)
        return (hbo, hbr, od1, od2)
    }
}
