import ArgumentParser
import TapCore
import TapIO

extension Sex: ExpressibleByArgument {}
extension Handedness: ExpressibleByArgument {}
extension TappingHand: ExpressibleByArgument {}

/// `run --age --sex --handedness --hand --norms`: who is tested, with which hand, against which norms
/// (issue 16). What is not given is asked for on the ready screen (unless the run is unattended).
struct ParticipantOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Subject's age in whole years (\(Participant.ageRange.lowerBound)–\(Participant.ageRange.upperBound)).",
                               valueName: "years"))
    var age: Int?

    @Option(help: ArgumentHelp("Subject's sex: female, male or other.", valueName: "sex"))
    var sex: Sex?

    @Option(help: ArgumentHelp("Subject's handedness: right, left or ambidextrous.", valueName: "handedness"))
    var handedness: Handedness?

    @Option(help: ArgumentHelp("The hand tested in blocks that do not name their own: right or left (default: the protocol's `hand`).",
                               valueName: "hand"))
    var hand: TappingHand?

    @Option(help: ArgumentHelp("A norms file (tapnirs norms build) searched before the published norms.", valueName: "file"))
    var norms: String?

    func validate() throws {
        if let age, !Participant.ageRange.contains(age) {
            throw ValidationError("--age \(age): give the age in whole years, \(Participant.ageRange.lowerBound) to \(Participant.ageRange.upperBound).")
        }
    }

    /// The participant as given, and the ready screen's form for what was not (nil when nothing is
    /// missing or nobody is there to type: `--autotap`). The hand field is left out when every tap
    /// block names its hand, and starts at the protocol's `hand`.
    func participant(for definition: SessionProtocol, askOnReadyScreen: Bool) -> (Participant, ParticipantForm?) {
        var participant = Participant(ageYears: age, sex: sex, handedness: handedness, hand: hand)
        let handMatters = definition.blocks.contains { $0.kind == .tap && $0.hand == nil }
        if participant.hand == nil && handMatters { participant.hand = definition.hand.tappingHand }
        var missing: [ParticipantForm.Field] = []
        if age == nil { missing.append(.age) }
        if sex == nil { missing.append(.sex) }
        if handedness == nil { missing.append(.handedness) }
        if hand == nil && handMatters { missing.append(.hand) }
        guard askOnReadyScreen, !missing.isEmpty else { return (participant, nil) }
        return (participant, ParticipantForm(fields: missing))
    }
}
