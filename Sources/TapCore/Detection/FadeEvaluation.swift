/// Measures the HbO fade detectors on simulated scenarios with a known truth, on a virtual clock,
/// through the same code the live session runs (`HbOFadeDetector`, `PhysiologySimulator` →
/// `HemoPipeline`). Deterministic: every scenario draws from its own seeded stream. Pure: the
/// caller times it and prints `FadeEvaluationReport.markdownTable`. The tap-rate rules have their
/// own evaluation on people-like tappers, `TapFadeEvaluation`; `runTapBlock` feeds both.
///
/// Scenarios (docs/fade-detection.md):
/// - HbO, 8-channel sessions (one noisy and one poorly coupled channel, as the simulator draws
///   them): 30 s rest then 5 × [slow 30 s, rest 30 s, fast 30 s, rest 30 s]; healthy sessions,
///   with motion-like spikes, with a slow drift; sessions whose fast blocks' HbO fades by 10–50 %
///   from 10, 14 or 18 s (3 s ramp); sessions whose slow blocks have no response.
///   Each session's detectors carry the amplitude reference between blocks as the session does
///   (`HbOReferenceBook`).
public enum FadeEvaluation {
    public enum Preset: String, Sendable, CaseIterable {
        /// Everything, sized to run in under a minute in a debug build.
        case full
        /// A small subset for unit tests (a few seconds).
        case quick
    }

    struct Plan {
        var replicates: Int
        var hboDepths = [0.1, 0.2, 0.3, 0.4, 0.5]
        var hboOnsets = [10.0, 14.0, 18.0]
        var hboReplicates: Int
        var healthySessions: Int
        var motionSessions: Int
        var driftSessions: Int
        var silentSessions: Int
        /// Sessions whose fast blocks respond weakly from their start (`weakFastFactor` of healthy).
        var weakSessions: Int
        var weakFastFactor = 0.2
        /// The simulator calibrated to a real head instead of the textbook one.
        var realistic = false
        /// First seed of the HbO sessions: 1 for the tuning set, 1 000 001 for the held-out one.
        var seedBase: UInt64 = 1

        init(preset: Preset, replicates: Int?) {
            switch preset {
            case .full:
                self.replicates = replicates ?? 10
                hboReplicates = max(1, (replicates ?? 10) / 5)
                healthySessions = 4 * hboReplicates
                motionSessions = 2 * hboReplicates
                driftSessions = 2 * hboReplicates
                silentSessions = hboReplicates
                weakSessions = 2 * hboReplicates
            case .quick:
                self.replicates = replicates ?? 3
                hboReplicates = 1
                hboDepths = [0.3, 0.5]
                healthySessions = 1
                motionSessions = 1
                driftSessions = 1
                silentSessions = 0
                weakSessions = 1
            }
        }
    }

    /// Runs every scenario for the default methods and their alternatives.
    /// - Parameters:
    ///   - seeds: replicates per scenario cell (tap); HbO uses a fifth of it (at least 1). nil: the preset's.
    ///   - preset: `full` or `quick`.
    ///   - settings: the defaults under test; the alternative methods differ only in `method`/`signal`.
    /// Which simulator the HbO sessions come from (docs/simulator.md).
    public enum Simulator: String, Sendable, CaseIterable {
        /// SCIENCE.md §4's noise sizes: what the detectors were first tuned on.
        case textbook
        /// Calibrated to a real head's rests (≈ 20× the textbook 4 s changes), with real-size
        /// motion, the systemic response to tapping and two short-separation channels.
        case realistic
    }

    public static func run(seeds: Int? = nil, preset: Preset = .full, settings: DetectorSettings = DetectorSettings(),
                           simulator: Simulator = .textbook, seedSet: TapFadeEvaluation.SeedSet = .heldOut)
        -> FadeEvaluationReport {
        var plan = Plan(preset: preset, replicates: seeds)
        plan.realistic = simulator == .realistic
        plan.seedBase = seedSet == .tuning ? 1 : 1_000_001
        let rows = hboRows(plan: plan, settings: settings.hbo)
        var report = FadeEvaluationReport(preset: preset.rawValue, replicates: plan.replicates, rows: rows)
        report.description = simulator.rawValue + " simulator, " + seedSet.rawValue + " seeds"
        return report
    }

    // MARK: taps

