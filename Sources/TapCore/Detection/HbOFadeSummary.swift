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
