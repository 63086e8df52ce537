/// The live session as a pure state machine: `handle(event) -> [Effect]`.
///
/// It knows the block timeline, the beat grid, every tap and how it counts; it reads no
/// clock and does no I/O. Every event carries its own time, and before acting on one the
/// session first runs every deadline (beat, block edge) that fell due before it, so a key
/// that arrives just after a block ended is counted in the right block however late the
/// loop woke.
public struct Session: Sendable {
    public enum Phase: Equatable, Sendable {
        /// The ready screen: waiting for Enter.
        case ready
        /// A block is running.
        case running
        /// `p` was pressed: block time and beats stand still.
        case paused
        /// The last block ended or the session was stopped; the summary screen is up.
        case finished
        /// The summary was dismissed.
        case exited
    }

    /// Beats more than this late are recorded as skipped instead of clicked (no burst of clicks
    /// after a stall).
    public static let lateBeatTolerance = Span.milliseconds(100)
    /// How long a beat or a tap stays lit on screen.
    public static let flashDuration = Span.milliseconds(120)
    /// Event-log lines kept for the screen.
    static let logCapacity = 12

    /// The design as it runs. Issue 16: it grows while running when the protocol's trial rule adds
    /// a trial (`Session+Trials.swift`); nothing else changes it.
    public internal(set) var definition: SessionProtocol
    /// The healthy decline of a maximal block, the range fast blocks are judged against: the band
    /// for the subject's age, or 18–30 (marked assumed) when the age is not known. Issue 16: set
    /// again at Enter from the age the ready screen's form gave (`Session+Participant.swift`).
    public internal(set) var tapNorm: TapDeclineNorm
    /// Who is tested and with which hand (issue 16); editable on the ready screen through `participantForm`.
    public internal(set) var participant: Participant
    /// The ready screen's form for what the command line did not give, nil without one.
    public internal(set) var participantForm: ParticipantForm?
    /// Session time zero: when the session was created (ready screen up). All onsets count from it.
    public let origin: MonoTime
    public let subjectID: String

    public private(set) var phase: Phase = .ready
    public private(set) var status: SessionStatus = .running
    /// When the first block started (Enter), nil before.
    public private(set) var startedAt: MonoTime?
    /// When the session ended, nil before.
    public private(set) var endedAt: MonoTime?
    /// Why it ended early (`ended by clinician`, `SIGTERM`…), nil when it completed.
    public private(set) var endReason: String?

    // Current block
    public private(set) var blockIndex = 0
    /// Effective start of the current block: pauses with `resume` shift it later by their length,
    /// so block time and the beat grid exclude the pause.
    public private(set) var blockStart = MonoTime.zero
    var pauseStart: MonoTime?
    var nextBeatIndex = 0
    var lastBeat: Beat?

    // Taps, per block, in block time (seconds since `blockStart`), counted taps only
    var tapTimes: [[Double]]
    var beatOffsets: [[Double]]
    var autorepeats: [Int]
    /// How long each block actually ran (active time), for blocks cut short.
    var activeSeconds: [Double?]
    /// When each block started (its effective start after pauses), nil for blocks not reached.
    var blockStarts: [MonoTime?]
    var lastPress: (time: MonoTime, record: TapRecord)?
    var lastPressTime: MonoTime?

    // Interface state
    public private(set) var subjectView = false
    public private(set) var helpVisible = false
    public private(set) var confirmingQuit = false
    public private(set) var markers = 0
    var log: [String] = []

    // fNIRS
    /// The source's status, nil when the session records no fNIRS.
    public internal(set) var nirsSource: NirsSourceStatus?
    /// Conversion and filtering, from the first header on (nil if the stream cannot be converted).
    public internal(set) var hemo: HemoPipeline?
    /// False for a session no screen shows (`HemoPipeline.tracksDisplay`).
    public var tracksDisplay = true {
        didSet { hemo?.tracksDisplay = tracksDisplay }
    }
    /// Motion artefacts found so far (ended segments), for the plot, the detectors and the summary.
    public internal(set) var motionArtefacts: [MotionArtefact] = []
    /// Every tapping block's epoch of the HbO signal, for the per-condition result (`conditions`).
    public internal(set) var blockEpochs: BlockEpochs?

