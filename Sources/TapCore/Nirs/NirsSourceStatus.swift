/// How the fNIRS source is doing, for the status line, `session.json` and the summary.
public struct NirsSourceStatus: Equatable, Sendable {
    /// What the source is, as the user gave it: `sim healthy seed 1`, `serial /dev/ttyUSB0 @115200`…
    public var description: String
    public var layout: NirsLayout?
    public var samplesReceived = 0
    /// Lines the serial parser skipped, per reason.
    public var rejected: [SerialReject: Int] = [:]
    /// Samples dropped because a restarted device announced a different layout.
    public var samplesIgnored = 0
    /// When the signal was lost (session clock), nil while it flows.
    public var lostAt: MonoTime?
    public var lostReason: String?
    /// How many times the signal was lost.
    public var gaps = 0
    /// How many times the device restarted its stream (`#tapnirs-serial` mid-stream).
    public var resets = 0
    /// Why the samples cannot be converted to HbO/HbR (they are still recorded), nil when they can.
    public var conversionProblem: String?

    public init(description: String) {
        self.description = description
    }

    public var rejectedTotal: Int { rejected.values.reduce(0, +) }

    /// `bad_checksum=2;not_a_number=1`, in a fixed order.
    public var rejectedText: String {
        SerialReject.allCases.compactMap { reason in rejected[reason].map { "\(reason.rawValue)=\($0)" } }
            .joined(separator: ";")
    }
}

/// The optics a session used, for `session.json` (so the HbO/HbR can be recomputed elsewhere).
public struct NirsConstants: Equatable, Sendable, Codable {
    public var distancesMetres: [Double]
    public var pathlengthFactors: [Double]
    public var referenceSeconds: Double
    public var absorptionFactor: Double
    /// ε (cm⁻¹·M⁻¹) of HbO and HbR at each wavelength (Prahl, via MNE).
    public var extinction: [[Double]]
}
