/// One tapping block's HbO results (motor average), for `summary.json` and the summary screen.
/// nil (JSON `null`) where there was nothing to compute.
public struct HbOFadeSummary: Equatable, Sendable, Codable {
    public var method: HbOFadeSettings.Method
    /// The signal the detector judged (`cbsi` falls back to `hbo` when no HbR was given).
    public var signal: HbOFadeSettings.Signal
    /// Filtered, baseline-corrected HbO of the motor average over the block: largest value (µM),
    /// mean (µM), area (µM·s, the sum of value × sample period) and when the peak came (s into the block).
    public var peakMicromolar: Double?
    public var meanMicromolar: Double?
    public var areaMicromolarSeconds: Double?
    public var timeToPeakSeconds: Double?
    /// Amplitude of the expected response fitted over the amplitude window (the early rise,
    /// 2–8 s by default; µM, judged signal): what `HbOReferenceBook` carries to later blocks.
    public var amplitudeMicromolar: Double?
    /// The same per channel (by name; judged channels with a fit only), nil when not judged.
    public var channelAmplitudesMicromolar: [String: Double]?
    /// Onset of the first motor-average `fade_hbo` (s into the block) and its magnitude.
    public var fadeOnsetSeconds: Double?
    public var fadeMagnitude: Double?
    public var noActivation: Bool
    /// Channels that raised `fade_hbo` (layout order) and that raised `no_activation_hbo`.
    public var fadedChannels: [String]
    public var silentChannels: [String]
    /// What the block could show: the smallest HbO fall the fade rule could see (µM; set by the
    /// session's rest noise on a real head), whether the rule judged at all (a response of at least
    /// `minimum_amplitude_micromolar`), and seconds left unjudged for motion artefacts. nil in
    /// sessions recorded before these existed.
    public var smallestDetectableFallMicromolar: Double?
    public var fadeJudged: Bool?
    public var artefactSeconds: Double?
    /// Fast blocks: the last comparison with the session's slow blocks (`LowActivationMonitor`) and
    /// how many `low_activation_hbo` flags it raised; nil where not judged.
    public var lowActivation: LowActivationMonitor.Comparison?
    public var lowActivationFlags: Int?
    /// Seconds of rest since the previous tapping block's end when shorter than
    /// `minimum_rest_seconds`: the block's HbO was not judged (its baseline holds the previous
    /// response's return); nil when judged.
    public var shortRestSeconds: Double?

    public init(method: HbOFadeSettings.Method, signal: HbOFadeSettings.Signal, peakMicromolar: Double?,
                meanMicromolar: Double?, areaMicromolarSeconds: Double?, timeToPeakSeconds: Double?,
                amplitudeMicromolar: Double?, fadeOnsetSeconds: Double?, fadeMagnitude: Double?,
                noActivation: Bool, fadedChannels: [String], silentChannels: [String]) {
        self.method = method
        self.signal = signal
        self.peakMicromolar = peakMicromolar
        self.meanMicromolar = meanMicromolar
        self.areaMicromolarSeconds = areaMicromolarSeconds
        self.timeToPeakSeconds = timeToPeakSeconds
        self.amplitudeMicromolar = amplitudeMicromolar
        self.fadeOnsetSeconds = fadeOnsetSeconds
        self.fadeMagnitude = fadeMagnitude
        self.noActivation = noActivation
        self.fadedChannels = fadedChannels
        self.silentChannels = silentChannels
    }
}

extension HbOFadeSummary {
    /// What the HbO did and what could have been seen, without claiming more: e.g. `HbO peaked at
    /// 0.62 µM at 9.5 s and fell 44% from 18.0 s`, `HbO peaked at 1.24 µM at 4.9 s; no fall larger
    /// than 1.60 µM seen (smaller falls cannot be seen in this session)`, `HbO did not rise`.
    public var reading: String {
        if noActivation { return "HbO did not rise" }
        guard let peak = peakMicromolar, let at = timeToPeakSeconds else { return "no HbO in this block" }
        var text = "HbO peaked at " + FixedDecimal.format(seconds: peak, digits: 2) + " µM at "
            + FixedDecimal.format(seconds: at, digits: 1) + " s"
        if let rest = shortRestSeconds {
            return text + "; not judged: only " + FixedDecimal.format(seconds: rest, digits: 1)
                + " s of rest before it, too short for an HbO baseline"
        }
        if let onset = fadeOnsetSeconds {
            let percent = fadeMagnitude.map { " \(Int((abs($0) * 100).rounded()))%" } ?? ""
            text += " and fell\(percent) from " + FixedDecimal.format(seconds: onset, digits: 1) + " s"
        } else if fadeJudged == false, let floor = smallestDetectableFallMicromolar, let a = amplitudeMicromolar,
                  floor >= a, a > 0 {
            text += "; falls smaller than " + FixedDecimal.format(seconds: floor, digits: 2)
                + " µM cannot be seen in this session, more than its whole response: no fall judged"
        } else if fadeJudged == false {
            text += "; too small a response to judge a fall"
        } else if let floor = smallestDetectableFallMicromolar {
            text += "; no fall larger than " + FixedDecimal.format(seconds: floor, digits: 2)
                + " µM seen (smaller falls cannot be seen in this session)"
        } else {
            text += "; no fall detected"
        }
        if let c = lowActivation {
            // The paper's contrast so far: the fast blocks (this one included) against the slow ones.
            let limit = c.tLimit * c.blockSdMicromolar * (1 / Double(max(1, c.slowBlocks)) + 1 / Double(max(1, c.fastBlocks))).squareRoot()
            text += "; fast so far " + FixedDecimal.format(seconds: c.fastMicromolar, digits: 2) + " µM (\(c.fastBlocks) blocks) vs slow "
                + FixedDecimal.format(seconds: c.slowMicromolar, digits: 2) + " µM (\(c.slowBlocks)), ± "
                + FixedDecimal.format(seconds: limit, digits: 2) + " µM"
                + ((lowActivationFlags ?? 0) > 0 ? ": below the slow blocks" : ": not below the slow blocks beyond that")
        }
        if let seconds = artefactSeconds, seconds > 0 {
            text += "; " + FixedDecimal.format(seconds: seconds, digits: 1) + " s not judged for motion artefacts"
        }
        return text
    }
}