    // Fade detection (the current tapping block's detectors)
    /// The HbO the detectors read: gently filtered, per-block baseline (`DetectionSignal`).
    var detectionSignal: DetectionSignal?
    /// Each block label's HbO amplitude so far, the reference later blocks are judged against.
    var hboReferences = HbOReferenceBook()
    var tapDetector: TapFadeDetector?
    var hboDetector: HbOFadeDetector?
    /// The running tapping block's comparison with the session's slow blocks (`LowActivationMonitor`).
    var lowActivation: LowActivationMonitor?
    /// The rest before the running tapping block when too short to judge its HbO (s), else nil.
    var hboShortRest: Double?
    /// Layout indices of the channels the HbO detector watches.
    var detectorChannels: [Int] = []
    /// The block the running detectors belong to.
    var detectorBlock: Int?
    /// Flags up now, oldest first (clinician view only).
    public internal(set) var activeFlags: [FadeFlag] = []
    /// What the detectors found in each tapping block that has ended.
    public internal(set) var detections: [BlockDetection] = []

    public init(definition: SessionProtocol, origin: MonoTime, subjectID: String, nirsSource: String? = nil,
                tapNorm: TapDeclineNorm? = nil, participant: Participant = Participant(),
                participantForm: ParticipantForm? = nil) {
        self.definition = definition
        self.tapNorm = tapNorm ?? .forAge(participant.ageYears)
        self.participant = participant
        self.participantForm = participantForm
        self.origin = origin
        self.subjectID = subjectID
        self.nirsSource = nirsSource.map(NirsSourceStatus.init(description:))
        let n = definition.blocks.count
        tapTimes = Array(repeating: [], count: n)
        beatOffsets = Array(repeating: [], count: n)
        autorepeats = Array(repeating: 0, count: n)
        activeSeconds = Array(repeating: nil, count: n)
        blockStarts = Array(repeating: nil, count: n)
    }

    public var currentBlock: Block? {
        guard phase == .running || phase == .paused else { return nil }
        return definition.blocks[blockIndex]
    }

    /// The next time the session must be woken, nil when nothing is scheduled (ready, paused, finished).
    /// Beats, block edges and the fade detectors' decisions (a missed beat, a subject who stopped):
    /// the loop wakes for each, and nothing in the records depends on waking more often.
    public var nextDeadline: MonoTime? {
        guard phase == .running else { return nil }
        var due = blockEnd
        if let beat = nextBeat, beat.time < due { due = beat.time }
        if let decision = tapDetector?.nextDeadline, decision < due { due = decision }
        return due
    }

    var blockEnd: MonoTime { blockStart + .seconds(definition.blocks[blockIndex].durationSeconds) }

    var nextBeat: Beat? {
        let block = definition.blocks[blockIndex]
        guard let period = block.beatPeriod else { return nil }
        return Beat(blockIndex: blockIndex, index: nextBeatIndex, time: blockStart + period * Int64(nextBeatIndex),
                    audible: block.metronome.audible, visual: block.metronome.visual)
    }

    // MARK: Handling events

    public mutating func handle(_ event: Event) -> [Effect] {
        var effects: [Effect] = []
        advance(to: event.time, into: &effects)
        switch event {
        case .deadlineReached:
            break
        case .keyPressed(let key, let time):
            keyPressed(key, at: time, into: &effects)
        case .quitRequested(let time, let reason):
            if phase == .ready || phase == .running || phase == .paused {
                finish(.aborted, at: time, reason: reason, into: &effects)
            }
            if phase == .finished {
                phase = .exited
                effects.append(.exit)
            }
        case .nirsHeader(let layout, let time):
            nirsHeader(layout, at: time, into: &effects)
        case .nirsSamples(let samples, _):
            nirsSamples(samples, into: &effects)
        case .nirsRejected(let reason, _):
            nirsSource?.rejected[reason, default: 0] += 1
        case .nirsLost(let reason, let time):
            nirsLost(reason: reason, at: time, into: &effects)
        case .nirsBack(let time):
            nirsBack(at: time, into: &effects)
        }
        return effects
    }

