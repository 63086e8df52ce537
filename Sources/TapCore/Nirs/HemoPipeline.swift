/// Everything between a raw sample and the HbO on screen: conversion (`HemoConverter`),
/// channel quality, the causal band-pass, the per-block baseline and the motor-cortex average.
///
/// Pure and incremental: one sample in, its HbO/HbR rows and any quality changes out.
public struct HemoPipeline: Sendable {
    /// One point of the scrolling plot: the motor-cortex average of the filtered signal.
    public struct PlotPoint: Equatable, Sendable {
        public var time: MonoTime
        public var hbo: Double
        public var hbr: Double
    }

    /// What one raw sample produced.
    public struct Output: Equatable, Sendable {
        public var hemo: [HemoSample]
        /// Channels whose quality status changed.
        public var qualityChanged: [Int]
    }

    /// The plot keeps this much history, averaged into `plotBinSeconds` bins.
    public static let historySeconds = 120.0
    public static let plotBinSeconds = 0.25
    static let binNanoseconds = Int64(plotBinSeconds * 1e9)

    static func positiveModulo(_ a: Int64, _ m: Int64) -> Int64 { ((a % m) + m) % m }

    public let layout: NirsLayout
    public let settings: NirsSettings
    public private(set) var converter: HemoConverter
    public private(set) var quality: ChannelQuality
    var hboFilters: [BandPass]
    var hbrFilters: [BandPass]
    /// Latest filtered value per channel (µM).
    public private(set) var filteredHbO: [Double]
    public private(set) var filteredHbR: [Double]
    /// Per-channel baseline of the current block: mean filtered value over `baselineSeconds` before onset.
    public private(set) var baselineHbO: [Double]
    public private(set) var baselineHbR: [Double]
    /// Channels named in the protocol's `motor_channels` (indices in the layout), nil = all.
    public let motorSelection: [Int]?
    /// Names in `motor_channels` that the stream does not have.
    public let unknownMotorChannels: [String]
    /// Recent filtered rows for baselines: (time, hbo…, hbr…).
    var recent: [(time: MonoTime, hbo: [Double], hbr: [Double])] = []
    public private(set) var history: [PlotPoint] = []
    var bin: (start: MonoTime, hbo: Double, hbr: Double, count: Int)?
    public private(set) var samplesConverted = 0
    public private(set) var lastSampleTime: MonoTime?

    public init(layout: NirsLayout, settings: NirsSettings) throws(HemoConverter.Failure) {
        self.layout = layout
        self.settings = settings
        converter = try HemoConverter(layout: layout, settings: settings)
        quality = ChannelQuality(layout: layout)
        let n = layout.channels.count
        let filter = BandPass(sampleRateHz: layout.rateHz, highPassHz: settings.highPassHz,
                              lowPassHz: min(settings.lowPassHz, 0.45 * layout.rateHz))
        hboFilters = Array(repeating: filter, count: n)
        hbrFilters = Array(repeating: filter, count: n)
        filteredHbO = Array(repeating: 0, count: n)
        filteredHbR = Array(repeating: 0, count: n)
        baselineHbO = Array(repeating: 0, count: n)
        baselineHbR = Array(repeating: 0, count: n)
        if let names = settings.motorChannels {
            motorSelection = names.compactMap { layout.channels.firstIndex(of: $0) }
            unknownMotorChannels = names.filter { !layout.channels.contains($0) }
        } else {
            motorSelection = nil
            unknownMotorChannels = []
        }
    }

    public mutating func add(_ sample: NirsSample) -> Output {
        let changed = quality.add(sample.values)
        let rows = converter.convert(sample)
        for row in rows { filter(row) }
        lastSampleTime = sample.hostTime
        return Output(hemo: rows, qualityChanged: changed)
    }

    mutating func filter(_ row: HemoSample) {
        for c in row.hbo.indices {
            // A sample of zero or non-finite light (a replayed file may hold one) would leave the
            // filter at NaN for good: the channel holds its last value instead.
            guard row.hbo[c].isFinite, row.hbr[c].isFinite else { continue }
            filteredHbO[c] = hboFilters[c].process(row.hbo[c])
            filteredHbR[c] = hbrFilters[c].process(row.hbr[c])
        }
        samplesConverted += 1
        recent.append((row.time, filteredHbO, filteredHbR))
        let keep = Span.seconds(settings.baselineSeconds)
        if let first = recent.first, row.time - first.time > keep + keep {
            recent.removeFirst(recent.firstIndex { row.time - $0.time <= keep } ?? 0)
        }
        let (hbo, hbr) = motorAverage(hbo: filteredHbO, hbr: filteredHbR)
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

    /// Channels in the motor average: the protocol's selection (or all), minus bad ones;
    /// if every one is bad, all of the selection (a bad average beats none, and the screen says so).
    public var motorChannels: [Int] {
        let selection = motorSelection ?? Array(layout.channels.indices)
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

    /// A block starts: its baseline is the mean filtered signal over the seconds before `time`.
    public mutating func blockStarted(at time: MonoTime) {
        let window = recent.filter { $0.time <= time && time - $0.time <= .seconds(settings.baselineSeconds) }
        guard !window.isEmpty else { return }
        for c in baselineHbO.indices {
            baselineHbO[c] = window.reduce(0) { $0 + $1.hbo[c] } / Double(window.count)
            baselineHbR[c] = window.reduce(0) { $0 + $1.hbr[c] } / Double(window.count)
        }
    }

    /// The motor average now (filtered, µM) and its change from the current block's baseline.
    public var motorNow: (hbo: Double, hbr: Double, hboChange: Double, hbrChange: Double) {
        let now = motorAverage(hbo: filteredHbO, hbr: filteredHbR)
        let base = motorAverage(hbo: baselineHbO, hbr: baselineHbR)
        return (now.0, now.1, now.0 - base.0, now.1 - base.1)
    }

    /// Each channel's filtered HbO change from the block baseline (µM).
    public var channelChanges: [Double] {
        filteredHbO.indices.map { filteredHbO[$0] - baselineHbO[$0] }
    }
}
