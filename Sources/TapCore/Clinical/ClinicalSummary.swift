/// Issue 16's part of `summary.json` (`clinical`): who was tested, the results per hand (with the
/// FTT score under a trial rule) and how they compare with the norms that fitted at the end of the
/// session. Absent in sessions recorded before it existed; `report` and `compare` rebuild the hand
/// results for those from the rest of the files.
public struct ClinicalSummary: Equatable, Sendable, Codable {
    public var participant: Participant?
    public var hands: [HandResult]
    public var norms: [NormComparison]
    /// The norms tables searched, by name.
    public var normTables: String?

    public init(participant: Participant?, hands: [HandResult], norms: [NormComparison], normTables: String?) {
        self.participant = participant
        self.hands = hands
        self.norms = norms
        self.normTables = normTables
    }
}

extension Session {
    /// Per hand, and against `norms`, as the session stands (final once it has ended).
    public func clinicalSummary(norms: NormTable?) -> ClinicalSummary {
        let hands = HandResults.make(blocks: definition.blocks, summaries: summaries, detections: detections,
                                     participant: participant, rule: definition.trialRule)
        let comparisons = norms.map {
            NormComparison.all(hands: hands, blocks: definition.blocks, participant: participant, table: $0)
        } ?? []
        return ClinicalSummary(participant: participant, hands: hands, norms: comparisons, normTables: norms?.name)
    }
}
