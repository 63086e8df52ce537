#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Homer3's motion rule (`MotionArtefactSettings`) run live, one sample at a time, on past
/// samples only.
///
/// Homer3 marks sample j when a change from j to a sample up to tMotion *later* is too large.
/// That pair is complete when its later sample arrives, so at sample n this detector compares
/// n with each of the tMotion before it and finds exactly the j Homer3 would (the amplitude
/// criterion needs nothing else). The mask reaches tMask before and after j + 1: the part
/// before is reported at once (`began` carries the first masked sample, already in the past),
/// the part after is awaited; a segment is `ended` once no later change could extend it
/// (tMotion + tMask after its last masked sample).
///
/// **The adaptation.** Homer3's STDEVthresh uses the SD of differences over the whole
/// recording, which a live system cannot know. Here the scale is measured on the first
/// `warmUpSeconds` of differences and then kept: 1.4826 × their median absolute deviation
/// (the SD of a normal sample, robust to the artefacts inside the warm-up); during the warm-up
/// only AMPthresh applies. A plain running SD of the past differences was tried first and
/// found none of Homer3's 7 artefacts after the warm-up of neuro_run01: the device's start-up
/// transient and early motion inflate it for minutes (docs/artefacts.md). Homer3's own SD is
/// inflated the same way, by the whole recording's artefacts, so the live rule is the more
/// sensitive of the two. Should the MAD be 0 (a quantised, mostly constant signal) the warm-up's
/// SD is used; should that be 0 too, only AMPthresh applies. Given fixed SDs instead
/// (`differenceStandardDeviations`, e.g. Homer3's whole-recording values), the segments are
/// exactly Homer3's — `MotionArtefactRule` is that case.
///
/// Pure and deterministic; cost per sample O(measurements × tMotion samples).
public struct MotionArtefactDetector: Sendable {
    public enum Event: Equatable, Sendable {
        /// A channel entered a new artefact at `firstSample` (which a change found within the
        /// next tMotion may still move earlier by at most tMotion; `ended` has the final value).
        case began(channel: Int, firstSample: Int, firstTime: MonoTime)
        /// A segment is complete and will not change.
        case ended(MotionArtefact)

        public var ended: MotionArtefact? {
            if case .ended(let artefact) = self { return artefact }
            return nil
        }
    }

    public let settings: MotionArtefactSettings
    public let channelCount: Int
    public let wavelengthsPerChannel: Int
    public let motionWindowSamples: Int
    public let maskSamples: Int
    let warmUpDifferenceCount: Int

    /// Samples seen so far; the next sample gets this index.
    public private(set) var sampleCount = 0
    /// Per measurement: the differences of the warm-up, emptied once the scale is known.
    var warmUpDifferences: [[Double]]
    /// Per measurement: the SD of differences the STDEVthresh criterion uses, nil until known.
    public private(set) var differenceScales: [Double?] { didSet { smallerThreshold = Self.smallerThresholds(differenceScales, settings) } }
    /// Per measurement, the smaller of its two thresholds (OD): a change at or below it crosses
    /// neither, and nearly every change is far below it.
    var smallerThreshold: [Double] = []
    /// The last `motionWindowSamples` value rows (one flat ring, row r at r × measurements), and
    /// the times of recent samples, as rings.
    var history: [Double]
    var times: [MonoTime]
    var newestTimedSample = -1
    /// Per channel: segments whose end may still move, ordered by first sample.
    var open: [[MotionArtefact]]

    /// - Parameter differenceStandardDeviations: one per measurement to use instead of the
    ///   scale measured in the warm-up (no warm-up then); nil for the live adaptation.
    public init(channelCount: Int, wavelengthsPerChannel: Int, sampleRateHz: Double,
                settings: MotionArtefactSettings = MotionArtefactSettings(),
                differenceStandardDeviations: [Double]? = nil) {
        self.settings = settings
        self.channelCount = max(0, channelCount)
        self.wavelengthsPerChannel = max(1, wavelengthsPerChannel)
        motionWindowSamples = settings.motionWindowSamples(sampleRateHz: sampleRateHz)
        maskSamples = settings.maskSamples(sampleRateHz: sampleRateHz)
        warmUpDifferenceCount = settings.warmUpSamples(sampleRateHz: sampleRateHz)
        let measurements = self.channelCount * self.wavelengthsPerChannel
        let fixed = differenceStandardDeviations.flatMap { $0.count == measurements ? $0 : nil }
        differenceScales = fixed ?? Array(repeating: nil, count: measurements)
        smallerThreshold = Self.smallerThresholds(differenceScales, settings)
        warmUpDifferences = Array(repeating: [], count: fixed == nil ? measurements : 0)
        history = Array(repeating: 0, count: motionWindowSamples * measurements)
        times = Array(repeating: .zero, count: motionWindowSamples + maskSamples + 2)
        open = Array(repeating: [], count: self.channelCount)
    }

