/// Everything `tapnirs report` puts on the page, read from a session folder by
/// `TapIO.SessionData` (or built by hand in tests). Plain values in a fixed order: the HTML
/// generator never iterates a dictionary, so the same input always gives the same bytes.
public struct ReportInput: Equatable, Sendable {
    /// The header line of the report.
    public struct Header: Equatable, Sendable {
        public var subject: String
        public var session: String
        /// `start_time` of session.json (ISO 8601 with offset), shown as recorded.
        public var startTime: String
        public var protocolName: String
        public var protocolFile: String
        public var status: String
        public var endReason: String?
        /// The fNIRS source description (`sim fading seed 1`), nil without fNIRS.
        public var source: String?
        /// `keyboard`, or `synthetic (fading, seed 1)`.
        public var input: String
        public var softwareVersion: String
        /// The local norms file the session was run with (`run --norms`; session.json
        /// `norms_file`), nil for the published norms alone.
        public var normsFile: String?

        public init(subject: String, session: String, startTime: String, protocolName: String, protocolFile: String,
                    status: String, endReason: String?, source: String?, input: String, softwareVersion: String,
                    normsFile: String? = nil) {
            self.subject = subject
            self.session = session
            self.startTime = startTime
            self.protocolName = protocolName
            self.protocolFile = protocolFile
            self.status = status
            self.endReason = endReason
            self.source = source
            self.input = input
            self.softwareVersion = softwareVersion
            self.normsFile = normsFile
        }
    }

    /// One block as it ran (an `events.tsv` block row): seconds from session zero.
    public struct TimelineBlock: Equatable, Sendable {
        /// 1-based block number, as on screen and in `events.tsv`.
        public var number: Int
        public var label: String
        public var kind: Block.Kind
        public var isBaseline: Bool
        public var onset: Double
        public var duration: Double
        /// The metronome pace (paced blocks), nil otherwise.
        public var paceHz: Double?

        public init(number: Int, label: String, kind: Block.Kind, isBaseline: Bool, onset: Double, duration: Double,
                    paceHz: Double?) {
            self.number = number
            self.label = label
            self.kind = kind
            self.isBaseline = isBaseline
            self.onset = onset
            self.duration = duration
            self.paceHz = paceHz
        }

        public var end: Double { onset + duration }
    }

    /// One press of a tap key (a `taps.tsv` row).
    public struct Tap: Equatable, Sendable {
        public var onset: Double
        /// 1-based block number, nil outside blocks.
        public var block: Int?
        /// In a running tapping block and not auto-repeat: enters every figure.
        public var counted: Bool
        public var iti: Double?
        public var beatOffset: Double?

        public init(onset: Double, block: Int?, counted: Bool, iti: Double?, beatOffset: Double?) {
            self.onset = onset
            self.block = block
            self.counted = counted
            self.iti = iti
            self.beatOffset = beatOffset
        }
    }

    /// A fade flag from `events.tsv`: its `raised` row joined with its `cleared` row.
    public struct Flag: Equatable, Sendable {
        /// `fade_tap`, `fade_hbo`, `no_activation_hbo`, `behind_beat`.
        public var kind: String
        public var block: Int?
        /// `avg` for the motor average, a channel name, nil for tap flags.
        public var channel: String?
        /// When the detector decided (s from session zero).
        public var raisedAt: Double
        /// Its estimate of when the change began (s from session zero).
        public var fadeOnset: Double?
        /// −0.32 = 32 % below the reference.
        public var magnitude: Double?
        /// When the flag came down, nil if no `cleared` row was written.
        public var clearedAt: Double?

        public init(kind: String, block: Int?, channel: String?, raisedAt: Double, fadeOnset: Double?, magnitude: Double?,
                    clearedAt: Double?) {
            self.kind = kind
            self.block = block
            self.channel = channel
            self.raisedAt = raisedAt
            self.fadeOnset = fadeOnset
            self.magnitude = magnitude
            self.clearedAt = clearedAt
        }

        public var isTapFlag: Bool { kind == "fade_tap" || kind == "behind_beat" }
        /// Motor-average HbO flags (the ones raised live); single-channel ones stay in the summary.
        public var isHbOAverageFlag: Bool { (kind == "fade_hbo" || kind == "no_activation_hbo" || kind == "low_activation_hbo") && (channel ?? "avg") == "avg" }
    }

    /// One fNIRS channel (source–detector pair) of `channels.tsv`.
    public struct Channel: Equatable, Sendable {
        public var name: String
        public var source: Int
        public var detector: Int
        public var good: Bool
        /// `channels.tsv` `status_description` (`poor_coupling sci=0.079`).
        public var statusDescription: String

        public init(name: String, source: Int, detector: Int, good: Bool, statusDescription: String) {
            self.name = name
            self.source = source
            self.detector = detector
            self.good = good
            self.statusDescription = statusDescription
        }
    }

    public var header: Header
    public var blocks: [TimelineBlock]
    public var taps: [Tap]
    public var flags: [Flag]
    public var summaries: [BlockTapSummary]
    public var detections: [Session.BlockDetection]
    /// nil for a session without fNIRS (or without `hemo.tsv`).
    public var hemo: Hemo?
    /// Session end (s from session zero), when known.
    public var endOnset: Double?
    /// Things the reader should know (rows skipped in a cut-short file, a missing summary…).
    public var notes: [String]
    /// HbO per condition and the fast − slow contrast (`summary.json`, or made from `hemo.tsv`
    /// for a session recorded before they existed); empty without fNIRS.
    public var conditions: [ConditionResult] = []
    public var contrasts: [ConditionContrast] = []
    /// Motion artefacts (`events.tsv` `motion_artefact` rows): seconds from session zero.
    public var artefacts: [Artefact] = []

    public struct Artefact: Equatable, Sendable {
        public var onset: Double
        public var duration: Double
        public var channel: String
        public init(onset: Double, duration: Double, channel: String) {
            self.onset = onset
            self.duration = duration
            self.channel = channel
        }
    }
    /// Issue 16 (ReportHTML+Clinical.swift): who was tested, the blocks as run, the trial rule,
    /// summary.json's clinical part, and the norms to compare with (set by the command).
    public var participant: Participant?
    public var blocksRun: [Block] = []
    public var trialRule: TrialRule?
    public var clinical: ClinicalSummary?
    public var norms: NormTable?

    public init(header: Header, blocks: [TimelineBlock], taps: [Tap], flags: [Flag], summaries: [BlockTapSummary],
                detections: [Session.BlockDetection], hemo: Hemo?, endOnset: Double?, notes: [String]) {
        self.header = header
        self.blocks = blocks
        self.taps = taps
        self.flags = flags
        self.summaries = summaries
        self.detections = detections
        self.hemo = hemo
        self.endOnset = endOnset
        self.notes = notes
    }

    /// The detection entry for a tapping block (1-based number), if its detectors ran.
    public func detection(block number: Int) -> Session.BlockDetection? {
        detections.first { $0.block == number }
    }

    /// The plain-language sentence for one summarised block (the wording of `BlockDetection.reading`).
    public func reading(for summary: BlockTapSummary) -> String {
        detection(block: summary.blockIndex + 1)?.reading ?? "\(summary.label) (block \(summary.blockIndex + 1)): no detector ran"
    }

    /// The time span the plots cover: zero to the session's end (or the last thing recorded).
    public var timeSpan: Double {
        var end = endOnset ?? blocks.map(\.end).max() ?? 0
        if let last = taps.last { end = max(end, last.onset) }
        if let last = hemo?.times.last { end = max(end, last) }
        return max(end, 1)
    }
}
