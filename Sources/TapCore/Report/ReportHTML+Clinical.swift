/// Issue 16's parts of `report.html` and of the text report: who was tested, the results per hand
/// (the FTT score), how they compare with the norms that fit, and what the numbers do and do not mean.
extension ReportInput {
    /// summary.json's hand results, or rebuilt from the other files for a session recorded before them.
    public var handResults: [HandResult] {
        if let hands = clinical?.hands { return hands }
        let blocks = blocksRun.isEmpty ? [] : blocksRun
        return HandResults.make(blocks: blocks, summaries: summaries, detections: detections, participant: participant,
                                rule: trialRule)
    }

    /// Against the norms given to the command when there are some, else as summary.json recorded them.
    public var normComparisons: [NormComparison] {
        if let norms { return NormComparison.all(hands: handResults, blocks: blocksRun, participant: participant, table: norms) }
        return clinical?.norms ?? []
    }

    /// Why no norm fits, in words, when none does.
    public var normsGap: String? {
        guard normComparisons.isEmpty, publishedDeclineComparisons.isEmpty else { return nil }
        var missing: [String] = []
        if participant?.ageYears == nil { missing.append("age") }
        if participant?.sex == nil { missing.append("sex") }
        if participant?.handedness == nil { missing.append("handedness") }
        let given = missing.isEmpty ? "" : " (not given: " + missing.joined(separator: ", ") + ")"
        return "No norm fits this subject and these blocks\(given). The published rows tapnirs ships (the healthy decline over "
            + "a whole maximal trial, 18–30 and 50–70 years) are applied by the fade detector, scaled to each block: see the "
            + "readings. No finger tapping test norm could be read and shipped; build local norms from your own controls "
            + "(tapnirs norms build) and pass them with --norms."
    }
}

extension ReportHTML {
    /// Header rows: age, sex, handedness, the hand(s) tested.
    static func participantRows(_ input: ReportInput) -> [(String, String)] {
        let p = input.participant
        let hands = input.handResults.map(\.handText)
        return [
            ("Age", p?.ageYears.map { "\($0) years" } ?? "not given"),
            ("Sex", p?.sex?.rawValue ?? "not given"),
            ("Handedness", p?.handedness?.rawValue ?? "not given"),
            ("Hand tested", hands.isEmpty ? (p?.hand.map { $0.rawValue } ?? "not given") : hands.joined(separator: ", ")),
        ]
    }

