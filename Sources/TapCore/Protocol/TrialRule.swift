/// The finger tapping test's rule for trials that agree (the protocol's `trials:` section):
/// per hand, trials are repeated until `consistentTrials` of them lie within `withinTaps` taps of
/// each other, up to `maximumTrials`; the hand's score is the mean of those trials.
///
/// The standard administration [secondary]: 10 s trials, repeated "until five trials have been
/// obtained with each hand in which each score is within five taps of one another" (Prigatano &
/// Hoffmann 1997, Barrow Quarterly 13(4), describing the Halstead–Reitan test); "additional trials
/// were run and the scores of the deviant trials were discarded. A maximum of 10 trials was
/// allowed … the mean of the best five trials" (a computer-key version, source page unattributed).
/// Which five are taken when several sets agree is tapnirs' choice: `TrialConsistency`.
public struct TrialRule: Equatable, Sendable, Codable {
    /// Tap blocks with this label are the test's trials.
    public var label: String
    /// How many trials must agree (5).
    public var consistentTrials: Int
    /// Their largest minus their smallest tap count may be at most this (5).
    public var withinTaps: Int
    /// Trials per hand, scheduled and extra together, at most (10).
    public var maximumTrials: Int
    /// The rest before each trial added live, in seconds.
    public var restSeconds: Double

    public init(label: String = "trial", consistentTrials: Int = 5, withinTaps: Int = 5, maximumTrials: Int = 10,
                restSeconds: Double = 20) {
        self.label = label
        self.consistentTrials = consistentTrials
        self.withinTaps = withinTaps
        self.maximumTrials = maximumTrials
        self.restSeconds = restSeconds
    }

    public static let consistentRange = 2...20
    public static let withinTapsRange = 0...100
    public static let maximumTrialsRange = 2...50
}
