/// Who was tested and with which hand: what a clinician needs before reading any number.
///
/// Every field is optional: a session records what was given (`tapnirs run --age --sex
/// --handedness --hand`, or the ready screen's form) and says "not given" for the rest.
/// Stored in `session.json` as `participant` (absent in sessions recorded before it existed).
public struct Participant: Equatable, Sendable, Codable {
    /// Age in whole years on the day of the session.
    public var ageYears: Int?
    public var sex: Sex?
    public var handedness: Handedness?
    /// The hand tested in blocks that do not name their own (`hand:` in a protocol block).
    public var hand: TappingHand?

    public init(ageYears: Int? = nil, sex: Sex? = nil, handedness: Handedness? = nil, hand: TappingHand? = nil) {
        self.ageYears = ageYears
        self.sex = sex
        self.handedness = handedness
        self.hand = hand
    }

    /// Ages the form and `--age` accept [choice]: norms start at 16 (Ruff & Parker 1993) or 18
    /// (Heimhofer et al. 2024); a younger subject is recorded, just never fitted to an adult table.
    public static let ageRange = 5...110

    /// Whether `hand` is this subject's dominant hand (nil when either is unknown or the subject is
    /// ambidextrous): apparatus norms are given for the dominant and the non-dominant hand.
    public func isDominant(_ hand: TappingHand) -> Bool? {
        switch handedness {
        case .right?: return hand == .right
        case .left?: return hand == .left
        case .ambidextrous?, nil: return nil
        }
    }

    /// `34 y · female · right-handed · right hand`, with `age not given` and the like for what is missing.
    public var summaryText: String { summaryText(handsTested: []) }

    /// The same, naming the hands that tapped (from the blocks) instead of the session's hand when known:
    /// `34 y · female · right-handed · tested: right and left hand`.
    public func summaryText(handsTested: [TappingHand]) -> String {
        [ageYears.map { "\($0) y" } ?? "age not given",
         sex?.rawValue ?? "sex not given",
         handedness.map { $0.rawValue + ($0 == .ambidextrous ? "" : "-handed") } ?? "handedness not given",
         handsTested.isEmpty ? (hand.map { $0.rawValue + " hand" } ?? "hand not given")
                             : "tested: " + handsTested.sorted().map(\.rawValue).joined(separator: " and ") + " hand"]
            .joined(separator: " · ")
    }
}

/// As BIDS `participants.tsv` has it (levels `female`, `male`, `other`).
public enum Sex: String, Equatable, Sendable, Codable, CaseIterable {
    case female, male, other
}

/// As BIDS `participants.tsv` has it (levels `left`, `right`, `ambidextrous`).
public enum Handedness: String, Equatable, Sendable, Codable, CaseIterable {
    case right, left, ambidextrous
}

/// The hand that taps in a block.
public enum TappingHand: String, Equatable, Sendable, Codable, CaseIterable, Comparable {
    case right, left

    /// Right before left, as the FTT lists them.
    public static func < (a: TappingHand, b: TappingHand) -> Bool { a == .right && b == .left }

    /// `RIGHT HAND` for the cue.
    public var cueText: String { rawValue.uppercased() + " HAND" }
}
