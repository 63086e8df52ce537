/// The session's fNIRS side: headers, samples, rejections and signal loss, turned into
/// records and the HbO/HbR state the screen and (later) the detectors read.
extension Session {
    mutating func nirsHeader(_ layout: NirsLayout, at time: MonoTime, into effects: inout [Effect]) {
        if nirsSource == nil { nirsSource = NirsSourceStatus(description: "fNIRS") }
        if let current = nirsSource?.layout {
            // A device reset re-sends its header. Same layout: carry on; another layout cannot
            // go into the same files, so its samples are counted and left out.
            nirsSource?.resets += 1
            let same = current == layout
            effects.append(.recordEvent(EventRecord(
                onset: time - origin, duration: nil, trialType: "nirs_reset",
                value: same ? "layout=same" : "layout=different;samples_ignored")))
            appendLog(at: time, same ? "fNIRS device restarted its stream"
                                     : "fNIRS device restarted with a different layout: samples ignored")
            if !same { nirsSource?.conversionProblem = "layout changed after a device reset" }
            return
        }
        nirsSource?.layout = layout
        do {
            var pipeline = try HemoPipeline(layout: layout, settings: definition.nirs)
            pipeline.tracksDisplay = tracksDisplay
            hemo = pipeline
            detectionSignal = DetectionSignal(channelCount: layout.channels.count, sampleRateHz: layout.rateHz,
                                              lowPassHz: definition.detectors.hbo.filterLowPassHz)
            blockEpochs = BlockEpochs(channelCount: layout.channels.count)
            effects.append(.nirsStarted(layout, constants(of: pipeline.converter)))
            if !pipeline.unknownMotorChannels.isEmpty {
                appendLog(at: time, "motor_channels not in the stream: " + pipeline.unknownMotorChannels.joined(separator: " "))
            }
        } catch {
            nirsSource?.conversionProblem = error.description
            effects.append(.nirsStarted(layout, nil))
            appendLog(at: time, "fNIRS recorded raw only: \(error.description)")
        }
        appendLog(at: time, "fNIRS \(layout.channels.count) ch, \(layout.kind.rawValue), "
                  + FixedDecimal.format(seconds: layout.rateHz, digits: 3).trimmingZeros + " Hz")
    }

    func constants(of converter: HemoConverter) -> NirsConstants {
        let wavelengths = converter.layout.wavelengths
        return NirsConstants(
            distancesMetres: converter.distancesMetres,
            pathlengthFactors: converter.layout.kind == .hb ? [] : [converter.pathlengthFactors.0, converter.pathlengthFactors.1],
            referenceSeconds: definition.nirs.referenceSeconds,
            absorptionFactor: BeerLambert.absorptionFactor,
            extinction: wavelengths.map { nm in
                ExtinctionTable.coefficients(atNanometres: nm).map { [$0.hbo, $0.hbr] } ?? []
            })
    }

    mutating func nirsSamples(_ samples: [NirsSample], into effects: inout [Effect]) {
        guard let layout = nirsSource?.layout, nirsSource?.conversionProblem != "layout changed after a device reset" else {
            nirsSource?.samplesIgnored += samples.count
            return
        }
        let fits = { (sample: NirsSample) in sample.values.count == layout.valuesPerSample }
        let usable = samples.allSatisfy(fits) ? samples : samples.filter(fits)
        nirsSource?.samplesIgnored += samples.count - usable.count
        guard !usable.isEmpty else { return }
        nirsSource?.samplesReceived += usable.count
        effects.reserveCapacity(effects.count + 2)  // the raw rows and the converted ones, in one allocation
        effects.append(.recordNirs(usable))
        // The pipeline works in place (`hemo!`), its buffers never copied. (It used to be taken out
        // of `hemo` meanwhile, which hid it from `recordArtefact`: the log line for an artefact on a
        // motor channel never showed.)
        guard hemo != nil else { return }
        var rows: [HemoSample] = [], corrected: [HemoSample] = []
        var qualityChanged = false
        for sample in usable {
            let output = hemo!.add(sample)
            // One sample per batch is the rule: its rows taken as they are, not copied.
            if rows.isEmpty { rows = output.hemo } else { rows += output.hemo }
            if corrected.isEmpty { corrected = output.corrected } else { corrected += output.corrected }
            for event in output.artefacts {
                recordArtefact(event, layout: layout, into: &effects)
                artefactForDetectors(event, motor: hemo!.motorChannels)
            }
            for c in output.qualityChanged {
                qualityChanged = true
                let a = hemo!.quality.assessments[c]
                var value = "channel=\(layout.channels[c]);status=\(a.status.rawValue)"
                if let sci = a.sci { value += ";sci=" + FixedDecimal.format(seconds: sci, digits: 3) }
                effects.append(.recordEvent(EventRecord(onset: sample.hostTime - origin, duration: nil,
                                                        trialType: "channel_quality", value: value)))
            }
        }
        if !rows.isEmpty { effects.append(.recordHemo(rows)) }
        for row in corrected { blockEpochs?.add(row) }
        detectorHbO(corrected, into: &effects)
        if qualityChanged { effects.append(.recordChannelQuality(hemo!.quality.assessments)) }
    }

