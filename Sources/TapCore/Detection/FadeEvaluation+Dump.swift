extension FadeEvaluation {
    /// The HbO scenarios of a plan, each sample as a row of numbers, for offline study of detectors
    /// (`tapnirs evaluate --dump-hbo FILE`). Columns: session, kind (0 healthy, 1 motion, 2 drift,
    /// 3 fade, 4 silent), depth, onset, block index, block kind (0 rest, 1 slow, 2 fast), block fades,
    /// seconds into the block, session seconds, motor-average HbO, motor-average HbR, then HbO and
    /// HbR of each channel.
    public static func dumpHbO(seeds: Int? = nil, preset: Preset = .full, _ row: ([Double]) -> Void) {
        let plan = Plan(preset: preset, replicates: seeds)
        let sessions = hboScenarios(plan: plan).map { scenario, kind -> (SimulatedHemoSession.Scenario, Double) in
            let code: Double = switch kind {
            case .healthy: 0
            case .motion: 1
            case .drift: 2
            case .fade: 3
            case .silent: 4
            case .weak: 5
            }
            return (scenario, code)
        }
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