    /// "What the measures mean", "By hand", "Against healthy norms".
    static func clinicalSections(_ input: ReportInput) -> [String] {
        var body: [String] = []
        body.append("<h2>What these numbers mean</h2>")
        body.append("<ul class=\"meaning\">" + meaningLines.map { "<li>\(HTMLText.escape($0))</li>" }.joined() + "</ul>")

        body.append("<h2>By hand</h2>")
        let hands = input.handResults
        if hands.isEmpty {
            body.append("<p class=\"note\">No tapping block was reached.</p>")
        } else {
            var html = "<table class=\"hands\"><tr><th>hand</th><th>blocks</th><th>n</th><th>mean taps</th><th>mean rate (Hz)</th>"
                + "<th>mean decline</th></tr>"
            for hand in hands {
                for label in hand.blocks {
                    let cells = [hand.handText, label.label, String(label.blockNumbers.count), ReportNumber.fixed(label.meanTaps, 1),
                                 label.meanRateHz.map { ReportNumber.fixed($0, 2) } ?? "n/a",
                                 label.meanDecline.map { ReportNumber.fixed($0 * 100, 0) + " %" } ?? "n/a"]
                    html += "<tr>" + cells.enumerated().map { i, c in i >= 2 ? "<td class=\"num\">\(HTMLText.escape(c))</td>"
                                                                             : "<td>\(HTMLText.escape(c))</td>" }.joined() + "</tr>"
                }
            }
            body.append(html + "</table>")
            for hand in hands {
                if let ftt = hand.ftt {
                    body.append("<p class=\"reading\">\(HTMLText.escape(hand.handText + ": " + ftt.text))</p>")
                    body.append("<p class=\"method\">Trials: " + HTMLText.escape(zip(ftt.trialBlocks, ftt.trialTaps).map { block, taps in
                        "block \(block): \(taps)" + (ftt.consistentBlocks.contains(block) ? " ✓" : "")
                    }.joined(separator: " · ")) + ". Rule: \(HTMLText.escape(ftt.ruleText)) per hand; ✓ = the trials that agree and "
                        + "make the score (when several sets agree, the one with the highest mean; docs/clinical.md).</p>")
                }
            }
        }

        body.append("<h2>Against healthy norms</h2>")
        let comparisons = input.normComparisons
        let declines = input.publishedDeclineComparisons
        func list(_ items: [(String, Bool)]) -> String {
            "<ul class=\"norms\">" + items.map { text, beyond in
                "<li" + (beyond ? " class=\"beyond\"" : "") + ">\(HTMLText.escape(text))</li>"
            }.joined() + "</ul>"
        }
        if comparisons.isEmpty && declines.isEmpty {
            body.append("<p class=\"note\">\(HTMLText.escape(input.normsGap ?? ""))</p>")
        }
        if !comparisons.isEmpty { body.append(list(comparisons.map { ($0.text, $0.beyondRange) })) }
        if let first = declines.first {
            body.append("<p>Decline against \(HTMLText.escape(first.sourceText)):</p>")
            body.append(list(declines.map { ($0.text, $0.beyondRange) }))
        }
        body.append("<p class=\"method\">" + HTMLText.escape(normsMethod) + "</p>")
        return body
    }

    static let meaningLines = [
        "This report describes how this person tapped in this session and what the fNIRS recorded. It makes no diagnosis: "
            + "slow or fading tapping has many causes (effort, fatigue, pain, sleep, medication, the keyboard, the instructions).",
        "Taps and rate: how fast the subject tapped. Decline: how much a self-paced (as fast as you can) block slowed from "
            + "2–6 s in to its end; healthy people slow down too (about 17 % over a maximal trial).",
        "A flag means a value beyond a stated range, nothing more: for a fade flag, a decline beyond the healthy range by "
            + "that point of the block (docs/fade-detection.md); against a norm, a value worse than 95 % of the healthy people "
            + "the norm comes from (below the 5th percentile for speed, above the 95th for a decline).",
        "Norms describe the people they were measured on, with their apparatus. Keyboard tapping is not the finger tapping "
            + "test's mechanical tapper, and a phone screen is not a key: published apparatus norms are indicative only. Norms "
            + "built from this clinic's own controls on the same keyboard (tapnirs norms build) are the fair comparison.",
    ]

    static let normsMethod = "z = (value − norm mean) / norm SD; percentile = share of the healthy group with a worse value, "
        + "assuming a normal distribution; beyond the healthy range = worse than the 5th percentile (|z| > 1.645 on the worse "
        + "side) [choice]. A norm is used only when the subject fits its row (age band, sex, hand); none is stretched to fit. "
        + "Evidence: [paper] read in the paper, [paper (abstract)] read in its abstract only, [local] a clinic's own controls."
}

extension ReportText {
    /// The participant line, one line per hand and one per norm comparison.
    static func clinicalLines(_ input: ReportInput) -> [String] {
        var lines = ["  participant: " + (input.participant ?? Participant())
            .summaryText(handsTested: input.handResults.compactMap(\.hand))]
        for hand in input.handResults {
            if let ftt = hand.ftt { lines.append("  " + hand.handText + ": " + ftt.text) }
        }
        let comparisons = input.normComparisons
        let declines = input.publishedDeclineComparisons
        if comparisons.isEmpty && declines.isEmpty, let gap = input.normsGap { lines.append("  norms: " + gap) }
        lines += comparisons.map { "  norm: " + $0.text }
        if let first = declines.first {
            lines.append("  norm: decline against " + first.sourceText + ":")
            lines += declines.map { "    " + $0.text }
        }
        return lines
    }
}
