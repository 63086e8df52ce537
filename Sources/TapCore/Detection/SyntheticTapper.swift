#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Seeded taps with a known truth, for the detector evaluation and tests: a self-paced tapper
/// whose rate follows a chosen course, or a paced tapper on a metronome grid.
///
/// Self-paced: first tap after a reaction time of 250–400 ms, then lognormal inter-tap intervals
/// (ITIs) with coefficient of variation `cv` around 1 / rate(t), t the time of the previous tap
/// (SCIENCE.md §4: ≈ 5 Hz, CV ≈ 7 %). rate(t) = startRate · (1 − decline · t / duration) ·
/// (1 − depth · smoothstep((t − onset) / ramp)) (or (t / duration)² with `accelerating`): a healthy decline over the block (healthy
/// people lose ≈ 17 % over a maximal trial, SCIENCE.md §2) and a fade of `depth` from `onset`,
/// reached within `ramp` seconds. An irregular tapper adds hesitations: with probability
/// `hesitationProbability` an interval is `hesitationFactor` times as long [choice].
/// `stopAt` ends the taps there (a subject who stops).
///
/// Paced: one tap per beat at beat + N(−20 ms, 30 ms) clamped to ±150 ms (as `SyntheticSubject`),
/// except beats listed in `missedBeats`.
///
/// Not `SyntheticSubject`: that one plays the live demo's two profiles; this one sweeps depths,
/// onsets and variability, which the evaluation needs, and draws its taps eagerly.
public struct SyntheticTapper: Equatable, Sendable {
    /// How the healthy decline spreads over the block.
    public enum DeclineShape: String, Equatable, Sendable, CaseIterable {
        /// decline · t / T.
        case linear
        /// decline · (t / T)²: little at first, most of it late (the same total at the end).
        case accelerating
    }

    public var startRateHz = 5.5
    public var cv = 0.07
    /// Healthy decline over the block (0.08 = 8 % slower at its end), spread by `declineShape`.
    public var decline = 0.0
    public var declineShape = DeclineShape.linear
    /// Fade: relative drop of the rate (0.3 = 30 %), its onset and how long it takes to fall.
    public var fadeDepth = 0.0
    public var fadeOnsetSeconds = 0.0
    public var fadeRampSeconds = 1.0
    public var hesitationProbability = 0.0
    public var hesitationFactor = 2.0
    public var stopAtSeconds: Double?
    /// Paced blocks: beat indices with no tap.
    public var missedBeats: Set<Int> = []

    public init() {}

    /// Tap rate (Hz) the subject aims at `t` seconds into the block, before interval noise.
    public func rateHz(atSeconds t: Double, durationSeconds: Double) -> Double {
        let f = min(max(t / max(durationSeconds, 1e-9), 0), 1)
        let healthy = startRateHz * (1 - decline * (declineShape == .linear ? f : f * f))
        guard fadeDepth > 0 else { return healthy }
        let x = fadeRampSeconds > 0 ? min(1, max(0, (t - fadeOnsetSeconds) / fadeRampSeconds))
                                    : (t >= fadeOnsetSeconds ? 1 : 0)
        return healthy * (1 - fadeDepth * x * x * (3 - 2 * x))
    }

    /// The block's taps, seconds from its start, sorted, all within [0, duration).
    public func tapTimes(block: Block, seed: UInt64) -> [Double] {
        var rng = SeededGenerator(seed: seed, stream: 77)
        let duration = block.durationSeconds
        let end = min(duration, stopAtSeconds ?? duration)
        var times: [Double] = []
        if let period = block.beatPeriod?.seconds {
            var k = 0
            while Double(k) * period < end {
                let offset = min(max(rng.normal(mean: -0.020, sd: 0.030), -0.150), 0.150)
                let t = max(0, Double(k) * period + offset)
                if !missedBeats.contains(k), t < end { times.append(t) }
                k += 1
            }
            return times
        }
        var t = rng.uniform(from: 0.25, to: 0.40)
        while t < end {
            times.append(t)
            var interval = rng.lognormal(mean: 1 / rateHz(atSeconds: t, durationSeconds: duration), cv: cv)
            if hesitationProbability > 0, rng.unit() < hesitationProbability { interval *= hesitationFactor }
            t += max(interval, 0.1)
        }
        return times
    }
}
