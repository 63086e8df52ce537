import Yams

extension ProtocolParser {
    static let baselineFields = ["duration", "cue"]
    static let restFields = ["label", "cue", "duration"]
    static let tapFields = ["label", "cue", "duration", "pace", "metronome", "hand"]
    static let repeatFields = ["repeat", "blocks"]
    static let blockKinds = ["rest", "tap", "repeat"]
}

/// Readers for the sections that make up the timeline: tap keys, baseline, and the block
/// list with its `repeat` groups.
extension ProtocolReader {
    // MARK: How taps are read

    mutating func readTapKeys(_ node: Node) -> [TapKey] {
        let items: [(Node, String)]
        switch node {
        case .sequence(let sequence): items = sequence.enumerated().map { ($1, "tap_keys[\($0)]") }
        case .scalar: items = [(node, "tap_keys")]
        default:
            fail(node, "tap_keys", "expected a list of keys, e.g. [space]")
            return ProtocolParser.defaultTapKeys
        }
        if items.isEmpty { fail(node, "tap_keys", "the list is empty; e.g. [space]") }
        var keys: [TapKey] = []
        for (item, path) in items {
            guard visit(item, path), let text = text(item, path) else { continue }
            guard let key = TapKey(text) else {
                fail(item, path, "\(Self.quote(text)) is not a key: use space, enter, or one printable character",
                     value: text)
                continue
            }
            if ProtocolParser.commandKeys.contains(key.name) {
                fail(item, path, "\(Self.quote(text)) is a command key (p m v q ?); choose another tap key", value: text)
                continue
            }
            if !keys.contains(key) { keys.append(key) }
        }
        return keys.isEmpty ? ProtocolParser.defaultTapKeys : keys
    }

    mutating func readAutorepeat(_ node: Node) -> Double? {
        let path = "autorepeat_max_interval"
        guard let seconds = number(node, path, expected: "a time in seconds") else { return nil }
        let range = ProtocolParser.autorepeatRange
        guard range.contains(seconds) else {
            let shown = Self.written(node) ?? ""
            fail(node, path, "\(shown) s is outside \(range.lowerBound)–\(range.upperBound) s", value: shown)
            return nil
        }
        return seconds
    }

    // MARK: Baseline

    /// `baseline: 60` or `baseline: {duration: 60, cue: RELAX}`: the first block, a rest.
    mutating func readBaseline(_ node: Node) -> Block? {
        var seconds: Double?
        var cue: String?
        switch node {
        case .scalar:
            seconds = duration(node, "baseline")
        case .mapping(let map):
            guard visit(node, "baseline") else { return nil }
            checkKeys(map, allowed: ProtocolParser.baselineFields, path: "baseline")
            if let cueNode = map["cue"] {
                cue = oneLineText(cueNode, "baseline.cue", maximumLength: ProtocolParser.maximumCueLength)
            }
            if let durationNode = map["duration"] {
                seconds = duration(durationNode, "baseline.duration")
            } else if !Self.hasMisspelling(of: "duration", in: map, allowed: ProtocolParser.baselineFields) {
                fail(node, "baseline.duration", "missing: how long the baseline rest lasts, in seconds")
            }
        default:
            fail(node, "baseline", "expected a duration in seconds or {duration: …}, got \(Self.describe(node))")
        }
        guard let seconds else { return nil }
        return Block(kind: .rest, label: "baseline", cue: cue ?? "REST", durationSeconds: seconds, isBaseline: true)
    }

    // MARK: Blocks and repeats

    /// The blocks of a list in order, `repeat` groups expanded. Blocks directly in this list
    /// have `repetition` nil; a block from a group has the number of its innermost group's round.
    mutating func readBlockList(_ node: Node, path: String, depth: Int) -> [Block] {
        guard visit(node, path) else { return [] }
        guard case .sequence(let sequence) = node else {
            fail(node, path, "expected a list of blocks (each `- rest: …`, `- tap: …` or `- repeat: …`), "
                 + "got \(Self.describe(node))")
            return []
        }
        if sequence.isEmpty {
            fail(node, path, depth == 0 ? "the block list is empty; add at least one `rest` or `tap` block"
                                        : "the group to repeat is empty")
        }
        var blocks: [Block] = []
        for (index, item) in sequence.enumerated() {
            blocks += readItem(item, path: "\(path)[\(index)]", depth: depth)
            if blocks.count > ProtocolParser.maximumBlocks {
                fail(node, path, "more than \(ProtocolParser.maximumBlocks) blocks after expanding repeats")
                return []
            }
        }
        return blocks
    }

