import TapCore

/// `session.json`: what a later reader needs to interpret the journal files.
///
/// Rewritten atomically (temp file, fsync, rename) each time the status changes, so it is
/// always either the old or the new version, never half of one.
public struct SessionManifest: Codable, Sendable, Equatable {
    public struct Software: Codable, Sendable, Equatable {
        public var name = "tapnirs"
        public var version: String
        public init(version: String) { self.version = version }
    }

    /// How monotonic session time maps to the wall clock: one anchor, read once at zero.
    public struct Clock: Codable, Sendable, Equatable {
        public var source: String
        /// CLOCK_MONOTONIC reading at session time zero, in nanoseconds.
        public var originNanoseconds: Int64
        /// Wall-clock time at session time zero, ISO 8601 with the UTC offset.
        public var wallClockAtOrigin: String
        /// The same instant as Unix time in seconds.
        public var unixTimeAtOrigin: Double
        public init(source: String, originNanoseconds: Int64, wallClockAtOrigin: String, unixTimeAtOrigin: Double) {
            self.source = source
            self.originNanoseconds = originNanoseconds
            self.wallClockAtOrigin = wallClockAtOrigin
            self.unixTimeAtOrigin = unixTimeAtOrigin
        }
    }

    public struct Terminal: Codable, Sendable, Equatable {
        public var columns: Int
        public var lines: Int
        public var term: String?
        public init(columns: Int, lines: Int, term: String?) {
            self.columns = columns
            self.lines = lines
            self.term = term
        }
    }

    public struct Input: Codable, Sendable, Equatable {
        /// `keyboard`, or `synthetic` when `--autotap` tapped on the subject's behalf.
        public var kind: String
        public var autotapProfile: String?
        public var seed: UInt64?
        public var tapKeys: [String]
        public init(kind: String, autotapProfile: String?, seed: UInt64?, tapKeys: [String]) {
            self.kind = kind
            self.autotapProfile = autotapProfile
            self.seed = seed
            self.tapKeys = tapKeys
        }
    }

    public struct ProtocolCopy: Codable, Sendable, Equatable {
        public var file: String
        /// The file's text as it was read, byte for byte.
        public var text: String
        /// The validated, expanded design the session ran.
        public var parsed: SessionProtocol
        public init(file: String, text: String, parsed: SessionProtocol) {
            self.file = file
            self.text = text
            self.parsed = parsed
        }
    }

    public var software: Software
    public var status: SessionStatus
    public var subject: String
    public var session: String
    /// Wall-clock start (session time zero), ISO 8601 with offset.
    public var startTime: String
    public var clock: Clock
    public var terminal: Terminal
    public var input: Input
    /// `alsa <device>` (sample-placed clicks), `bell` (terminal bell on each audible beat) or `none`.
    public var sound: String
    public var `protocol`: ProtocolCopy
    /// Seconds from time zero to the clinician's Enter (first block), when it happened.
    public var firstBlockOnset: Double?
    /// Seconds from time zero to the end of the session, when it ended.
    public var endOnset: Double?
    /// Why the session ended early, when it did (`ended by clinician`, `SIGTERM`…).
    public var endReason: String?
    /// Journal write failures seen during the session (empty when all went well).
    public var writeErrors: [String]
    /// The fNIRS source and how its samples were converted, nil for a session without fNIRS.
    public var nirs: NirsManifest?
    /// After a write failed: the folder recording moved to (this file's own copy lives there),
    /// and the folder it started in. nil when nothing failed.
    public var fallbackFolder: String?
    public var firstFolder: String?
    /// After a move: the rows that could not be saved anywhere, per journal; empty when the
    /// fallback folder holds everything. nil when nothing failed.
    public var unsavedRows: [UnsavedRows]?
    /// ALSA buffer underruns the metronome recovered from (nil without ALSA).
    public var audioUnderruns: Int?
    /// The Lab Streaming Layer streams published with `--lsl-out` (nil without).
    public var lslOut: LslOutletManifest?
    /// Who was tested and with which hand (issue 16); nil in sessions recorded before it existed.
    public var participant: Participant?
    /// The blocks as they ran, when the protocol's trial rule added trials live (`protocol.parsed`
    /// holds the design as written); nil when the timeline is the protocol's.
    public var timeline: [Block]?
    /// `tapnirs reanalyse`: the session folder whose inputs this one replays (nil for a recorded session).
    public var reanalysisOf: String?
    /// `--norms FILE` as given to `tapnirs run` (nil: the published norms only); reanalyse uses it again.
    public var normsFile: String?

    /// The blocks that ran, in order: `timeline` when the trial rule grew it, else the protocol's.
    public var blocksRun: [Block] { timeline ?? `protocol`.parsed.blocks }

    public init(software: Software, status: SessionStatus, subject: String, session: String, startTime: String,
                clock: Clock, terminal: Terminal, input: Input, sound: String, protocol definition: ProtocolCopy,
                firstBlockOnset: Double?, endOnset: Double?, endReason: String?, writeErrors: [String]) {
        self.software = software
        self.status = status
        self.subject = subject
        self.session = session
        self.startTime = startTime
        self.clock = clock
        self.terminal = terminal
        self.input = input
        self.sound = sound
        self.protocol = definition
        self.firstBlockOnset = firstBlockOnset
        self.endOnset = endOnset
        self.endReason = endReason
        self.writeErrors = writeErrors
    }
}
