#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One simulated motion artefact, as it truly happened: the ground truth for motion detectors and
/// for evaluations that must not judge a segment holding one.
public struct SimulatedMotionEvent: Equatable, Sendable {
    public enum Kind: String, Equatable, Sendable, Codable {
        /// OD rises (or falls) and returns: peak · sin²(π·t/duration).
        case spike
        /// OD steps to a new level within `SimulatedMotion.shiftTransitionSeconds`, overshooting
        /// on the way (a bump of `overshootFraction` × the step, sin²-shaped over `durationSeconds`),
        /// and stays there.
        case baselineShift
    }

    public var kind: Kind
    /// Seconds from the first sample (sample i is at i / rate).
    public var startSeconds: Double
    public var durationSeconds: Double
    /// Indices of the channels it reaches, in the simulator's layout order, ascending.
    public var channels: [Int]
    /// Per channel in `channels`, the OD at both wavelengths: a spike's peak, a shift's final step.
    public var opticalDensities: [[Double]]
    /// A shift's transient bump as a fraction of its step (0 for spikes).
    public var overshootFraction: Double
    /// A shift's step time, s (0 for spikes).
    public var transitionSeconds: Double

    public init(kind: Kind, startSeconds: Double, durationSeconds: Double, channels: [Int], opticalDensities: [[Double]],
                overshootFraction: Double = 0, transitionSeconds: Double = 0) {
        self.kind = kind
        self.startSeconds = startSeconds
        self.durationSeconds = durationSeconds
        self.channels = channels
        self.opticalDensities = opticalDensities
        self.overshootFraction = overshootFraction
        self.transitionSeconds = transitionSeconds
    }

    public var endSeconds: Double { startSeconds + durationSeconds }

    /// Whether it overlaps [from, to] seconds.
    public func overlaps(fromSeconds from: Double, toSeconds to: Double) -> Bool {
        startSeconds <= to && endSeconds >= from
    }

    /// Its OD at both wavelengths on the `index`-th of its channels, `t` seconds after its start.
    func opticalDensity(index: Int, secondsAfterStart t: Double) -> (Double, Double) {
        let od = opticalDensities[index]
        var fraction = 0.0
        if t > 0, t < durationSeconds {
            let s = sin(Double.pi * t / durationSeconds)
            fraction = (kind == .spike ? 1 : overshootFraction) * s * s
        }
        if kind == .baselineShift, t > 0 {
            fraction += t >= transitionSeconds ? 1 : (1 - cos(Double.pi * t / transitionSeconds)) / 2
        }
        return (fraction * od[0], fraction * od[1])
    }
}

/// Draws `SimulatedMotion` as time passes — from a stream of its own (31), by time only, so motion
/// never depends on the task, the profile or the noise model — and returns each sample's OD offsets.
struct SimulatedMotionGenerator: Sendable {
    let settings: SimulatedMotion
    let channelCount: Int
    var rng: SeededGenerator
    var nextSpikeSeconds = Double.infinity, nextShiftSeconds = Double.infinity
    /// Every artefact started so far, in start order.
    private(set) var artefacts: [SimulatedMotionEvent] = []
    /// Indices into `artefacts` still changing (spikes running, shifts ramping).
    var running: [Int] = []
    /// Settled shifts, OD per measurement (channel-major, two wavelengths).
    var settled: [Double]

    init(_ settings: SimulatedMotion, channelCount: Int, seed: UInt64) {
        self.settings = settings
        self.channelCount = channelCount
        rng = SeededGenerator(seed: seed, stream: 31)
        settled = [Double](repeating: 0, count: 2 * channelCount)
        nextSpikeSeconds = arrival(after: 0, perMinute: settings.spikesPerMinute)
        nextShiftSeconds = arrival(after: 0, perMinute: settings.shiftsPerMinute)
    }

    private mutating func arrival(after t: Double, perMinute rate: Double) -> Double {
        guard rate > 0 else { return .infinity }
        return t - log(1 - rng.unit()) * 60 / rate
    }

    private mutating func lognormal(median: Double, logSD: Double) -> Double {
        median * exp(logSD * rng.normal(mean: 0, sd: 1))
    }

    private mutating func start(_ kind: SimulatedMotionEvent.Kind, at t: Double) {
        let s = settings
        let duration = min(max(lognormal(median: s.durationMedianSeconds, logSD: s.durationLogSD),
                               SimulatedMotion.durationRange.lowerBound), SimulatedMotion.durationRange.upperBound)
        let overshoot = rng.uniform(from: SimulatedMotion.shiftOvershoot.lowerBound, to: SimulatedMotion.shiftOvershoot.upperBound)
        let size = kind == .spike ? lognormal(median: s.spikeMedianOpticalDensity, logSD: s.spikeLogSD)
                                  : lognormal(median: s.shiftMedianOpticalDensity, logSD: s.shiftLogSD)
        let sign: Double = rng.unit() < s.raisesOpticalDensityProbability ? 1 : -1
        let wholeHead = rng.unit() < s.wholeHeadFraction
        let channels = wholeHead ? Array(0..<channelCount) : [Int(rng.next() % UInt64(channelCount))]
        var ods: [[Double]] = []
        for _ in channels {
            let jitter = wholeHead ? rng.uniform(from: SimulatedMotion.wholeHeadJitter.lowerBound,
                                                 to: SimulatedMotion.wholeHeadJitter.upperBound) : 1
            let ratio = rng.uniform(from: SimulatedMotion.secondWavelengthRatio.lowerBound,
                                    to: SimulatedMotion.secondWavelengthRatio.upperBound)
            let first = sign * size * jitter
            ods.append([first, first * ratio])
        }
        let isShift = kind == .baselineShift
        artefacts.append(SimulatedMotionEvent(kind: kind, startSeconds: t, durationSeconds: duration, channels: channels,
                                        opticalDensities: ods, overshootFraction: isShift ? overshoot : 0,
                                        transitionSeconds: isShift ? min(s.shiftTransitionSeconds, duration) : 0))
        running.append(artefacts.count - 1)
    }

    /// Starts what is due by `t` and adds every artefact's OD at `t` to `offsets` (2 per channel).
    mutating func add(atSeconds t: Double, to offsets: inout [Double]) {
        while min(nextSpikeSeconds, nextShiftSeconds) <= t {
            if nextSpikeSeconds <= nextShiftSeconds {
                start(.spike, at: nextSpikeSeconds)
                nextSpikeSeconds = arrival(after: nextSpikeSeconds, perMinute: settings.spikesPerMinute)
            } else {
                start(.baselineShift, at: nextShiftSeconds)
                nextShiftSeconds = arrival(after: nextShiftSeconds, perMinute: settings.shiftsPerMinute)
            }
        }
        var stillRunning: [Int] = []
        for index in running {
            let artefact = artefacts[index]
            let after = t - artefact.startSeconds
            if after >= max(artefact.durationSeconds, artefact.transitionSeconds) {
                if artefact.kind == .baselineShift {
                    for (k, ch) in artefact.channels.enumerated() {
                        settled[2 * ch] += artefact.opticalDensities[k][0]
                        settled[2 * ch + 1] += artefact.opticalDensities[k][1]
                    }
                }
                continue
            }
            stillRunning.append(index)
            for (k, ch) in artefact.channels.enumerated() {
                let od = artefact.opticalDensity(index: k, secondsAfterStart: after)
                offsets[2 * ch] += od.0
                offsets[2 * ch + 1] += od.1
            }
        }
        running = stillRunning
        for i in 0..<offsets.count { offsets[i] += settled[i] }
    }
}
