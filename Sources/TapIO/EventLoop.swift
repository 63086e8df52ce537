import TapCore

/// The only code that waits. Each turn: ppoll on the keyboard and the signal fd until the
/// next deadline → read the clock → hand every input to the session with that time →
/// perform the effects → draw if a frame is due.
///
/// The clock is read the moment ppoll returns, before any key is decoded or anything is
/// drawn, so drawing can never delay a tap's timestamp.
public final class EventLoop {
    public struct Options: Sendable {
        /// Terminal bell on audible beats.
        public var sound: Bool
        /// The synthetic subject (`--autotap`), with its seed.
        public var autotap: (profile: AutotapProfile, seed: UInt64)?
        /// Start without waiting for Enter and leave the summary by itself (demos, tests).
        public var unattended: Bool
        /// Redraw interval while a block runs (30 fps).
        public var frameInterval: Span = .milliseconds(1000.0 / 30.0)
        /// The norms the end-of-session comparison uses (issue 16), nil for none.
        public var norms: NormTable?

        public init(sound: Bool, autotap: (profile: AutotapProfile, seed: UInt64)?, unattended: Bool) {
            self.sound = sound
            self.autotap = autotap
            self.unattended = unattended
        }
    }

    /// How long the unattended mode shows the ready screen and the summary.
    static let unattendedReadyDelay = Span.milliseconds(500)
    /// With `--lsl-out`, the unattended mode waits this long at most for a recorder to connect.
    static let unattendedConsumerWait = Span.seconds(10)
    static let unattendedSummaryDelay = Span.milliseconds(1500)

    /// Feeds the session and journals its inputs (`inputs.tsv`); the loop only gathers inputs and
    /// performs what is the edge's (clicks, drawing, audio, the LSL outlet).
    let driver: SessionDriver
    public var session: Session { driver.session }
    let frontend: SessionFrontend
    let recorder: LiveRecordSink
    let signals: SignalChannel?
    /// The fNIRS source, nil for a tapping-only session.
    let source: SampleSource?
    /// Sample-accurate clicks through ALSA; nil = the terminal bell (if `options.sound`) or silence.
    let audio: AlsaMetronome?
    /// Beats are handed to the audio stream this far ahead, so each click is placed at its sample.
    static let audioHorizon = Span.milliseconds(500)
    /// `--lsl-out`: the session published on the Lab Streaming Layer, nil without.
    let outlet: LslOutlet?
    let options: Options
    /// The monotonic clock; a `VirtualClock` lets `runWithoutWaiting` drive the loop faster than real time.
    let clock: () -> MonoTime
    var subject: SyntheticSubject?
    var synthetic: (block: Int, start: MonoTime, next: MonoTime?)?
    var finishedAt: MonoTime?
    var needsDraw = true
    var lastDraw = MonoTime(nanoseconds: .min / 2)

    /// Waits until one of the descriptors is readable or the timeout passes (ppoll; a fake in tests).
    let wait: (_ descriptors: [Int32], _ timeout: Span?) -> [Bool]

    /// `start` and `definition` describe the session; its inputs and records go to `recorder`.
    public init(start: SessionStart, definition: SessionProtocol, frontend: SessionFrontend, recorder: LiveRecordSink,
                signals: SignalChannel?, source: SampleSource? = nil, audio: AlsaMetronome? = nil, outlet: LslOutlet? = nil,
                options: Options, clock: @escaping () -> MonoTime = MonotonicClock.now,
                wait: ((_ descriptors: [Int32], _ timeout: Span?) -> [Bool])? = nil) {
        self.wait = wait ?? { Syscalls.waitReadable($0, timeout: $1) }
        driver = SessionDriver(start: start, definition: definition, sink: recorder, norms: options.norms)
        driver.sourceDetails = { SourceDetails(deviceClock: source?.deviceClock, lsl: source?.lslStream) }
        self.clock = clock
        self.frontend = frontend
        self.recorder = recorder
        self.signals = signals
        self.source = source
        self.audio = audio
        self.outlet = outlet
        self.options = options
        if let autotap = options.autotap { subject = SyntheticSubject(profile: autotap.profile, seed: autotap.seed) }
    }

