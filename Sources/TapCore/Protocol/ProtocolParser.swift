import Yams

/// Reads a protocol from YAML (or JSON, which is YAML) text into a validated `SessionProtocol`.
///
/// Pure: text in, protocol or `ProtocolError` out. Walks Yams' node tree (which keeps line
/// numbers) instead of decoding with Codable, so every problem names its line and field,
/// unknown keys are caught, and all problems are reported at once.
public enum ProtocolParser {
    /// Top-level keys. Later features add sections here (`fnirs`, `detectors`).
    static let topLevelKeys = ["name", "description", "tap_keys", "hand", "on_pause", "autorepeat_max_interval",
                               "baseline", "blocks"]
    static let restKeys = ["duration", "label", "cue"]
    static let tapKeys = ["duration", "label", "cue", "pace", "metronome"]
    static let repeatKeys = ["repeat", "blocks"]
    static let baselineKeys = ["duration", "cue"]

    /// Keys the live screen uses for commands; a tap key may not be one of them.
    public static let commandKeys: Set<String> = ["p", "m", "v", "q", "?"]
    public static let maximumTotalSeconds = 4.0 * 3600
    public static let maximumBlockSeconds = 3600.0
    public static let repeatRange = 1...100
    public static let autorepeatRange = 0.02...0.2
    static let maximumNesting = 4
    static let maximumBlocks = 5000
    /// Bound on the nodes visited: an alias bomb cannot hang the parser.
    static let maximumNodes = 100_000
    static let maximumBytes = 1 << 20

    public static func parse(text: String, fileName: String) throws(ProtocolError) -> SessionProtocol {
        var reader = Reader()
        let definition = reader.read(text)
        guard reader.issues.isEmpty, let definition else {
            throw ProtocolError(file: fileName, issues: reader.issues)
        }
        return definition
    }
}

/// The walk over the document, collecting issues as it goes.
struct Reader {
    var issues: [ProtocolError.Issue] = []
    var visited = 0

    mutating func fail(_ node: Node?, _ field: String, _ message: String) {
        issues.append(.init(line: node?.mark?.line, column: node?.mark?.column, field: field, message: message))
    }

    mutating func read(_ text: String) -> SessionProtocol? {
        guard text.utf8.count <= ProtocolParser.maximumBytes else {
            fail(nil, "", "file is larger than 1 MiB; a protocol is a short text file")
            return nil
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            issues.append(Self.syntaxIssue(error))
            return nil
        } catch {
            fail(nil, "", "not readable as YAML or JSON: \(error)")
            return nil
        }
        guard let root else {
            fail(nil, "", "the file is empty; a protocol needs at least `name` and `blocks`")
            return nil
        }
        guard let top = mapping(root, "") else { return nil }
        checkKeys(top, allowed: ProtocolParser.topLevelKeys, path: "")

        let name = string(top["name"], "name", required: true, keyNode: root) ?? ""
        let description = string(top["description"], "description", required: false, keyNode: root) ?? ""
        var tapKeys: [TapKey] = [.space]
        if let node = top["tap_keys"] { tapKeys = readTapKeys(node) }
        let hand: Hand = enumValue(top["hand"], "hand", default: .right)
        let onPause: PauseRule = enumValue(top["on_pause"], "on_pause", default: .resume)
        var autorepeat = 0.075
        if let node = top["autorepeat_max_interval"], let value = number(node, "autorepeat_max_interval") {
            if ProtocolParser.autorepeatRange.contains(value) { autorepeat = value } else {
                fail(node, "autorepeat_max_interval", "\(format(value)) s is outside 0.02–0.2 s")
            }
        }

        var blocks: [Block] = []
        if let node = top["baseline"], let baseline = readBaseline(node) { blocks.append(baseline) }
        if let node = top["blocks"] {
            let issuesBefore = issues.count
            let body = readBlockList(node, path: "blocks", depth: 0, repetition: nil)
            if body.isEmpty, issues.count == issuesBefore, case .sequence = node {
                fail(node, "blocks", "the block list is empty; add at least one `rest` or `tap` block")
            }
            blocks += body
        } else {
            fail(root, "blocks", "missing: a protocol needs a `blocks` list")
        }
        if blocks.count > ProtocolParser.maximumBlocks {
            fail(top["blocks"], "blocks", "\(blocks.count) blocks after expanding repeats; at most \(ProtocolParser.maximumBlocks)")
        }
        let total = blocks.reduce(0) { $0 + $1.durationSeconds }
        if total > ProtocolParser.maximumTotalSeconds {
            fail(top["blocks"], "blocks", "total duration \(SessionProtocol.clock(total)) is longer than 4 hours")
        }
        if issues.isEmpty && !blocks.contains(where: { $0.kind == .tap }) {
            fail(top["blocks"], "blocks", "no `tap` block: a tapping protocol needs at least one")
        }
        return SessionProtocol(name: name, description: description, tapKeys: tapKeys, hand: hand, onPause: onPause,
                               autorepeatMaxIntervalSeconds: autorepeat, blocks: blocks)
    }

