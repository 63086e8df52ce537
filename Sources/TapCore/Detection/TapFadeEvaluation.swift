/// Measures the tap-rate fade rule on synthetic tappers with a known truth, drawn from what healthy
/// people do (docs/fade-detection.md), through the same `TapFadeDetector` a live session runs.
///
/// Healthy sessions: five 30 s maximal blocks by one subject, each block's decline over the block
/// drawn from the published healthy distribution, 17.0 ± 6.9 % clipped at 0 (`TapDeclineNorm.young`,
/// Heimhofer 2024), redrawn per block (the harder case for a per-session figure). Three kinds of
/// subject, as many sessions each:
/// - `linear`: 4.5–6.5 Hz, ITI CV 6–10 %, the decline linear over the block;
/// - `accelerating`: the same, the decline ∝ (t/T)², most of it late;
/// - `irregular`: 3.5–5.5 Hz, CV 15 %, 3 % of intervals a hesitation twice as long, linear decline.
/// Fades: a linear decline of 45 ± 5 % over the block; an abrupt 40 % drop 12 s in (0.25 s ramp) on
/// top of a healthy decline; drops of 10–50 % at 8, 12, 16, 20 s (1 s ramp); subjects who stop
/// tapping 10–25 s in; paced 1 Hz blocks, steady or missing beats from beat 8–20 on.
///
/// Seeds: the `tuning` set (seeds from 1) is what the defaults were chosen on; the `heldOut` set
/// (seeds from 1 000 001) is what docs/fade-detection.md publishes. Pure and deterministic.
public enum TapFadeEvaluation {
    public enum SeedSet: String, Sendable, CaseIterable {
        case tuning
        case heldOut = "held-out"

        var base: UInt64 { self == .tuning ? 1 : 1_000_001 }
    }

    public enum HealthyKind: String, Sendable, CaseIterable { case linear, accelerating, irregular }

    struct Plan {
        var healthySessionsPerKind: Int
        var blocksPerSession = 5
        var declineBlocks: Int
        var dropBlocks: Int
        var depthReplicates: Int
        var stopBlocks: Int
        var pacedBlocks: Int
        var depths = [0.1, 0.2, 0.3, 0.4, 0.5]
        var onsets = [8.0, 12.0, 16.0, 20.0]

        init(preset: FadeEvaluation.Preset) {
            switch preset {
            case .full:
                healthySessionsPerKind = 200
                declineBlocks = 400
                dropBlocks = 400
                depthReplicates = 10
                stopBlocks = 100
                pacedBlocks = 200
            case .quick:
                healthySessionsPerKind = 40
                declineBlocks = 100
                dropBlocks = 100
                depthReplicates = 2
                stopBlocks = 20
                pacedBlocks = 40
            }
        }
    }

    static let block = Block(kind: .tap, label: "fast", durationSeconds: 30, pace: .selfPaced)
    static let paced = Block(kind: .tap, label: "slow", durationSeconds: 30, pace: .hz(1), metronome: .on)
    static let start = MonoTime.seconds(100)

    /// Every scenario for the default method and the others (`settings.method` first).
    public static func run(preset: FadeEvaluation.Preset = .full, seedSet: SeedSet = .heldOut,
                           settings: TapFadeSettings = TapFadeSettings(), norm: TapDeclineNorm = .young)
        -> TapFadeEvaluationReport {
        let plan = Plan(preset: preset)
        let methods = [settings.method] + TapFadeSettings.Method.allCases.filter { $0 != settings.method }
        var results: [TapFadeEvaluationReport.MethodResult] = []
        for method in methods {
            var s = settings
            s.method = method
            results.append(evaluate(plan: plan, seedSet: seedSet, settings: s, norm: norm,
                                    isDefault: method == settings.method))
        }
        return TapFadeEvaluationReport(preset: preset.rawValue, seedSet: seedSet.rawValue, norm: norm,
                                       zLimit: settings.declineZ, methods: results,
                                       behindBeat: behindBeat(plan: plan, seedSet: seedSet, settings: settings))
    }

