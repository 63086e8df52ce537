/// The paper's contrast, live: while a fast block runs, is its HbO response so far below what the
/// session's slow blocks gave over the same seconds? Gentile et al. 2019 found motor-cortex HbO
/// lower in fibromyalgia during fast tapping, where controls' rose; a fast block that activates
/// less than slow tapping did is the within-session sign of it. Raises `low_activation_hbo`.
///
/// Every tapping block's motor-average HbO (the detectors' view of the HbO signal, baseline before
/// the block) is kept as 1 s bin means from its onset (`course`); `HbOReferenceBook` carries the
/// earlier blocks' courses. In a fast block, each time a 1 s bin completes from
/// `lowActivationFromSeconds` (15 s) on, the mean over [5 s, now) of the fast condition so far
/// (the earlier fast blocks and this one, nf) is compared with the slow blocks' (ns ≥ 2) over the
/// same seconds: t = (slow − fast) / (s · √(1/ns + 1/nf)), s the pooled SD of every tapping block's
/// mean about its label's mean (df = blocks − labels ≥ 2) — a two-sample t test [choice, the
/// textbook test of the paper's contrast]. The flag is raised when t exceeds Student's 97.5 %
/// quantile with df degrees of freedom and slow − fast exceeds `low_activation_floor_multiple` (2)
/// × the session's noise floor (the `model_drop` floor), at `low_activation_hold_bins` (2) bins in
/// a row: blocks close in time share slow noise, so the blocks' spread alone understates it
/// (measured on the realistic simulator: 0.4 false flags/h at 1 floor, 0 in 5.3 h at 2; see
/// docs/fade-detection.md); t below half the limit clears it. With one slow block there is no
/// spread to judge by: nothing is raised. Deterministic: decided when data arrive.
public struct LowActivationMonitor: Sendable {
    public let blockStart: MonoTime
    public let judges: Bool
    let references: [[Double]]
    let earlierFast: [[Double]]
    /// Every earlier tapping block's course, grouped by label: the spread of blocks about their
    /// label's mean, pooled, is a block's noise.
    let groups: [[[Double]]]
    let fromSeconds: Double
    let windowStartSeconds: Double
    let floor: Double
    let holdBins: Int
    var sums: [Double] = []
    var counts: [Int] = []
    var lastBin = -1
    var over = 0
    public private(set) var active: FadeFlag?
    public private(set) var raisedCount = 0
    /// The last comparison made (fast mean, slow mean, slow SD, t, limit), for the flag and summary.
    public private(set) var lastComparison: Comparison?

    public struct Comparison: Equatable, Sendable, Codable {
        public var atSeconds: Double
        public var fastMicromolar: Double
        public var slowMicromolar: Double
        public var blockSdMicromolar: Double
        public var slowBlocks: Int
        /// Fast blocks in the fast mean: the earlier ones and this one.
        public var fastBlocks: Int
        /// This block's own mean over the window.
        public var blockMicromolar: Double
        public var t: Double
        public var tLimit: Double
    }

    /// - Parameters:
    ///   - judges: whether this block is judged (a fast block with slow blocks before it).
    ///   - slowCourses: the earlier slow blocks' 1 s courses.
    /// - Parameters:
    ///   - courses: the session's earlier tapping blocks' courses by label (`HbOReferenceBook.courses`).
    ///   - noiseFloorMicromolar: the session's noise floor (`HbOFadeDetector`'s `model_drop` floor):
    ///   the fast block must be at least this far below the slow ones, whatever the t.
    public init(blockStart: MonoTime, judges: Bool, courses: [String: [[Double]]], settings: HbOFadeSettings,
                noiseFloorMicromolar: Double = 0) {
        self.blockStart = blockStart
        references = courses["slow"] ?? []
        earlierFast = courses["fast"] ?? []
        self.judges = judges && references.count >= 2
        // Every other label's blocks add to the pooled spread; the fast ones are judged with this block.
        groups = courses.keys.sorted().filter { $0 != "fast" }.map { courses[$0] ?? [] }
        floor = noiseFloorMicromolar * settings.lowActivationFloorMultiple
        holdBins = settings.lowActivationHoldBins
        fromSeconds = settings.lowActivationFromSeconds
        windowStartSeconds = settings.lowActivationWindowStartSeconds
    }

