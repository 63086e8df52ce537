#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One systemic physiological rhythm (heart beat, breathing, Mayer waves): a unit sine whose phase
/// also takes a Gaussian random walk, as the NIRS Brain AnalyzIR toolbox simulates them
/// (`+nirs/+testing/simPhysioNoise.m`: phase = cumsum(0.01 · 2π · N(0,1)) per sample, at its
/// default 10 Hz) [paper: code]. We keep the walk's diffusion per second, not per sample, so the
/// line width does not depend on the sampling rate: step SD = 0.02π · √(10 Hz / rate) [choice].
/// The angle is wrapped to (−π, π] each step, so it stays exact over long runs.
struct SystemicOscillation: Sendable {
    /// The toolbox's per-sample phase step SD and the rate it applies at.
    static let toolboxPhaseStep = 0.01 * 2 * Double.pi
    static let toolboxRateHz = 10.0

    let frequencyHz: Double
    let radiansPerSample: Double
    let phaseStepSD: Double
    var angle: Double

    init(frequencyHz: Double, sampleRateHz: Double, initialPhase: Double) {
        self.frequencyHz = frequencyHz
        radiansPerSample = 2 * Double.pi * frequencyHz / sampleRateHz
        phaseStepSD = Self.toolboxPhaseStep * (Self.toolboxRateHz / sampleRateHz).squareRoot()
        angle = initialPhase.remainder(dividingBy: 2 * Double.pi)
    }

    /// A rhythm whose frequency is drawn once as N(mean, sd), clamped to mean ± 3 sd, with a
    /// uniformly random initial phase — as the toolbox draws its rhythms per run [paper: code].
    /// Two draws from `rng`: the frequency, then the phase.
    init(drawnAroundHz mean: Double, sdHz sd: Double, sampleRateHz: Double, using rng: inout SeededGenerator) {
        let frequency = min(max(rng.normal(mean: mean, sd: sd), mean - 3 * sd), mean + 3 * sd)
        self.init(frequencyHz: frequency, sampleRateHz: sampleRateHz, initialPhase: rng.uniform(from: 0, to: 2 * Double.pi))
    }

    /// Advances one sample and returns sin(angle), in [−1, 1].
    mutating func next(using rng: inout SeededGenerator) -> Double {
        angle = (angle + radiansPerSample + phaseStepSD * rng.normal(mean: 0, sd: 1))
            .remainder(dividingBy: 2 * Double.pi)
        return sin(angle)
    }
}