    static func flags(_ taps: [Double], block: Block = block, settings: TapFadeSettings, norm: TapDeclineNorm,
                      kind: FadeFlag.Kind = .fadeTap) -> [Double] {
        FadeEvaluation.runTapBlock(block: block, start: start, tapTimes: taps, settings: settings, norm: norm).events
            .compactMap {
                if case .raised(let f) = $0, f.kind == kind { return (f.raisedAt - start).seconds }
                return nil
            }
    }

    /// A subject of `kind` (rate, variability, shape), its block declines drawn per block.
    static func healthySubject(_ kind: HealthyKind, rng: inout SeededGenerator) -> SyntheticTapper {
        var tapper = SyntheticTapper()
        switch kind {
        case .linear, .accelerating:
            tapper.startRateHz = rng.uniform(from: 4.5, to: 6.5)
            tapper.cv = rng.uniform(from: 0.06, to: 0.10)
            tapper.declineShape = kind == .linear ? .linear : .accelerating
        case .irregular:
            tapper.startRateHz = rng.uniform(from: 3.5, to: 5.5)
            tapper.cv = 0.15
            tapper.hesitationProbability = 0.03
        }
        return tapper
    }

    static func healthyDecline(_ rng: inout SeededGenerator, norm: TapDeclineNorm) -> Double {
        max(0, rng.normal(mean: norm.meanFraction, sd: norm.sdFraction))
    }

