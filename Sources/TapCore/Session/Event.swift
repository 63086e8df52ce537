/// Something that happened, stamped with the monotonic time at which the event loop saw it.
///
/// Events are facts in the past tense; the session decides what they mean. A recorded
/// list of events replays through `Session.handle` to exactly the same records.
public enum Event: Equatable, Sendable {
    /// A key arrived from the terminal (a real key or the synthetic subject's).
    case keyPressed(Key, at: MonoTime)
    /// The loop woke for `Session.nextDeadline` (a beat or a block edge) or for any other reason.
    case deadlineReached(at: MonoTime)
    /// SIGINT, SIGTERM or SIGHUP (the name goes into the records).
    case quitRequested(at: MonoTime, reason: String)
    /// The fNIRS source announced what it measures (a serial header, a SNIRF probe, the simulator).
    case nirsHeader(NirsLayout, at: MonoTime)
    /// fNIRS samples arrived (each carries its own arrival time).
    case nirsSamples([NirsSample], at: MonoTime)
    /// The serial parser skipped a line.
    case nirsRejected(SerialReject, at: MonoTime)
    /// The device went away (read error, end of file, path vanished).
    case nirsLost(reason: String, at: MonoTime)
    /// The device is back (the port reopened).
    case nirsBack(at: MonoTime)

    public var time: MonoTime {
        switch self {
        case .keyPressed(_, let at), .deadlineReached(let at), .quitRequested(let at, _), .nirsHeader(_, let at),
             .nirsSamples(_, let at), .nirsRejected(_, let at), .nirsLost(_, let at), .nirsBack(let at): return at
        }
    }
}
