/// HbO fade and "no activation" within one tapping block, on the filtered, baseline-corrected
/// signal of the motor average and (optionally) each channel, fed one sample at a time
/// (`HbOFadeSettings.filterLowPassHz` must be the low-pass `DetectionSignal` applied); it never
/// reads a clock. One detector per block; samples before the block's start are ignored.
///
/// Methods (`HbOFadeSettings.Method`, compared in docs/fade-detection.md), on the mean of the last
/// seconds (z̄) of the judged signal (HbO, or CBSI-corrected HbO when HbR is given, with α from the
/// session, `CbsiWeight`), against the
/// expected response m(t) (`ExpectedResponse`) scaled by a reference amplitude a: the block's own
/// least-squares fit over its early rise (2–8 s, before a fade can pull it down), averaged with the
/// amplitude carried from the session's earlier blocks of the same kind (`referenceAmplitude`,
/// `HbOReferenceBook`) when given. Comparing with the model, not the block's peak, leaves the
/// healthy 13 % decline after the peak alone (SCIENCE.md §4) — the idea of Turbo-Satori's
/// incremental GLM (Lührs & Goebel 2017).
/// - `modelDrop` (default): from 12 s on, the residual r̄ = z̄ − a·m̄ (1.5 s means) against 4 s
///   earlier; a fall of more than max(0.20·a·m̄, 0.10 µM, 2 × its RMS in the session's rests) held
///   1 s is a fade, cleared when r̄ is back near the level it fell from. Slow noise barely moves in
///   4 s; a fade does (docs/fade-detection.md).
/// - `modelCusum`: from 12 s on, S ← max(0, S + (1 − z̄/(a·m̄) − 0.15)·dt); a fade is
///   S > 1.5 (ratio·s) with z̄ at least 0.12 µM below a·m̄; the mirror sum clears it.
/// - `modelRatio`: z̄ below (1 − 0.30) × a·m̄ (and 0.12 µM below it) for 3 s, cleared above
///   (1 − 0.15) × a·m̄ for 2 s.
/// - `threshold`: z̄ below (1 − 0.35) × its block peak (and 0.12 µM) for 3 s, cleared above
///   (1 − 0.175) × the peak (hysteresis).
/// - No activation (all): 15 s in, the amplitude fitted over 2–15 s is below 0.10 µM.
public struct HbOFadeDetector: Sendable {
    public let settings: HbOFadeSettings
    public let block: Block
    public let blockStart: MonoTime
    public let channels: [String]
    public let sampleRateHz: Double
    public let expected: ExpectedResponse
    var average: HbOSeriesTracker
    var perChannel: [HbOSeriesTracker]
    // Motor-average HbO figures for the summary.
    var samples = 0
    var sum = 0.0
    var peak: (value: Double, t: Double)?
    var sawHbR = false
    /// Motion artefacts on the judged channels (start, end; end nil while open): no fade is judged
    /// from a sample whose look-back holds one (docs/fade-detection.md).
    var artefacts: [(from: MonoTime, to: MonoTime?)] = []
    /// Samples not judged because of an artefact.
    public private(set) var suppressedSamples = 0

