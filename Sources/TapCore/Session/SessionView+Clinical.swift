/// Issue 16's part of the frame: the participant line and form, the hand of the current and next
/// block, the trial count under the FTT rule, and the per-hand results at the end.
extension Session {
    func clinicalView(into view: inout SessionView) {
        view.participantText = participant.summaryText
        if let form = participantForm, phase == .ready {
            view.form = form.fields.enumerated().map { index, field in
                let focused = index == form.focus
                switch field {
                case .age:
                    return .init(name: "age", value: form.ageText.isEmpty ? "" : form.ageText + " y",
                                 choices: "digits, \(Participant.ageRange.lowerBound)–\(Participant.ageRange.upperBound)",
                                 focused: focused, invalid: form.ageIsInvalid)
                case .sex:
                    return .init(name: "sex", value: participant.sex?.rawValue ?? "", choices: "f female · m male · o other",
                                 focused: focused, invalid: false)
                case .handedness:
                    return .init(name: "handedness", value: participant.handedness?.rawValue ?? "",
                                 choices: "r right · l left · a ambidextrous", focused: focused, invalid: false)
                case .hand:
                    return .init(name: "hand tested", value: participant.hand?.rawValue ?? "", choices: "r right · l left",
                                 focused: focused, invalid: false)
                }
            }
        }
        if phase == .running || phase == .paused {
            let block = definition.blocks[blockIndex]
            if block.kind == .tap { view.hand = hand(of: block) }
            if blockIndex + 1 < definition.blocks.count {
                let next = definition.blocks[blockIndex + 1]
                if next.kind == .tap { view.nextHand = hand(of: next) }
            }
            if let rule = definition.trialRule, block.kind == .tap, block.label == rule.label, let h = hand(of: block) {
                let done = definition.blocks[..<blockIndex].filter { $0.kind == .tap && $0.label == rule.label && hand(of: $0) == h }.count
                let planned = definition.blocks.filter { $0.kind == .tap && $0.label == rule.label && hand(of: $0) == h }.count
                view.trialText = "trial \(done + 1) of \(planned)" + (block.isExtraTrial == true ? " (added: trials disagreed)" : "")
            }
        }
        if phase == .finished || phase == .exited {
            let hands = HandResults.make(blocks: definition.blocks, summaries: summaries, detections: detections,
                                         participant: participant, rule: definition.trialRule)
            view.participantText = participant.summaryText(handsTested: hands.compactMap(\.hand))
            view.handLines = hands.map { hand in
                if let ftt = hand.ftt { return hand.handText + ": " + ftt.text }
                return hand.handText + ": " + hand.blocks.map { label in
                    label.label + " \(label.blockNumbers.count)× mean " + FixedDecimal.format(seconds: label.meanTaps, digits: 1) + " taps"
                        + (label.meanRateHz.map { ", " + FixedDecimal.format(seconds: $0, digits: 2) + " Hz" } ?? "")
                }.joined(separator: "; ")
            }
        }
    }
}