    /// Feeds one block's taps, beats and 0.1 s ticks to a detector in time order; returns its events.
    public static func runTapBlock(block: Block, start: MonoTime, tapTimes: [Double], settings: TapFadeSettings,
                                   norm: TapDeclineNorm = .forAge(nil), tickSeconds: Double = 0.1)
        -> (events: [FadeEvent], summary: TapFadeSummary) {
        var detector = TapFadeDetector(settings: settings, block: block, blockStart: start, norm: norm)
        var beats: [Double] = []
        if let period = block.beatPeriod?.seconds {
            var k = 0
            while Double(k) * period < block.durationSeconds {
                beats.append(Double(k) * period)
                k += 1
            }
        }
        var events: [FadeEvent] = []
        var ti = 0, bi = 0
        var tick = tickSeconds
        while true {
            let nextTap = ti < tapTimes.count ? tapTimes[ti] : .infinity
            let nextBeat = bi < beats.count ? beats[bi] : .infinity
            let nextTick = tick < block.durationSeconds ? tick : .infinity
            let t = min(nextTap, nextBeat, nextTick)
            if t == .infinity { break }
            if nextBeat == t {
                events += detector.beat(at: start + .seconds(t))
                bi += 1
            } else if nextTap == t {
                events += detector.tap(at: start + .seconds(t))
                ti += 1
            } else {
                events += detector.advance(to: start + .seconds(t))
                tick += tickSeconds
            }
        }
        let end = start + .seconds(block.durationSeconds)
        events += detector.advance(to: end)
        return (events, detector.summary(blockEnd: end))
    }

    /// Scores one block: flags before `onset` (or all, without one) are false; the first flag at
    /// or after it is the detection.
    struct Score {
        var falseFlags = 0
        var nonFadingSeconds = 0.0
        var latency: Double?
    }

    static func score(raised: [MonoTime], start: MonoTime, duration: Double, onset: Double?) -> Score {
        var s = Score()
        guard let onset else {
            s.falseFlags = raised.count
            s.nonFadingSeconds = duration
            return s
        }
        let onsetTime = start + .seconds(onset)
        s.nonFadingSeconds = onset
        s.falseFlags = raised.count { $0 < onsetTime }
        if let first = raised.first(where: { $0 >= onsetTime }) { s.latency = (first - onsetTime).seconds }
        return s
    }

    static func raisedTimes(_ events: [FadeEvent], kind: FadeFlag.Kind, channel: String? = nil) -> [MonoTime] {
        events.compactMap {
            if case .raised(let f) = $0, f.kind == kind, f.channel == channel { return f.raisedAt }
            return nil
        }
    }

    // MARK: HbO

    struct HbOConfig {
        var settings: HbOFadeSettings
        var label: String
        var isDefault: Bool
        // Accumulators.
        var healthy = FadeEvaluationReport.FalseFlags(scenario: "healthy", flags: 0, hours: 0)
        var motion = FadeEvaluationReport.FalseFlags(scenario: "motion spikes", flags: 0, hours: 0)
        var drift = FadeEvaluationReport.FalseFlags(scenario: "slow drift", flags: 0, hours: 0)
        var fadeSessions = FadeEvaluationReport.FalseFlags(scenario: "fade sessions: slow blocks, before onsets",
                                                           flags: 0, hours: 0)
        var silenceFalse = FadeEvaluationReport.FalseFlags(scenario: "all non-silent blocks", flags: 0, hours: 0)
        var latencies: [[Double]]
        var trials: [Int]
        var silentLatencies: [Double] = []
        var silentTrials = 0
        var channelFlags = 0
        var channelHours = 0.0
        // `low_activation_hbo` (the default only): fast blocks of weak sessions found; raised where
        // the fast blocks respond as healthy ones do.
        var lowMonitor: LowActivationMonitor?
        var lowTrials = 0
        var lowLatencies: [Double] = []
        var lowFalse = FadeEvaluationReport.FalseFlags(scenario: "healthy fast blocks", flags: 0, hours: 0)
        /// Whether blocks carry the amplitude reference (`HbOReferenceBook`) within a session.
        var carriesReference = true
        var book = HbOReferenceBook()
    }

    static func hboRows(plan: Plan, settings: HbOFadeSettings) -> [FadeEvaluationReport.Row] {
        let variants: [(HbOFadeSettings.Method, HbOFadeSettings.Signal)] = [
            (settings.method, settings.signal),
        ] + HbOFadeSettings.Method.allCases.flatMap { m in HbOFadeSettings.Signal.allCases.map { (m, $0) } }
            .filter { $0 != (settings.method, settings.signal) }
        let list: [(HbOFadeSettings, String, Bool)] = variants.map { method, signal in
            var s = settings
            s.method = method
            s.signal = signal
            let name = method.label + " (\(signal.rawValue))"
            return (s, name, method == settings.method && signal == settings.signal)
        }
        return hboRows(plan: plan, variants: list)
    }

    /// What an HbO scenario session is, for scoring.
    enum HbOScenarioKind: Equatable { case healthy, motion, drift, fade(depthIndex: Int), silent, weak }

