/// How the synthetic subject behaves in self-paced (fast) blocks; both keep the pace in paced blocks.
public enum AutotapProfile: String, CaseIterable, Sendable, Codable {
    /// Taps fast blocks at ≈ 5.5 Hz with a mild healthy decline (8 % over 30 s).
    case steady
    /// Taps like `steady` until an onset 10–15 s into a fast block, then falls by a third within ≈ 2 s.
    case fading
}

/// Taps on the subject's behalf (`--autotap`), so demos and tests run unattended.
///
/// Behaviour (SCIENCE.md §4 "Tapping"; choices, not published values):
/// - Paced blocks (`beatPeriod` non-nil): one tap per beat of the block at beat + N(−20 ms, 30 ms),
///   clamped to ±150 ms — people tap slightly ahead of a metronome (negative mean asynchrony,
///   Repp 2005, Psychon Bull Rev 12:969). Beat 0 cannot be anticipated and a tap before the block
///   would not count, so its offset is folded to ≥ 0. At fast paces the clamp narrows to
///   ±(period − 100 ms)/2 so taps stay ≥ 100 ms apart (0 at the parser's 10 Hz limit).
/// - Self-paced blocks: first tap 250–400 ms after the block starts (a reaction to the cue), then
///   lognormal intervals with CV 7 % around the current rate. `steady` starts at 5.5 Hz and slows
///   linearly by 8 % over 30 s (at most 10 %): healthy people lose ≈ 17 % over a maximal trial
///   (doi:10.3389/fnhum.2024.1427336), so a detector that must not flag healthy fading gets a
///   clear negative. `fading` is `steady` times a smoothstep fall to ⅔ (−33 %) over 2 s, from an
///   onset drawn uniformly in 10–15 s (fatigue of maximal tapping beyond ≈ 15 s, J Aging Phys
///   Act 1995;3:360), and stays there.
/// - Never two taps within 100 ms, even across a block edge, so no tap looks like keyboard
///   auto-repeat (75 ms).
///
/// Determinism: each block's taps are a fixed sequence drawn from its own stream,
/// `SeededGenerator(seed:, stream: blockIndex)`, and `nextTap` only reads that sequence. The
/// same seed gives the same taps; how often or when the event loop asks, and pauses, restarts or
/// other blocks, do not change a block's sequence. Both profiles draw identically up to the
/// fade, so `steady` and `fading` of one seed tap alike until its onset.
public struct SyntheticSubject: Sendable {
    public let profile: AutotapProfile
    public let seed: UInt64
    /// The taps of the block asked about last, drawn as far as they have been needed.
    var plan: TapPlan?
    /// The last tap handed out, so a new block's first tap keeps its distance from it.
    var lastTap: MonoTime?

    /// The least distance between two taps: above the 75 ms auto-repeat threshold with room for
    /// the event loop's wake-up latency.
    static let minimumInterval = Span.milliseconds(100)

    public init(profile: AutotapProfile, seed: UInt64) {
        self.profile = profile
        self.seed = seed
    }

    /// The next tap strictly after `previous` (and ≥ 100 ms after it and after the last tap handed
    /// out), or from the block's start when nil; nil when there is none before the block's end.
    /// Rest blocks have none. `blockStart` may move (a pause shifts the block): the sequence is in
    /// block time, so resuming carries on with the taps still due.
    public mutating func nextTap(in block: Block, blockIndex: Int, blockStart: MonoTime,
                                 after previous: MonoTime?) -> MonoTime? {
        guard block.kind == .tap else { return nil }
        if plan?.blockIndex != blockIndex || plan?.block != block {
            plan = TapPlan(profile: profile, seed: seed, block: block, blockIndex: blockIndex)
        }
        var earliest = blockStart
        if let previous { earliest = max(earliest, previous + Self.minimumInterval) }
        if let lastTap { earliest = max(earliest, lastTap + Self.minimumInterval) }
        guard let offset = plan?.firstTap(notBefore: earliest - blockStart) else { return nil }
        let tap = blockStart + offset
        lastTap = tap
        return tap
    }
}

