/// Everything a screen needs to draw one frame, derived from the session at one instant.
///
/// Plain data: screens draw from it and nothing else, so a screen can be tested with a
/// hand-made view, and the session never knows a terminal exists.
public struct SessionView: Equatable, Sendable {
    public enum Screen: Equatable, Sendable {
        /// Before the clinician presses Enter: protocol summary.
        case ready
        /// A block is running (or paused: see `paused`).
        case live
        /// The session has ended: per-block summary.
        case summary
    }

    public var screen: Screen = .ready
    public var protocolName: String = ""
    public var protocolDescription: String = ""
    public var subjectID: String = ""
    /// One line per block for the ready screen, e.g. `" 2  TAP SLOW   30 s  1.00 Hz  metronome"`.
    public var protocolLines: [String] = []
    /// The tap key names, for the key help line (`space`).
    public var tapKeyNames: [String] = ["space"]

    // Session progress
    public var elapsedSeconds: Double = 0
    public var totalSeconds: Double = 0

    // Current block
    /// 1-based; 0 before the first block.
    public var blockNumber: Int = 0
    public var blockCount: Int = 0
    public var block: Block? = nil
    public var blockElapsedSeconds: Double = 0
    public var blockRemainingSeconds: Double = 0
    public var nextBlock: Block? = nil

    // Metronome and feedback
    /// True for a short moment (≈120 ms) from each beat's scheduled time.
    public var beatFlash: Bool = false
    public var beatIsAccent: Bool = false
    /// Beats so far in this block (for a beat counter).
    public var beatIndex: Int = 0
    /// True for a short moment after each counted or uncounted tap-key press.
    public var tapFlash: Bool = false

    // Live tapping figures for the current block (counted taps only)
    public var blockTaps: Int = 0
    public var liveRateHz: Double? = nil
    public var targetRateHz: Double? = nil
    /// Rate once per second since the block started (for a sparkline), oldest first.
    public var rateHistory: [Double] = []
    public var itiMeanSeconds: Double? = nil
    public var itiCV: Double? = nil
    public var meanAsynchronySeconds: Double? = nil
    /// Offset of the last tap from its nearest beat, for immediate feedback.
    public var lastBeatOffsetSeconds: Double? = nil
    /// Presses of the tap key recognised as auto-repeat in this block.
    public var blockAutorepeats: Int = 0

    /// A self-paced block's decline so far against the healthy range (`rate −12 % · healthy −7 ± 3 %
    /// · z 1.6`), nil before it can be measured; clinician view only.
    public var decline: String? = nil
    /// Whether that decline is beyond the healthy range now.
    public var declineBeyond: Bool = false
    /// Fade flags up now, as the clinician reads them (`TAP FADE -32% since 12.4 s`); never on the subject view.
    public var flags: [String] = []
    /// Per tapping block, what the detectors found, in plain words (summary screen).
    public var detectionReadings: [String] = []
    /// HbO per condition and the fast − slow contrast (`ConditionReading`), summary screen.
    public var conditionReadings: [String] = []

    /// The fNIRS panel, nil when the session records no fNIRS.
    public var nirs: NirsPanel? = nil

    // Log and overlays
    /// The most recent event-log line (`"01:05.3  marker 2"`), newest first.
    public var logLines: [String] = []
    public var subjectView: Bool = false
    public var helpVisible: Bool = false
    public var confirmingQuit: Bool = false
    public var paused: Bool = false
    public var soundOn: Bool = true
    /// The synthetic subject's profile when `--autotap` is on.
    public var autotapProfile: String? = nil

    // End of session
    public var status: SessionStatus = .running
    public var summaries: [BlockTapSummary] = []
    /// Per self-paced block judged against the healthy range (by 0-based block index): its decline
    /// at the end, the healthy range by then and z.
    public var declines: [Int: TapDeclineReading] = [:]
    /// The z a decline must pass to be beyond the healthy range.
    public var declineZLimit: Double = TapFadeSettings().declineZ

    // Issue 16: who is tested and with which hand (SessionView+Clinical.swift)
    /// `34 y · female · right-handed · right hand`.
    public var participantText: String = ""
    /// The ready screen's form, nil without one.
    public var form: [FormRow]? = nil
    /// The hand that taps in the current and the next block, when known.
    public var hand: TappingHand? = nil
    public var nextHand: TappingHand? = nil
    /// `trial 3 of 5` of the current hand while a trial of the FTT runs (clinician view; the banner names the hand).
    public var trialText: String? = nil
    /// Per hand at the end: one line each (`right hand: FTT 52.4 taps per 10 s …`).
    public var handLines: [String] = []

    /// One field of the ready screen's form.
    public struct FormRow: Equatable, Sendable {
        public var name: String
        public var value: String
        public var choices: String
        public var focused: Bool
        public var invalid: Bool
        public init(name: String, value: String, choices: String, focused: Bool, invalid: Bool) {
            self.name = name
            self.value = value
            self.choices = choices
            self.focused = focused
            self.invalid = invalid
        }
    }

    public init() {}
}
