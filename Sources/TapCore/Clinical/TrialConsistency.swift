/// Which of a hand's trials make its FTT score, under a `TrialRule`.
///
/// The rule asks for `k` trials (5) whose tap counts lie within `d` taps (5) of each other:
/// largest − smallest ≤ d. The trials need not be consecutive: a deviant trial is set aside, as the
/// clinical test does. When several sets qualify, tapnirs takes the one with the **highest mean**
/// (the subject's best consistent performance, as "the mean of the best five trials"), and among
/// equal means the one whose last trial came earliest [choice]. Such a best set is always k
/// neighbours in the sorted counts: for its largest count m, the k largest counts in [m − d, m]
/// are the best, so a scan of sorted windows finds it.
public enum TrialConsistency {
    public struct Selection: Equatable, Sendable {
        /// Indices into the trials given, in trial order.
        public var trials: [Int]
        /// Mean tap count of those trials: the hand's score.
        public var meanTaps: Double
    }

    /// The consistent set of `taps` (one count per trial, in trial order), nil when none qualifies.
    public static func select(taps: [Int], rule: TrialRule) -> Selection? {
        let k = rule.consistentTrials
        guard taps.count >= k, k > 0 else { return nil }
        let order = taps.indices.sorted { (taps[$0], $0) < (taps[$1], $1) }
        var best: (sum: Int, lastTrial: Int, trials: [Int])?
        for start in 0...(order.count - k) {
            let window = Array(order[start..<(start + k)])
            let low = taps[window.first!], high = taps[window.last!]
            guard high - low <= rule.withinTaps else { continue }
            let sum = window.reduce(0) { $0 + taps[$1] }
            let last = window.max()!
            if best == nil || sum > best!.sum || (sum == best!.sum && last < best!.lastTrial) {
                best = (sum, last, window.sorted())
            }
        }
        guard let best else { return nil }
        return Selection(trials: best.trials, meanTaps: Double(best.sum) / Double(k))
    }

    /// Whether a hand with these trials needs another one: no consistent set yet, and fewer than
    /// the maximum trials run.
    public static func needsAnotherTrial(taps: [Int], rule: TrialRule) -> Bool {
        select(taps: taps, rule: rule) == nil && taps.count < rule.maximumTrials
    }
}