    /// A tapping block starts (or restarts): the HbO signal and the detectors' view of it take the
    /// baseline of the 5 s before (`HbOSignal`).
    mutating func tappingBlockStartedNirs(index: Int, at time: MonoTime) {
        let block = definition.blocks[index]
        blockEpochs?.blockStarted(index: index, label: block.label, onset: time, durationSeconds: block.durationSeconds)
        hemo?.tappingBlockStarted(at: time)
        if let signal = hemo?.signal {
            detectionSignal?.tappingBlockStarted(baselineHbO: signal.referenceHbO, baselineHbR: signal.referenceHbR)
        }
    }

    /// A motion artefact ended: one `events.tsv` row (`motion_artefact`, onset its first sample,
    /// duration its length) and a log line when it touches a motor channel. The HbO detectors skip
    /// what it covers (`Session+Detection`).
    mutating func recordArtefact(_ event: MotionArtefactDetector.Event, layout: NirsLayout, into effects: inout [Effect]) {
        guard case .ended(let artefact) = event, layout.channels.indices.contains(artefact.channel) else { return }
        let channel = layout.channels[artefact.channel]
        var value = "channel=\(channel);change_od=" + FixedDecimal.format(seconds: artefact.largestChangeOD, digits: 3)
        if let sds = artefact.largestChangeInDifferenceSDs { value += ";change_sd=" + FixedDecimal.format(seconds: sds, digits: 1) }
        effects.append(.recordEvent(EventRecord(onset: artefact.firstTime - origin, duration: artefact.lastTime - artefact.firstTime,
                                                trialType: "motion_artefact", value: value)))
        motionArtefacts.append(artefact)
        if hemo?.motorChannels.contains(artefact.channel) == true {
            appendLog(at: artefact.lastTime, "motion artefact \(channel) " + Self.clockLabel(artefact.firstTime - origin))
        }
    }

    /// HbO per tapping-block label over the motor channels in use now, and the fast − slow contrast
    /// (`ConditionResult`); empty without fNIRS.
    public var conditions: [ConditionResult] {
        guard let epochs = blockEpochs, let hemo else { return [] }
        return ConditionResult.conditions(from: epochs, channels: hemo.motorChannels)
    }

    public var contrasts: [ConditionContrast] { ConditionContrast.fastMinusSlow(conditions) }

    /// The running HbO detector stops judging what a motion artefact on a motor channel touches.
    mutating func artefactForDetectors(_ event: MotionArtefactDetector.Event, motor: [Int]) {
        guard hboDetector != nil else { return }
        switch event {
        case .began(let channel, _, let firstTime) where motor.contains(channel):
            hboDetector!.artefactBegan(at: firstTime)
        case .ended(let artefact) where motor.contains(artefact.channel):
            hboDetector!.artefactEnded(from: artefact.firstTime, to: artefact.lastTime)
        default: break
        }
    }

    mutating func nirsLost(reason: String, at time: MonoTime, into effects: inout [Effect]) {
        guard nirsSource?.lostAt == nil else { return }
        nirsSource?.lostAt = time
        nirsSource?.lostReason = reason
        nirsSource?.gaps += 1
        effects.append(.recordEvent(EventRecord(onset: time - origin, duration: nil, trialType: "nirs_signal_lost",
                                                value: "reason=\(reason)")))
        appendLog(at: time, "fNIRS signal lost (\(reason))")
    }

    mutating func nirsBack(at time: MonoTime, into effects: inout [Effect]) {
        guard let lost = nirsSource?.lostAt else { return }
        nirsSource?.lostAt = nil
        nirsSource?.lostReason = nil
        let gap = time - lost
        effects.append(.recordEvent(EventRecord(onset: time - origin, duration: nil, trialType: "nirs_signal_back",
                                                value: "gap_s=\(Self.seconds(gap, digits: 3))")))
        appendLog(at: time, "fNIRS signal back after \(Self.seconds(gap, digits: 1)) s")
    }
}

extension String {
    /// `7.813` → `7.813`, `10.000` → `10`.
    var trimmingZeros: String {
        guard contains(".") else { return self }
        var s = self
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}