    /// Runs until the session has ended and the summary was dismissed (or a signal ended it).
    public func run() {
        Syscalls.tightenTimerSlack()
        while session.phase != .exited {
            planSyntheticTap(now: clock())
            let wake = nextWake()
            let before = clock()
            let ready = wait(
                [frontend.inputDescriptor, signals?.fd ?? -1, sourceActive ? source?.descriptor ?? -1 : -1],
                wake.map { $0 - before })
            let now = clock()  // the timestamp of everything that woke us
            turn(now: now, keysReady: ready[0], signalsReady: ready[1], sourceReady: ready[2])
            recorder.check(now: now)
        }
        recorder.sync()
    }

    /// Samples are taken from the ready screen (time zero) until the session ends.
    var sourceActive: Bool { source != nil && (session.phase == .ready || session.phase == .running || session.phase == .paused) }

    func turn(now: MonoTime, keysReady: Bool, signalsReady: Bool, sourceReady: Bool = false) {
        var effects: [Effect] = []
        if signalsReady, let signals {
            for name in signals.drain() { effects += driver.handleRecordingLater(.quitRequested(at: now, reason: name)) }
        }
        if keysReady {
            for input in frontend.readInput() {
                switch input {
                case .key(let key):
                    effects += driver.handleRecordingLater(.keyPressed(key, at: now))
                    needsDraw = true  // a key may change the screen without an effect (the ready screen's form, help)
                case .resize: needsDraw = true
                }
            }
        }
        if let next = synthetic?.next, next <= now, let key = session.definition.tapKeys.first?.key {
            synthetic?.next = nil
            effects += driver.handleRecordingLater(.keyPressed(key, at: now))
            if let block = synthetic?.block, session.phase == .running, session.blockIndex == block, var subject {
                synthetic?.next = subject.nextTap(in: session.definition.blocks[block], blockIndex: block,
                                                  blockStart: session.blockStart, after: next)
                self.subject = subject
            }
        }
        // fNIRS after the keys: a sample never delays a tap's timestamp, which was taken on waking.
        if sourceActive, let source {
            for event in source.poll(now: now, readable: sourceReady, session: session) {
                effects += driver.handleRecordingLater(event)
            }
        }
        if options.unattended { effects += unattendedKeys(now: now) }
        // Only when something is due: every decision (beats, block edges, the fade detectors')
        // has a deadline, so the records do not depend on how often the loop turns.
        if let deadline = session.nextDeadline, deadline <= now {
            effects += driver.handleRecordingLater(.deadlineReached(at: now))
        }
        if !effects.isEmpty { needsDraw = true }
        perform(effects, now: now)
        feedAudio(now: now)
        if needsDraw || (session.phase == .running && now - lastDraw >= options.frameInterval) {
            draw(at: clock())
        }
    }

    /// Clicks first — the bell and the frame with the flash go out before any record is
    /// written — then the records, in order.
    func perform(_ effects: [Effect], now: MonoTime) {
        var clicked: [(Beat, MonoTime?)] = []
        for case .click(let beat) in effects {
            // ALSA placed this click at its sample ahead of time (its row comes from `feedAudio`);
            // a beat that could not be seen coming (the first, at the Enter that starts the
            // session) is handed over now and plays one device delay late, as its row says.
            if beat.audible, let audio {
                audio.schedule([beat])
                continue
            }
            if beat.audible && options.sound {
                frontend.click()
                clicked.append((beat, clock()))
            } else {
                clicked.append((beat, nil))  // visual only: emitted when the frame is on screen
            }
        }
        if !clicked.isEmpty {
            draw(at: clock())
            let drawn = clock()
            for (beat, emitted) in clicked { beatHappened(beat, emittedAt: emitted ?? drawn) }
        }
        for effect in effects {
            switch effect {
            case .click, .exit:
                break
            case .skipBeat(let beat) where audio != nil && beat.audible:
                break  // the audio stream reports its own dropped clicks
            case .skipBeat(let beat):
                beatHappened(beat, emittedAt: nil)
            case .finished:
                finishedAt = now
            default:
                break
            }
        }
        driver.record(effects)  // after the clicks: the bell and the flash never wait for a write
        outlet?.publish(effects)
    }

