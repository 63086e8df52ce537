/// The fade detectors inside the session: one tap-rate detector and one HbO detector per
/// tapping block, fed the block's counted taps, its beats, the passing of time and each
/// filtered, baseline-corrected HbO sample. Flags become `events.tsv` rows the moment they
/// are raised or cleared, and per-block results go to `summary.json`.
extension Session {
    /// Per tapping block reached: what the detectors found (for `summary.json` and the summary screen).
    public struct BlockDetection: Equatable, Sendable, Codable {
        public var block: Int
        public var label: String
        public var tap: TapFadeSummary?
        public var hbo: HbOFadeSummary?

        public init(block: Int, label: String, tap: TapFadeSummary?, hbo: HbOFadeSummary?) {
            self.block = block
            self.label = label
            self.tap = tap
            self.hbo = hbo
        }
    }

    /// Starts the detectors for the block that starts now (tapping blocks only).
    mutating func startDetectors(block index: Int, at time: MonoTime) {
        let block = definition.blocks[index]
        guard block.kind == .tap else { return }
        tapDetector = TapFadeDetector(settings: definition.detectors.tap, block: block, blockStart: time, norm: tapNorm)
        if let hemo {
            hboShortRest = restSincePreviousTapping(before: index, at: time)
                .flatMap { $0 < definition.detectors.hbo.minimumRestSeconds ? $0 : nil }
            let names = hemo.motorChannels.map { hemo.layout.channels[$0] }
            detectorChannels = hemo.motorChannels
            // Judged against the session's earlier blocks of the same kind, which a fade in this
            // block cannot pull down (`HbOReferenceBook`, the rule `tapnirs evaluate` measures).
            hboDetector = hboReferences.detector(settings: definition.detectors.hbo, block: block, blockStart: time,
                                                 channels: names, sampleRateHz: hemo.layout.rateHz,
                                                 channelIndices: hemo.motorChannels)
            // Fast blocks are compared with the session's slow ones (Gentile 2019's contrast).
            lowActivation = LowActivationMonitor(blockStart: time, judges: block.label == "fast" && hboShortRest == nil,
                                                 courses: hboReferences.courses,
                                                 settings: definition.detectors.hbo,
                                                 noiseFloorMicromolar: hboDetector?.noiseFloorMicromolar ?? 0)
            // An artefact still open on a motor channel holds from before the block.
            for artefact in hemo.motion.openArtefacts where hemo.motorChannels.contains(artefact.channel) {
                hboDetector?.artefactBegan(at: artefact.firstTime)
            }
        }
    }

    /// Seconds from the end of the last tapping block before `index` to `time`; nil without one.
    func restSincePreviousTapping(before index: Int, at time: MonoTime) -> Double? {
        for i in stride(from: index - 1, through: 0, by: -1) where definition.blocks[i].kind == .tap {
            guard let start = blockStarts[i] else { continue }
            let active = activeSeconds[i] ?? definition.blocks[i].durationSeconds
            return max(0, (time - (start + .seconds(active))).seconds)
        }
        return nil
    }

    /// The block ends (or the session does): keep the detectors' summaries, bring their flags down.
    mutating func stopDetectors(at time: MonoTime, into effects: inout [Effect]) {
        guard tapDetector != nil || hboDetector != nil else { return }
        let index = detectorBlock ?? blockIndex
        if let start = blockStarts[index] {
            let active = max(0, (time - start).seconds)
            blockEpochs?.blockEnded(index: index, activeSeconds: active,
                                    rateHz: active > 0 && !tapTimes[index].isEmpty ? Double(tapTimes[index].count) / active : nil)
        }
        var result = BlockDetection(block: index + 1, label: definition.blocks[index].label, tap: nil, hbo: nil)
        result.tap = tapDetector?.summary(blockEnd: time)
        result.hbo = hboDetector?.summary(blockEnd: time)
        if let rest = hboShortRest {
            // Not judged, and not a reference for later blocks: its baseline held the last response.
            result.hbo?.shortRestSeconds = rest
        } else {
            if let monitor = lowActivation {
                result.hbo?.lowActivation = monitor.lastComparison
                result.hbo?.lowActivationFlags = monitor.judges ? monitor.raisedCount : nil
                hboReferences.recordCourse(monitor.course, label: definition.blocks[index].label)
            }
            if let summary = result.hbo { hboReferences.record(summary, block: definition.blocks[index]) }
        }
        hboShortRest = nil
        detections.removeAll { $0.block == result.block }
        detections.append(result)
        for flag in activeFlags {
            recordFlag(.cleared(flag, at: time), reason: "block ended", into: &effects)
        }
        activeFlags = []
        tapDetector = nil
        hboDetector = nil
        lowActivation = nil
        detectorBlock = nil
    }