    /// A detector for a stream's layout (`intensity` or `od`: one value per wavelength; `hb`:
    /// HbO and HbR, for which the OD thresholds mean nothing — set them in µM).
    public init(layout: NirsLayout, settings: MotionArtefactSettings = MotionArtefactSettings()) {
        self.init(channelCount: layout.channels.count,
                  wavelengthsPerChannel: layout.kind == .hb ? 2 : layout.wavelengths.count,
                  sampleRateHz: layout.rateHz, settings: settings)
    }

    /// Segments not yet complete (their last sample may still grow), by channel.
    public var openArtefacts: [MotionArtefact] { open.flatMap { $0 } }

    /// Whether an open segment covers the most recent sample of `channel`.
    public func isInArtefact(channel: Int) -> Bool {
        open.indices.contains(channel) && open[channel].contains { $0.contains(sample: sampleCount - 1) }
    }

    /// One sample of raw intensities (layout order): the rule runs on −ln|I|, whose changes are
    /// those of optical density with any reference.
    public mutating func add(intensities: [Double], at time: MonoTime) -> [Event] {
        add(values: intensities.map { -log(abs($0)) }, at: time)
    }

    /// One sample of optical density (layout order: channel-major, wavelengths in order).
    /// A sample with the wrong number of values is ignored.
    public mutating func add(values: [Double], at time: MonoTime) -> [Event] {
        guard values.count == differenceScales.count else { return [] }
        let n = sampleCount
        times[n % times.count] = time
        newestTimedSample = n
        var events: [Event] = []
        for channel in 0..<channelCount where mayExceed(values, channel: channel, at: n) {
            for (j, change, inSDs) in exceedances(values, channel: channel, at: n) {
                let first = max(1, j + 1 - maskSamples), last = j + 1 + maskSamples
                events += mark(channel: channel, first: first, last: last, change: change, inSDs: inSDs)
            }
        }
        let m = values.count
        if n > 0 { measureScales(values, previousRow: ((n - 1) % motionWindowSamples) * m) }
        let row = (n % motionWindowSamples) * m
        for i in 0..<m { history[row + i] = values[i] }
        sampleCount = n + 1
        // A change found from the next sample on has j ≥ n + 1 − tMotion and masks from
        // j + 1 − tMask on: a segment ending at n − tMotion − tMask or before cannot grow any more.
        let completeThrough = n - motionWindowSamples - maskSamples
        events += close { $0.lastSample <= completeThrough }
        return events
    }

    /// The end of the stream: every open segment ends, cut at the last sample (as Homer3 cuts at
    /// the recording's end).
    public mutating func finish() -> [Event] {
        let last = sampleCount - 1
        for channel in open.indices {
            for index in open[channel].indices where open[channel][index].lastSample > last {
                open[channel][index].lastSample = last
            }
        }
        return close { _ in true }
    }

    // MARK: - The rule

    /// Whether any change from the last tMotion samples to sample n exceeds the smaller threshold
    /// of one of `channel`'s wavelengths: false for nearly every sample, which then needs no
    /// `exceedances`. The ring's rows in storage order, no division, no optionals; when true,
    /// `exceedances` decides (it applies the same first test, so the result is unchanged).
    func mayExceed(_ values: [Double], channel: Int, at n: Int) -> Bool {
        let measurements = differenceScales.count
        let rows = min(motionWindowSamples, n)
        let first = channel * wavelengthsPerChannel
        return history.withUnsafeBufferPointer { history in
            values.withUnsafeBufferPointer { values in
                smallerThreshold.withUnsafeBufferPointer { thresholds in
                    for m in first..<(first + wavelengthsPerChannel) {
                        let value = values[m], threshold = thresholds[m]
                        var row = m
                        for _ in 0..<rows {
                            if abs(value - history[row]) > threshold { return true }
                            row += measurements
                        }
                    }
                    return false
                }
            }
        }
    }

    /// The samples j in the last tMotion whose change to sample n crosses a threshold on any
    /// wavelength of `channel`, with the largest such change (OD and in SDs).
    func exceedances(_ values: [Double], channel: Int, at n: Int) -> [(Int, Double, Double?)] {
        var found: [(Int, Double, Double?)] = []
        let measurements = differenceScales.count
        let amplitude = settings.amplitudeThresholdOD, inSDs = settings.standardDeviationThreshold
        history.withUnsafeBufferPointer { history in
            values.withUnsafeBufferPointer { values in
                for lag in stride(from: min(motionWindowSamples, n), through: 1, by: -1) {
                    let j = n - lag
                    let past = (j % motionWindowSamples) * measurements
                    var largestChange: Double?, largestInSDs: Double?
                    for w in 0..<wavelengthsPerChannel {
                        let m = channel * wavelengthsPerChannel + w
                        let change = abs(values[m] - history[past + m])
                        guard change > smallerThreshold[m] else { continue }  // crosses neither
                        let sd = differenceScales[m]
                        let crossesSD = sd.map { change > $0 * inSDs } ?? false
                        guard change > amplitude || crossesSD else { continue }
                        largestChange = max(largestChange ?? change, change)
                        if let sd, sd.isFinite { largestInSDs = max(largestInSDs ?? change / sd, change / sd) }
                    }
                    if let largestChange { found.append((j, largestChange, largestInSDs)) }
                }
            }
        }
        return found
    }

