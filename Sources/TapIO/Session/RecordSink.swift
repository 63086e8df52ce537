import TapCore

/// Where a driven session's records go: a session folder (`SessionRecorder`), or nowhere
/// (`DiscardingSink`, for recovery and evaluation, which keep only the final `Session`).
public protocol RecordSink: AnyObject {
    /// One input, in the order it happened (`inputs.tsv`).
    func recordInput(_ input: SessionInput)
    /// One input read back from a journal, with its row as it was recorded there: a sink that
    /// writes rows writes that one, unformatted (the row its formatting would give, as the
    /// exact-replay tests check); others ignore it.
    func recordInput(_ input: SessionInput, recordedAs row: () -> String)
    /// Inputs read back from a journal, one after another, each with its row as recorded there
    /// (a replay's gathered rows: `QueuedRecordSink`); the same as `recordInput(_:recordedAs:)`
    /// for each in turn.
    func recordInputs(_ inputs: [(input: SessionInput, row: String)])
    /// The record-keeping part of one effect (clicks and exits are the edge's).
    func record(_ effect: Effect)
    /// A beat's row: emitted at `emittedAt`, or skipped (nil).
    func beatHappened(_ beat: Beat, emittedAt: MonoTime?)
    /// The session ended: its final figures (`summary.json`) and how it ended (`session.json`).
    func finish(_ session: Session, summary: SessionSummaryFile, source: SourceDetails)
}

extension RecordSink {
    public func recordInput(_ input: SessionInput, recordedAs row: () -> String) { recordInput(input) }

    public func recordInputs(_ inputs: [(input: SessionInput, row: String)]) {
        for (input, row) in inputs { recordInput(input, recordedAs: { row }) }
    }
}

/// The sink of a live session: it is also asked, once a turn, whether its folder is still there,
/// told to fsync at the end, and says what went wrong with the disk (shown on screen).
public protocol LiveRecordSink: RecordSink {
    func check(now: MonoTime)
    func sync()
    /// The line the screen shows after a disk problem, nil while all is well.
    var diskStatus: String? { get }
}

/// What only the fNIRS source knows at the end, kept in `session.json` (not in the replayed files).
public struct SourceDetails: Sendable {
    public var deviceClock: DeviceClockFit?
    public var lsl: LslStreamManifest?

    public init(deviceClock: DeviceClockFit? = nil, lsl: LslStreamManifest? = nil) {
        self.deviceClock = deviceClock
        self.lsl = lsl
    }
}

/// Keeps nothing: for drivers that only need the final `Session`.
public final class DiscardingSink: RecordSink {
    public init() {}
    public func recordInput(_ input: SessionInput) {}
    public func record(_ effect: Effect) {}
    public func beatHappened(_ beat: Beat, emittedAt: MonoTime?) {}
    public func finish(_ session: Session, summary: SessionSummaryFile, source: SourceDetails) {}
}