    /// - Parameters:
    ///   - referenceAmplitude: the motor-average amplitude (µM, judged signal) of earlier blocks of
    ///     the same kind in this session (`HbOReferenceBook`), blended with this block's own early
    ///     fit (`HbOFadeSettings.ownAmplitudeWeight`); nil: the block's own fit alone.
    ///   - referenceBlocks: how many blocks `referenceAmplitude` averages (its weight).
    ///   - referenceChannelAmplitudes: the same per channel (by name), for the per-channel rules.
    ///   - cbsiSums: the session's differences for the CBSI weight (`CbsiWeight`), nil: none yet.
    ///   - channelCbsiSums: the same per channel, in `channels` order.
    ///   - restNoiseMicromolar: the session's rest RMS of the `model_drop` statistic (`RestNoise`).
    public init(settings: HbOFadeSettings, block: Block, blockStart: MonoTime, channels: [String], sampleRateHz: Double,
                referenceAmplitude: Double? = nil, referenceBlocks: Int = 1,
                referenceChannelAmplitudes: [String: Double]? = nil,
                cbsiSums: CbsiWeight.Sums? = nil, channelCbsiSums: [CbsiWeight.Sums]? = nil,
                restNoiseMicromolar: Double? = nil, channelRestNoiseMicromolar: [Double?]? = nil) {
        self.settings = settings
        self.block = block
        self.blockStart = blockStart
        self.channels = channels
        self.sampleRateHz = sampleRateHz
        expected = ExpectedResponse(sampleRateHz: sampleRateHz, durationSeconds: block.durationSeconds + 10,
                                    highPassHz: 0, lowPassHz: settings.filterLowPassHz)
        average = HbOSeriesTracker(channel: nil, judgesNoActivation: true)
        if let a = referenceAmplitude, a.isFinite { average.carried = (a, max(1, referenceBlocks)) }
        if let cbsiSums { average.alphaSums = cbsiSums }
        average.restNoise = restNoiseMicromolar
        perChannel = settings.perChannel
            ? channels.enumerated().map { c, name in
                var tracker = HbOSeriesTracker(channel: name, judgesNoActivation: settings.perChannelNoActivation)
                if let a = referenceChannelAmplitudes?[name], a.isFinite { tracker.carried = (a, max(1, referenceBlocks)) }
                if let sums = channelCbsiSums, c < sums.count { tracker.alphaSums = sums[c] }
                // Each channel judged against its own rests' noise: one channel is far noisier
                // than the motor average (measured on the realistic simulator: 71 false channel
                // flags per channel-hour with the average's floor, docs/fade-detection.md).
                if let noise = channelRestNoiseMicromolar, c < noise.count { tracker.restNoise = noise[c] }
                return tracker
            } : []
    }

    /// A motion artefact on a judged channel began (its first masked sample's time).
    public mutating func artefactBegan(at from: MonoTime) {
        if !artefacts.contains(where: { $0.to == nil }) { artefacts.append((from, nil)) }
    }

    /// A motion artefact on a judged channel ended: it covered [from, to].
    public mutating func artefactEnded(from: MonoTime, to: MonoTime) {
        if let i = artefacts.lastIndex(where: { $0.to == nil }) {
            artefacts[i] = (min(artefacts[i].from, from), to)
        } else {
            artefacts.append((from, to))
        }
    }

    /// Whether the detectors' look-back from `time` (the drop lag, its smoothing and the hold) holds an artefact.
    func inArtefact(_ time: MonoTime) -> Bool {
        let reach = Span.seconds(settings.dropLagSeconds + settings.dropSmoothingSeconds + settings.dropHoldSeconds)
        return artefacts.contains { a in a.from <= time && (a.to.map { time - $0 <= reach } ?? true) }
    }

    /// One sample of filtered, baseline-corrected HbO (µM): the motor average and each channel.
    public mutating func sample(at time: MonoTime, average: Double, channels: [Double]) -> [FadeEvent] {
        sample(at: time, average: average, channels: channels, hbrAverage: nil, hbrChannels: nil)
    }

    /// The same with the matching HbR, which lets the `cbsi` signal cancel systemic waves.
    public mutating func sample(at time: MonoTime, average hbo: Double, channels: [Double],
                                hbrAverage: Double?, hbrChannels: [Double]?) -> [FadeEvent] {
        guard time >= blockStart else { return [] }
        let t = (time - blockStart).seconds
        let m = expected.value(atSeconds: t)
        if hbrAverage != nil { sawHbR = true }
        if hbo.isFinite {
            samples += 1
            sum += hbo
            if peak == nil || hbo > peak!.value { peak = (hbo, t) }
        }
        let z = average.signal(hbo: hbo, hbr: hbrAverage, settings: settings)
        let suppressed = inArtefact(time)
        if suppressed { suppressedSamples += 1 }
        var events = average.step(t: t, time: time, blockStart: blockStart, z: z, m: m, settings: settings,
                                  suppressed: suppressed)
        if !perChannel.isEmpty {
            for c in perChannel.indices where c < channels.count {
                let hbr = hbrChannels.flatMap { c < $0.count ? $0[c] : nil }
                let zc = perChannel[c].signal(hbo: channels[c], hbr: hbr, settings: settings)
                events += perChannel[c].step(t: t, time: time, blockStart: blockStart, z: zc, m: m, settings: settings,
                                             suppressed: suppressed)
            }
        }
        return events
    }

