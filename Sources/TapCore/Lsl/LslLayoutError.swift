/// Why an LSL stream cannot be recorded as fNIRS: one sentence naming what was found and what
/// is missing. Nothing is recorded under a guessed layout (docs/lsl.md).
public enum LslLayoutError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No channel looks like any layout tapnirs knows.
    case unrecognised(stream: String, found: String)
    /// The header says N channels, the description lists M.
    case channelCount(stream: String, declared: Int, described: Int)
    case notNumeric(stream: String, format: String)
    case irregularRate(stream: String)
    /// A recognised channel whose description lacks a field the layout needs.
    case channel(stream: String, format: String, label: String, problem: String)
    /// Channels of one source–detector pair do not carry the same wavelengths as the others.
    case wavelengths(stream: String, channel: String, found: [Double], expected: [Double])
    /// Recognised channels, but no complete set of one kind (e.g. HbO without HbR).
    case incomplete(stream: String, format: String, problem: String)

    public var description: String {
        switch self {
        case .unrecognised(let stream, let found):
            return "LSL stream \(stream): not a layout tapnirs knows (found \(found)); it needs NIRx Aurora channels "
                + "(type nirs_raw with a wavelength, labelled S-D:n), Artinis OxySoft labels ([n] Rx1 - Tx1 [760nm], "
                + "or O2Hb/HHb), or the XDF NIRS meta-data (desc/channels/channel with source, detector and wavelen); "
                + "see docs/lsl.md"
        case .channelCount(let stream, let declared, let described):
            return "LSL stream \(stream): the header says \(declared) channels but desc/channels lists \(described); "
                + "tapnirs cannot tell which value is which channel"
        case .notNumeric(let stream, let format):
            return "LSL stream \(stream): channel format \(format); fNIRS samples must be numbers (float32, double64 or integers)"
        case .irregularRate(let stream):
            return "LSL stream \(stream): no nominal sampling rate (irregular stream); the filters need the device's rate"
        case .channel(let stream, let format, let label, let problem):
            return "LSL stream \(stream) (\(format)): channel '\(label)' \(problem)"
        case .wavelengths(let stream, let channel, let found, let expected):
            return "LSL stream \(stream): channel \(channel) has wavelengths \(Self.list(found)) nm but the others have "
                + "\(Self.list(expected)) nm; tapnirs needs one set of wavelengths for every channel"
        case .incomplete(let stream, let format, let problem):
            return "LSL stream \(stream) (\(format)): \(problem)"
        }
    }

    static func list(_ nanometres: [Double]) -> String {
        nanometres.map(NirsLayout.wavelengthLabel).joined(separator: "/")
    }
}