    /// The plan's HbO sessions, seeded 1, 2, … in this order: healthy, motion spikes, slow drift,
    /// fades (replicate × depth × onset), silent slow blocks.
    static func hboScenarios(plan: Plan) -> [(SimulatedHemoSession.Scenario, HbOScenarioKind)] {
        var sessions: [(SimulatedHemoSession.Scenario, HbOScenarioKind)] = []
        var seed = plan.seedBase
        func next() -> SimulatedHemoSession.Scenario {
            var s = SimulatedHemoSession.Scenario()
            s.seed = seed
            s.realistic = plan.realistic
            seed += 1
            return s
        }
        for _ in 0..<plan.healthySessions { sessions.append((next(), .healthy)) }
        for _ in 0..<plan.motionSessions {
            var s = next()
            s.artefacts.spikesPerMinute = 2
            sessions.append((s, .motion))
        }
        for _ in 0..<plan.driftSessions {
            var s = next()
            s.artefacts.driftMicromolar = 0.5
            sessions.append((s, .drift))
        }
        for _ in 0..<plan.hboReplicates {
            for (di, depth) in plan.hboDepths.enumerated() {
                for onset in plan.hboOnsets {
                    var s = next()
                    s.fadeDepth = depth
                    s.fadeOnsetSeconds = onset
                    s.fadeRampSeconds = 3
                    sessions.append((s, .fade(depthIndex: di)))
                }
            }
        }
        for _ in 0..<plan.silentSessions {
            var s = next()
            s.silentSlowBlocks = true
            sessions.append((s, .silent))
        }
        for _ in 0..<plan.weakSessions {
            // Fast blocks at 20 % of the healthy response from their onset (0.14 against the slow
            // blocks' 0.40 µM): the within-session form of Gentile 2019's lower fast-tapping HbO.
            var s = next()
            s.fadeDepth = 1 - plan.weakFastFactor
            s.fadeOnsetSeconds = 0
            s.fadeRampSeconds = 0
            sessions.append((s, .weak))
        }
        return sessions
    }