    /// Runs every beat and block edge due at or before `time`, in time order.
    mutating func advance(to time: MonoTime, into effects: inout [Effect]) {
        var lastDecision: MonoTime?
        while phase == .running {
            let end = blockEnd
            if let beat = nextBeat, beat.time < end, beat.time <= time {
                nextBeatIndex += 1
                if time - beat.time > Self.lateBeatTolerance {
                    effects.append(.skipBeat(beat))
                } else {
                    lastBeat = beat
                    effects.append(.click(beat))
                }
                detectorBeat(at: beat.time, into: &effects)
                continue
            }
            // A detector decision due before the next beat or edge is taken at its own time.
            if let decision = tapDetector?.nextDeadline, decision <= time, decision < end,
               nextBeat.map({ $0.time >= end || decision < $0.time }) ?? true,
               lastDecision.map({ decision > $0 }) ?? true {
                lastDecision = decision
                advanceDetectors(to: decision, into: &effects)
                continue
            }
            guard end <= time else { return }
            advanceDetectors(to: end, into: &effects)
            stopDetectors(at: end, into: &effects)
            activeSeconds[blockIndex] = definition.blocks[blockIndex].durationSeconds
            addTrialsIfNeeded(after: blockIndex)  // issue 16: the FTT's extra trials (Session+Trials.swift)
            if blockIndex + 1 < definition.blocks.count {
                startBlock(blockIndex + 1, at: end, into: &effects)
            } else {
                finish(.completed, at: end, reason: nil, into: &effects)
            }
        }
    }

    mutating func keyPressed(_ key: Key, at time: MonoTime, into effects: inout [Effect]) {
        if let tapKey = definition.tapKeys.first(where: { $0.matches(key) }),
           !(phase == .ready && key == .enter) {
            tapPressed(tapKey, at: time, into: &effects)
            return
        }
        switch phase {
        case .ready:
            if key == .enter { start(at: time, into: &effects) }
            else if key == .character("q") || key == .escape {
                // Nothing has happened yet: no summary to read, leave at once.
                finish(.aborted, at: time, reason: "quit before start", into: &effects)
                phase = .exited
                effects.append(.exit)
            }
            else if !participantFormKey(key) { interfaceKey(key) }  // issue 16: the form takes its keys first
        case .running, .paused:
            if confirmingQuit {
                if key == .character("y") || key == .character("Y") {
                    confirmingQuit = false
                    finish(.aborted, at: time, reason: "ended by clinician", into: &effects)
                } else if key == .character("n") || key == .character("N") || key == .escape || key == .character("q") {
                    confirmingQuit = false
                }
                return
            }
            switch key {
            case .character("p"): togglePause(at: time, into: &effects)
            case .character("m"): marker(at: time, into: &effects)
            case .character("q"), .escape: confirmingQuit = true; helpVisible = false
            default: interfaceKey(key)
            }
        case .finished:
            if key == .enter || key == .character("q") || key == .escape {
                phase = .exited
                effects.append(.exit)
            }
        case .exited:
            break
        }
    }

    mutating func interfaceKey(_ key: Key) {
        switch key {
        case .character("v"): subjectView.toggle()
        case .character("?"): helpVisible.toggle()
        case .escape: helpVisible = false
        default: break
        }
    }

    // MARK: Timeline

    mutating func start(at time: MonoTime, into effects: inout [Effect]) {
        confirmParticipant(into: &effects)  // issue 16 (Session+Participant.swift)
        startedAt = time
        effects.append(.started(at: time))
        appendLog(at: time, "session started")
        startBlock(0, at: time, into: &effects)
        advance(to: time, into: &effects)
    }

    mutating func startBlock(_ index: Int, at time: MonoTime, into effects: inout [Effect]) {
        if index > 0 { effects.append(.syncToDisk) }
        phase = .running
        blockIndex = index
        blockStart = time
        blockStarts[index] = time
        nextBeatIndex = 0
        if definition.blocks[index].kind == .tap { tappingBlockStartedNirs(index: index, at: time) }
        detectorBlock = index
        startDetectors(block: index, at: time)
        let block = definition.blocks[index]
        effects.append(.recordEvent(EventRecord(
            onset: time - origin, duration: .seconds(block.durationSeconds),
            trialType: block.label, value: blockValue(block, index: index))))
        appendLog(at: time, "block \(index + 1)/\(definition.blocks.count) \(block.cue)")
    }

    func blockValue(_ block: Block, index: Int) -> String {
        var parts = ["block=\(index + 1)", "cue=\(block.cue)"]
        switch block.pace {
        case .hz(let hz): parts.append("pace_hz=\(hz)")
        case .selfPaced: parts.append("pace=self")
        case .none: break
        }
        if let rep = block.repetition { parts.append("repetition=\(rep)") }
        if block.kind == .tap, let hand = hand(of: block) { parts.append("hand=\(hand.rawValue)") }  // issue 16
        if block.isExtraTrial == true { parts.append("extra_trial=true") }
        return parts.joined(separator: ";")
    }