    /// This block's course so far: 1 s bin means from its onset.
    public var course: [Double] {
        zip(sums, counts).map { $1 > 0 ? $0 / Double($1) : .nan }
    }

    public mutating func sample(at time: MonoTime, hbo: Double) -> [FadeEvent] {
        guard time >= blockStart, hbo.isFinite else { return [] }
        let t = (time - blockStart).seconds
        let bin = Int(t.rounded(.down))
        while sums.count <= bin { sums.append(0); counts.append(0) }
        sums[bin] += hbo
        counts[bin] += 1
        // Bins before this one are complete: judge the newest complete one once.
        guard judges, bin - 1 > lastBin else { return [] }
        lastBin = bin - 1
        let end = Double(bin)
        guard end >= fromSeconds else { return [] }
        return judge(untilSecond: bin, at: time)
    }

    mutating func judge(untilSecond end: Int, at time: MonoTime) -> [FadeEvent] {
        let first = Int(windowStartSeconds)
        func mean(_ course: [Double]) -> Double? {
            guard end <= course.count else { return nil }
            let values = course[first..<end].filter(\.isFinite)
            return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
        }
        guard let current = mean(course) else { return [] }
        let slows = references.compactMap(mean)
        // The fast condition so far: the earlier fast blocks and this one.
        let fasts = earlierFast.compactMap(mean) + [current]
        guard slows.count >= 2, let m = Statistics.mean(slows), let fast = Statistics.mean(fasts) else { return [] }
        // Pooled within-label SD of the blocks' means over the same seconds (this block with the fast ones).
        var squares = 0.0, blocks = 0, labels = 0
        for group in groups.map({ $0.compactMap(mean) }) + [fasts] {
            guard let gm = Statistics.mean(group) else { continue }
            squares += group.reduce(0) { $0 + ($1 - gm) * ($1 - gm) }
            blocks += group.count
            labels += 1
        }
        let df = blocks - labels
        guard df >= 2 else { return [] }
        let s = (squares / Double(df)).squareRoot()
        guard s > 0 else { return [] }
        let t = (m - fast) / (s * (1 / Double(slows.count) + 1 / Double(fasts.count)).squareRoot())
        let limit = Statistics.tQuantile975(degreesOfFreedom: Double(df))
        let comparison = Comparison(atSeconds: Double(end), fastMicromolar: fast, slowMicromolar: m, blockSdMicromolar: s,
                                    slowBlocks: slows.count, fastBlocks: fasts.count, blockMicromolar: current,
                                    t: t, tLimit: limit)
        lastComparison = comparison
        if let flag = active {
            guard t < limit / 2 else { return [] }
            active = nil
            over = 0
            return [.cleared(flag, at: time)]
        }
        // Slow blocks close in time share slow noise, so their spread understates a new block's:
        // the difference must also clear the session's noise floor.
        over = t > limit && m - fast > floor ? over + 1 : 0
        guard over >= holdBins else { return [] }
        let flag = FadeFlag(kind: .lowActivationHbO, channel: nil, onset: blockStart, raisedAt: time,
                            magnitude: m != 0 ? fast / m - 1 : -1,
                            detail: "fast_um=" + DetailFormat.number(fast) + ";slow_um=" + DetailFormat.number(m)
                                + ";block_um=" + DetailFormat.number(current)
                                + ";sd_um=" + DetailFormat.number(s) + ";slow_blocks=\(slows.count);fast_blocks=\(fasts.count)"
                                + ";t=" + DetailFormat.number(t, digits: 2) + ";t_limit=" + DetailFormat.number(limit, digits: 2)
                                + ";window_s=" + DetailFormat.number(windowStartSeconds, digits: 0) + "-" + String(end))
        active = flag
        raisedCount += 1
        return [.raised(flag)]
    }
}
