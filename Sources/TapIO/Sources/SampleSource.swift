import TapCore

/// Where fNIRS samples come from: the simulator, a serial device, a SNIRF file played back, or
/// a Lab Streaming Layer stream.
///
/// The event loop waits on `descriptor` (if any) and until `nextDeadline`, then calls `poll`
/// every turn with the time it read on waking; the source answers with events for the session.
/// Sources never wait and never read the clock themselves.
public protocol SampleSource: AnyObject {
    /// `sim`, `serial`, `replay` or `lsl`.
    var kind: String { get }
    /// What the user asked for, for the screen and `session.json`.
    var description: String { get }
    /// The file descriptor to wait on, nil while closed or for sources driven by time alone.
    var descriptor: Int32? { get }
    /// When the source next needs the loop (the next sample, the next reconnect), nil = only on input.
    var nextDeadline: MonoTime? { get }
    /// What happened since the last call, stamped `now` (or each sample's own scheduled time).
    func poll(now: MonoTime, readable: Bool, session: Session) -> [Event]
    /// How the device's clock maps to the host's, when the source can tell.
    var deviceClock: DeviceClockFit? { get }
    /// The LSL stream read and its clock offsets (`--source lsl`), for `session.json`.
    var lslStream: LslStreamManifest? { get }
    /// The session is over: stop any thread, release the device.
    func close()
}

extension SampleSource {
    public var deviceClock: DeviceClockFit? { nil }
    public var lslStream: LslStreamManifest? { nil }
    public func close() {}
}
