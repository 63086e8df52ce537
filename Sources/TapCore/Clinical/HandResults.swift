/// Per hand: how each kind of block went, and the finger tapping test's score where the protocol
/// has a trial rule. Built from what `session.json` and `summary.json` hold (the blocks as run, the
/// per-block summaries and detections, the participant), so the report and `compare` can rebuild it
/// for any session, including one recorded before it existed.
public struct HandResult: Equatable, Sendable, Codable {
    /// nil for blocks whose hand is not known (no `hand:` in the block, none given for the session).
    public var hand: TappingHand?
    /// One entry per block label tapped with this hand, in order of first appearance.
    public var blocks: [LabelResult]
    /// The FTT score of this hand, when the protocol has a trial rule.
    public var ftt: FttScore?

    public struct LabelResult: Equatable, Sendable, Codable {
        public var label: String
        /// 1-based block numbers, as on screen and in events.tsv.
        public var blockNumbers: [Int]
        /// Means over the blocks: counted taps, rate (Hz), decline (fraction; self-paced blocks judged
        /// against the healthy range only).
        public var meanTaps: Double
        public var meanRateHz: Double?
        public var meanDecline: Double?
        /// Per-block values, in block order, for the within-session variability (`ReliableChange`).
        public var taps: [Int]
        public var ratesHz: [Double]
        public var declines: [Double]
    }

    public struct FttScore: Equatable, Sendable, Codable {
        /// Counted taps of every trial of this hand, in order, and their block numbers.
        public var trialTaps: [Int]
        public var trialBlocks: [Int]
        /// Block numbers of the trials that make the score (`TrialConsistency`), empty when none agree.
        public var consistentBlocks: [Int]
        /// Mean taps of those trials: the hand's FTT score (taps per trial); nil when the rule was not met.
        public var scoreTaps: Double?
        /// Trials added live by the rule.
        public var extraTrials: Int
        public var trialSeconds: Double
        public var ruleText: String

        public var ruleMet: Bool { scoreTaps != nil }
    }

    public var handText: String { hand.map { $0.rawValue + " hand" } ?? "hand not given" }
}

public enum HandResults {
    /// `blocks`: the timeline as run; `summaries` / `detections`: summary.json's.
    public static func make(blocks: [Block], summaries: [BlockTapSummary], detections: [Session.BlockDetection],
                            participant: Participant?, rule: TrialRule?) -> [HandResult] {
        func hand(_ index: Int) -> TappingHand? {
            index < blocks.count ? blocks[index].hand ?? participant?.hand : participant?.hand
        }
        var hands: [TappingHand?] = []
        for summary in summaries where summary.kind == .tap && !hands.contains(hand(summary.blockIndex)) {
            hands.append(hand(summary.blockIndex))
        }
        hands.sort { ($0.map { $0 == .right ? 0 : 1 } ?? 2) < ($1.map { $0 == .right ? 0 : 1 } ?? 2) }
        return hands.map { h in
            let mine = summaries.filter { $0.kind == .tap && hand($0.blockIndex) == h }
            var labels: [String] = []
            for s in mine where !labels.contains(s.label) { labels.append(s.label) }
            let results = labels.map { label -> HandResult.LabelResult in
                let rows = mine.filter { $0.label == label }
                let declines = rows.compactMap { row in
                    detections.first { $0.block == row.blockIndex + 1 }?.tap?.decline?.declineFraction
                }
                let rates = rows.compactMap(\.rateHz)
                return HandResult.LabelResult(
                    label: label, blockNumbers: rows.map { $0.blockIndex + 1 },
                    meanTaps: Double(rows.map(\.taps).reduce(0, +)) / Double(max(rows.count, 1)),
                    meanRateHz: rates.isEmpty ? nil : rates.reduce(0, +) / Double(rates.count),
                    meanDecline: declines.isEmpty ? nil : declines.reduce(0, +) / Double(declines.count),
                    taps: rows.map(\.taps), ratesHz: rates, declines: declines)
            }
            var ftt: HandResult.FttScore?
            if let rule, var trials = results.first(where: { $0.label == rule.label }) {
                // A trial cut short (the session ended in it) is not a trial of the test.
                let whole = mine.filter { $0.label == rule.label }.map { row in
                    row.blockIndex >= blocks.count || row.durationSeconds >= blocks[row.blockIndex].durationSeconds - 1e-6
                }
                trials.taps = zip(trials.taps, whole).filter(\.1).map(\.0)
                trials.blockNumbers = zip(trials.blockNumbers, whole).filter(\.1).map(\.0)
                let selection = TrialConsistency.select(taps: trials.taps, rule: rule)
                let extra = trials.blockNumbers.filter { $0 - 1 < blocks.count && blocks[$0 - 1].isExtraTrial == true }.count
                let seconds = trials.blockNumbers.first.map { $0 - 1 < blocks.count ? blocks[$0 - 1].durationSeconds : 0 } ?? 0
                ftt = HandResult.FttScore(
                    trialTaps: trials.taps, trialBlocks: trials.blockNumbers,
                    consistentBlocks: selection.map { $0.trials.map { trials.blockNumbers[$0] } } ?? [],
                    scoreTaps: selection?.meanTaps, extraTrials: extra, trialSeconds: seconds,
                    ruleText: "\(rule.consistentTrials) trials within \(rule.withinTaps) taps, at most \(rule.maximumTrials)")
            }
            return HandResult(hand: h, blocks: results, ftt: ftt)
        }
    }
}

extension HandResult.FttScore {
    /// `FTT 52.4 taps per 10 s (trials 2, 4, 6, 8, 10 of 6; 1 extra)` or `… rule not met after 10 trials`.
    public var text: String {
        let seconds = FixedDecimal.format(seconds: trialSeconds, digits: trialSeconds == trialSeconds.rounded() ? 0 : 1)
        guard let score = scoreTaps else {
            return "FTT: no \(ruleText.split(separator: " ").first ?? "5") trials agreed (\(ruleText)) after \(trialTaps.count) trials: "
                + trialTaps.map(String.init).joined(separator: ", ") + " taps"
        }
        let positions = consistentBlocks.compactMap { block in trialBlocks.firstIndex(of: block).map { String($0 + 1) } }
        return "FTT " + FixedDecimal.format(seconds: score, digits: 1) + " taps per \(seconds) s (mean of trials "
            + positions.joined(separator: ", ") + " of \(trialTaps.count)" + (extraTrials > 0 ? "; \(extraTrials) added live" : "") + ")"
    }
}
