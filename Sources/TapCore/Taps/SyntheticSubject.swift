/// How the synthetic subject behaves in fast (self-paced) blocks.
public enum AutotapProfile: String, CaseIterable, Sendable, Codable {
    /// Keeps the pace; taps fast blocks at a steady maximal rate with a mild healthy decline.
    case steady
    /// Keeps up in slow blocks; in fast blocks the rate falls by about a third after 10–15 s.
    case fading
}

/// Taps on the subject's behalf (`--autotap`), so demos and tests run unattended.
///
/// Choices (SCIENCE.md §4, "Tapping"), none of them published values:
/// - Paced blocks: one tap per beat at beat + N(−20 ms, 30 ms), clamped to ±150 ms — people
///   tap slightly ahead of a metronome (negative mean asynchrony).
/// - Self-paced blocks: first tap 250–400 ms after the cue (reaction time); intervals
///   lognormal with CV 7 % around 5.5 Hz. `steady` slows linearly by 8 % over 30 s (healthy
///   people lose ~17 % over a maximal trial, doi:10.3389/fnhum.2024.1427336; we stay below
///   that so a detector tuned not to flag healthy fading has a clear negative).
///   `fading` falls smoothly over 2 s, from an onset drawn in 10–15 s, to two-thirds of the
///   rate (−33 %).
/// - Never two taps closer than 100 ms, so no tap looks like keyboard auto-repeat.
/// Each block draws from its own stream (seed, block index), so a pause or restart in one
/// block does not change the taps of any other.
public struct SyntheticSubject: Sendable {
    public let profile: AutotapProfile
    public let seed: UInt64
    var streams: [Int: SeededGenerator] = [:]
    var fadeOnsets: [Int: Double] = [:]

    static let fastRateHz = 5.5
    static let intervalCV = 0.07
    static let minimumInterval = 0.100
    static let steadyDeclinePer30s = 0.08
    static let fadeDepth = 1.0 / 3.0
    static let fadeRampSeconds = 2.0

    public init(profile: AutotapProfile, seed: UInt64) {
        self.profile = profile
        self.seed = seed
    }

    /// The next tap strictly after `previous` (or from the block start when nil), or nil when
    /// there is none before the block's end (rest blocks have none).
    public mutating func nextTap(in block: Block, blockIndex: Int, blockStart: MonoTime, after previous: MonoTime?) -> MonoTime? {
        guard block.kind == .tap else { return nil }
        var rng = streams[blockIndex] ?? SeededGenerator(seed: seed &* 0x9E37_79B9 &+ UInt64(blockIndex) &+ 1)
        defer { streams[blockIndex] = rng }
        let end = blockStart + .seconds(block.durationSeconds)
        let afterSeconds = previous.map { ($0 - blockStart).seconds }
        var next: Double
        if let period = block.beatPeriod?.seconds {
            // One tap per beat: the beat after the one the previous tap answered, skipping any
            // whose jittered tap would come too soon after the previous tap.
            let earliest = (afterSeconds ?? -1) + Self.minimumInterval
            var k = afterSeconds.map { Int(($0 / period).rounded()) + 1 } ?? 0
            repeat {
                let jitter = min(0.15, max(-0.15, rng.normal(mean: -0.020, sd: 0.030)))
                next = Double(k) * period + jitter
                k += 1
            } while next < max(earliest, 0)
        } else if let after = afterSeconds {
            let meanInterval = 1 / rate(at: after, blockIndex: blockIndex, rng: &rng)
            next = after + max(Self.minimumInterval, rng.lognormal(mean: meanInterval, cv: Self.intervalCV))
        } else {
            next = 0.25 + 0.15 * rng.unit()
        }
        let time = blockStart + .seconds(next)
        return time < end ? time : nil
    }

    /// The subject's intended rate `t` seconds into a self-paced block.
    mutating func rate(at t: Double, blockIndex: Int, rng: inout SeededGenerator) -> Double {
        switch profile {
        case .steady:
            return Self.fastRateHz * (1 - Self.steadyDeclinePer30s * min(t, 60) / 30)
        case .fading:
            let onset = fadeOnsets[blockIndex] ?? {
                let drawn = 10 + 5 * rng.unit()
                fadeOnsets[blockIndex] = drawn
                return drawn
            }()
            let progress = min(1, max(0, (t - onset) / Self.fadeRampSeconds))
            return Self.fastRateHz * (1 - Self.fadeDepth * progress)
        }
    }
}