    /// One list item: `- rest: …`, `- tap: …` or `- repeat: N` with `blocks:`.
    mutating func readItem(_ node: Node, path: String, depth: Int) -> [Block] {
        guard let map = mapping(node, path) else { return [] }
        let kinds = ProtocolParser.blockKinds.filter { map[$0] != nil }
        guard kinds.count == 1, let kind = kinds.first else {
            let found = map.keys.compactMap { $0.string.map(Self.sanitized) }
            if kinds.isEmpty {
                let hint = found.lazy.compactMap { Self.nearest($0, in: ProtocolParser.blockKinds) }.first
                    .map { " (did you mean `\($0)`?)" } ?? ""
                fail(node, path, "each block needs exactly one of `rest`, `tap` or `repeat`; found "
                     + (found.isEmpty ? "nothing" : found.joined(separator: ", ")) + hint)
            } else {
                fail(node, path, "a block can be only one of `rest`, `tap`, `repeat`, not "
                     + kinds.joined(separator: " and ") + "; put each in its own list item")
            }
            return []
        }
        if kind == "repeat" { return readRepeat(map, node: node, path: path, depth: depth) }

        // A field written beside `tap:` instead of under it is a common indentation slip.
        let fields = kind == "tap" ? ProtocolParser.tapFields : ProtocolParser.restFields
        var misplaced: [String: String] = [:]
        for field in fields {
            misplaced[field] = "`\(field)` belongs inside `\(kind):`; indent it under `\(kind):` "
                + "or write `- \(kind): {\(field): …}`"
        }
        checkKeys(map, allowed: [kind], path: path, explain: misplaced)
        guard let body = map[kind] else { return [] }
        let block = kind == "rest" ? readRest(body, path: path + ".rest") : readTap(body, path: path + ".tap")
        return block.map { [$0] } ?? []
    }

    mutating func readRepeat(_ map: Node.Mapping, node: Node, path: String, depth: Int) -> [Block] {
        checkKeys(map, allowed: ProtocolParser.repeatFields, path: path)
        guard depth < ProtocolParser.maximumNesting else {
            fail(node, path, "`repeat` groups nested more than \(ProtocolParser.maximumNesting) deep")
            return []
        }
        let countNode = map["repeat"] ?? node
        let count = wholeNumber(countNode, path + ".repeat", in: ProtocolParser.repeatRange)
        guard let list = map["blocks"] else {
            fail(node, path + ".blocks", "missing: the list of blocks to repeat")
            return []
        }
        let body = readBlockList(list, path: path + ".blocks", depth: depth + 1)
        guard let count, !body.isEmpty else { return [] }
        guard body.count * count <= ProtocolParser.maximumBlocks else {
            fail(countNode, path + ".repeat", "\(count) × \(body.count) blocks is more than "
                 + "\(ProtocolParser.maximumBlocks) blocks after expanding repeats")
            return []
        }
        var blocks: [Block] = []
        blocks.reserveCapacity(body.count * count)
        for round in 1...count {
            for var block in body {
                if block.repetition == nil { block.repetition = round }
                blocks.append(block)
            }
        }
        return blocks
    }

    // MARK: Rest and tap blocks

    /// `rest: 30` or `rest: {duration: 30, label: final, cue: RELAX}`.
    mutating func readRest(_ node: Node, path: String) -> Block? {
        if case .scalar = node {
            return duration(node, path).map { Block(kind: .rest, label: "rest", durationSeconds: $0) }
        }
        guard let map = mapping(node, path) else { return nil }
        checkKeys(map, allowed: ProtocolParser.restFields, path: path, explain: [
            "pace": "a rest block has no pace; use a `tap` block to ask for tapping",
            "metronome": "a rest block has no metronome; use a `tap` block with a pace in Hz",
        ])
        var ok = true
        var label = "rest"
        if let node = map["label"] {
            if let value = blockLabel(node, path + ".label") { label = value } else { ok = false }
        }
        let cue = optionalCue(map["cue"], path + ".cue", ok: &ok)
        let seconds = requiredDuration(map, node: node, path: path, allowed: ProtocolParser.restFields, of: "rest")
        guard ok, let seconds else { return nil }
        return Block(kind: .rest, label: label, cue: cue, durationSeconds: seconds)
    }

    /// The `duration` a rest or tap block must have; a missing one is reported unless a
    /// misspelt key already was (one problem, one message).
    mutating func requiredDuration(_ map: Node.Mapping, node: Node, path: String, allowed: [String],
                                   of what: String) -> Double? {
        if let durationNode = map["duration"] { return duration(durationNode, path + ".duration") }
        if !Self.hasMisspelling(of: "duration", in: map, allowed: allowed) {
            fail(node, path + ".duration", "missing: how long the \(what) lasts, in seconds")
        }
        return nil
    }