    /// Flags up now (motor average first, then channels in layout order).
    public var activeFlags: [FadeFlag] {
        var out: [FadeFlag] = []
        for tracker in [average] + perChannel {
            if let f = tracker.silent { out.append(f) }
            if let f = tracker.fade { out.append(f) }
        }
        return out
    }

    /// The smallest fall of the motor average's HbO this block's `model_drop` rule can see (µM):
    /// its floor, max(`dropMinimumMicromolar`, `dropNoiseMultiple` × the rests' RMS of the drop
    /// statistic), or 20 % of the expected response when that is larger. On a real head the rests'
    /// noise sets it (docs/fade-detection.md): the clinician is told this instead of "held".
    public var smallestDetectableFallMicromolar: Double {
        let floor = max(settings.dropMinimumMicromolar, settings.dropNoiseMultiple * (average.restNoise ?? 0))
        let expected = (average.referenceAmplitude(settings) ?? 0) * expected.value(atSeconds: block.durationSeconds)
        return max(floor, settings.dropFraction * max(expected, 0))
    }

    /// Whether the fade rule judges this block: it needs a response of at least
    /// `minimumAmplitudeMicromolar` to fade from.
    /// The session's noise floor for this block (µM): max(`dropMinimumMicromolar`,
    /// `dropNoiseMultiple` × the rests' RMS of the drop statistic).
    public var noiseFloorMicromolar: Double {
        max(settings.dropMinimumMicromolar, settings.dropNoiseMultiple * (average.restNoise ?? 0))
    }

    public var judgesFade: Bool {
        let a = average.referenceAmplitude(settings) ?? 0
        let floor = max(settings.dropMinimumMicromolar, settings.dropNoiseMultiple * (average.restNoise ?? 0))
        return a >= settings.minimumAmplitudeMicromolar && (settings.method != .modelDrop || floor < a)
    }

    public func summary(blockEnd: MonoTime) -> HbOFadeSummary {
        let period = sampleRateHz > 0 ? 1 / sampleRateHz : 0
        let first = average.firstFade
        var result = HbOFadeSummary(
            method: settings.method, signal: sawHbR ? settings.signal : .hbo,
            peakMicromolar: peak?.value, meanMicromolar: samples > 0 ? sum / Double(samples) : nil,
            areaMicromolarSeconds: samples > 0 ? sum * period : nil, timeToPeakSeconds: peak?.t,
            amplitudeMicromolar: average.amplitude,
            fadeOnsetSeconds: first.map { ($0.onset - blockStart).seconds }, fadeMagnitude: first?.magnitude,
            noActivation: average.everSilent,
            fadedChannels: perChannel.filter { $0.firstFade != nil }.compactMap(\.channel),
            silentChannels: perChannel.filter(\.everSilent).compactMap(\.channel))
        result.smallestDetectableFallMicromolar = smallestDetectableFallMicromolar
        result.fadeJudged = judgesFade
        result.artefactSeconds = sampleRateHz > 0 ? Double(suppressedSamples) / sampleRateHz : nil
        if !perChannel.isEmpty {
            var amplitudes: [String: Double] = [:]
            for tracker in perChannel {
                if let name = tracker.channel, let a = tracker.amplitude { amplitudes[name] = a }
            }
            result.channelAmplitudesMicromolar = amplitudes
        }
        return result
    }
}

/// The session's rule for carrying the HbO amplitude reference from block to block (SCIENCE.md §5:
/// judge a block against the session's earlier blocks of the same kind, which a fade in this block
/// cannot pull down): the reference for a block is the mean motor-average amplitude
/// (`HbOFadeSummary.amplitudeMicromolar`, fitted over the early rise) of the earlier blocks with the
/// same label that were not flagged `no_activation_hbo`. `FadeEvaluation` uses the same rule.
public struct HbOReferenceBook: Equatable, Sendable {
    var amplitudes: [String: [Double]] = [:]
    var channelAmplitudes: [String: [String: [Double]]] = [:]
    /// The CBSI weight from every sample the session has seen: feed it each sample (`observe`)
    /// and `blockStarted()` at each block start, tapping or not.
    public var weights = CbsiWeight()
    /// How much the motor average changes by itself in rests (`RestNoise`): feed it with
    /// `observeRest` during rest blocks.
    public var restNoise: RestNoise?
    /// The same for each channel (in the order `observeRest` is given them).
    public private(set) var channelRestNoise: [RestNoise] = []
    /// Each label's finished blocks' 1 s HbO courses (`LowActivationMonitor.course`), oldest first.
    public private(set) var courses: [String: [[Double]]] = [:]

