/// One row of `taps.tsv`: every press of a tap key, counted or not.
public struct TapRecord: Equatable, Sendable {
    /// Seconds from session start (negative for presses on the ready screen).
    public var onset: Span
    /// The tap key's protocol name (`space`, `j`…).
    public var key: String
    /// Index of the block the press fell in, nil before the first block or after the last.
    public var blockIndex: Int?
    public var blockLabel: String?
    /// Interval since the previous counted tap of the same block; nil for the first
    /// counted tap of a block and for presses that are not counted.
    public var iti: Span?
    /// Signed offset from the nearest beat (negative = before the beat); nil without a metronome.
    public var beatOffset: Span?
    /// Keyboard auto-repeat (held key), kept on disk but left out of every statistic.
    public var autorepeat: Bool
    /// True inside a tapping block; presses during rest, pause or outside blocks are false.
    public var inBlock: Bool

    public init(onset: Span, key: String, blockIndex: Int?, blockLabel: String?, iti: Span?,
                beatOffset: Span?, autorepeat: Bool, inBlock: Bool) {
        self.onset = onset
        self.key = key
        self.blockIndex = blockIndex
        self.blockLabel = blockLabel
        self.iti = iti
        self.beatOffset = beatOffset
        self.autorepeat = autorepeat
        self.inBlock = inBlock
    }

    /// Counts towards rate/ITI/asynchrony statistics.
    public var isCounted: Bool { inBlock && !autorepeat }
}

/// One row of `events.tsv` (BIDS columns `onset duration trial_type value`).
public struct EventRecord: Equatable, Sendable {
    public var onset: Span
    /// nil is written as `n/a`.
    public var duration: Span?
    public var trialType: String
    /// nil is written as `n/a`.
    public var value: String?

    public init(onset: Span, duration: Span?, trialType: String, value: String?) {
        self.onset = onset
        self.duration = duration
        self.trialType = trialType
        self.value = value
    }
}

/// How a session ended (or that it has not).
public enum SessionStatus: String, Equatable, Sendable, Codable {
    /// Files are open; a folder left in this state was killed and can be recovered.
    case running
    /// Every block ran to its end.
    case completed
    /// Ended early by the clinician (`q`) or a signal.
    case aborted
    /// Killed (crash, power loss, SIGKILL) and closed afterwards by `tapnirs recover` from its journals.
    case interrupted
}
