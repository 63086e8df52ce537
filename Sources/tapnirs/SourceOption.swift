import ArgumentParser
import TapCore
import TapIO

extension SimulationProfile: ExpressibleByArgument {}
extension NoiseModel: ExpressibleByArgument {}

/// `--source`: where the fNIRS samples come from.
enum SourceSpec: Equatable, ExpressibleByArgument {
    /// Tapping only, no fNIRS.
    case none
    /// The built-in physiological simulator (docs/simulator.md).
    case sim
    /// A device speaking tapnirs' serial line format (docs/serial-format.md).
    case serial(path: String, baud: Int)
    /// A SNIRF file played back as if it came from a device.
    case replay(path: String)
    /// A Lab Streaming Layer stream matching an XPath predicate (docs/lsl.md).
    case lsl(predicate: String)

    static let help = "none, sim, serial:PATH[@BAUD] (default baud 115200), replay:FILE.snirf or lsl[:PREDICATE] "
        + "(default type='NIRS')"
    /// The stream `--source lsl` looks for.
    static let defaultLslPredicate = "type='NIRS'"

    init?(argument: String) {
        guard let spec = try? SourceSpec.parse(argument) else { return nil }
        self = spec
    }

    static func parse(_ text: String) throws -> SourceSpec {
        if text == "none" { return .none }
        if text == "sim" { return .sim }
        if text.hasPrefix("serial:") {
            let spec = String(text.dropFirst("serial:".count))
            do {
                let (path, baud) = try SerialPort.parse(spec: spec)
                return .serial(path: path, baud: baud)
            } catch {
                throw ValidationError("--source \(text): \(error.description)")
            }
        }
        if text.hasPrefix("replay:") {
            let path = String(text.dropFirst("replay:".count))
            guard !path.isEmpty else { throw ValidationError("--source replay: needs a file, e.g. replay:run01.snirf") }
            return .replay(path: path)
        }
        if text == "lsl" { return .lsl(predicate: defaultLslPredicate) }
        if text.hasPrefix("lsl:") {
            let predicate = String(text.dropFirst("lsl:".count))
            guard !predicate.isEmpty else {
                throw ValidationError("--source lsl: needs a predicate after the colon, e.g. lsl:name='Aurora'")
            }
            return .lsl(predicate: predicate)
        }
        throw ValidationError("--source '\(text)': use \(help)")
    }

    var kind: String {
        switch self {
        case .none: return "none"
        case .sim: return "sim"
        case .serial: return "serial"
        case .replay: return "replay"
        case .lsl: return "lsl"
        }
    }
}
