import Yams

/// Reads a protocol from YAML (or JSON, which is YAML) text into a validated `SessionProtocol`.
///
/// Pure: text in, protocol or `ProtocolError` out, no file access. It walks Yams' node tree
/// (`Yams.compose`, which keeps each node's line and column) instead of decoding with Codable,
/// so every problem names its line and field, unknown keys are caught, and all problems
/// are reported at once. The format is documented in `docs/protocol-format.md`.
public enum ProtocolParser {
    public static func parse(text: String, fileName: String) throws(ProtocolError) -> SessionProtocol {
        var reader = ProtocolReader()
        let definition = reader.read(text)
        let issues = reader.finishedIssues()
        guard issues.isEmpty, let definition else {
            throw ProtocolError(file: fileName, issues: issues)
        }
        return definition
    }

    // MARK: Limits and defaults (each one is documented in docs/protocol-format.md)

    /// Keys the live screen uses for commands; a tap key may not be one of them.
    public static let commandKeys: Set<String> = ["p", "m", "v", "q", "?"]
    public static let defaultTapKeys: [TapKey] = [.space]
    /// Default auto-repeat filter [choice]: terminals repeat every 30–50 ms and nobody taps
    /// faster than about 10 Hz (100 ms), so 75 ms separates the two.
    public static let defaultAutorepeatSeconds = 0.075
    public static let autorepeatRange = 0.02...0.2
    public static let maximumBlockSeconds = 3600.0
    public static let maximumTotalSeconds = 4.0 * 3600
    public static let repeatRange = 1...100
    /// How many `repeat` groups may sit inside one another.
    public static let maximumNesting = 4
    /// Blocks after repeats are expanded; far more than any real session (gentile2019 has 22).
    public static let maximumBlocks = 5000
    /// Protocols are short text files; this bounds the work done on a wrong file.
    public static let maximumBytes = 1 << 20
    public static let maximumNameLength = 80
    /// The cue is drawn in 6-column letters; 24 characters already need a 144-column terminal.
    public static let maximumCueLength = 24
    public static let maximumLabelLength = 32
    /// Nodes visited: YAML aliases can make a small file a huge tree; this keeps it bounded.
    static let maximumNodes = 100_000
    /// Problems listed before the rest are summarised in one line.
    static let maximumIssues = 50

    // MARK: Top-level sections

    /// The top-level sections, read in this order. Adding one means a
    /// field in `ProtocolDraft`, an entry here, and a reader function; nothing else changes.
    static let sections: [TopLevelSection] = [
        TopLevelSection("name", missing: "a protocol needs a short `name`") { reader, node, draft in
            draft.name = reader.oneLineText(node, "name", maximumLength: maximumNameLength) ?? ""
        },
        TopLevelSection("description") { reader, node, draft in
            draft.description = reader.text(node, "description") ?? ""
        },
        TopLevelSection("tap_keys") { reader, node, draft in
            draft.tapKeys = reader.readTapKeys(node)
        },
        TopLevelSection("hand") { reader, node, draft in
            draft.hand = reader.choice(node, "hand") ?? draft.hand
        },
        TopLevelSection("on_pause") { reader, node, draft in
            draft.onPause = reader.choice(node, "on_pause") ?? draft.onPause
        },
        TopLevelSection("autorepeat_max_interval") { reader, node, draft in
            draft.autorepeatMaxIntervalSeconds = reader.readAutorepeat(node) ?? draft.autorepeatMaxIntervalSeconds
        },
        TopLevelSection("baseline") { reader, node, draft in
            draft.baseline = reader.readBaseline(node)
        },
        TopLevelSection("blocks", missing: "a protocol needs a `blocks` list") { reader, node, draft in
            draft.blocks = reader.readBlockList(node, path: "blocks", depth: 0)
        },
        TopLevelSection("fnirs") { reader, node, draft in
            draft.nirs = reader.readNirs(node)
        },
        TopLevelSection("detectors") { reader, node, draft in
            draft.detectors = reader.readDetectors(node)
        },
        TopLevelSection("trials") { reader, node, draft in
            draft.trialRule = reader.readTrialRule(node)
        },
    ]

    static var topLevelKeys: [String] { sections.map(\.key) }
}

/// One top-level key and how to read its value into the draft.
struct TopLevelSection: Sendable {
    let key: String
    /// What to tell the user when the key is absent; nil for an optional section.
    let missing: String?
    let read: @Sendable (inout ProtocolReader, Node, inout ProtocolDraft) -> Void

    init(_ key: String, missing: String? = nil,
         read: @escaping @Sendable (inout ProtocolReader, Node, inout ProtocolDraft) -> Void) {
        self.key = key
        self.missing = missing
        self.read = read
    }
}

/// What the sections fill in, starting from the documented defaults.
struct ProtocolDraft {
    var name = ""
    var description = ""
    var tapKeys = ProtocolParser.defaultTapKeys
    var hand = Hand.right
    var onPause = PauseRule.resume
    var autorepeatMaxIntervalSeconds = ProtocolParser.defaultAutorepeatSeconds
    var baseline: Block?
    var blocks: [Block] = []
    var nirs = NirsSettings()
    var detectors = DetectorSettings()
    var trialRule: TrialRule?

    var protocolValue: SessionProtocol {
        SessionProtocol(name: name, description: description, tapKeys: tapKeys, hand: hand, onPause: onPause,
                        autorepeatMaxIntervalSeconds: autorepeatMaxIntervalSeconds,
                        blocks: (baseline.map { [$0] } ?? []) + blocks, nirs: nirs,
                        detectors: detectors, trialRule: trialRule)
    }
}