    /// `tap: {label: slow, duration: 30, pace: 1.0}`, with optional `cue` and `metronome`.
    mutating func readTap(_ node: Node, path: String) -> Block? {
        if case .scalar = node {
            fail(node, path, "a tap block needs its fields: `tap: {label: …, duration: …, pace: …}`",
                 value: Self.written(node))
            return nil
        }
        guard let map = mapping(node, path) else { return nil }
        checkKeys(map, allowed: ProtocolParser.tapFields, path: path)
        var ok = true
        var label: String?
        if let node = map["label"] {
            label = blockLabel(node, path + ".label")
        } else if !Self.hasMisspelling(of: "label", in: map, allowed: ProtocolParser.tapFields) {
            fail(node, path + ".label", "missing: a short name such as slow or fast (it becomes the trial_type)")
        }
        let cue = optionalCue(map["cue"], path + ".cue", ok: &ok)
        let seconds = requiredDuration(map, node: node, path: path, allowed: ProtocolParser.tapFields, of: "block")
        var pace: Pace?
        if let paceNode = map["pace"] {
            pace = readPace(paceNode, path + ".pace")
        } else if !Self.hasMisspelling(of: "pace", in: map, allowed: ProtocolParser.tapFields) {
            fail(node, path + ".pace", "missing: a rate in Hz (e.g. 1.0), or `self` for as fast as possible")
        }
        // Documented default: the beat is on for a paced block, off for a self-paced one.
        var metronome: Metronome = pace == .selfPaced ? .off : .on
        if let metronomeNode = map["metronome"] {
            if let value = readMetronome(metronomeNode, path + ".metronome") {
                if pace == .selfPaced && value.isOn {
                    fail(metronomeNode, path + ".metronome",
                         "a self-paced block has no beat (`pace: self`); remove `metronome` or give a pace in Hz")
                    ok = false
                }
                metronome = value
            } else {
                ok = false
            }
        }
        var hand: TappingHand?
        if let handNode = map["hand"] {
            hand = choice(handNode, path + ".hand")
            if hand == nil { ok = false }
        }
        guard ok, let label, let seconds, let pace else { return nil }
        return Block(kind: .tap, label: label, cue: cue, durationSeconds: seconds, pace: pace, metronome: metronome,
                     hand: hand)
    }

    /// True when an unknown key in `map` is a misspelling of `field`: the unknown-key issue
    /// already says "did you mean", so a second "missing" issue would only be noise.
    static func hasMisspelling(of field: String, in map: Node.Mapping, allowed: [String]) -> Bool {
        map.keys.contains { key in
            guard let name = key.string, !allowed.contains(name) else { return false }
            return nearest(name, in: allowed) == field
        }
    }

    /// A label for a rest or tap block; `baseline` is kept for the `baseline:` section.
    mutating func blockLabel(_ node: Node, _ path: String) -> String? {
        guard let text = label(node, path) else { return nil }
        guard text != "baseline" else {
            fail(node, path, "`baseline` is reserved for the initial rest; use the top-level `baseline:` section",
                 value: text)
            return nil
        }
        return text
    }

    mutating func optionalCue(_ node: Node?, _ path: String, ok: inout Bool) -> String? {
        guard let node else { return nil }
        let cue = oneLineText(node, path, maximumLength: ProtocolParser.maximumCueLength)
        if cue == nil { ok = false }
        return cue
    }

    /// A rate in Hz within `Pace.allowedHz`, or `self`.
    mutating func readPace(_ node: Node, _ path: String) -> Pace? {
        if case .scalar(let scalar) = node, scalar.string.lowercased() == "self" { return .selfPaced }
        guard let hz = number(node, path, expected: "a rate in Hz (e.g. 1.0) or `self`") else { return nil }
        guard Pace.allowedHz.contains(hz) else {
            let shown = Self.written(node) ?? ""
            fail(node, path, "\(shown) Hz is outside 0.2–10 Hz", value: shown)
            return nil
        }
        return .hz(hz)
    }

    /// `on`, `off`, `visual`, `audible`, or `{visual: true, audible: false}` (a missing one is false).
    mutating func readMetronome(_ node: Node, _ path: String) -> Metronome? {
        let expected = "on, off, visual, audible or {visual: true/false, audible: true/false}"
        switch node {
        case .scalar(let scalar):
            switch scalar.string.lowercased() {
            case "on", "true", "yes": return .on
            case "off", "false", "no": return .off
            case "visual": return Metronome(visual: true, audible: false)
            case "audible": return Metronome(visual: false, audible: true)
            default:
                fail(node, path, "\(Self.describe(node)) is not one of: \(expected)", value: Self.written(node))
                return nil
            }
        case .mapping(let map):
            guard visit(node, path) else { return nil }
            checkKeys(map, allowed: ["visual", "audible"], path: path)
            let visual = map["visual"].map { bool($0, path + ".visual") }
            let audible = map["audible"].map { bool($0, path + ".audible") }
            if visual == .some(nil) || audible == .some(nil) { return nil }
            return Metronome(visual: (visual ?? false) ?? false, audible: (audible ?? false) ?? false)
        default:
            fail(node, path, "expected \(expected), got \(Self.describe(node))")
            return nil
        }
    }
}
