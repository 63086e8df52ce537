import Yams

/// The walk over one document, collecting every problem as it goes rather than stopping at
/// the first. Section readers are in `ProtocolReader+Blocks.swift`, value readers in
/// `ProtocolReader+Values.swift`.
struct ProtocolReader {
    private var issues: [ProtocolError.Issue] = []
    /// Problems found beyond `maximumIssues`, counted but not listed.
    private var unlisted = 0
    /// Positions and messages already reported.
    private var reported: Set<String> = []
    /// Nodes visited so far, against `maximumNodes`.
    private var visited = 0

    var hasIssues: Bool { !issues.isEmpty }

    mutating func fail(_ node: Node?, _ field: String, _ message: String, value: String? = nil) {
        // Through YAML aliases one spot in the file can be reached by many paths; it is one problem.
        let place = "\(node?.mark?.line ?? 0):\(node?.mark?.column ?? 0):\(message)"
        guard node?.mark == nil || reported.insert(place).inserted else { return }
        guard issues.count < ProtocolParser.maximumIssues else {
            unlisted += 1
            return
        }
        issues.append(.init(line: node?.mark?.line, column: node?.mark?.column, field: field, value: value,
                            message: message))
    }

    /// Counts a node against the budget; false (after one issue) once the budget is spent.
    mutating func visit(_ node: Node, _ path: String) -> Bool {
        visited += 1
        if visited == ProtocolParser.maximumNodes + 1 {
            fail(node, path, "the document is too large (over \(ProtocolParser.maximumNodes) values, counting "
                 + "each use of a YAML alias); a protocol is a short file")
        }
        return visited <= ProtocolParser.maximumNodes
    }

    /// The issues in file order (stable for equal positions), with a last line for any left unlisted.
    func finishedIssues() -> [ProtocolError.Issue] {
        var sorted = issues.enumerated().sorted { a, b in
            let (la, lb) = (a.element.line ?? 0, b.element.line ?? 0)
            if la != lb { return la < lb }
            let (ca, cb) = (a.element.column ?? 0, b.element.column ?? 0)
            return ca != cb ? ca < cb : a.offset < b.offset
        }.map(\.element)
        if unlisted > 0 {
            sorted.append(.init(line: nil, field: "", message: "… and \(unlisted) more problem\(unlisted == 1 ? "" : "s")"
                                + " not listed; fix these and check again"))
        }
        return sorted
    }

    // MARK: The document

    mutating func read(_ text: String) -> SessionProtocol? {
        guard text.utf8.count <= ProtocolParser.maximumBytes else {
            fail(nil, "", "the file is larger than 1 MiB; a protocol is a short text file")
            return nil
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            issues.append(Self.syntaxIssue(error))
            return nil
        } catch {
            fail(nil, "", "not valid YAML or JSON: \(error)")
            return nil
        }
        guard let root else {
            fail(nil, "", "the file is empty; a protocol needs at least `name` and `blocks` (see docs/protocol-format.md)")
            return nil
        }
        guard case .mapping(let top) = root else {
            fail(root, "", "the top level must be a mapping of keys (name:, blocks:, …), not \(Self.describe(root))")
            return nil
        }
        _ = visit(root, "")
        checkTopLevelKeys(top)
        var draft = ProtocolDraft()
        for section in ProtocolParser.sections {
            if let node = top[section.key] {
                section.read(&self, node, &draft)
            } else if let missing = section.missing {
                fail(root, section.key, "missing: " + missing)
            }
        }
        checkWhole(draft.protocolValue, blocksNode: top["blocks"] ?? root)
        if let rule = draft.trialRule { checkTrials(rule, in: draft.protocolValue, node: top["trials"] ?? root) }
        return draft.protocolValue
    }

    mutating func checkTopLevelKeys(_ top: Node.Mapping) {
        let allowed = ProtocolParser.topLevelKeys
        for key in top.keys {
            guard let name = plainKey(key, "") else { continue }
            guard !allowed.contains(name) else { continue }
            unknownKey(key, name, field: name, allowed: allowed)
        }
    }

    /// Rules about the protocol as a whole, once every block is read.
    mutating func checkWhole(_ definition: SessionProtocol, blocksNode: Node) {
        let total = definition.totalDurationSeconds
        if total > ProtocolParser.maximumTotalSeconds {
            fail(blocksNode, "blocks", "the protocol lasts \(SessionProtocol.clock(total)), longer than 4 hours "
                 + "(\(SessionProtocol.clock(ProtocolParser.maximumTotalSeconds)))")
        }
        if !hasIssues && !definition.blocks.contains(where: { $0.kind == .tap }) {
            fail(blocksNode, "blocks", "no `tap` block: a tapping protocol needs at least one")
        }
    }

    // MARK: YAML syntax

    static func syntaxIssue(_ error: YamlError) -> ProtocolError.Issue {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let during = context.map { " (\($0.text) at line \($0.mark.line))" } ?? ""
            return .init(line: mark.line, column: mark.column, field: "",
                         message: "not valid YAML or JSON: \(plainProblem(problem))\(during)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "`\($0)`" }.joined(separator: ", ")
            return .init(line: context.mark.line, column: context.mark.column, field: "", value: duplicates.first,
                         message: "duplicate key \(keys): a key may appear only once in a mapping "
                            + "(this line is its first use)")
        case .reader(let problem, _, _, _):
            return .init(line: nil, field: "", message: "not readable as text: \(problem)")
        default:
            return .init(line: nil, field: "", message: "not valid YAML or JSON: \(error)")
        }
    }

    /// libyaml's wording, where it speaks of its own API rather than of the file.
    static func plainProblem(_ problem: String) -> String {
        problem.hasPrefix("Maximum nesting level reached") ? "nested more than 1000 levels deep" : problem
    }
}