    /// Records a finished tapping block's course (fast blocks are compared with the `slow` ones).
    public mutating func recordCourse(_ course: [Double], label: String) {
        guard !course.isEmpty else { return }
        courses[label, default: []].append(course)
    }

    /// One motor-average sample `secondsIntoRest` into a rest block, judged as the detectors
    /// judge (CBSI with the session's α when `settings.signal` is `cbsi` and HbR is given).
    public mutating func observeRest(secondsIntoRest t: Double, hbo: Double, hbr: Double?, settings: HbOFadeSettings,
                                     channelsHbO: [Double]? = nil, channelsHbR: [Double]? = nil) {
        func fresh() -> RestNoise {
            RestNoise(smoothingSeconds: settings.dropSmoothingSeconds, lagSeconds: settings.dropLagSeconds,
                      fromSeconds: RestNoise.defaultFromSeconds)
        }
        func judged(_ hbo: Double, _ hbr: Double?, _ alpha: Double?) -> Double {
            guard settings.signal == .cbsi, let hbr, hbr.isFinite else { return hbo }
            return HbOSeriesTracker.cbsi(hbo: hbo, hbr: hbr, alpha: alpha ?? HbOSeriesTracker.defaultAlpha)
        }
        if restNoise == nil { restNoise = fresh() }
        restNoise!.add(t: t, z: judged(hbo, hbr, weights.alpha))
        guard let channelsHbO, settings.perChannel else { return }
        if channelRestNoise.count != channelsHbO.count { channelRestNoise = channelsHbO.map { _ in fresh() } }
        let sums = weights.channels
        for c in channelsHbO.indices {
            let hbr = channelsHbR.flatMap { c < $0.count ? $0[c] : nil }
            channelRestNoise[c].add(t: t, z: judged(channelsHbO[c], hbr, c < sums.count ? sums[c].alpha : nil))
        }
    }

    public init() {}

    /// The carried reference for `block` (mean amplitude, number of blocks), nil before one is known.
    public func reference(for block: Block) -> (amplitude: Double, blocks: Int)? {
        guard let list = amplitudes[block.label], !list.isEmpty else { return nil }
        return (list.reduce(0, +) / Double(list.count), list.count)
    }

    /// Records a finished block's summary.
    public mutating func record(_ summary: HbOFadeSummary, block: Block) {
        guard block.kind == .tap, !summary.noActivation, let a = summary.amplitudeMicromolar, a.isFinite else { return }
        amplitudes[block.label, default: []].append(a)
        for (name, value) in summary.channelAmplitudesMicromolar ?? [:] where value.isFinite {
            channelAmplitudes[block.label, default: [:]][name, default: []].append(value)
        }
    }

    /// The carried per-channel references for `block` (mean over the same blocks), nil before any.
    public func channelReferences(for block: Block) -> [String: Double]? {
        guard let map = channelAmplitudes[block.label], !map.isEmpty else { return nil }
        return map.mapValues { $0.reduce(0, +) / Double($0.count) }
    }

    /// A detector for `block` with the carried reference and the session's CBSI weights;
    /// `channelIndices` are the detector channels' positions among the channels `weights` observes
    /// (nil: the same order).
    public func detector(settings: HbOFadeSettings, block: Block, blockStart: MonoTime, channels: [String],
                         sampleRateHz: Double, channelIndices: [Int]? = nil) -> HbOFadeDetector {
        let carried = reference(for: block)
        let sums = weights.channels
        let indices = channelIndices ?? Array(channels.indices)
        return HbOFadeDetector(settings: settings, block: block, blockStart: blockStart, channels: channels,
                               sampleRateHz: sampleRateHz, referenceAmplitude: carried?.amplitude,
                               referenceBlocks: carried?.blocks ?? 1, referenceChannelAmplitudes: channelReferences(for: block),
                               cbsiSums: weights.average,
                               channelCbsiSums: indices.map { $0 < sums.count ? sums[$0] : CbsiWeight.Sums() },
                               restNoiseMicromolar: restNoise?.rms,
                               channelRestNoiseMicromolar: channelRestNoise.isEmpty ? nil
                                   : indices.map { $0 < channelRestNoise.count ? channelRestNoise[$0].rms : nil })
    }
}
