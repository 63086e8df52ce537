import TapCore

/// A SNIRF file's first data block, rearranged into tapnirs' own terms: a `NirsLayout` and
/// one value row per time point in that layout's order, so that a replay feeds the same
/// pipeline as a serial device.
public struct SnirfRecording: Equatable, Sendable {
    public var path: String
    /// `/formatVersion`, e.g. `1.0`.
    public var formatVersion: String?
    /// The file's time axis in seconds, one per sample (expanded when stored as [start, step]).
    public var timesSeconds: [Double]
    /// Kind `.intensity`; channels `S<s>-D<d>` in first-appearance order of the measurement
    /// list; wavelengths ascending; distances from the probe positions, in cm.
    public var layout: NirsLayout
    /// Per time point, the file's doubles unchanged, in `layout` order (channel-major).
    public var samples: [[Double]]
    public var stims: [SnirfStim]
    public var metadata: SnirfMetadata
    /// `probe/sourceLabels` and `probe/detectorLabels`, when the file has them.
    public var sourceLabels: [String]?
    public var detectorLabels: [String]?

    public init(path: String, formatVersion: String?, timesSeconds: [Double], layout: NirsLayout,
                samples: [[Double]], stims: [SnirfStim], metadata: SnirfMetadata,
                sourceLabels: [String]?, detectorLabels: [String]?) {
        self.path = path
        self.formatVersion = formatVersion
        self.timesSeconds = timesSeconds
        self.layout = layout
        self.samples = samples
        self.stims = stims
        self.metadata = metadata
        self.sourceLabels = sourceLabels
        self.detectorLabels = detectorLabels
    }

    /// Seconds from the first to the last sample.
    public var durationSeconds: Double {
        guard let first = timesSeconds.first, let last = timesSeconds.last else { return 0 }
        return last - first
    }
}
