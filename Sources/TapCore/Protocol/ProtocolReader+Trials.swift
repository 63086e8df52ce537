import Yams

extension ProtocolParser {
    static let trialFields = ["label", "consistent", "within_taps", "max_per_hand", "rest"]
}

/// The `trials:` section: the finger tapping test's trial-consistency rule (`TrialRule`).
extension ProtocolReader {
    /// `trials: {label: trial, consistent: 5, within_taps: 5, max_per_hand: 10, rest: 20}`; every key
    /// has that default.
    mutating func readTrialRule(_ node: Node) -> TrialRule? {
        guard let map = mapping(node, "trials") else { return nil }
        checkKeys(map, allowed: ProtocolParser.trialFields, path: "trials")
        var rule = TrialRule()
        var ok = true
        if let labelNode = map["label"] {
            if let label = label(labelNode, "trials.label") { rule.label = label } else { ok = false }
        }
        if let n = map["consistent"] {
            if let value = wholeNumber(n, "trials.consistent", in: TrialRule.consistentRange) { rule.consistentTrials = value } else { ok = false }
        }
        if let n = map["within_taps"] {
            if let value = wholeNumber(n, "trials.within_taps", in: TrialRule.withinTapsRange) { rule.withinTaps = value } else { ok = false }
        }
        if let n = map["max_per_hand"] {
            if let value = wholeNumber(n, "trials.max_per_hand", in: TrialRule.maximumTrialsRange) { rule.maximumTrials = value } else { ok = false }
        }
        if let n = map["rest"] {
            if let value = duration(n, "trials.rest") { rule.restSeconds = value } else { ok = false }
        }
        if ok, rule.maximumTrials < rule.consistentTrials {
            fail(map["max_per_hand"] ?? node, "trials.max_per_hand",
                 "\(rule.maximumTrials) trials per hand cannot hold \(rule.consistentTrials) consistent ones; give at least \(rule.consistentTrials)",
                 value: String(rule.maximumTrials))
            ok = false
        }
        return ok ? rule : nil
    }

    /// The rule must name tap blocks, and no hand may already have more trials than its maximum.
    mutating func checkTrials(_ rule: TrialRule, in definition: SessionProtocol, node: Node) {
        guard !hasIssues else { return }
        let trials = definition.blocks.filter { $0.kind == .tap && $0.label == rule.label }
        guard !trials.isEmpty else {
            let labels = Array(Set(definition.blocks.filter { $0.kind == .tap }.map(\.label))).sorted()
            fail(node, "trials.label", "no tap block is labelled \(Self.quote(rule.label)); the tap blocks here are: "
                 + labels.joined(separator: ", "), value: rule.label)
            return
        }
        for hand in TappingHand.allCases {
            let count = trials.filter { ($0.hand ?? definition.hand.tappingHand) == hand }.count
            if count > rule.maximumTrials {
                fail(node, "trials.max_per_hand", "the protocol already has \(count) \(hand.rawValue)-hand trials, "
                     + "more than max_per_hand (\(rule.maximumTrials))")
            }
        }
    }
}
