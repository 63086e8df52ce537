/// A fade the detectors raised: what faded, where, since when, by how much.
///
/// `onset` is the detector's estimate of when the change began (for the tap CUSUM the start of
/// the interval where its sum last left zero; for the HbO detectors the first sample of the run
/// that tripped it); `raisedAt` is the time of the tap, beat or sample at which it decided, so
/// `raisedAt − onset` is the delay the clinician saw.
public struct FadeFlag: Equatable, Sendable {
    public enum Kind: String, Equatable, Sendable, Codable, CaseIterable {
        /// Tap rate below the block's reference.
        case fadeTap = "fade_tap"
        /// HbO below what the block's own early response predicts.
        case fadeHbO = "fade_hbo"
        /// HbO never rose above the baseline noise.
        case noActivationHbO = "no_activation_hbo"
        /// Paced block: a run of beats with no tap near them.
        case behindBeat = "behind_beat"
        /// A fast block's HbO so far below what the session's slow blocks gave (`LowActivationMonitor`).
        case lowActivationHbO = "low_activation_hbo"
    }

    public var kind: Kind
    /// The fNIRS channel (`S1-D1`), nil for the motor-cortex average and for tap flags.
    public var channel: String?
    public var onset: MonoTime
    public var raisedAt: MonoTime
    /// Relative change when raised: −0.32 is 32 % below the reference (tap rate, HbO amplitude);
    /// for `no_activation_hbo` the fitted amplitude in µM; for `behind_beat` minus the beats missed.
    public var magnitude: Double
    /// `key=value;…` parameters for the events.tsv `value` column (fixed decimals, fixed order).
    public var detail: String

    public init(kind: Kind, channel: String?, onset: MonoTime, raisedAt: MonoTime, magnitude: Double, detail: String) {
        self.kind = kind
        self.channel = channel
        self.onset = onset
        self.raisedAt = raisedAt
        self.magnitude = magnitude
        self.detail = detail
    }
}

/// What a detector reports as it is fed: a flag goes up, or a raised flag comes down.
public enum FadeEvent: Equatable, Sendable {
    case raised(FadeFlag)
    case cleared(FadeFlag, at: MonoTime)

    public var flag: FadeFlag {
        switch self {
        case .raised(let flag), .cleared(let flag, _): flag
        }
    }
}

/// Fixed-decimal text for flag details (no locale, no exponent).
enum DetailFormat {
    static func number(_ value: Double, digits: Int = 3) -> String {
        value.isFinite ? FixedDecimal.format(seconds: value, digits: digits) : "nan"
    }
}
