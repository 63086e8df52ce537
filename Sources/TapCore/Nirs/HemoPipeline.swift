#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Everything between a raw sample and the HbO the clinician reads: conversion (`HemoConverter`,
/// equal to MNE), channel quality, motion artefacts (`MotionArtefactDetector`), short-separation
/// regression when the layout has short channels (`ShortChannelRegressor`), the one HbO signal
/// (`HbOSignal`: per-tapping-block baseline, no filter) and the motor-cortex average.
///
/// Pure and incremental: one sample in; its converted rows (`hemo.tsv`, MNE's conversion as is),
/// the signal's rows (what the detectors judge), quality changes and artefacts out.
public struct HemoPipeline: Sendable {
    /// One point of the scrolling plot: the motor average of the signal over a 0.25 s bin.
    public struct PlotPoint: Equatable, Sendable {
        public var time: MonoTime
        public var hbo: Double
        public var hbr: Double
    }

    /// What one raw sample produced.
    public struct Output: Equatable, Sendable {
        /// MNE's conversion as is, for `hemo.tsv`.
        public var hemo: [HemoSample]
        /// The same rows after short-channel regression, before the baseline (the signal's input;
        /// equal to `hemo` without short channels).
        public var corrected: [HemoSample]
        /// Channels whose quality status changed.
        public var qualityChanged: [Int]
        /// Motion artefacts that began or ended with this sample.
        public var artefacts: [MotionArtefactDetector.Event]
    }

    /// The plot keeps this much history, averaged into `plotBinSeconds` bins.
    public static let historySeconds = 120.0
    public static let plotBinSeconds = 0.25
    static let binNanoseconds = Int64(plotBinSeconds * 1e9)
    /// A single value on screen is the mean of the signal over this last stretch (presentation).
    public static let displayMeanSeconds = 1.0

    static func positiveModulo(_ a: Int64, _ m: Int64) -> Int64 { ((a % m) + m) % m }

    public let layout: NirsLayout
    public let settings: NirsSettings
    public private(set) var converter: HemoConverter
    public private(set) var quality: ChannelQuality
    public private(set) var signal: HbOSignal
    public private(set) var motion: MotionArtefactDetector
    /// Short-separation channels and their regression, nil without short channels (or for `hb` streams).
    public let shortChannels: ShortChannelPairing?
    var regressor: ShortChannelRegressor?
    /// Latest corrected values per channel (µM), before the baseline.
    public private(set) var latestHbO: [Double]
    public private(set) var latestHbR: [Double]
    /// Channels named in the protocol's `motor_channels` (indices in the layout), nil = all long channels.
    public let motorSelection: [Int]?
    /// Names in `motor_channels` that the stream does not have.
    public let unknownMotorChannels: [String]
    /// −ln|I| of the latest sample (`add`).
    var logBuffer: [Double] = []
    /// The signal's rows of the last `displayMeanSeconds`, for the values shown on screen.
    var lastSecond: [HemoSample] = []
    public private(set) var history: [PlotPoint] = []
    var bin: (start: MonoTime, hbo: Double, hbr: Double, count: Int)?
    /// False for a session no screen shows (a replay: `tapnirs reanalyse`, `recover`): the plot's
    /// points and the last second's values (`history`, `motorNow`, `channelChanges`) are then not
    /// kept. Nothing recorded reads them; keeping them was two arrays and a bin per sample.
    public var tracksDisplay = true
    public private(set) var samplesConverted = 0
    public private(set) var lastSampleTime: MonoTime?
    /// Artefacts of the recording so far (ended ones; open ones are in `motion`).
    public private(set) var artefacts: [MotionArtefact] = []

    public init(layout: NirsLayout, settings: NirsSettings) throws(HemoConverter.Failure) {
        self.layout = layout
        self.settings = settings
        converter = try HemoConverter(layout: layout, settings: settings)
        quality = ChannelQuality(layout: layout)
        let n = layout.channels.count
        signal = HbOSignal(channelCount: n, baselineSeconds: settings.baselineSeconds)
        motion = MotionArtefactDetector(layout: layout)
        latestHbO = Array(repeating: 0, count: n)
        latestHbR = Array(repeating: 0, count: n)
        let pairing = ShortChannelPairing(layout: layout)
        if layout.kind != .hb, !pairing.shortChannels.isEmpty, pairing.partner.contains(where: { $0 != nil }) {
            shortChannels = pairing
            regressor = ShortChannelRegressor(pairing: pairing, wavelengthsPerChannel: 2, sampleRateHz: layout.rateHz)
        } else {
            shortChannels = pairing.shortChannels.isEmpty ? nil : pairing
            regressor = nil
        }
        if let names = settings.motorChannels {
            motorSelection = names.compactMap { layout.channels.firstIndex(of: $0) }
            unknownMotorChannels = names.filter { !layout.channels.contains($0) }
        } else {
            motorSelection = nil
            unknownMotorChannels = []
        }
        motorChannels = selectMotorChannels()
    }

