extension FadeEvaluation {
    /// The HbO scenarios of a plan, each sample as a row of numbers, for offline study of detectors
    /// (`tapnirs evaluate --dump-hbo FILE`). Columns: session, kind (0 healthy, 1 motion, 2 drift,
    /// 3 fade, 4 silent), depth, onset, block index, block kind (0 rest, 1 slow, 2 fast), block fades,
    /// seconds into the block, session seconds, motor-average HbO, motor-average HbR, then HbO and
    /// HbR of each channel, then each channel's motor flag (1 when averaged).
    public static func dumpHbO(seeds: Int? = nil, preset: Preset = .full, highPassHz: Double? = nil,
                               _ row: ([Double]) -> Void) {
        let plan = Plan(preset: preset, replicates: seeds)
        var sessions: [(SimulatedHemoSession.Scenario, Double)] = []
        var seed: UInt64 = 1
        func next() -> SimulatedHemoSession.Scenario {
            var s = SimulatedHemoSession.Scenario()
            s.seed = seed
            if let highPassHz {
                s.feedDisplaySignal = false
                s.detectionHighPassHz = highPassHz
            }
            seed += 1
            return s
        }
        for _ in 0..<plan.healthySessions { sessions.append((next(), 0)) }
        for _ in 0..<plan.motionSessions { var s = next(); s.artefacts.spikesPerMinute = 2; sessions.append((s, 1)) }
        for _ in 0..<plan.driftSessions { var s = next(); s.artefacts.driftMicromolar = 0.5; sessions.append((s, 2)) }
        for _ in 0..<plan.hboReplicates {
            for depth in plan.hboDepths {
                for onset in plan.hboOnsets {
                    var s = next()
                    s.fadeDepth = depth
                    s.fadeOnsetSeconds = onset
                    s.fadeRampSeconds = 3
                    sessions.append((s, 3))
                }
            }
        }
        for _ in 0..<plan.silentSessions { var s = next(); s.silentSlowBlocks = true; sessions.append((s, 4)) }
        for (index, (scenario, kind)) in sessions.enumerated() {
            let session = SimulatedHemoSession(scenario)
            session.run { step in
                let timed = session.blocks[step.blockIndex]
                let blockKind: Double = timed.block.kind == .rest ? 0 : (timed.block.label == "fast" ? 2 : 1)
                var values: [Double] = [Double(index), kind, scenario.fadeDepth, scenario.fadeOnsetSeconds,
                                        Double(step.blockIndex), blockKind, timed.fades ? 1 : 0,
                                        (step.time - timed.start).seconds, (step.time - MonoTime.zero).seconds,
                                        step.average, step.hbrAverage]
                values += step.channels
                values += step.hbrChannels
                row(values)
            }
        }
    }
}
