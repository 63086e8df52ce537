extension Session {
    /// The frame to draw at `now` (a pure function of the state and the time).
    public func view(at now: MonoTime, soundOn: Bool = true, autotapProfile: String? = nil) -> SessionView {
        var view = SessionView()
        view.protocolName = definition.name
        view.protocolDescription = definition.description
        view.subjectID = subjectID
        view.protocolLines = Self.protocolLines(definition)
        view.tapKeyNames = definition.tapKeys.map(\.name)
        view.totalSeconds = definition.totalDurationSeconds
        view.blockCount = definition.blocks.count
        view.subjectView = subjectView
        view.helpVisible = helpVisible
        view.confirmingQuit = confirmingQuit
        view.paused = phase == .paused
        view.soundOn = soundOn
        view.autotapProfile = autotapProfile
        view.logLines = log
        view.status = status
        view.nirs = nirsPanel(at: now)
        view.flags = activeFlags.map { Self.flagText($0, blockStart: blockStart) }
        view.detectionReadings = detections.sorted { $0.block < $1.block }.map(\.reading)
        if let pressed = lastPressTime { view.tapFlash = now >= pressed && now - pressed < Self.flashDuration }
        clinicalView(into: &view)  // issue 16 (SessionView+Clinical.swift)

        switch phase {
        case .ready:
            view.screen = .ready
            return view
        case .finished, .exited:
            view.screen = .summary
            view.summaries = summaries
            for detection in detections { if let d = detection.tap?.decline { view.declines[detection.block - 1] = d } }
            view.declineZLimit = definition.detectors.tap.declineZ
            view.conditionReadings = ConditionReading.lines(conditions, contrasts)
            if let start = startedAt, let end = endedAt { view.elapsedSeconds = (end - start).seconds }
            return view
        case .running, .paused:
            view.screen = .live
        }

        let block = definition.blocks[blockIndex]
        // Block time stands still while paused.
        let effectiveNow = pauseStart ?? now
        let blockElapsed = min(max(0, (effectiveNow - blockStart).seconds), block.durationSeconds)
        let before = definition.blocks[..<blockIndex].reduce(0) { $0 + $1.durationSeconds }
        view.block = block
        view.blockNumber = blockIndex + 1
        view.blockElapsedSeconds = blockElapsed
        view.blockRemainingSeconds = block.durationSeconds - blockElapsed
        view.elapsedSeconds = before + blockElapsed
        view.nextBlock = blockIndex + 1 < definition.blocks.count ? definition.blocks[blockIndex + 1] : nil
        view.targetRateHz = block.targetRateHz
        if let beat = lastBeat, beat.blockIndex == blockIndex, phase == .running {
            view.beatFlash = beat.visual && now >= beat.time && now - beat.time < Self.flashDuration
            view.beatIsAccent = beat.isAccent
            view.beatIndex = beat.index + 1
        }

        let taps = tapTimes[blockIndex]
        view.blockTaps = taps.count
        view.blockAutorepeats = autorepeats[blockIndex]
        if block.kind == .tap, let detector = tapDetector, detector.method == .healthyRange, let reading = detector.reading {
            view.decline = reading.text
            view.declineBeyond = reading.z > detector.settings.declineZ
        }
        if block.kind == .tap {
            view.liveRateHz = LiveTapRate.rate(tapTimes: taps, now: blockElapsed)
            view.rateHistory = LiveTapRate.history(tapTimes: taps, until: blockElapsed)
            let intervals = TapStatistics.intervals(taps)
            if !intervals.isEmpty { view.itiMeanSeconds = TapStatistics.mean(intervals) }
            if intervals.count >= 2 { view.itiCV = TapStatistics.coefficientOfVariation(intervals) }
            let offsets = beatOffsets[blockIndex]
            if !offsets.isEmpty { view.meanAsynchronySeconds = TapStatistics.mean(offsets) }
            if let last = lastPress?.record, last.blockIndex == blockIndex, let offset = last.beatOffset {
                view.lastBeatOffsetSeconds = offset.seconds
            }
        }
        return view
    }

    /// One line per block for the ready screen: number, cue, duration, pace, metronome.
    static func protocolLines(_ definition: SessionProtocol) -> [String] {
        var start = 0.0
        return definition.blocks.enumerated().map { index, block in
            defer { start += block.durationSeconds }
            var pace = ""
            switch block.pace {
            case .hz(let hz): pace = FixedDecimal.format(seconds: hz, digits: 2) + " Hz"
            case .selfPaced: pace = "max speed"
            case .none: pace = ""
            }
            var metronome = ""
            if block.metronome.isOn {
                metronome = block.metronome.audible && block.metronome.visual ? "metronome"
                    : block.metronome.audible ? "click only" : "flash only"
            }
            let number = String(index + 1)
            let padded = String(repeating: " ", count: max(0, 3 - number.count)) + number
            let time = SessionProtocol.clock(start)
            let whole = block.durationSeconds == block.durationSeconds.rounded()
            let duration = FixedDecimal.format(seconds: block.durationSeconds, digits: whole ? 0 : 1) + " s"
            return [padded, time, pad(block.cue, 12), pad(duration, 7), pad(pace, 10), metronome]
                .joined(separator: "  ").trimmingTrailingSpaces()
        }
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