    // MARK: Sections

    mutating func readTapKeys(_ node: Node) -> [TapKey] {
        let items: [(Node, String)]
        switch node {
        case .sequence(let sequence): items = sequence.enumerated().map { ($1, "tap_keys[\($0)]") }
        case .scalar: items = [(node, "tap_keys")]
        default:
            fail(node, "tap_keys", "expected a list of keys, e.g. [space]")
            return [.space]
        }
        var keys: [TapKey] = []
        for (item, path) in items {
            guard let text = string(item, path, required: true, keyNode: node) else { continue }
            guard let key = TapKey(text) else {
                fail(item, path, "'\(text)' is not a key: use space, enter, or one printable character")
                continue
            }
            if ProtocolParser.commandKeys.contains(key.name) {
                fail(item, path, "'\(text)' is a command key (p m v q ?); choose another tap key")
                continue
            }
            if !keys.contains(key) { keys.append(key) }
        }
        if keys.isEmpty && issues.isEmpty { fail(node, "tap_keys", "the list is empty; e.g. [space]") }
        return keys.isEmpty ? [.space] : keys
    }

    mutating func readBaseline(_ node: Node) -> Block? {
        var duration: Double?
        var cue: String?
        if case .scalar = node {
            duration = self.duration(node, "baseline")
        } else if let map = mapping(node, "baseline") {
            checkKeys(map, allowed: ProtocolParser.baselineKeys, path: "baseline")
            duration = map["duration"].flatMap { self.duration($0, "baseline.duration") }
            if map["duration"] == nil { fail(node, "baseline.duration", "missing: how long the baseline rest lasts, in seconds") }
            cue = string(map["cue"], "baseline.cue", required: false, keyNode: node)
        }
        guard let duration else { return nil }
        return Block(kind: .rest, label: "baseline", cue: cue ?? "REST", durationSeconds: duration, isBaseline: true)
    }

    mutating func readBlockList(_ node: Node, path: String, depth: Int, repetition: Int?) -> [Block] {
        guard case .sequence(let sequence) = node else {
            fail(node, path, "expected a list of blocks (each `- rest: …`, `- tap: …` or `- repeat: …`)")
            return []
        }
        var blocks: [Block] = []
        for (index, item) in sequence.enumerated() {
            blocks += readItem(item, path: "\(path)[\(index)]", depth: depth, repetition: repetition)
            if blocks.count > ProtocolParser.maximumBlocks { return blocks }
        }
        return blocks
    }

    mutating func readItem(_ node: Node, path: String, depth: Int, repetition: Int?) -> [Block] {
        guard let map = mapping(node, path) else { return [] }
        let kinds = ["rest", "tap", "repeat"].filter { map[$0] != nil }
        guard kinds.count == 1, let kind = kinds.first else {
            let found = map.keys.compactMap(\.string).joined(separator: ", ")
            fail(node, path, kinds.isEmpty
                 ? "each block needs exactly one of `rest`, `tap` or `repeat` (found: \(found.isEmpty ? "nothing" : found))"
                 : "a block can be only one of `rest`, `tap`, `repeat`, not \(kinds.joined(separator: " and "))")
            return []
        }
        if kind == "repeat" { return readRepeat(map, node: node, path: path, depth: depth) }
        checkKeys(map, allowed: [kind], path: path)
        guard let body = map[kind] else { return [] }
        let block = kind == "rest" ? readRest(body, path: path + ".rest") : readTap(body, path: path + ".tap")
        guard var block else { return [] }
        block.repetition = repetition
        return [block]
    }

    mutating func readRepeat(_ map: Node.Mapping, node: Node, path: String, depth: Int) -> [Block] {
        checkKeys(map, allowed: ProtocolParser.repeatKeys, path: path)
        guard depth < ProtocolParser.maximumNesting else {
            fail(node, path, "repeats nested more than \(ProtocolParser.maximumNesting) deep")
            return []
        }
        var count = 1
        if let countNode = map["repeat"], let value = number(countNode, path + ".repeat") {
            if value != value.rounded() || !ProtocolParser.repeatRange.contains(Int(exactly: value.rounded()) ?? 0) {
                fail(countNode, path + ".repeat", "\(format(value)) is not a whole number from 1 to 100")
                return []
            }
            count = Int(value)
        } else { return [] }
        guard let list = map["blocks"] else {
            fail(node, path + ".blocks", "missing: the blocks to repeat")
            return []
        }
        var blocks: [Block] = []
        for k in 1...count {
            let errorsBefore = issues.count
            blocks += readBlockList(list, path: path + ".blocks", depth: depth + 1, repetition: k)
            if issues.count > errorsBefore { return [] }  // report a bad group once, not N times
            if blocks.count > ProtocolParser.maximumBlocks { break }
        }
        if blocks.isEmpty { fail(list, path + ".blocks", "the group to repeat is empty") }
        return blocks
    }

