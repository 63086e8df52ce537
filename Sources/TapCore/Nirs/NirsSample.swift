/// One fNIRS sample as it arrived: host time on the session's monotonic clock, the device's
/// own time when it sent one, and the values in `NirsLayout` order.
public struct NirsSample: Equatable, Sendable {
    /// When the sample reached tapnirs (serial: when its line's bytes were read).
    public var hostTime: MonoTime
    /// The device's clock in ms (serial, replay: the file's time), nil for the simulator.
    public var deviceTimeMilliseconds: Double?
    public var values: [Double]
    /// The line's fields exactly as received (serial): the device time, then the values, for
    /// `nirs_raw.tsv`; nil when the values were produced here (simulator, replay) and are
    /// written in shortest round-trip form.
    public var receivedFields: [Substring]?

    public init(hostTime: MonoTime, deviceTimeMilliseconds: Double?, values: [Double],
                receivedFields: [Substring]? = nil) {
        self.hostTime = hostTime
        self.deviceTimeMilliseconds = deviceTimeMilliseconds
        self.values = values
        self.receivedFields = receivedFields
    }
}
