/// What the live screen shows of the fNIRS: the source's health, the motor-cortex HbO/HbR plot
/// with the blocks behind it, and one cell per channel.
public struct NirsPanel: Equatable, Sendable {
    public struct PlotPoint: Equatable, Sendable {
        /// Seconds before now (0 = newest).
        public var secondsAgo: Double
        public var hbo: Double
        public var hbr: Double

        public init(secondsAgo: Double, hbo: Double, hbr: Double) {
            self.secondsAgo = secondsAgo
            self.hbo = hbo
            self.hbr = hbr
        }
    }

    /// A tapping block's extent in the plot window, for shading.
    public struct BlockSpan: Equatable, Sendable {
        public var startSecondsAgo: Double
        public var endSecondsAgo: Double
        public var label: String

        public init(startSecondsAgo: Double, endSecondsAgo: Double, label: String) {
            self.startSecondsAgo = startSecondsAgo
            self.endSecondsAgo = endSecondsAgo
            self.label = label
        }
    }

    public struct ChannelCell: Equatable, Sendable {
        public var name: String
        /// Filtered HbO change from the block baseline (µM), nil before conversion starts.
        public var hboChange: Double?
        public var status: ChannelQuality.Status
        public var inMotorAverage: Bool

        public init(name: String, hboChange: Double?, status: ChannelQuality.Status, inMotorAverage: Bool) {
            self.name = name
            self.hboChange = hboChange
            self.status = status
            self.inMotorAverage = inMotorAverage
        }
    }

    /// The plot covers this many seconds.
    public static let windowSeconds = 60.0

    public var source: String = ""
    public var kind: String? = nil
    public var rateHz: Double? = nil
    public var samples: Int = 0
    public var rejected: Int = 0
    /// Session time at which the signal was lost, nil while it flows.
    public var lostAtSeconds: Double? = nil
    public var lostReason: String? = nil
    /// Samples are being collected for the intensity reference (no HbO yet).
    public var waitingForReference: Bool = false
    public var referenceSeconds: Double = 0
    /// Why there is no HbO/HbR (raw only), nil when converting.
    public var problem: String? = nil
    public var points: [PlotPoint] = []
    public var spans: [BlockSpan] = []
    public var hbo: Double? = nil
    public var hboChange: Double? = nil
    public var hbr: Double? = nil
    public var hbrChange: Double? = nil
    public var channels: [ChannelCell] = []
    public var motorChannelCount: Int = 0
    /// The running tapping block's smallest HbO fall the detectors can see (µM, from the
    /// session's rest noise), or why its HbO is not judged; nil outside tapping blocks.
    public var detectableFallMicromolar: Double? = nil
    public var notJudged: String? = nil
    /// Motor channels in a motion artefact now, and artefacts in the plot window (seconds ago),
    /// marked under the plot: the HbO detectors skip what they cover.
    public var artefactChannels: [String] = []
    public var artefactSpans: [ClosedRange<Double>] = []

    public init() {}
}

extension Session {
    /// The fNIRS panel at `now`, nil when the session records no fNIRS.
    func nirsPanel(at now: MonoTime) -> NirsPanel? {
        guard let source = nirsSource else { return nil }
        var panel = NirsPanel()
        panel.source = source.description
        panel.kind = source.layout?.kind.rawValue
        panel.rateHz = source.layout?.rateHz
        panel.samples = source.samplesReceived
        panel.rejected = source.rejectedTotal
        panel.lostAtSeconds = source.lostAt.map { ($0 - origin).seconds }
        panel.lostReason = source.lostReason
        panel.problem = source.conversionProblem
        panel.referenceSeconds = definition.nirs.referenceSeconds
        guard let hemo else { return panel }
        panel.waitingForReference = hemo.converter.isWaitingForReference
        let window = NirsPanel.windowSeconds
        panel.points = hemo.history.compactMap { point in
            let ago = (now - point.time).seconds
            return ago <= window && ago >= 0 ? NirsPanel.PlotPoint(secondsAgo: ago, hbo: point.hbo, hbr: point.hbr) : nil
        }
        panel.spans = tappingSpans(now: now, window: window)
        if hemo.samplesConverted > 0 {
            let motor = hemo.motorNow
            (panel.hbo, panel.hbr, panel.hboChange, panel.hbrChange) = (motor.hbo, motor.hbr, motor.hboChange, motor.hbrChange)
        }
        let motor = Set(hemo.motorChannels)
        let changes = hemo.channelChanges
        panel.channels = hemo.layout.channels.indices.map { c in
            NirsPanel.ChannelCell(name: hemo.layout.channels[c], hboChange: hemo.samplesConverted > 0 ? changes[c] : nil,
                                  status: hemo.quality.assessments[c].status, inMotorAverage: motor.contains(c))
        }
        panel.motorChannelCount = motor.count
        panel.artefactChannels = hemo.channelsInArtefact.filter { motor.contains($0) }.map { hemo.layout.channels[$0] }
        let recent = motionArtefacts.reversed().prefix { (now - $0.lastTime).seconds <= window } + hemo.motion.openArtefacts
        panel.artefactSpans = recent.filter { motor.contains($0.channel) }.map { a in
            let newest = max(0, (now - a.lastTime).seconds)
            return newest...max(newest, min(window, (now - a.firstTime).seconds))
        }
        if let detector = hboDetector, phase == .running || phase == .paused {
            if let rest = hboShortRest {
                panel.notJudged = "not judged: " + FixedDecimal.format(seconds: rest, digits: 0) + " s rest before"
            } else if !detector.judgesFade {
                panel.notJudged = "response too small to judge a fall"
            } else {
                panel.detectableFallMicromolar = detector.smallestDetectableFallMicromolar
            }
        }
        return panel
    }

    /// Tapping blocks that overlap the last `window` seconds.
    func tappingSpans(now: MonoTime, window: Double) -> [NirsPanel.BlockSpan] {
        blockStarts.indices.compactMap { index in
            guard let start = blockStarts[index], definition.blocks[index].kind == .tap else { return nil }
            let end: MonoTime
            if index == blockIndex, phase == .running || phase == .paused { end = now }
            else if let active = activeSeconds[index] { end = start + .seconds(active) }
            else { return nil }
            let startAgo = (now - start).seconds, endAgo = max(0, (now - end).seconds)
            guard endAgo <= window else { return nil }
            return NirsPanel.BlockSpan(startSecondsAgo: min(startAgo, window), endSecondsAgo: endAgo,
                                       label: definition.blocks[index].label)
        }
    }
}