    mutating func readRest(_ node: Node, path: String) -> Block? {
        if case .scalar = node {  // shorthand `- rest: 30`
            return duration(node, path).map { Block(kind: .rest, label: "rest", durationSeconds: $0) }
        }
        guard let map = mapping(node, path) else { return nil }
        checkKeys(map, allowed: ProtocolParser.restKeys, path: path)
        let label = labelValue(map["label"], path + ".label") ?? "rest"
        let cue = string(map["cue"], path + ".cue", required: false, keyNode: node)
        guard let durationNode = map["duration"] else {
            fail(node, path + ".duration", "missing: how long the rest lasts, in seconds")
            return nil
        }
        guard let seconds = duration(durationNode, path + ".duration") else { return nil }
        return Block(kind: .rest, label: label, cue: cue, durationSeconds: seconds)
    }

    mutating func readTap(_ node: Node, path: String) -> Block? {
        guard let map = mapping(node, path) else { return nil }
        checkKeys(map, allowed: ProtocolParser.tapKeys, path: path)
        var ok = true
        let label = labelValue(map["label"], path + ".label")
        if map["label"] == nil { fail(node, path + ".label", "missing: a short name such as slow or fast"); ok = false }
        let cue = string(map["cue"], path + ".cue", required: false, keyNode: node)
        var seconds: Double?
        if let d = map["duration"] { seconds = duration(d, path + ".duration") } else {
            fail(node, path + ".duration", "missing: how long the block lasts, in seconds"); ok = false
        }
        var pace: Pace?
        if let p = map["pace"] { pace = readPace(p, path + ".pace") } else {
            fail(node, path + ".pace", "missing: a rate in Hz (e.g. 1.0) or `self` for as fast as possible"); ok = false
        }
        var metronome: Metronome = pace == .selfPaced || pace == nil ? .off : .on
        if let m = map["metronome"], let value = readMetronome(m, path + ".metronome") {
            if pace == .selfPaced && value.isOn {
                fail(m, path + ".metronome", "a self-paced block has no beat; remove the metronome or give a pace in Hz")
                ok = false
            }
            metronome = value
        }
        guard ok, let label, let seconds, let pace else { return nil }
        return Block(kind: .tap, label: label, cue: cue, durationSeconds: seconds, pace: pace, metronome: metronome)
    }

    mutating func readPace(_ node: Node, _ path: String) -> Pace? {
        if case .scalar(let scalar) = node, scalar.string.lowercased() == "self" { return .selfPaced }
        guard let hz = number(node, path, expected: "a rate in Hz (e.g. 1.0) or `self`") else { return nil }
        guard Pace.allowedHz.contains(hz) else {
            fail(node, path, "\(format(hz)) Hz is outside 0.2–10 Hz")
            return nil
        }
        return .hz(hz)
    }

    mutating func readMetronome(_ node: Node, _ path: String) -> Metronome? {
        switch node {
        case .scalar(let scalar):
            switch scalar.string.lowercased() {
            case "on", "true", "yes": return .on
            case "off", "false", "no": return .off
            case "visual": return Metronome(visual: true, audible: false)
            case "audible": return Metronome(visual: false, audible: true)
            default:
                fail(node, path, "'\(scalar.string)' is not on, off, visual, audible or {visual: …, audible: …}")
                return nil
            }
        case .mapping(let map):
            checkKeys(map, allowed: ["visual", "audible"], path: path)
            let visual = bool(map["visual"], path + ".visual") ?? true
            let audible = bool(map["audible"], path + ".audible") ?? true
            return Metronome(visual: visual, audible: audible)
        default:
            fail(node, path, "expected on, off, visual, audible or {visual: …, audible: …}")
            return nil
        }
    }

    // MARK: Values

    mutating func mapping(_ node: Node, _ path: String) -> Node.Mapping? {
        visited += 1
        if visited > ProtocolParser.maximumNodes {
            if visited == ProtocolParser.maximumNodes + 1 { fail(node, path, "document too large or too deeply aliased") }
            return nil
        }
        switch node {
        case .mapping(let map): return map
        case .alias: fail(node, path, "YAML aliases are not supported in protocols"); return nil
        default:
            fail(node, path.isEmpty ? "" : path, path.isEmpty
                 ? "the top level must be a mapping of keys (name:, blocks:, …), not \(Self.kindName(node))"
                 : "expected a mapping of keys, got \(Self.kindName(node))")
            return nil
        }
    }