    /// A beat was emitted at `emittedAt` (or skipped): its `beats.tsv` row, and its marker.
    func beatHappened(_ beat: Beat, emittedAt: MonoTime?) {
        driver.beatHappened(beat, emittedAt: emittedAt)
        outlet?.beat(beat, emittedAt: emittedAt)
    }

    /// Hands the audio stream the beats of the next half second (it places each once), clears it
    /// when the session pauses or ends, and records each click's expected acoustic onset.
    func feedAudio(now: MonoTime) {
        guard let audio else { return }
        if session.phase == .running {
            audio.schedule(session.upcomingBeats(until: now + Self.audioHorizon))
        } else {
            audio.clear()
        }
        for placement in audio.takePlacements() {
            if let beat = placement.beat { beatHappened(beat, emittedAt: placement.acousticOnset) }
        }
        for dropped in audio.takeDropped() {
            if let beat = dropped.beat { beatHappened(beat, emittedAt: nil) }
        }
    }

    func draw(at now: MonoTime) {
        var view = session.view(at: now, soundOn: options.sound || audio != nil, autotapProfile: options.autotap?.profile.rawValue)
        if let problem = recorder.diskStatus {
            view.logLines.insert("DISK ERROR \(problem)", at: 0)
        }
        frontend.present(view)
        lastDraw = now
        needsDraw = false
    }

    /// The earliest of: the session's deadline, the synthetic subject's next tap, the next frame.
    func nextWake() -> MonoTime? {
        var candidates: [MonoTime] = []
        if let deadline = session.nextDeadline { candidates.append(deadline) }
        if let next = synthetic?.next { candidates.append(next) }
        if sourceActive, let next = source?.nextDeadline { candidates.append(next) }
        if needsDraw { candidates.append(.zero) }
        if session.phase == .running { candidates.append(lastDraw + options.frameInterval) }
        if options.unattended {
            if session.phase == .ready {
                candidates.append(session.origin + Self.unattendedReadyDelay)
                let now = clock()
                if waitingForConsumer(now: now) { candidates.append(now + .milliseconds(50)) }
            }
            if let finishedAt { candidates.append(finishedAt + Self.unattendedSummaryDelay) }
        }
        return candidates.min()
    }

    /// Keeps the synthetic subject's next tap in step with the block that is running now.
    func planSyntheticTap(now: MonoTime) {
        guard var subject else { return }
        guard session.phase == .running else {
            if session.phase != .paused { synthetic = nil } else { synthetic?.next = nil }
            return
        }
        let block = session.blockIndex, start = session.blockStart
        if let current = synthetic, current.block == block, current.start == start { return }
        // A new block starts the subject afresh; the same block with a new start (after a pause)
        // carries on from now.
        let sameBlock = synthetic?.block == block
        let next = subject.nextTap(in: session.definition.blocks[block], blockIndex: block, blockStart: start,
                                   after: sameBlock ? now : nil)
        self.subject = subject
        synthetic = (block, start, next)
    }

    /// Unattended with `--lsl-out`: the session starts once a recorder listens to the markers
    /// (so it records every block), or after `unattendedConsumerWait` without one.
    func waitingForConsumer(now: MonoTime) -> Bool {
        guard let outlet else { return false }
        return !outlet.hasConsumers && now - session.origin < Self.unattendedConsumerWait
    }

    func unattendedKeys(now: MonoTime) -> [Effect] {
        if session.phase == .ready, now - session.origin >= Self.unattendedReadyDelay, !waitingForConsumer(now: now) {
            return driver.handleRecordingLater(.keyPressed(.enter, at: now))
        }
        if session.phase == .finished, let finishedAt, now - finishedAt >= Self.unattendedSummaryDelay {
            return driver.handleRecordingLater(.keyPressed(.enter, at: now))
        }
        return []
    }
}