    mutating func togglePause(at time: MonoTime, into effects: inout [Effect]) {
        if phase == .running {
            advanceDetectors(to: time, into: &effects)
            // A pause ends the block's detection; it starts afresh on resume (docs/fade-detection.md).
            stopDetectors(at: time, into: &effects)
            phase = .paused
            pauseStart = time
            effects.append(.recordEvent(EventRecord(onset: time - origin, duration: nil, trialType: "pause",
                                                    value: "block=\(blockIndex + 1)")))
            appendLog(at: time, "paused")
        } else if phase == .paused, let paused = pauseStart {
            let length = time - paused
            pauseStart = nil
            phase = .running
            detectorBlock = blockIndex
            startDetectors(block: blockIndex, at: time)
            let block = definition.blocks[blockIndex]
            switch definition.onPause {
            case .resume:
                blockStart = blockStart + length
                blockStarts[blockIndex] = blockStart
                effects.append(.recordEvent(EventRecord(
                    onset: time - origin, duration: nil, trialType: "resume",
                    value: "block=\(blockIndex + 1);paused_s=\(Self.seconds(length));rule=resume")))
                appendLog(at: time, "resumed after \(Self.seconds(length, digits: 1)) s")
            case .restart:
                tapTimes[blockIndex] = []
                beatOffsets[blockIndex] = []
                autorepeats[blockIndex] = 0
                effects.append(.recordEvent(EventRecord(
                    onset: time - origin, duration: nil, trialType: "resume",
                    value: "block=\(blockIndex + 1);paused_s=\(Self.seconds(length));rule=restart")))
                blockStart = time
                blockStarts[blockIndex] = time
                nextBeatIndex = 0
                if block.kind == .tap {
                    blockEpochs?.blockRestarted(index: blockIndex)
                    tappingBlockStartedNirs(index: blockIndex, at: time)
                }
                effects.append(.recordEvent(EventRecord(
                    onset: time - origin, duration: .seconds(block.durationSeconds),
                    trialType: block.label, value: blockValue(block, index: blockIndex) + ";restarted")))
                appendLog(at: time, "block \(blockIndex + 1) restarted")
            }
            advance(to: time, into: &effects)
        }
    }

    mutating func marker(at time: MonoTime, into effects: inout [Effect]) {
        markers += 1
        effects.append(.recordEvent(EventRecord(onset: time - origin, duration: nil, trialType: "marker",
                                                value: String(markers))))
        appendLog(at: time, "marker \(markers)")
    }

    mutating func finish(_ final: SessionStatus, at time: MonoTime, reason: String?, into effects: inout [Effect]) {
        if phase == .running { advanceDetectors(to: time, into: &effects) }
        stopDetectors(at: pauseStart ?? time, into: &effects)
        if phase == .running || phase == .paused, activeSeconds[blockIndex] == nil {
            let activeEnd = pauseStart ?? time
            activeSeconds[blockIndex] = max(0, (activeEnd - blockStart).seconds)
        }
        phase = .finished
        status = final
        endedAt = time
        endReason = reason
        confirmingQuit = false
        helpVisible = false
        var value = final.rawValue
        if let reason { value += ";reason=\(reason)" }
        effects.append(.recordEvent(EventRecord(onset: time - origin, duration: nil, trialType: "session_end", value: value)))
        effects.append(.syncToDisk)
        effects.append(.finished(final))
        appendLog(at: time, "session \(final.rawValue)" + (reason.map { " (\($0))" } ?? ""))
    }

    /// Closes a session rebuilt from the journals of one that was killed (`tapnirs recover`):
    /// it ends at the last recorded moment, as `interrupted`.
    public mutating func interrupt(at time: MonoTime, reason: String) -> [Effect] {
        var effects: [Effect] = []
        advance(to: time, into: &effects)
        if phase != .finished && phase != .exited { finish(.interrupted, at: time, reason: reason, into: &effects) }
        return effects
    }

    // MARK: Taps