    /// The HbO scenarios judged by each of `variants` (settings, label, is default) in one pass.
    static func hboRows(plan: Plan, variants: [(HbOFadeSettings, String, Bool)], carriesReference: [Bool]? = nil)
        -> [FadeEvaluationReport.Row] {
        var cfgs: [HbOConfig] = variants.enumerated().map { i, v in
            var c = HbOConfig(settings: v.0, label: v.1, isDefault: v.2,
                              latencies: Array(repeating: [], count: plan.hboDepths.count),
                              trials: Array(repeating: 0, count: plan.hboDepths.count))
            c.carriesReference = carriesReference?[i] ?? true
            return c
        }
        let sessions = hboScenarios(plan: plan)
        for (scenario, kind) in sessions {
            let session = SimulatedHemoSession(scenario)
            for c in cfgs.indices { cfgs[c].book = HbOReferenceBook() }
            cfgs[0].lowMonitor = nil
            var detectors: [HbOFadeDetector] = []
            var events: [[FadeEvent]] = []
            var current = -1
            func finish() {
                guard current >= 0 else { return }
                let timed = session.blocks[current]
                let duration = timed.block.durationSeconds
                let isFade = timed.fades
                let isSilent = scenario.silentSlowBlocks && timed.block.label == "slow"
                if let monitor = cfgs[0].lowMonitor {
                    cfgs[0].book.recordCourse(monitor.course, label: timed.block.label)
                    let raised = raisedTimes(events[0], kind: .lowActivationHbO)
                    if monitor.judges, kind == .weak {
                        cfgs[0].lowTrials += 1
                        if let first = raised.first { cfgs[0].lowLatencies.append((first - timed.start).seconds) }
                    } else if monitor.judges, kind == .healthy || kind == .motion || kind == .drift {
                        cfgs[0].lowFalse.flags += raised.count
                        cfgs[0].lowFalse.hours += duration / 3600
                    }
                }
                for c in cfgs.indices {
                    if cfgs[c].carriesReference {
                        cfgs[c].book.record(detectors[c].summary(blockEnd: timed.start + .seconds(duration)), block: timed.block)
                    }
                    let ev = events[c]
                    let avg = raisedTimes(ev, kind: .fadeHbO)
                    let onset: Double? = isFade ? scenario.fadeOnsetSeconds : nil
                    let sc = score(raised: avg, start: timed.start, duration: duration, onset: onset)
                    let hours = sc.nonFadingSeconds / 3600
                    switch kind {
                    case .healthy: cfgs[c].healthy.flags += sc.falseFlags; cfgs[c].healthy.hours += hours
                    case .motion: cfgs[c].motion.flags += sc.falseFlags; cfgs[c].motion.hours += hours
                    case .drift: cfgs[c].drift.flags += sc.falseFlags; cfgs[c].drift.hours += hours
                    case .fade, .silent, .weak:
                        cfgs[c].fadeSessions.flags += sc.falseFlags
                        cfgs[c].fadeSessions.hours += hours
                    }
                    if case .fade(let di) = kind, isFade {
                        cfgs[c].trials[di] += 1
                        if let l = sc.latency { cfgs[c].latencies[di].append(l) }
                    }
                    // Per-channel fade flags where nothing faded.
                    for name in session.channels {
                        let times = raisedTimes(ev, kind: .fadeHbO, channel: name)
                        let csc = score(raised: times, start: timed.start, duration: duration, onset: onset)
                        cfgs[c].channelFlags += csc.falseFlags
                        cfgs[c].channelHours += csc.nonFadingSeconds / 3600
                    }
                    let silence = raisedTimes(ev, kind: .noActivationHbO)
                    if isSilent {
                        cfgs[c].silentTrials += 1
                        if let first = silence.first { cfgs[c].silentLatencies.append((first - timed.start).seconds) }
                    } else {
                        cfgs[c].silenceFalse.flags += silence.count
                        cfgs[c].silenceFalse.hours += duration / 3600
                    }
                }
            }
            session.run(blockStarted: { index in
                finish()
                for c in cfgs.indices { cfgs[c].book.weights.blockStarted() }
                current = -1
                let timed = session.blocks[index]
                guard timed.block.kind == .tap else { return }
                current = index
                detectors = cfgs.map {
                    $0.carriesReference
                        ? $0.book.detector(settings: $0.settings, block: timed.block, blockStart: timed.start,
                                           channels: session.channels, sampleRateHz: scenario.rateHz)
                        : HbOFadeDetector(settings: $0.settings, block: timed.block, blockStart: timed.start,
                                          channels: session.channels, sampleRateHz: scenario.rateHz)
                }
                events = Array(repeating: [], count: cfgs.count)
                cfgs[0].lowMonitor = LowActivationMonitor(blockStart: timed.start, judges: timed.block.label == "fast",
                                                          courses: cfgs[0].book.courses,
                                                          settings: cfgs[0].settings,
                                                          noiseFloorMicromolar: detectors.first?.noiseFloorMicromolar ?? 0)
            }) { step in
                for c in cfgs.indices {
                    cfgs[c].book.weights.observe(hbo: step.average, hbr: step.hbrAverage, channelsHbO: step.channels,
                                                 channelsHbR: step.hbrChannels)
                }
                let timed = session.blocks[step.blockIndex]
                if timed.block.kind == .rest {
                    let into = (step.time - timed.start).seconds
                    for c in cfgs.indices {
                        cfgs[c].book.observeRest(secondsIntoRest: into, hbo: step.average, hbr: step.hbrAverage,
                                                 settings: cfgs[c].settings, channelsHbO: step.channels,
                                                 channelsHbR: step.hbrChannels)
                    }
                }
                guard current >= 0, step.blockIndex == current else { return }
                for event in step.artefacts {
                    for c in detectors.indices {
                        switch event {
                        case .began(_, _, let from): detectors[c].artefactBegan(at: from)
                        case .ended(let a): detectors[c].artefactEnded(from: a.firstTime, to: a.lastTime)
                        }
                    }
                }
                for c in detectors.indices {
                    events[c] += detectors[c].sample(at: step.time, average: step.average, channels: step.channels,
                                                     hbrAverage: step.hbrAverage, hbrChannels: step.hbrChannels)
                }
                if cfgs[0].lowMonitor != nil { events[0] += cfgs[0].lowMonitor!.sample(at: step.time, hbo: step.average) }
            }
            finish()
        }
        var rows: [FadeEvaluationReport.Row] = []
        for config in cfgs {
            rows.append(FadeEvaluationReport.Row(
                detector: FadeFlag.Kind.fadeHbO.rawValue, method: config.label, isDefault: config.isDefault,
                depths: plan.hboDepths, trials: config.trials, latencies: config.latencies,
                falseFlags: [config.healthy, config.motion, config.drift, config.fadeSessions],
                channelFalseFlagsPerChannelHour: config.channelHours > 0 ? Double(config.channelFlags) / config.channelHours : nil))
        }
        if let d = cfgs.first {
            rows.append(FadeEvaluationReport.Row(
                detector: FadeFlag.Kind.noActivationHbO.rawValue, method: "fitted amplitude (\(d.settings.signal.rawValue))",
                isDefault: true, depths: [1.0], trials: [d.silentTrials], latencies: [d.silentLatencies],
                falseFlags: [d.silenceFalse], channelFalseFlagsPerChannelHour: nil))
            rows.append(FadeEvaluationReport.Row(
                detector: FadeFlag.Kind.lowActivationHbO.rawValue, method: "fast vs slow blocks (hbo)",
                isDefault: true, depths: [1.0], trials: [d.lowTrials], latencies: [d.lowLatencies],
                falseFlags: [d.lowFalse], channelFalseFlagsPerChannelHour: nil))
        }
        return rows
    }
}