    /// Lets the tap detector see time pass (a subject who stops tapping must be noticed).
    mutating func advanceDetectors(to time: MonoTime, into effects: inout [Effect]) {
        guard phase == .running, var detector = tapDetector else { return }
        let events = detector.advance(to: time)
        tapDetector = detector
        apply(events, into: &effects)
    }

    mutating func detectorTap(at time: MonoTime, into effects: inout [Effect]) {
        guard var detector = tapDetector else { return }
        let events = detector.tap(at: time)
        tapDetector = detector
        apply(events, into: &effects)
    }

    mutating func detectorBeat(at time: MonoTime, into effects: inout [Effect]) {
        guard var detector = tapDetector else { return }
        let events = detector.beat(at: time)
        tapDetector = detector
        apply(events, into: &effects)
    }

    /// Converted rows → the detection signal (its own gentle filter and block baseline, exactly
    /// as `tapnirs evaluate` measures it) → the session's CBSI weight, and the HbO detector of the
    /// running tapping block.
    mutating func detectorHbO(_ rows: [HemoSample], into effects: inout [Effect]) {
        guard detectionSignal != nil else { return }
        // The signal and the detector are mutated in place (`x!.f()`): a copy out and back would
        // copy their sample windows on every row.
        let judging = phase == .running && hboDetector != nil
        var events: [FadeEvent] = []
        let motor = hemo?.motorChannels ?? detectorChannels
        let inRest = phase == .running && blockIndex < definition.blocks.count && definition.blocks[blockIndex].kind == .rest
        for row in rows {
            detectionSignal!.add(row)
            let signal = detectionSignal!
            // Every sample, in blocks and rests, teaches the session's CBSI weight (`CbsiWeight`);
            // the filtered values before the block baseline run on across block starts.
            hboReferences.weights.observe(hbo: signal.average(signal.hbo, over: motor),
                                          hbr: signal.average(signal.hbr, over: motor),
                                          channelsHbO: signal.hbo, channelsHbR: signal.hbr, averagedOver: motor)
            // Rests teach the noise the drop detector must rise above (`RestNoise`).
            let observesRest = inRest && row.time >= blockStart
            let judges = judging && row.time >= hboDetector!.blockStart
            guard observesRest || judges else { continue }
            let hbo = signal.hboChanges, hbr = signal.hbrChanges  // each worked out once a row
            if observesRest {
                hboReferences.observeRest(secondsIntoRest: (row.time - blockStart).seconds,
                                          hbo: signal.average(hbo, over: motor),
                                          hbr: signal.average(hbr, over: motor), settings: definition.detectors.hbo,
                                          channelsHbO: hbo, channelsHbR: hbr)
            }
            guard judges else { continue }
            if lowActivation != nil {
                events += lowActivation!.sample(at: row.time, hbo: signal.average(hbo, over: detectorChannels))
            }
            let judged = hboDetector!.sample(at: row.time, average: signal.average(hbo, over: detectorChannels),
                                             channels: detectorChannels.map { hbo[$0] },
                                             hbrAverage: signal.average(hbr, over: detectorChannels),
                                             hbrChannels: detectorChannels.map { hbr[$0] })
            // After too short a rest the block's figures are kept but nothing is flagged.
            if hboShortRest == nil { events += judged }
        }
        apply(events, into: &effects)
    }

