/// One block of the design: a span of rest or of tapping.
public struct Block: Equatable, Sendable, Codable {
    public enum Kind: String, Equatable, Sendable, Codable { case rest, tap }

    public var kind: Kind
    /// Short machine label, used as `trial_type` in events.tsv (`baseline`, `rest`, `slow`, `fast`…).
    public var label: String
    /// What the screen shows in large letters (`REST`, `TAP SLOW`, `TAP FAST`).
    public var cue: String
    public var durationSeconds: Double
    public var pace: Pace
    public var metronome: Metronome
    /// True for the initial rest that serves as the session's baseline.
    public var isBaseline: Bool
    /// 1-based repetition number when the block came from a `repeat` group, else nil.
    public var repetition: Int?
    /// The hand that taps in this block (`hand:` in a tap block); nil = the session's hand.
    public var hand: TappingHand?
    /// True for a trial added live by the protocol's trial-consistency rule (`trials:`).
    public var isExtraTrial: Bool?

    public init(
        kind: Kind, label: String, cue: String? = nil, durationSeconds: Double, pace: Pace = .none,
        metronome: Metronome = .off, isBaseline: Bool = false, repetition: Int? = nil, hand: TappingHand? = nil
    ) {
        self.kind = kind
        self.label = label
        self.cue = cue ?? Block.defaultCue(kind: kind, label: label)
        self.durationSeconds = durationSeconds
        self.pace = pace
        self.metronome = metronome
        self.isBaseline = isBaseline
        self.repetition = repetition
        self.hand = hand
    }

    /// `REST` for rest blocks, `TAP <LABEL>` for tapping blocks.
    public static func defaultCue(kind: Kind, label: String) -> String {
        kind == .rest ? "REST" : "TAP " + label.uppercased()
    }

    /// The metronome period when this block has beats.
    public var beatPeriod: Span? {
        guard case .hz(let hz) = pace, metronome.isOn, hz > 0 else { return nil }
        return .seconds(1.0 / hz)
    }

    /// Target tapping rate in Hz, when the block is externally paced.
    public var targetRateHz: Double? {
        if case .hz(let hz) = pace { return hz }
        return nil
    }
}

/// How fast the subject is asked to tap.
public enum Pace: Equatable, Sendable, Codable {
    /// No tapping asked for (rest blocks).
    case none
    /// Paced at a fixed rate, in Hz.
    case hz(Double)
    /// "As fast as you can": self-paced maximum speed, no metronome.
    case selfPaced

    /// Allowed range for a paced rate (Hz), enforced by the parser.
    public static let allowedHz: ClosedRange<Double> = 0.2...10
}

/// How the beat is presented. A block with a pace and no metronome has no beats.
public struct Metronome: Equatable, Sendable, Codable {
    public var visual: Bool
    public var audible: Bool

    public init(visual: Bool, audible: Bool) {
        self.visual = visual
        self.audible = audible
    }

    public static let off = Metronome(visual: false, audible: false)
    public static let on = Metronome(visual: true, audible: true)

    public var isOn: Bool { visual || audible }
}
