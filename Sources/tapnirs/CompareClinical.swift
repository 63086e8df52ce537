import TapCore
import TapIO

/// Issue 16's part of `tapnirs compare`: who was tested in each session, the results per hand (the
/// FTT score), z against the norms that fit, and for each measure the change from the first
/// session with its reliable change index (`ReliableChange`: Jacobson & Truax 1991, noise from each
/// session's own block-to-block variability).
enum CompareClinical {
    struct Column {
        var session: String
        var participant: Participant?
        var hands: [HandResult]
        var blocks: [Block]
    }

    static func column(session: String, manifest: SessionManifest, summary: SessionSummaryFile) -> Column {
        let hands = summary.clinical?.hands ?? HandResults.make(
            blocks: manifest.blocksRun, summaries: summary.blocks, detections: summary.detectors,
            participant: manifest.participant, rule: manifest.protocol.parsed.trialRule)
        return Column(session: session, participant: manifest.participant, hands: hands, blocks: manifest.blocksRun)
    }

    /// One measure of one hand and block kind, as each session has it: its per-block values.
    struct Measure {
        var name: String
        var unit: String
        var scale: Double
        var digits: Int
        var higherIsBetter: Bool
        var values: (Column) -> [Double]
    }

    static func measures(_ columns: [Column]) -> [Measure] {
        var keys: [(TappingHand?, String)] = []
        for column in columns {
            for hand in column.hands {
                for label in hand.blocks where !keys.contains(where: { $0.0 == hand.hand && $0.1 == label.label }) {
                    keys.append((hand.hand, label.label))
                }
            }
        }
        var result: [Measure] = []
        for (hand, label) in keys {
            let who = (hand.map { $0.rawValue + " hand" } ?? "hand not given") + ", " + label
            func find(_ c: Column) -> HandResult.LabelResult? {
                c.hands.first { $0.hand == hand }?.blocks.first { $0.label == label }
            }
            let isTrialLabel = columns.contains { c in
                guard let h = c.hands.first(where: { $0.hand == hand }), let ftt = h.ftt,
                      let l = h.blocks.first(where: { $0.label == label }) else { return false }
                return l.blockNumbers == ftt.trialBlocks
            }
            if isTrialLabel {
                result.append(Measure(name: (hand.map { $0.rawValue + " hand" } ?? "hand not given") + ", FTT score", unit: "taps",
                                      scale: 1, digits: 1, higherIsBetter: true) { c in
                    guard let ftt = c.hands.first(where: { $0.hand == hand })?.ftt else { return [] }
                    return zip(ftt.trialBlocks, ftt.trialTaps).filter { ftt.consistentBlocks.contains($0.0) }.map { Double($0.1) }
                })
            }
            result.append(Measure(name: who + ", taps per block", unit: "taps", scale: 1, digits: 1, higherIsBetter: true) { c in
                find(c)?.taps.map(Double.init) ?? []
            })
            result.append(Measure(name: who + ", rate", unit: "Hz", scale: 1, digits: 2, higherIsBetter: true) { c in
                find(c)?.ratesHz ?? []
            })
            result.append(Measure(name: who + ", decline", unit: "points", scale: 100, digits: 0, higherIsBetter: false) { c in
                find(c)?.declines ?? []
            })
        }
        return result
    }

    static func render(_ columns: [Column], norms: NormTable) -> String {
        var lines: [String] = ["", "who and which hand"]
        for column in columns {
            lines.append("  " + column.session + ": "
                         + (column.participant ?? Participant()).summaryText(handsTested: column.hands.compactMap(\.hand)))
        }
        let all = measures(columns)
        lines.append("")
        lines.append("per hand (mean over the session's blocks; n blocks)")
        for measure in all {
            let cells = columns.map { c -> String in
                let v = measure.values(c)
                guard !v.isEmpty else { return "–" }
                return FixedDecimal.format(seconds: v.reduce(0, +) / Double(v.count) * measure.scale, digits: measure.digits)
                    + " (n \(v.count))"
            }
            guard cells.contains(where: { $0 != "–" }) else { continue }
            lines.append("  " + measure.name + " (" + measure.unit + "): " + cells.joined(separator: " | "))
        }

        var normLines: [String] = []
        for column in columns {
            for c in NormComparison.all(hands: column.hands, blocks: column.blocks, participant: column.participant, table: norms) {
                normLines.append("  " + column.session + ": " + c.text)
            }
        }
        lines.append("")
        lines.append("against healthy norms (\(norms.name))")
        lines += normLines.isEmpty ? ["  no norm fits these sessions' subject and blocks (see docs/clinical.md; tapnirs norms build makes local ones)"]
                                   : normLines

        guard columns.count >= 2, let first = columns.first else { return lines.joined(separator: "\n") }
        lines.append("")
        lines.append("change from \(first.session) (reliable change index: change / √(SE₁² + SE₂²), SE = each session's "
                     + "block-to-block SD / √n; beyond noise when |RCI| > 1.96, Jacobson & Truax 1991)")
        for column in columns.dropFirst() {
            lines.append("  " + column.session + ":")
            var any = false
            for measure in all {
                let a = measure.values(first), b = measure.values(column)
                guard !a.isEmpty, !b.isEmpty else { continue }
                any = true
                if let rc = ReliableChange(before: a, after: b) {
                    lines.append("    " + measure.name + ": " + rc.text(unit: measure.unit, scale: measure.scale, digits: measure.digits,
                                                                         higherIsBetter: measure.higherIsBetter))
                } else {
                    lines.append("    " + measure.name + ": too few blocks to judge (need 2 per session, have \(a.count) and \(b.count))")
                }
            }
            if !any { lines.append("    no measure in common") }
        }
        lines.append("  RCI counts the noise between blocks of one visit, not between visits (practice, time of day): "
                     + "treat a reliable change as a prompt to look, not a diagnosis.")
        return lines.joined(separator: "\n")
    }
}
