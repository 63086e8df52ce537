/// What a device announces in its header lines (docs/serial-format.md).
public struct SerialHeader: Equatable, Sendable, Codable {
    public enum Kind: String, Equatable, Sendable, Codable, CaseIterable {
        /// Raw light intensity, positive, per channel and wavelength.
        case intensity
        /// Optical density per channel and wavelength.
        case od
        /// HbO then HbR per channel, in µM.
        case hb
    }

    public var version: Int
    public var rateHz: Double
    public var kind: Kind
    /// Nominal wavelengths in header order (empty for `hb`).
    public var wavelengths: [Double]
    /// Source–detector pairs, e.g. `S1-D1`.
    public var channels: [String]
    public var distanceCentimetres: Double?

    /// Values per data line after the device time.
    public var valuesPerLine: Int { channels.count * (kind == .hb ? 2 : wavelengths.count) }
}

/// One data line, as received.
public struct SerialSample: Equatable, Sendable {
    public var deviceTimeMilliseconds: Double
    /// Channel-major: each channel's wavelengths in header order (or HbO, HbR).
    public var values: [Double]
    /// The line exactly as received (without line ending), for `nirs_raw.tsv`.
    public var text: String
}

/// Why a line was skipped. Each is counted separately and shown in the status line.
public enum SerialReject: String, CaseIterable, Equatable, Sendable, Codable {
    /// Longer than 4 KiB without a line end.
    case tooLong = "too_long"
    /// A byte outside printable ASCII (and tab).
    case notASCII = "not_ascii"
    /// The `*HH` checksum did not match (or was malformed).
    case badChecksum = "bad_checksum"
    /// A header line with a missing or invalid value.
    case badHeader = "bad_header"
    /// A data line before a complete header (`#tapnirs-serial`, `#rate`, `#kind`, `#channels`,
    /// `#wavelengths` unless `hb`).
    case noHeader = "no_header"
    /// Not 1 + the header's number of values.
    case wrongFieldCount = "wrong_field_count"
    /// A field that is not a number.
    case notANumber = "not_a_number"
    /// NaN or infinity.
    case notFinite = "not_finite"
    /// An intensity ≤ 0 (light cannot be negative; 0 means a dead channel or saturation).
    case nonPositiveIntensity = "non_positive_intensity"
}

/// What the parser made of the bytes it was given, in order.
public enum SerialEvent: Equatable, Sendable {
    /// A complete header took effect (at the first data line after it).
    case header(SerialHeader)
    case sample(SerialSample)
    case rejected(SerialReject)
}