    static func evaluate(plan: Plan, seedSet: SeedSet, settings: TapFadeSettings, norm: TapDeclineNorm,
                         isDefault: Bool) -> TapFadeEvaluationReport.MethodResult {
        var result = TapFadeEvaluationReport.MethodResult(method: settings.method.label, isDefault: isDefault,
                                                          depths: plan.depths)
        let base = seedSet.base
        // Healthy sessions.
        for (k, kind) in HealthyKind.allCases.enumerated() {
            var healthy = TapFadeEvaluationReport.Healthy(kind: kind.rawValue)
            for n in 0..<plan.healthySessionsPerKind {
                var rng = SeededGenerator(seed: base &+ UInt64(n), stream: 4100 + UInt64(k))
                var tapper = healthySubject(kind, rng: &rng)
                var sessionFlagged = false
                for b in 0..<plan.blocksPerSession {
                    tapper.decline = healthyDecline(&rng, norm: norm)
                    let raised = flags(tapper.tapTimes(block: block, seed: rng.next()), settings: settings, norm: norm)
                    healthy.blocks += 1
                    healthy.flags += raised.count
                    if !raised.isEmpty { healthy.blocksFlagged += 1; sessionFlagged = true }
                    _ = b
                }
                healthy.sessions += 1
                if sessionFlagged { healthy.sessionsFlagged += 1 }
            }
            result.healthy.append(healthy)
        }
        // Linear declines of 45 ± 5 %.
        for n in 0..<plan.declineBlocks {
            var rng = SeededGenerator(seed: base &+ UInt64(n), stream: 4200)
            var tapper = healthySubject(.linear, rng: &rng)
            tapper.decline = min(0.95, max(0, rng.normal(mean: 0.45, sd: 0.05)))
            let raised = flags(tapper.tapTimes(block: block, seed: rng.next()), settings: settings, norm: norm)
            result.declineBlocks += 1
            if let first = raised.first { result.declineFirstFlags.append(first) }
        }
        // Abrupt 40 % drops 12 s in.
        for n in 0..<plan.dropBlocks {
            var rng = SeededGenerator(seed: base &+ UInt64(n), stream: 4300)
            var tapper = healthySubject(.linear, rng: &rng)
            tapper.decline = healthyDecline(&rng, norm: norm)
            tapper.fadeDepth = 0.40
            tapper.fadeOnsetSeconds = 12
            tapper.fadeRampSeconds = 0.25
            let raised = flags(tapper.tapTimes(block: block, seed: rng.next()), settings: settings, norm: norm)
            result.dropTrials += 1
            result.dropEarlyFlags += raised.count { $0 < 12 }
            if let first = raised.first(where: { $0 >= 12 }) { result.dropLatencies.append(first - 12) }
        }
        // Drops by depth and onset.
        result.depthTrials = Array(repeating: 0, count: plan.depths.count)
        result.depthLatencies = Array(repeating: [], count: plan.depths.count)
        for r in 0..<plan.depthReplicates {
            for (di, depth) in plan.depths.enumerated() {
                for (oi, onset) in plan.onsets.enumerated() {
                    var rng = SeededGenerator(seed: base &+ UInt64(r * 100 + di * 10 + oi), stream: 4400)
                    var tapper = healthySubject(.linear, rng: &rng)
                    tapper.decline = healthyDecline(&rng, norm: norm)
                    tapper.fadeDepth = depth
                    tapper.fadeOnsetSeconds = onset
                    tapper.fadeRampSeconds = 1
                    let raised = flags(tapper.tapTimes(block: block, seed: rng.next()), settings: settings, norm: norm)
                    result.depthTrials[di] += 1
                    if let first = raised.first(where: { $0 >= onset }) { result.depthLatencies[di].append(first - onset) }
                }
            }
        }
        // Subjects who stop.
        for n in 0..<plan.stopBlocks {
            var rng = SeededGenerator(seed: base &+ UInt64(n), stream: 4500)
            var tapper = healthySubject(.linear, rng: &rng)
            tapper.decline = healthyDecline(&rng, norm: norm)
            let stop = rng.uniform(from: 10, to: 25)
            tapper.stopAtSeconds = stop
            let taps = tapper.tapTimes(block: block, seed: rng.next())
            let events = FadeEvaluation.runTapBlock(block: block, start: start, tapTimes: taps, settings: settings,
                                                    norm: norm).events
            result.stopTrials += 1
            // Found: a flag raised after the last tap, or one already up then and never cleared.
            let last = start + .seconds(taps.last ?? 0)
            var upSince: MonoTime?
            var latency: Double?
            for event in events where event.flag.kind == .fadeTap {
                switch event {
                case .raised(let f):
                    if f.raisedAt > last, latency == nil, upSince == nil { latency = (f.raisedAt - last).seconds }
                    upSince = f.raisedAt
                case .cleared: upSince = nil
                }
            }
            if latency == nil, upSince != nil { latency = 0 }
            if let latency { result.stopLatencies.append(latency) }
        }
        // Steady paced blocks: judged against the pace.
        for n in 0..<plan.pacedBlocks {
            let raised = flags(SyntheticTapper().tapTimes(block: paced, seed: base &+ UInt64(n) &* 7919), block: paced,
                               settings: settings, norm: norm)
            result.pacedFlags += raised.count
            result.pacedHours += paced.durationSeconds / 3600
        }
        return result
    }

    static func behindBeat(plan: Plan, seedSet: SeedSet, settings: TapFadeSettings) -> TapFadeEvaluationReport.BehindBeat {
        var out = TapFadeEvaluationReport.BehindBeat()
        for n in 0..<plan.pacedBlocks {
            let steady = flags(SyntheticTapper().tapTimes(block: paced, seed: seedSet.base &+ UInt64(n) &* 7919),
                               block: paced, settings: settings, norm: .young, kind: .behindBeat)
            out.falseFlags += steady.count
            out.hours += paced.durationSeconds / 3600
            let onset = [8, 12, 16, 20][n % 4]
            var tapper = SyntheticTapper()
            tapper.missedBeats = Set(onset..<30)
            let raised = flags(tapper.tapTimes(block: paced, seed: seedSet.base &+ UInt64(n) &* 104_729), block: paced,
                               settings: settings, norm: .young, kind: .behindBeat)
            out.trials += 1
            out.falseFlags += raised.count { $0 < Double(onset) }
            out.hours += Double(onset) / 3600
            if let first = raised.first(where: { $0 >= Double(onset) }) { out.latencies.append(first - Double(onset)) }
        }
        return out
    }
}
