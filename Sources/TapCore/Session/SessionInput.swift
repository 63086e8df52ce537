/// One input of a session as the edge saw it, in the order it happened: what the session was
/// built with, every event handed to `Session.handle`, and every beat row the edge wrote (a
/// beat's emission time is measured at the terminal or the sound card, not decided by the
/// session). Journaled live to `inputs.tsv`, these replay to the same records
/// (`SessionDriver`, docs/data-format.md).
public enum SessionInput: Equatable, Sendable {
    case start(SessionStart)
    case event(Event)
    /// A beat emitted at `emittedAt` (bell written, frame drawn, or the click's acoustic onset), or skipped (nil).
    case beat(Beat, emittedAt: MonoTime?)
}

/// What a `Session` is built with besides its protocol (which `session.json` keeps): enough to
/// build the same session again for a replay.
public struct SessionStart: Equatable, Sendable, Codable {
    /// Session time zero on the monotonic clock (every other row counts from it).
    public var originNanoseconds: Int64
    public var subject: String
    /// The fNIRS source's description, nil for a tapping-only session.
    public var nirsSource: String?
    /// The participant as the command line gave it (the ready screen's form may change it).
    public var participant: Participant
    /// The fields the ready screen's form asked for, nil without a form.
    public var formFields: [ParticipantForm.Field]?

    public init(originNanoseconds: Int64, subject: String, nirsSource: String?, participant: Participant,
                formFields: [ParticipantForm.Field]?) {
        self.originNanoseconds = originNanoseconds
        self.subject = subject
        self.nirsSource = nirsSource
        self.participant = participant
        self.formFields = formFields
    }

    public var origin: MonoTime { MonoTime(nanoseconds: originNanoseconds) }

    /// The session as it was before its first input.
    public func session(definition: SessionProtocol) -> Session {
        Session(definition: definition, origin: origin, subjectID: subject, nirsSource: nirsSource,
                participant: participant, participantForm: formFields.map(ParticipantForm.init(fields:)))
    }
}
