import TapCore

/// The fNIRS part of `session.json`: where the samples came from, what they measure, and the
/// constants that turned them into HbO/HbR (enough to recompute `hemo.tsv` elsewhere).
public struct NirsManifest: Codable, Sendable, Equatable {
    /// `sim`, `serial`, `replay` or `lsl`.
    public var source: String
    /// The source as given on the command line (`sim healthy seed 1`, `serial /dev/ttyUSB0 @115200`…).
    public var sourceDescription: String
    /// What the stream announced; nil until its first header.
    public var layout: NirsLayout?
    /// The conversion used (nil until the stream starts, or when it cannot be converted).
    public var conversion: NirsConstants?
    public var conversionProblem: String?
    /// How `hemo.tsv` is referenced: see docs/optics.md.
    public var reference: String
    public var samplesReceived: Int
    public var rejectedLines: [String: Int]
    public var samplesIgnored: Int
    public var signalGaps: Int
    public var deviceResets: Int
    /// How device time maps to host time (serial), when it could be estimated.
    public var deviceClock: DeviceClockFit?
    /// The Lab Streaming Layer stream and its clock offsets (`--source lsl`).
    public var lsl: LslStreamManifest?

    public init(source: String, sourceDescription: String, referenceSeconds: Double) {
        self.source = source
        self.sourceDescription = sourceDescription
        reference = "intensity reference = mean of each measurement over the stream's first \(referenceSeconds) s"
        samplesReceived = 0
        rejectedLines = [:]
        samplesIgnored = 0
        signalGaps = 0
        deviceResets = 0
    }
}