    /// Raises and clears flags. Single-channel HbO flags stay in the block's summary
    /// (`fadedChannels`) and are not raised live: one channel's HbO is too noisy to call a fade
    /// on (docs/fade-detection.md); the motor average is what the clinician is told about.
    mutating func apply(_ events: [FadeEvent], into effects: inout [Effect]) {
        for event in events where event.flag.channel == nil {
            switch event {
            case .raised(let flag):
                activeFlags.removeAll { $0.kind == flag.kind && $0.channel == flag.channel }
                activeFlags.append(flag)
                appendLog(at: flag.raisedAt, Self.flagText(flag, blockStart: tapDetector?.blockStart ?? blockStart))
            case .cleared(let flag, let time):
                activeFlags.removeAll { $0.kind == flag.kind && $0.channel == flag.channel }
                appendLog(at: time, Self.flagName(flag) + " cleared")
            }
            recordFlag(event, reason: nil, into: &effects)
        }
    }

    /// One `events.tsv` row per flag onset and offset, written when it happens: the row's onset
    /// is when the detector decided; the estimated change onset is in `value`.
    mutating func recordFlag(_ event: FadeEvent, reason: String?, into effects: inout [Effect]) {
        let flag = event.flag
        var parts: [String]
        let time: MonoTime
        switch event {
        case .raised:
            time = flag.raisedAt
            parts = ["state=raised", "fade_onset=" + Self.seconds(flag.onset - origin, digits: 3),
                     "delay_s=" + Self.seconds(flag.raisedAt - flag.onset, digits: 3),
                     "magnitude=" + FixedDecimal.format(seconds: flag.magnitude, digits: 3)]
        case .cleared(_, let at):
            time = at
            parts = ["state=cleared", "raised_at=" + Self.seconds(flag.raisedAt - origin, digits: 3)]
            if let reason { parts.append("reason=" + reason) }
        }
        parts.append("block=\((detectorBlock ?? blockIndex) + 1)")
        parts.append("channel=" + (flag.channel ?? (flag.kind == .fadeTap || flag.kind == .behindBeat ? "n/a" : "avg")))
        if !flag.detail.isEmpty { parts.append(flag.detail) }
        effects.append(.recordEvent(EventRecord(onset: time - origin, duration: nil, trialType: flag.kind.rawValue,
                                                value: parts.joined(separator: ";"))))
    }

    /// `TAP FADE -32% since 12.4 s` (seconds into the block).
    public static func flagText(_ flag: FadeFlag, blockStart: MonoTime) -> String {
        let since = FixedDecimal.format(seconds: max(0, (flag.onset - blockStart).seconds), digits: 1)
        switch flag.kind {
        case .fadeTap, .fadeHbO:
            let percent = Int((flag.magnitude * 100).rounded())
            return flagName(flag) + " \(percent >= 0 ? "+" : "")\(percent)% since \(since) s"
        case .noActivationHbO:
            return flagName(flag) + " at \(since) s"
        case .behindBeat:
            return flagName(flag) + " since \(since) s"
        case .lowActivationHbO:
            return flagName(flag) + " \(Int((flag.magnitude * 100).rounded()))% vs slow blocks"
        }
    }

    static func flagName(_ flag: FadeFlag) -> String {
        let place = flag.channel ?? "avg"
        switch flag.kind {
        case .fadeTap: return "TAP FADE"
        case .fadeHbO: return "HbO FADE \(place)"
        case .noActivationHbO: return "NO HbO RISE \(place)"
        case .behindBeat: return "BEHIND BEAT"
        case .lowActivationHbO: return "LOW HbO vs SLOW"
        }
    }
}

extension Session.BlockDetection {
    /// One plain sentence for the clinician, e.g. `fast (block 4): tap rate fell 31% from 14.2 s;
    /// HbO peaked at +0.62 µM at 9.5 s and fell 44% from 18.0 s`.
    public var reading: String {
        var parts: [String] = []
        if let tap { parts.append(tap.reading) }
        if let hbo { parts.append(hbo.reading) }
        return "\(label) (block \(block)): " + (parts.isEmpty ? "no detector ran" : parts.joined(separator: "; "))
    }

    static func one(_ seconds: Double) -> String { FixedDecimal.format(seconds: seconds, digits: 1) }
}
