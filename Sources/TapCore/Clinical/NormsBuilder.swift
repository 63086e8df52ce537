/// `tapnirs norms build`: a norms table from a clinic's own control sessions, so the keyboard,
/// terminal and instructions of the clinic are in the norm (published apparatus norms are not).
///
/// The unit is the person-session, not the block: each session gives one value per block label,
/// hand and measure (its mean over those blocks; the FTT score per hand), and each (label, hand,
/// age band) row gets the mean, the sample SD and n of those values. Sessions without an age count
/// only in the all-ages rows. A row needs n ≥ 2 (an SD); rows with n < 20 are kept but the report
/// says how few people they rest on.
public enum NormsBuilder {
    public struct Control: Sendable {
        public var name: String
        public var participant: Participant?
        public var hands: [HandResult]
        public var blocks: [Block]

        public init(name: String, participant: Participant?, hands: [HandResult], blocks: [Block]) {
            self.name = name
            self.participant = participant
            self.hands = hands
            self.blocks = blocks
        }
    }

    /// Age bands, inclusive [choice]: wide enough to fill from a clinic's controls.
    public static let defaultAgeBands = [18...39, 40...59, 60...89]
    public static let minimumPeople = 2

    public static func build(_ controls: [Control], ageBands: [ClosedRange<Int>] = defaultAgeBands, name: String,
                             apparatus: String) -> NormTable {
        struct Key: Hashable { var measure: NormMeasure; var label: String; var pace: NormEntry.PaceGroup?; var hand: TappingHand?; var band: Int? }
        var order: [Key] = []
        var values: [Key: [Double]] = [:]
        func add(_ key: Key, _ value: Double?) {
            guard let value, value.isFinite else { return }
            if values[key] == nil { order.append(key) }
            values[key, default: []].append(value)
        }
        for control in controls {
            let band = control.participant?.ageYears.flatMap { age in ageBands.firstIndex { $0.contains(age) } }
            for b in band.map({ [$0, nil] }) ?? [nil] {
                for hand in control.hands {
                    for label in hand.blocks {
                        let block = label.blockNumbers.first.flatMap { $0 - 1 < control.blocks.count ? control.blocks[$0 - 1] : nil }
                        let pace: NormEntry.PaceGroup? = block.map { $0.pace == .selfPaced ? .selfPaced : .paced }
                        add(Key(measure: .taps, label: label.label, pace: pace, hand: hand.hand, band: b), label.meanTaps)
                        add(Key(measure: .rateHz, label: label.label, pace: pace, hand: hand.hand, band: b), label.meanRateHz)
                        add(Key(measure: .decline, label: label.label, pace: pace, hand: hand.hand, band: b), label.meanDecline)
                    }
                    if let score = hand.ftt?.scoreTaps {
                        add(Key(measure: .fttScore, label: "*", pace: .selfPaced, hand: hand.hand, band: b), score)
                    }
                }
            }
        }
        // Deterministic order: measure, label, hand, band (all ages first).
        let measures = NormMeasure.allCases
        order.sort { a, b in
            let ka = (measures.firstIndex(of: a.measure)!, a.label, a.hand?.rawValue ?? "", a.band ?? -1)
            let kb = (measures.firstIndex(of: b.measure)!, b.label, b.hand?.rawValue ?? "", b.band ?? -1)
            return ka < kb
        }
        var entries: [NormEntry] = []
        for key in order {
            let v = values[key] ?? []
            guard v.count >= minimumPeople else { continue }
            let n = Double(v.count), mean = v.reduce(0, +) / n
            let sd = (v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
            let band = key.band.map { ageBands[$0] }
            entries.append(NormEntry(
                measure: key.measure, label: key.label, pace: key.pace,
                hand: key.hand.map { $0 == .right ? .right : .left } ?? .any,
                ageMin: band?.lowerBound, ageMax: band?.upperBound, mean: mean, sd: sd, n: v.count,
                apparatus: apparatus, source: name, evidence: "local"))
        }
        return NormTable(name: name, description: "Local norms built by tapnirs norms build from \(controls.count) control session"
                         + (controls.count == 1 ? "" : "s") + "; one value per session per block label, hand and measure.",
                         norms: entries)
    }
}
