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
            let pipeline = try HemoPipeline(layout: layout, settings: definition.nirs)
            hemo = pipeline
            detectionSignal = DetectionSignal(channelCount: layout.channels.count, sampleRateHz: layout.rateHz,
                                              highPassHz: definition.detectors.hbo.filterHighPassHz,
                                              lowPassHz: definition.detectors.hbo.filterLowPassHz,
                                              baselineSeconds: definition.nirs.baselineSeconds)
            if phase == .running || phase == .paused {
                hemo?.blockStarted(at: blockStart)
                detectionSignal?.blockStarted(at: blockStart)
            }
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
        let usable = samples.filter { $0.values.count == layout.valuesPerSample }
        nirsSource?.samplesIgnored += samples.count - usable.count
        guard !usable.isEmpty else { return }
        nirsSource?.samplesReceived += usable.count
        effects.append(.recordNirs(usable))
        guard var pipeline = hemo else { return }
        hemo = nil  // keep the pipeline's buffers uniquely referenced while it works
        var rows: [HemoSample] = []
        var qualityChanged = false
        for sample in usable {
            let output = pipeline.add(sample)
            rows += output.hemo
            for c in output.qualityChanged {
                qualityChanged = true
                let a = pipeline.quality.assessments[c]
                var value = "channel=\(layout.channels[c]);status=\(a.status.rawValue)"
                if let sci = a.sci { value += ";sci=" + FixedDecimal.format(seconds: sci, digits: 3) }
                effects.append(.recordEvent(EventRecord(onset: sample.hostTime - origin, duration: nil,
                                                        trialType: "channel_quality", value: value)))
            }
        }
        hemo = pipeline
        if !rows.isEmpty { effects.append(.recordHemo(rows)) }
        detectorHbO(rows, into: &effects)
        if qualityChanged { effects.append(.recordChannelQuality(pipeline.quality.assessments)) }
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
