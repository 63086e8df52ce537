/// Issue 16: the finger tapping test's trial-consistency rule, applied live. When the last trial
/// in the timeline ends, each hand whose trials do not yet hold `consistentTrials` within
/// `withinTaps` of each other (and has had fewer than `maximumTrials`) gets one more trial, each
/// after a rest, inserted right after the trial that just ended — the hand that did not just tap
/// first, so the hands keep alternating. The same taps always give the same extra trials, so a
/// recovered session replays to the same timeline.
extension Session {
    /// The trials so far of each hand: (block index, counted taps), in order.
    public func trialTaps(hand: TappingHand) -> [(block: Int, taps: Int)] {
        guard let rule = definition.trialRule else { return [] }
        return definition.blocks.indices.compactMap { index in
            let block = definition.blocks[index]
            guard block.kind == .tap, block.label == rule.label, self.hand(of: block) == hand,
                  index < blockIndex || (index == blockIndex && activeSeconds[index] != nil) else { return nil }
            return (index, tapTimes[index].count)
        }
    }

    mutating func addTrialsIfNeeded(after ended: Int) {
        guard let rule = definition.trialRule else { return }
        let block = definition.blocks[ended]
        guard block.kind == .tap, block.label == rule.label,
              !definition.blocks[(ended + 1)...].contains(where: { $0.kind == .tap && $0.label == rule.label }) else { return }
        let justTapped = hand(of: block)
        let hands = TappingHand.allCases.sorted { a, b in (a == justTapped ? 1 : 0, a) < (b == justTapped ? 1 : 0, b) }
        var added: [Block] = []
        for hand in hands {
            let taps = trialTaps(hand: hand).map(\.taps)
            guard !taps.isEmpty, TrialConsistency.needsAnotherTrial(taps: taps, rule: rule) else { continue }
            var trial = block
            trial.hand = hand
            trial.repetition = taps.count + 1
            trial.isExtraTrial = true
            added.append(Block(kind: .rest, label: "rest", durationSeconds: rule.restSeconds))
            added.append(trial)
        }
        guard !added.isEmpty else { return }
        definition.blocks.insert(contentsOf: added, at: ended + 1)
        let at = ended + 1, n = added.count
        tapTimes.insert(contentsOf: Array(repeating: [], count: n), at: at)
        beatOffsets.insert(contentsOf: Array(repeating: [], count: n), at: at)
        autorepeats.insert(contentsOf: Array(repeating: 0, count: n), at: at)
        activeSeconds.insert(contentsOf: Array(repeating: nil, count: n), at: at)
        blockStarts.insert(contentsOf: Array(repeating: nil, count: n), at: at)
    }

    /// True when the trial rule added blocks to the protocol's timeline.
    public var timelineGrew: Bool { definition.blocks.contains { $0.isExtraTrial == true } }
}
