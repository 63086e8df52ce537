/// One stimulus condition of a SNIRF file (`/nirs/stim{j}`): its name and its events, the
/// columns of the file's N×3 `data` (onset, duration, amplitude) kept as parallel arrays.
public struct SnirfStim: Equatable, Sendable {
    public var name: String
    /// Event onsets on the file's time axis, in seconds.
    public var onsetsSeconds: [Double]
    public var durationsSeconds: [Double]
    public var amplitudes: [Double]

    public init(name: String, onsetsSeconds: [Double], durationsSeconds: [Double], amplitudes: [Double]) {
        self.name = name
        self.onsetsSeconds = onsetsSeconds
        self.durationsSeconds = durationsSeconds
        self.amplitudes = amplitudes
    }
}