    public mutating func add(_ sample: NirsSample) -> Output {
        // −ln|I|: the motion rule's optical density, and the quality check's, taken once.
        // In a buffer kept from sample to sample (taken out while in use, so it stays unique).
        var negativeLogs: [Double]?
        if layout.kind == .intensity {
            var logs = logBuffer
            logBuffer = []
            if logs.count != sample.values.count { logs = [Double](repeating: 0, count: sample.values.count) }
            for i in logs.indices { logs[i] = -log(abs(sample.values[i])) }
            negativeLogs = logs
        }
        defer { if let negativeLogs { logBuffer = negativeLogs } }
        let changed = quality.add(sample.values, negativeLogs: negativeLogs)
        if !changed.isEmpty { motorChannels = selectMotorChannels() }
        // Homer3's thresholds are in optical density: an `hb` stream (µM) is not judged for motion.
        var events: [MotionArtefactDetector.Event] = []
        switch layout.kind {
        case .intensity: events = motion.add(values: negativeLogs ?? [], at: sample.hostTime)
        case .od: events = motion.add(values: sample.values, at: sample.hostTime)
        case .hb: break
        }
        for case .ended(let artefact) in events { artefacts.append(artefact) }
        var rows: [HemoSample] = [], corrected: [HemoSample] = []
        if converter.isWaitingForReference {
            for raw in converter.release(sample) { convert(raw, rows: &rows, corrected: &corrected) }
        } else {
            convert(sample, rows: &rows, corrected: &corrected)  // every sample once the reference is known
        }
        if regressor == nil { corrected = rows }  // the same rows: one array, not two
        lastSampleTime = sample.hostTime
        return Output(hemo: rows, corrected: corrected, qualityChanged: changed, artefacts: events)
    }

    /// One released sample: MNE's conversion (`rows`), the signal's input after any short-channel
    /// regression (`corrected`), and the signal.
    mutating func convert(_ raw: NirsSample, rows: inout [HemoSample], corrected: inout [HemoSample]) {
        let row = converter.hemo(raw)
        rows.append(row)
        var judged = row
        if regressor != nil, let od = converter.opticalDensities(of: raw) {
            let excluded = layout.channels.indices.filter { motion.isInArtefact(channel: $0) }
            judged = converter.hemo(opticalDensities: regressor!.add(opticalDensity: od, excludingChannels: excluded),
                                    at: raw.hostTime)
        }
        if regressor != nil { corrected.append(judged) }  // else `add` hands out `rows` as they are
        take(judged)
    }

    mutating func take(_ row: HemoSample) {
        for c in row.hbo.indices where c < latestHbO.count {
            // A sample of zero or non-finite light (a replayed file may hold one): the channel keeps its last value.
            guard row.hbo[c].isFinite, row.hbr[c].isFinite else { continue }
            latestHbO[c] = row.hbo[c]
            latestHbR[c] = row.hbr[c]
        }
        samplesConverted += 1
        signal.add(row)
        guard tracksDisplay else { return }
        let value = signal.referenced(HemoSample(time: row.time, hbo: latestHbO, hbr: latestHbR))
        lastSecond.append(value)
        if let first = lastSecond.first, row.time - first.time > .seconds(2 * Self.displayMeanSeconds) {
            lastSecond.removeFirst(lastSecond.firstIndex { row.time - $0.time <= .seconds(Self.displayMeanSeconds) } ?? 0)
        }
        let (hbo, hbr) = motorAverage(hbo: value.hbo, hbr: value.hbr)
        // Bins on a fixed 0.25 s grid, so points are evenly spaced at any sample rate.
        let binStart = MonoTime(nanoseconds: row.time.nanoseconds - Self.positiveModulo(row.time.nanoseconds, Self.binNanoseconds))
        if var current = bin, current.start == binStart {
            current.hbo += hbo; current.hbr += hbr; current.count += 1
            bin = current
        } else {
            flushBin()
            bin = (binStart, hbo, hbr, 1)
        }
    }

