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
    /// Self-paced blocks under `healthy_range`: the healthy decline judged against (nil in sessions
    /// recorded before it existed, and in paced blocks), the decline at the block's end (its last
    /// tap) and when the first flag went up, and the z a flag needs.
    public var norm: TapDeclineNorm?
    public var decline: TapDeclineReading?
    public var declineAtFlag: TapDeclineReading?
    public var declineZLimit: Double?
    /// The last tap (s into the block) when the subject stopped tapping before the block ended.
    public var stoppedAtSeconds: Double?

    /// Whether the decline at the block's end is beyond the healthy range (z above the limit);
    /// nil when not judged.
    public var beyondHealthyRange: Bool?

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

extension TapFadeSummary {
    /// What was measured, in words that do not over-claim: the decline against the healthy range
    /// (self-paced blocks), the rate against the pace (paced blocks), or the rates of the block's
    /// first and last thirds (sessions recorded before the healthy range existed). E.g.
    /// `decline 38 %, beyond the healthy range (rate −38 % · healthy −14 ± 6 % · z 3.0; 18–30
    /// norm, age not given); flagged from 14.2 s`.
    public var reading: String {
        var text: String
        if let decline, let limit = declineZLimit {
            text = decline.verdict(zThreshold: limit) + " (" + decline.text
            if let norm { text += "; " + norm.ageBand + " norm" + (norm.ageAssumed ? ", age not given" : "") }
            text += ")"
        } else if let first = firstThirdRateHz, let last = lastThirdRateHz {
            text = "rate " + Self.hz(first) + " → " + Self.hz(last) + " Hz (first → last third)"
            if let reference = referenceRateHz, method == .cusum || method == .threshold {
                text += " against " + Self.hz(reference) + " Hz"
            }
        } else {
            text = "too few taps to measure the rate"
        }
        if let onset = onsetSeconds {
            let percent = magnitude.map { " \(Int((abs($0) * 100).rounded()))%" } ?? ""
            if decline != nil {
                text += "; flagged from " + Self.one(onset) + " s"
            } else {
                text += "; rate fell\(percent) from " + Self.one(onset) + " s"
            }
        }
        if let stopped = stoppedAtSeconds { text += "; stopped tapping at " + Self.one(stopped) + " s" }
        if behindBeatCount > 0 { text += "; fell behind the beat \(behindBeatCount)×" }
        return text
    }

    static func hz(_ value: Double) -> String { FixedDecimal.format(seconds: value, digits: 2) }
    static func one(_ value: Double) -> String { FixedDecimal.format(seconds: value, digits: 1) }
}
