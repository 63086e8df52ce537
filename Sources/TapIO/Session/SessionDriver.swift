import TapCore

/// The one way a `Session` is fed, live or from a record: every input is journaled before the
/// session sees it, and the records of its effects go to the sink in the order the session
/// produced them. The live loop, `tapnirs recover`, `tapnirs reanalyse`, the replay evaluation,
/// the benchmark and the tests all drive sessions through it, so a session's `inputs.tsv`
/// replays to the same rows it produced live (`SessionReplay`).
public final class SessionDriver {
    public private(set) var session: Session
    public let sink: RecordSink
    /// The norms the end-of-session comparison uses (issue 16), nil for none.
    public let norms: NormTable?
    /// What the source knows at the end (device clock fit, LSL stream), asked for when the session finishes.
    public var sourceDetails: () -> SourceDetails = { SourceDetails() }

    /// Builds the session `start` describes and journals its `start` row.
    public init(start: SessionStart, definition: SessionProtocol, sink: RecordSink, norms: NormTable?) {
        session = start.session(definition: definition)
        self.sink = sink
        self.norms = norms
        sink.recordInput(.start(start))
    }

    /// A session with no participant details, fed by a program rather than a terminal (replay
    /// evaluation, benchmarks, tests); its records go to `sink` (nowhere by default).
    public convenience init(definition: SessionProtocol, subject: String, nirsSource: String?, origin: MonoTime = .zero,
                            sink: RecordSink = DiscardingSink()) {
        self.init(start: SessionStart(originNanoseconds: origin.nanoseconds, subject: subject, nirsSource: nirsSource,
                                      participant: Participant(), formFields: nil),
                  definition: definition, sink: sink, norms: nil)
    }

    /// False for a session no screen shows (a replay): its plot and shown values are not kept
    /// (`HemoPipeline.tracksDisplay`); nothing recorded changes.
    public var tracksDisplay: Bool {
        get { session.tracksDisplay }
        set { session.tracksDisplay = newValue }
    }

    /// The motor-average HbO the screen shows now (µM), nil before the first converted sample.
    /// Read in place: `driver.session` from another module is a copy of the whole session.
    public var motorHbONow: Double? {
        guard let converted = session.hemo?.samplesConverted, converted > 0 else { return nil }
        return session.hemo?.motorNow.hbo
    }

    /// Hands the session a `deadlineReached` at `time` if something is due by then (a beat, a block
    /// edge, a detector's decision); nothing otherwise, as the live loop does.
    @discardableResult
    public func advance(to time: MonoTime) -> [Effect] {
        guard let due = session.nextDeadline, due <= time else { return [] }
        return handle(.deadlineReached(at: time))
    }

    /// Journals `event`, hands it to the session, and records what it produced. The effects are
    /// returned for the edge (clicks, exit, the LSL outlet), which must not record them again.
    @discardableResult
    public func handle(_ event: Event) -> [Effect] {
        let effects = handleRecordingLater(event)
        record(effects)
        return effects
    }

    /// `handle` for the live loop, which clicks before it writes: the caller passes the effects
    /// to `record` once the bell and the frame are out.
    /// `recordedAs`: a replay's row the input was read from, journaled as it is.
    public func handleRecordingLater(_ event: Event, recordedAs row: (() -> String)? = nil) -> [Effect] {
        journal(.event(event), recordedAs: row)
        return session.handle(event)
    }

    /// A beat was emitted (bell written, frame drawn, click placed) at `emittedAt`, or skipped.
    public func beatHappened(_ beat: Beat, emittedAt: MonoTime?, recordedAs row: (() -> String)? = nil) {
        journal(.beat(beat, emittedAt: emittedAt), recordedAs: row)
        sink.beatHappened(beat, emittedAt: emittedAt)
    }

    private func journal(_ input: SessionInput, recordedAs row: (() -> String)?) {
        if let row { sink.recordInput(input, recordedAs: row) } else { sink.recordInput(input) }
    }

    /// Closes a session whose inputs stop short (killed, recovered): it ends `interrupted` at `time`.
    @discardableResult
    public func interrupt(at time: MonoTime, reason: String) -> [Effect] {
        let effects = session.interrupt(at: time, reason: reason)
        record(effects)
        return effects
    }

    /// One recorded input again (a replay): events go through `handle`, beats to the sink. With
    /// the row it was read from, the input journal gets that row as recorded, not formatted again.
    public func replay(_ input: SessionInput, recordedAs row: (() -> String)? = nil) {
        switch input {
        case .start: break
        case .event(let event): record(handleRecordingLater(event, recordedAs: row))
        case .beat(let beat, let emittedAt): beatHappened(beat, emittedAt: emittedAt, recordedAs: row)
        }
    }

    /// The records of `effects`, in order (clicks, skipped beats and the exit are the edge's).
    public func record(_ effects: [Effect]) {
        for effect in effects {
            switch effect {
            case .recordEvent, .recordTap, .amendLastTap, .syncToDisk, .started, .participantConfirmed, .nirsStarted,
                 .recordNirs, .recordHemo, .recordChannelQuality:
                sink.record(effect)
            case .finished(let status):
                sink.finish(session, summary: SessionSummaryFile(status: status, session: session,
                                                                 clinical: session.clinicalSummary(norms: norms)),
                            source: sourceDetails())
            case .click, .skipBeat, .exit:
                break  // the edge's: a beat's row is written when it is emitted (`beatHappened`)
            }
        }
    }
}
