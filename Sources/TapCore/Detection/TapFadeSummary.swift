/// One tapping block's tap-fade results, for `summary.json` and the end-of-session screen.
/// nil (JSON `null`) where a figure could not be computed.
public struct TapFadeSummary: Equatable, Sendable, Codable {
    public var method: TapFadeSettings.Method
    /// The reference the block was judged against: the metronome pace, or 1 / median ITI over
    /// the reference window; nil when the block never had enough taps.
    public var referenceRateHz: Double?
    /// Taps per second in the block's first and last third, and 1 − last/first (positive = slowing),
    /// as `TapStatistics` (SCIENCE.md §2's fatigue index).
    public var firstThirdRateHz: Double?
    public var lastThirdRateHz: Double?
    public var fadeIndex: Double?
    /// Onset of the block's first `fade_tap`, seconds into the block; nil when none was raised.
    public var onsetSeconds: Double?
    /// Magnitude of that first flag (−0.32 = 32 % below the reference).
    public var magnitude: Double?
    /// How many `fade_tap` flags were raised and for how long in all (s, up to the block's end).
    public var fadeFlags: Int
    public var flaggedSeconds: Double
    /// `behind_beat` flags raised (paced blocks), and beats judged missed.
    public var behindBeatCount: Int
    public var missedBeats: Int

    public init(method: TapFadeSettings.Method, referenceRateHz: Double?, firstThirdRateHz: Double?,
                lastThirdRateHz: Double?, fadeIndex: Double?, onsetSeconds: Double?, magnitude: Double?,
                fadeFlags: Int, flaggedSeconds: Double, behindBeatCount: Int, missedBeats: Int) {
        self.method = method
        self.referenceRateHz = referenceRateHz
        self.firstThirdRateHz = firstThirdRateHz
        self.lastThirdRateHz = lastThirdRateHz
        self.fadeIndex = fadeIndex
        self.onsetSeconds = onsetSeconds
        self.magnitude = magnitude
        self.fadeFlags = fadeFlags
        self.flaggedSeconds = flaggedSeconds
        self.behindBeatCount = behindBeatCount
        self.missedBeats = missedBeats
    }
}
