/// What a stream of fNIRS samples measures: from a serial header, a SNIRF probe or the simulator.
///
/// Values in a sample are channel-major: for `intensity` and `od` each channel's wavelengths
/// in `wavelengths` order; for `hb` each channel's HbO then HbR (µM).
public struct NirsLayout: Equatable, Sendable, Codable {
    public typealias Kind = SerialHeader.Kind

    public var kind: Kind
    public var rateHz: Double
    /// Nominal wavelengths in nm (empty for `hb`).
    public var wavelengths: [Double]
    /// Source–detector pair names, `S1-D1`.
    public var channels: [String]
    /// Source–detector distance per channel in cm, nil where the source does not say
    /// (the protocol's `fnirs.distance_cm`, default 3 cm, applies).
    public var distancesCentimetres: [Double?]

    public init(kind: Kind, rateHz: Double, wavelengths: [Double], channels: [String],
                distancesCentimetres: [Double?]? = nil) {
        self.kind = kind
        self.rateHz = rateHz
        self.wavelengths = kind == .hb ? [] : wavelengths
        self.channels = channels
        self.distancesCentimetres = distancesCentimetres ?? Array(repeating: nil, count: channels.count)
    }

    public init(header: SerialHeader) {
        self.init(kind: header.kind, rateHz: header.rateHz, wavelengths: header.wavelengths,
                  channels: header.channels,
                  distancesCentimetres: Array(repeating: header.distanceCentimetres, count: header.channels.count))
    }

    /// Values per sample.
    public var valuesPerSample: Int { channels.count * (kind == .hb ? 2 : wavelengths.count) }

    /// One name per value, as `nirs_raw.tsv` columns: `S1-D1 760`, or `S1-D1 hbo` / `S1-D1 hbr`.
    public var measurementNames: [String] {
        channels.flatMap { channel in
            kind == .hb ? ["\(channel) hbo", "\(channel) hbr"]
                        : wavelengths.map { "\(channel) \(Self.wavelengthLabel($0))" }
        }
    }

    /// `760`, or `760.5` for a fractional wavelength.
    public static func wavelengthLabel(_ nm: Double) -> String {
        nm == nm.rounded() && abs(nm) < 1e9 ? String(Int(nm)) : String(nm)
    }

    /// Source and detector numbers of a `S<n>-D<m>` channel name, nil for other names.
    public static func sourceDetector(of channel: String) -> (source: Int, detector: Int)? {
        let parts = channel.split(separator: "-")
        guard parts.count == 2, parts[0].first == "S", parts[1].first == "D",
              let s = Int(parts[0].dropFirst()), let d = Int(parts[1].dropFirst()) else { return nil }
        return (s, d)
    }
}
