/// Issue 16: who is tested. The ready screen's form edits `participant` until Enter; at Enter the
/// age sets the healthy-decline band the fast blocks are judged against, and, when a form was
/// shown, the final values go to the records (`Effect.participantConfirmed`).
extension Session {
    /// A key on the ready screen, offered to the form first; false when it has no use for it.
    mutating func participantFormKey(_ key: Key) -> Bool {
        guard var form = participantForm else { return false }
        var edited = participant
        let used = form.handle(key, participant: &edited)
        participantForm = form
        participant = edited
        return used
    }

    /// At Enter: the norm for the age now known, and the record of what the form gave.
    mutating func confirmParticipant(into effects: inout [Effect]) {
        guard participantForm != nil else { return }
        if tapNorm.ageAssumed || participant.ageYears != nil { tapNorm = .forAge(participant.ageYears) }
        effects.append(.participantConfirmed(participant))
    }

    /// The hand that taps in `block`: its own, else the session's.
    public func hand(of block: Block) -> TappingHand? {
        block.hand ?? participant.hand
    }
}
