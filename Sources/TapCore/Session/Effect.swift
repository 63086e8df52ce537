/// What the session asks the edges to do, as plain data (compared directly in tests).
public enum Effect: Equatable, Sendable {
    /// The clinician pressed Enter: the first block starts at this time.
    case started(at: MonoTime)
    /// Enter, after the ready screen's form: who was tested, as the form left it (for `session.json`).
    case participantConfirmed(Participant)
    /// Emit this beat now: flash (always) and click (if `beat.audible`); record its emission time.
    case click(Beat)
    /// This beat's time passed while the loop was held up for longer than `Session.lateBeatTolerance`:
    /// record it as not emitted rather than firing a burst of late clicks.
    case skipBeat(Beat)
    /// Append one row to `taps.tsv`.
    case recordTap(TapRecord)
    /// Replace the last row of `taps.tsv` (a press found to be the first key auto-repeat
    /// only when the next repeat arrived). Always followed by a `recordTap` in the same batch.
    case amendLastTap(TapRecord)
    /// Append one row to `events.tsv`.
    case recordEvent(EventRecord)
    /// The fNIRS stream's layout is known: open `nirs_raw.tsv`, `hemo.tsv` (when it converts)
    /// and write `channels.tsv`.
    case nirsStarted(NirsLayout, NirsConstants?)
    /// Append rows to `nirs_raw.tsv`, values as received.
    case recordNirs([NirsSample])
    /// Append rows to `hemo.tsv` (unfiltered ΔHbO/ΔHbR, µM).
    case recordHemo([HemoSample])
    /// A channel's quality changed: rewrite `channels.tsv` with these statuses (one per channel).
    case recordChannelQuality([ChannelQuality.Assessment])
    /// fsync the journal files (block boundaries and the end).
    case syncToDisk
    /// The session ended with this status; summaries are final.
    case finished(SessionStatus)
    /// The clinician dismissed the summary screen: the program may exit.
    case exit
}