/// One block's synthetic taps, in block time, drawn lazily from the block's own stream.
struct TapPlan: Sendable {
    let blockIndex: Int
    let block: Block
    let profile: AutotapProfile
    let end: Span
    let period: Span?
    /// The clamp on paced asynchrony for this period.
    let asynchronyLimit: Span
    /// When the `fading` subject begins to slow, seconds into the block.
    let fadeOnsetSeconds: Double
    var rng: SeededGenerator
    var times: [Span] = []
    var nextBeat: Int64 = 0
    var finished = false

    // Paced (SCIENCE.md §4: "paced taps at the beat ± ≈ 30 ms with a small negative mean asynchrony").
    static let meanAsynchronySeconds = -0.020
    static let asynchronySDSeconds = 0.030
    static let asynchronyLimit = Span.milliseconds(150)
    // Self-paced (SCIENCE.md §4: healthy fast ≈ 5 Hz, ITI lognormal, CV ≈ 7 %).
    static let reactionSeconds = (low: 0.250, high: 0.400)
    static let startRateHz = 5.5
    static let intervalCV = 0.07
    static let declinePerSecond = 0.08 / 30
    static let maximumDecline = 0.10
    static let fadeOnsetRangeSeconds = (low: 10.0, high: 15.0)
    static let fadeDepth = 1.0 / 3
    static let fadeRampSeconds = 2.0
    /// Against an absurd block length: ≈ 50 h at 5.5 Hz.
    static let maximumTaps = 1_000_000

    init(profile: AutotapProfile, seed: UInt64, block: Block, blockIndex: Int) {
        self.blockIndex = blockIndex
        self.block = block
        self.profile = profile
        end = .seconds(block.durationSeconds)
        period = block.beatPeriod
        let slack = Span(nanoseconds: ((period ?? .zero) - SyntheticSubject.minimumInterval).nanoseconds / 2)
        asynchronyLimit = max(.zero, min(Self.asynchronyLimit, slack))
        rng = SeededGenerator(seed: seed, stream: UInt64(truncatingIfNeeded: blockIndex))
        // Drawn first and for every block, so the rest of the stream does not depend on the profile.
        fadeOnsetSeconds = rng.uniform(from: Self.fadeOnsetRangeSeconds.low, to: Self.fadeOnsetRangeSeconds.high)
    }

    /// The first planned tap at or after `earliest` (block time), drawing more as needed.
    mutating func firstTap(notBefore earliest: Span) -> Span? {
        guard earliest < end else { return nil }
        while !finished, times.last.map({ $0 < earliest }) ?? true { drawNext() }
        var low = 0, high = times.count
        while low < high {
            let mid = (low + high) / 2
            if times[mid] < earliest { low = mid + 1 } else { high = mid }
        }
        return low < times.count ? times[low] : nil
    }

    mutating func drawNext() {
        let tap = if let period { pacedTap(period: period) } else { selfPacedTap() }
        if let tap, tap < end, times.count < Self.maximumTaps { times.append(tap) } else { finished = true }
    }

    /// Beat k's tap: k·period (the metronome's own integer grid) plus the asynchrony; nil past the last beat.
    mutating func pacedTap(period: Span) -> Span? {
        let beat = period * nextBeat
        guard beat < end else { return nil }
        let drawn = rng.normal(mean: Self.meanAsynchronySeconds, sd: Self.asynchronySDSeconds)
        var offset = min(asynchronyLimit, max(.zero - asynchronyLimit, .seconds(drawn)))
        if nextBeat == 0 { offset = Span(nanoseconds: abs(offset.nanoseconds)) }
        nextBeat += 1
        return beat + offset
    }

    mutating func selfPacedTap() -> Span? {
        guard let last = times.last else {
            return .seconds(rng.uniform(from: Self.reactionSeconds.low, to: Self.reactionSeconds.high))
        }
        let interval = rng.lognormal(mean: 1 / rateHz(at: last.seconds), cv: Self.intervalCV)
        return last + max(SyntheticSubject.minimumInterval, .seconds(interval))
    }

    /// The subject's intended rate `t` seconds into a self-paced block.
    func rateHz(at t: Double) -> Double {
        let steady = Self.startRateHz * (1 - min(Self.maximumDecline, Self.declinePerSecond * max(0, t)))
        guard profile == .fading else { return steady }
        let x = min(1, max(0, (t - fadeOnsetSeconds) / Self.fadeRampSeconds))
        return steady * (1 - Self.fadeDepth * x * x * (3 - 2 * x))  // smoothstep: no kink at either end
    }
}
