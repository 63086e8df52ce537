/// Whether a measure changed between two sessions by more than measurement noise: a reliable change
/// index after Jacobson & Truax 1991 (J Consult Clin Psychol 59:12–19).
///
/// Jacobson & Truax: RC = (x₂ − x₁) / S_diff, S_diff = √(2·SE²), SE = s₁·√(1 − r_xx) from a test's
/// normative SD and test–retest reliability; |RC| > 1.96 is a change unlikely (p < .05) to be noise.
/// tapnirs has no published reliability for a keyboard, so it takes each session's own noise
/// instead [choice, the documented equivalent]: a session's value of a measure is the mean over its
/// blocks (trials) of that kind, so its standard error is SE = SD(blocks) / √n from its own
/// block-to-block variability, and S_diff = √(SE₁² + SE₂²). This counts the noise between blocks of
/// one visit, not the day-to-day variation between visits (practice, sleep, time of day), so it is a
/// lower bound on the noise: a change it calls reliable is a change beyond within-visit noise only.
/// Both sessions need at least 2 blocks of the kind.
public struct ReliableChange: Equatable, Sendable, Codable {
    public var before: Double
    public var after: Double
    public var standardErrorBefore: Double
    public var standardErrorAfter: Double
    public var blocksBefore: Int
    public var blocksAfter: Int

    /// Jacobson & Truax's 1.96: two-sided p < .05.
    public static let criterion = 1.96

    /// nil unless both sessions have at least 2 values.
    public init?(before: [Double], after: [Double]) {
        guard before.count >= 2, after.count >= 2 else { return nil }
        func meanAndSE(_ values: [Double]) -> (Double, Double) {
            let n = Double(values.count)
            let mean = values.reduce(0, +) / n
            let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
            return (mean, (variance / n).squareRoot())
        }
        (self.before, standardErrorBefore) = meanAndSE(before)
        (self.after, standardErrorAfter) = meanAndSE(after)
        blocksBefore = before.count
        blocksAfter = after.count
    }

    public var change: Double { after - before }
    public var standardErrorOfDifference: Double {
        (standardErrorBefore * standardErrorBefore + standardErrorAfter * standardErrorAfter).squareRoot()
    }
    /// RC; infinite when both sessions were perfectly steady and differ.
    public var index: Double {
        let s = standardErrorOfDifference
        if s > 0 { return change / s }
        return change == 0 ? 0 : (change > 0 ? .infinity : -.infinity)
    }
    public var isReliable: Bool { abs(index) > Self.criterion }

    /// `+4.2 taps, RCI +2.6: beyond measurement noise (better)` / `−0.8 taps, RCI −0.5: within measurement noise`.
    public func text(unit: String, scale: Double = 1, digits: Int = 1, higherIsBetter: Bool) -> String {
        let delta = change * scale
        let sign = delta < 0 ? "−" : "+"
        var text = sign + FixedDecimal.format(seconds: abs(delta), digits: digits) + " " + unit + ", RCI "
        text += index.isFinite ? (index < 0 ? "−" : "+") + FixedDecimal.format(seconds: abs(index), digits: 1) : (index < 0 ? "−∞" : "+∞")
        guard isReliable else { return text + ": within measurement noise" }
        let better = (change > 0) == higherIsBetter
        return text + ": beyond measurement noise (" + (better ? "better" : "worse") + ")"
    }
}