    mutating func tapPressed(_ key: TapKey, at time: MonoTime, into effects: inout [Effect]) {
        lastPressTime = time
        let inSession = phase == .running || phase == .paused
        let block = inSession ? definition.blocks[blockIndex] : nil
        var record = TapRecord(
            onset: time - origin, key: key.name,
            blockIndex: inSession ? blockIndex : nil, blockLabel: block?.label,
            iti: nil, beatOffset: nil, autorepeat: false,
            inBlock: phase == .running && block?.kind == .tap)

        // Keyboard auto-repeat: a held key repeats every 30–50 ms, faster than any finger.
        // The first repeat comes after the keyboard's delay and looks like a tap; it is
        // recognised when the second repeat arrives, and its row is amended.
        if let previous = lastPress, previous.record.key == record.key,
           time - previous.time < .seconds(definition.autorepeatMaxIntervalSeconds) {
            record.autorepeat = true
            if !previous.record.autorepeat {
                var amended = previous.record
                amended.autorepeat = true
                amended.iti = nil
                if previous.record.isCounted, let b = previous.record.blockIndex, !tapTimes[b].isEmpty {
                    tapTimes[b].removeLast()
                    if previous.record.beatOffset != nil, !beatOffsets[b].isEmpty { beatOffsets[b].removeLast() }
                }
                if let b = previous.record.blockIndex { autorepeats[b] += 1 }
                effects.append(.amendLastTap(amended))
            }
            if let b = record.blockIndex { autorepeats[b] += 1 }
        }

        if record.inBlock, let block {
            let blockTime = (time - blockStart).seconds
            if let period = block.beatPeriod {
                record.beatOffset = TapStatistics.nearestBeatOffset(tapTime: time, blockStart: blockStart, period: period)
            }
            if !record.autorepeat {
                if let previous = tapTimes[blockIndex].last { record.iti = .seconds(blockTime - previous) }
                tapTimes[blockIndex].append(blockTime)
                if let offset = record.beatOffset { beatOffsets[blockIndex].append(offset.seconds) }
                detectorTap(at: time, into: &effects)
            }
        }
        lastPress = (time, record)
        effects.append(.recordTap(record))
    }

    // MARK: Results

    /// Per tapping block, the figures for the summary screen and `summary.json`; blocks not
    /// reached are left out, a block cut short is summarised over the time it ran.
    /// Final once the session has ended (a running block counts at its planned length).
    public var summaries: [BlockTapSummary] {
        definition.blocks.indices.compactMap { index in
            var block = definition.blocks[index]
            guard block.kind == .tap, startedAt != nil, index <= blockIndex else { return nil }
            if let active = activeSeconds[index] { block.durationSeconds = active }
            return TapStatistics.summarize(block: block, blockIndex: index, tapTimes: tapTimes[index],
                                           beatOffsets: beatOffsets[index], autorepeats: autorepeats[index])
        }
    }

    mutating func appendLog(at time: MonoTime, _ text: String) {
        log.insert(Self.clockLabel(time - origin) + "  " + text, at: 0)
        if log.count > Self.logCapacity { log.removeLast() }
    }

    /// `m:ss.s` for the event log.
    static func clockLabel(_ span: Span) -> String {
        let tenths = max(0, Int((span.seconds * 10).rounded(.down)))
        let minutes = tenths / 600, seconds = (tenths % 600) / 10, tenth = tenths % 10
        return "\(minutes):\(seconds < 10 ? "0" : "")\(seconds).\(tenth)"
    }

    /// Seconds with a fixed number of decimals, for records (no locale, no exponent).
    static func seconds(_ span: Span, digits: Int = 6) -> String {
        FixedDecimal.format(span.nanoseconds, digits: digits)
    }
}

extension Session {
    /// Audible beats due from the next one up to `horizon`: the rest of the running block's grid
    /// and, if it ends before `horizon`, the next block's (from its planned start). A sample-
    /// accurate metronome needs them ahead of time; a pause or the end makes it clear them.
    public func upcomingBeats(until horizon: MonoTime) -> [Beat] {
        guard phase == .running else { return [] }
        var beats: [Beat] = []
        var start = blockStart, index = blockIndex, first = nextBeatIndex
        while index < definition.blocks.count, start <= horizon {
            let block = definition.blocks[index]
            let end = start + .seconds(block.durationSeconds)
            if let period = block.beatPeriod, block.metronome.audible {
                var k = first
                while true {
                    let time = start + period * Int64(k)
                    guard time < end, time <= horizon else { break }
                    beats.append(Beat(blockIndex: index, index: k, time: time, audible: true, visual: block.metronome.visual))
                    k += 1
                }
            }
            start = end
            index += 1
            first = 0
        }
        return beats
    }
}