    mutating func flushBin() {
        guard let current = bin else { return }
        history.append(PlotPoint(time: current.start, hbo: current.hbo / Double(current.count),
                                 hbr: current.hbr / Double(current.count)))
        let capacity = Int(Self.historySeconds / Self.plotBinSeconds)
        if history.count > capacity + capacity / 4 { history.removeFirst(history.count - capacity) }
        bin = nil
    }

    /// Channels in the motor average: the protocol's selection (or every long channel), minus bad
    /// ones; if every one is bad, all of the selection (a bad average beats none, and the screen
    /// says so). Short-separation channels see the scalp, not the cortex: never in the average.
    public private(set) var motorChannels: [Int] = []

    /// `motorChannels` from the current channel statuses; kept, not recomputed per sample: it
    /// changes only when a channel's status does.
    func selectMotorChannels() -> [Int] {
        let short = Set(shortChannels?.shortChannels ?? [])
        let selection = (motorSelection ?? Array(layout.channels.indices)).filter { !short.contains($0) }
        let good = selection.filter { quality.assessments[$0].status.bidsStatus == "good" }
        return good.isEmpty ? selection : good
    }

    func motorAverage(hbo: [Double], hbr: [Double]) -> (Double, Double) {
        let channels = motorChannels
        guard !channels.isEmpty else { return (0, 0) }
        var a = 0.0, b = 0.0
        for c in channels { a += hbo[c]; b += hbr[c] }
        return (a / Double(channels.count), b / Double(channels.count))
    }

    /// A tapping block starts: the signal takes its new baseline, and the plot's points since
    /// 5 s before the onset are re-referenced to it (they belong to the new segment).
    public mutating func tappingBlockStarted(at time: MonoTime) {
        let change = signal.tappingBlockStarted(at: time)
        let (shiftO, shiftR) = motorAverage(hbo: change.hbo, hbr: change.hbr)
        let from = time - Span.seconds(signal.baselineSeconds)
        for i in history.indices where history[i].time >= from {
            history[i].hbo -= shiftO
            history[i].hbr -= shiftR
        }
        if var current = bin, current.start >= from {
            current.hbo -= shiftO * Double(current.count)
            current.hbr -= shiftR * Double(current.count)
            bin = current
        }
        for i in lastSecond.indices where lastSecond[i].time >= from {
            for c in lastSecond[i].hbo.indices {
                lastSecond[i].hbo[c] -= change.hbo[c]
                lastSecond[i].hbr[c] -= change.hbr[c]
            }
        }
    }

    /// The signal's last second, averaged per channel (what the screen shows).
    var displayed: (hbo: [Double], hbr: [Double]) {
        let n = latestHbO.count
        var o = [Double](repeating: 0, count: n), r = o
        guard let last = lastSecond.last else { return (o, r) }
        var rows = 0
        for row in lastSecond where last.time - row.time < .seconds(Self.displayMeanSeconds) {
            rows += 1
            for c in 0..<n { o[c] += row.hbo[c]; r[c] += row.hbr[c] }
        }
        let count = Double(max(1, rows))
        for c in 0..<n { o[c] /= count; r[c] /= count }
        return (o, r)
    }

    /// The motor average now: its latest corrected value (µM) and its signal value (the change
    /// from the segment's baseline), each shown as the mean of the last second.
    public var motorNow: (hbo: Double, hbr: Double, hboChange: Double, hbrChange: Double) {
        let shown = displayed
        let change = motorAverage(hbo: shown.hbo, hbr: shown.hbr)
        let base = motorAverage(hbo: signal.referenceHbO, hbr: signal.referenceHbR)
        return (change.0 + base.0, change.1 + base.1, change.0, change.1)
    }

    /// Each channel's signal value now (µM; mean of the last second).
    public var channelChanges: [Double] { displayed.hbo }

    /// Channels in a motion artefact now (open segments covering the latest sample).
    public var channelsInArtefact: [Int] { layout.channels.indices.filter { motion.isInArtefact(channel: $0) } }
}
