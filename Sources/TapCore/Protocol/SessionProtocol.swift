/// A block design: what the subject is asked to do, in order, and how taps are read.
///
/// This is the validated, fully expanded form: repeats are unrolled and the baseline,
/// if the file has one, is the first block. `ProtocolParser` builds it from YAML/JSON
/// text; nothing else constructs one from user input.
public struct SessionProtocol: Equatable, Sendable, Codable {
    public var name: String
    public var description: String
    /// Keys that count as taps (usually just `space`).
    public var tapKeys: [TapKey]
    public var hand: Hand
    /// What `p` does to the block it interrupts.
    public var onPause: PauseRule
    /// Presses of a tap key closer together than this are keyboard auto-repeat, not taps.
    /// Default 0.075 s: terminals repeat every 30–50 ms, humans cannot tap faster than ~10 Hz.
    public var autorepeatMaxIntervalSeconds: Double
    /// Every block in session order, baseline first, repeats expanded.
    public var blocks: [Block]
    /// How raw fNIRS becomes HbO/HbR (the `fnirs:` section; defaults equal MNE-Python's).
    public var nirs: NirsSettings
    /// Fade detectors' parameters (the `detectors:` section; docs/fade-detection.md).
    public var detectors: DetectorSettings
    /// The finger tapping test's trial-consistency rule (the `trials:` section), nil without one.
    public var trialRule: TrialRule?

    public init(
        name: String, description: String = "", tapKeys: [TapKey] = [.space], hand: Hand = .right,
        onPause: PauseRule = .resume, autorepeatMaxIntervalSeconds: Double = 0.075, blocks: [Block],
        nirs: NirsSettings = NirsSettings(), detectors: DetectorSettings = DetectorSettings(), trialRule: TrialRule? = nil
    ) {
        self.trialRule = trialRule
        self.nirs = nirs
        self.detectors = detectors
        self.name = name
        self.description = description
        self.tapKeys = tapKeys
        self.hand = hand
        self.onPause = onPause
        self.autorepeatMaxIntervalSeconds = autorepeatMaxIntervalSeconds
        self.blocks = blocks
    }

    public var totalDurationSeconds: Double { blocks.reduce(0) { $0 + $1.durationSeconds } }

    /// One line for `tapnirs check` and the ready screen.
    public var summaryLine: String {
        let tapBlocks = blocks.filter { $0.kind == .tap }.count
        return "\(name): \(blocks.count) blocks (\(tapBlocks) tapping), \(Self.clock(totalDurationSeconds)) total"
    }

    /// `m:ss` (or `h:mm:ss`) for durations shown to people.
    public static func clock(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        let h = total / 3600, m = (total % 3600) / 60, s = total % 60
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return h > 0 ? "\(h):\(two(m)):\(two(s))" : "\(m):\(two(s))"
    }
}

public enum Hand: String, Equatable, Sendable, Codable, CaseIterable {
    case left, right, either

    /// The tapping hand this protocol default names (nil for `either`).
    public var tappingHand: TappingHand? {
        switch self {
        case .left: return .left
        case .right: return .right
        case .either: return nil
        }
    }
}

public enum PauseRule: String, Equatable, Sendable, Codable, CaseIterable {
    /// The block continues where it stopped; the beat keeps its phase.
    case resume
    /// The block starts again from its beginning with its full duration.
    case restart
}