    mutating func checkKeys(_ map: Node.Mapping, allowed: [String], path: String) {
        for (key, _) in map {
            guard let name = key.string else { fail(key, path, "keys must be plain words"); continue }
            if !allowed.contains(name) {
                let field = path.isEmpty ? name : path + "." + name
                let hint = Self.nearest(name, in: allowed).map { " (did you mean `\($0)`?)" } ?? ""
                fail(key, field, "unknown key\(hint); allowed here: \(allowed.joined(separator: ", "))")
            }
        }
    }

    mutating func string(_ node: Node?, _ path: String, required: Bool, keyNode: Node) -> String? {
        guard let node else {
            if required { fail(keyNode, path, "missing") }
            return nil
        }
        guard case .scalar(let scalar) = node else {
            fail(node, path, "expected text, got \(Self.kindName(node))")
            return nil
        }
        if required && scalar.string.allSatisfy(\.isWhitespace) {
            fail(node, path, "must not be empty")
            return nil
        }
        return scalar.string
    }

    /// Block labels become `trial_type` values and column values: a short word.
    mutating func labelValue(_ node: Node?, _ path: String) -> String? {
        guard let node else { return nil }
        guard case .scalar(let scalar) = node else {
            fail(node, path, "expected a short word, got \(Self.kindName(node))")
            return nil
        }
        let text = scalar.string
        let allowed = text.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-") }
        guard !text.isEmpty, text.count <= 32, allowed else {
            fail(node, path, "'\(text)' must be 1–32 letters, digits, - or _ (it becomes a trial_type)")
            return nil
        }
        return text
    }

    mutating func number(_ node: Node, _ path: String, expected: String = "a number") -> Double? {
        guard case .scalar(let scalar) = node, scalar.style == .plain || scalar.style == .any,
              let value = Double(scalar.string), value.isFinite else {
            let shown: String
            if case .scalar(let s) = node { shown = "'\(s.string)'" } else { shown = Self.kindName(node) }
            fail(node, path, "expected \(expected), got \(shown)")
            return nil
        }
        return value
    }

    mutating func duration(_ node: Node, _ path: String) -> Double? {
        guard let seconds = number(node, path, expected: "a duration in seconds") else { return nil }
        guard seconds > 0 else {
            fail(node, path, "\(format(seconds)) s: a duration must be positive")
            return nil
        }
        guard seconds <= ProtocolParser.maximumBlockSeconds else {
            fail(node, path, "\(format(seconds)) s is longer than the 1-hour limit for one block")
            return nil
        }
        return seconds
    }

    mutating func bool(_ node: Node?, _ path: String) -> Bool? {
        guard let node else { return nil }
        if case .scalar(let scalar) = node {
            switch scalar.string.lowercased() {
            case "true", "yes", "on": return true
            case "false", "no", "off": return false
            default: break
            }
        }
        fail(node, path, "expected true or false")
        return nil
    }

    mutating func enumValue<T: RawRepresentable & CaseIterable>(_ node: Node?, _ path: String, default value: T) -> T
    where T.RawValue == String {
        guard let node else { return value }
        if case .scalar(let scalar) = node, let parsed = T(rawValue: scalar.string.lowercased()) { return parsed }
        let options = T.allCases.map(\.rawValue).joined(separator: ", ")
        let shown: String
        if case .scalar(let s) = node { shown = "'\(s.string)'" } else { shown = Self.kindName(node) }
        fail(node, path, "\(shown) is not one of: \(options)")
        return value
    }

    func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    static func kindName(_ node: Node) -> String {
        switch node {
        case .scalar(let s): return "'\(s.string)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    static func syntaxIssue(_ error: YamlError) -> ProtocolError.Issue {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
             .composer(_, let problem, let mark, _):
            return .init(line: mark.line, column: mark.column, field: "", message: "not valid YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return .init(line: context.mark.line, column: context.mark.column, field: "",
                         message: "duplicate key \(duplicates.joined(separator: ", "))")
        case .reader(let problem, _, _, _):
            return .init(line: nil, field: "", message: "not readable as text: \(problem)")
        default:
            return .init(line: nil, field: "", message: "not valid YAML: \(error)")
        }
    }

    /// The allowed key closest to a misspelt one (edit distance ≤ 2), for "did you mean".
    static func nearest(_ word: String, in candidates: [String]) -> String? {
        let best = candidates.map { ($0, editDistance(word.lowercased(), $0)) }.min { $0.1 < $1.1 }
        return best.flatMap { $0.1 <= 2 ? $0.0 : nil }
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
