import Foundation

/// Healthy reference values, as read from a norms file (`Sources/TapIO/Norms/PublishedNorms.swift`,
/// or one `tapnirs norms build` made from a clinic's own controls): per measure, block label, hand,
/// sex and age band, a mean, an SD and the number of people. docs/clinical.md lists the tables.
public struct NormTable: Equatable, Sendable, Codable {
    public var name: String
    public var description: String
    public var norms: [NormEntry]

    public init(name: String, description: String = "", norms: [NormEntry] = []) {
        self.name = name
        self.description = description
        self.norms = norms
    }

    /// Tables searched in order: a clinic's own first, the published ones after.
    public static func combined(_ tables: [NormTable]) -> NormTable {
        NormTable(name: tables.map(\.name).joined(separator: " + "), norms: tables.flatMap(\.norms))
    }

    /// The entry that fits: same measure; the block label (or `*`); the hand, its dominance or any;
    /// the sex or any; an age band holding the subject's age (an entry with a band needs a known
    /// age). The most specific fits first; between equally specific ones, the earlier in the table.
    public func entry(measure: NormMeasure, label: String, pace: Pace?, hand: TappingHand?, participant: Participant?)
        -> NormEntry? {
        let dominant = hand.flatMap { participant?.isDominant($0) }
        var best: (score: Int, entry: NormEntry)?
        for entry in norms where entry.measure == measure && entry.wholeTrial != true {
            var score = 0
            if entry.label != "*" { guard entry.label == label else { continue }; score += 8 }
            if let wanted = entry.pace {
                guard let pace, wanted.matches(pace) else { continue }
            }
            switch entry.hand {
            case .any: break
            case .left, .right:
                guard let hand, entry.hand.rawValue == hand.rawValue else { continue }
                score += 4
            case .dominant, .nondominant:
                guard let dominant, dominant == (entry.hand == .dominant) else { continue }
                score += 4
            }
            if let sex = entry.sex {
                guard sex == participant?.sex else { continue }
                score += 2
            }
            if entry.ageMin != nil || entry.ageMax != nil {
                guard let age = participant?.ageYears, age >= entry.ageMin ?? 0, age <= entry.ageMax ?? Int.max else { continue }
                score += 1
            }
            if best == nil || score > best!.score { best = (score, entry) }
        }
        return best?.entry
    }
}

/// What a norm is of.
public enum NormMeasure: String, Equatable, Sendable, Codable, CaseIterable {
    /// Counted taps in a block (for a 10 s FTT trial: taps per trial).
    case taps
    /// Tap rate over the block, Hz.
    case rateHz = "rate_hz"
    /// A self-paced block's decline, fraction (0.17 = the rate fell 17 % from 2–6 s in to the end).
    case decline
    /// The finger tapping test's score: mean taps of the consistent trials.
    case fttScore = "ftt_score"

    /// Whether a higher value is the better one (speed), or the worse (decline).
    public var higherIsBetter: Bool { self != .decline }

    public var unitText: String {
        switch self {
        case .taps, .fttScore: return "taps"
        case .rateHz: return "Hz"
        case .decline: return "%"
        }
    }
}

/// One row of a norms file.
public struct NormEntry: Equatable, Sendable, Codable {
    public enum HandGroup: String, Equatable, Sendable, Codable {
        case any, left, right, dominant, nondominant
    }

    public enum PaceGroup: String, Equatable, Sendable, Codable {
        case selfPaced = "self", paced
        func matches(_ pace: Pace) -> Bool {
            switch (self, pace) {
            case (.selfPaced, .selfPaced), (.paced, .hz): return true
            default: return false
            }
        }
    }

    public var measure: NormMeasure
    /// A block label, or `*` for any block (with `pace` saying which kind).
    public var label: String
    public var pace: PaceGroup?
    public var hand: HandGroup
    /// nil: both sexes together.
    public var sex: Sex?
    /// The age band, years inclusive; nil ends are open.
    public var ageMin: Int?
    public var ageMax: Int?
    public var mean: Double
    public var sd: Double
    /// People the figures come from.
    public var n: Int
    /// How the values were measured (`smartphone screen`, `tapnirs keyboard (space bar)`).
    public var apparatus: String
    public var source: String
    /// `paper`, `paper (abstract)`, `secondary`, or `local` (a clinic's own controls).
    public var evidence: String
    /// True for a decline over a whole maximal trial (Heimhofer 2024's), which is not what tapnirs
    /// measures at a block's end (2–6 s in against the last 3 s): the fade detector scales it to
    /// the part of the block measured (docs/fade-detection.md), so the table never compares it as it stands.
    public var wholeTrial: Bool?

    public init(measure: NormMeasure, label: String = "*", pace: PaceGroup? = nil, hand: HandGroup = .any, sex: Sex? = nil,
                ageMin: Int? = nil, ageMax: Int? = nil, mean: Double, sd: Double, n: Int, apparatus: String, source: String,
                evidence: String) {
        self.measure = measure
        self.label = label
        self.pace = pace
        self.hand = hand
        self.sex = sex
        self.ageMin = ageMin
        self.ageMax = ageMax
        self.mean = mean
        self.sd = sd
        self.n = n
        self.apparatus = apparatus
        self.source = source
        self.evidence = evidence
    }

    /// `18–30`, `50+`, `all ages`.
    public var ageBandText: String {
        switch (ageMin, ageMax) {
        case let (low?, high?): return "\(low)–\(high)"
        case let (low?, nil): return "\(low)+"
        case let (nil, high?): return "≤ \(high)"
        case (nil, nil): return "all ages"
        }
    }

    /// `18–30, female, dominant hand` — who the row describes.
    public var groupText: String {
        var parts = [ageBandText]
        if let sex { parts.append(sex.rawValue) }
        if hand != .any { parts.append(hand.rawValue + " hand") }
        return parts.joined(separator: ", ")
    }
}