    static func smallerThresholds(_ scales: [Double?], _ settings: MotionArtefactSettings) -> [Double] {
        // A NaN threshold is never crossed (`change > .nan` is false): it counts as +∞ here.
        func never(_ x: Double) -> Double { x.isNaN ? .infinity : x }
        return scales.map { min(never(settings.amplitudeThresholdOD), never($0.map { $0 * settings.standardDeviationThreshold } ?? .infinity)) }
    }

    /// During the warm-up: keeps each finite difference; when a measurement has enough, fixes
    /// its scale and lets its differences go.
    mutating func measureScales(_ values: [Double], previousRow: Int) {
        for m in warmUpDifferences.indices where differenceScales[m] == nil {
            let difference = values[m] - history[previousRow + m]
            if difference.isFinite { warmUpDifferences[m].append(difference) }
            guard warmUpDifferences[m].count >= warmUpDifferenceCount else { continue }
            differenceScales[m] = Self.scale(of: warmUpDifferences[m])
            warmUpDifferences[m] = []
        }
    }

    /// 1.4826 × the median absolute deviation about the median; the SD (n − 1) when that is 0;
    /// +∞ (the STDEVthresh criterion off) when both are 0.
    static func scale(of differences: [Double]) -> Double {
        let centre = TemporalDerivativeRepair.median(differences)
        let deviation = TemporalDerivativeRepair.median(differences.map { abs($0 - centre) })
        let robust = TemporalDerivativeRepair.madToStandardDeviation * deviation
        if robust > 0 { return robust }
        let plain = MotionArtefactRule.sampleStandardDeviation(differences)
        return plain > 0 ? plain : .infinity
    }

    /// Adds the mask [first, last] to the channel's open segments, merging any it overlaps or touches.
    mutating func mark(channel: Int, first: Int, last: Int, change: Double, inSDs: Double?) -> [Event] {
        var merged = MotionArtefact(channel: channel, firstSample: first, lastSample: last,
                                    firstTime: time(ofSample: first), lastTime: time(ofSample: last),
                                    largestChangeOD: change, largestChangeInDifferenceSDs: inSDs)
        let touching = open[channel].filter { $0.firstSample <= last + 1 && first <= $0.lastSample + 1 }
        open[channel].removeAll { $0.firstSample <= last + 1 && first <= $0.lastSample + 1 }
        for segment in touching {
            if segment.firstSample < merged.firstSample {
                merged.firstSample = segment.firstSample
                merged.firstTime = segment.firstTime
            }
            merged.lastSample = max(merged.lastSample, segment.lastSample)
            merged.largestChangeOD = max(merged.largestChangeOD, segment.largestChangeOD)
            merged.largestChangeInDifferenceSDs = [merged.largestChangeInDifferenceSDs,
                                                   segment.largestChangeInDifferenceSDs].compactMap { $0 }.max()
        }
        let index = open[channel].firstIndex { $0.firstSample > merged.firstSample } ?? open[channel].count
        open[channel].insert(merged, at: index)
        return touching.isEmpty ? [.began(channel: channel, firstSample: merged.firstSample, firstTime: merged.firstTime)] : []
    }

    /// Ends the open segments `isComplete` picks, stamping their last sample's time.
    mutating func close(where isComplete: (MotionArtefact) -> Bool) -> [Event] {
        var events: [Event] = []
        // Nearly every call finds nothing to close: no removal (and its array work) then.
        for channel in open.indices where open[channel].contains(where: isComplete) {
            for var segment in open[channel] where isComplete(segment) {
                segment.lastTime = time(ofSample: segment.lastSample)
                events.append(.ended(segment))
            }
            open[channel].removeAll(where: isComplete)
        }
        return events
    }

    /// The time of a recent sample (the ring holds tMotion + tMask + 2 of them); a sample not
    /// yet seen gets the latest time.
    func time(ofSample index: Int) -> MonoTime {
        let latest = max(0, newestTimedSample)
        let clamped = min(max(index, latest - times.count + 1, 0), latest)
        return times[clamped % times.count]
    }
}
