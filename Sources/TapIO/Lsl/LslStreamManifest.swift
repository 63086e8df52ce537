import TapCore

/// `nirs.lsl` in `session.json`: which Lab Streaming Layer stream fed the session, how it was
/// read, and how its clock was mapped onto the session's (docs/lsl.md, "Clocks").
public struct LslStreamManifest: Codable, Sendable, Equatable {
    /// The XPath predicate that found it (`type='NIRS'`).
    public var predicate: String
    public var name: String
    public var type: String
    public var sourceId: String
    public var hostname: String
    /// liblsl's unique ID of this stream instance (changes when the sender restarts).
    public var uid: String
    /// `NIRx Aurora`, `Artinis OxySoft` or `XDF NIRS meta-data`.
    public var format: String
    public var channelFormat: String
    public var channelCount: Int
    /// The stream's channels not recorded, with why.
    public var ignoredChannels: [String]
    public var notes: [String]
    /// `lsl_time_correction` measurements, one every `LslSource.correctionInterval`: a sample's
    /// `host_time` is its LSL timestamp (`device_time_ms` / 1000) + the latest offset.
    public var clockOffsets: [LslClockOffset]
    /// Times the stream was found again after it went away.
    public var reconnects: Int

    public init(predicate: String, header: LslStreamHeader, uid: String, mapping: LslNirsMapping) {
        self.predicate = predicate
        name = header.name
        type = header.type
        sourceId = header.sourceID
        hostname = header.hostname
        self.uid = uid
        format = mapping.format.rawValue
        channelFormat = header.channelFormat.rawValue
        channelCount = header.channelCount
        ignoredChannels = mapping.ignoredChannels
        notes = mapping.notes
        clockOffsets = []
        reconnects = 0
    }
}

/// One `lsl_time_correction_ex` reading: LSL time of the sender + `offsetSeconds` = LSL time here
/// (CLOCK_MONOTONIC on Linux, the session's clock).
public struct LslClockOffset: Codable, Sendable, Equatable {
    /// Session time (s from zero) when it was read.
    public var atSeconds: Double
    public var offsetSeconds: Double
    /// liblsl's bound on the error (half the round trip), seconds.
    public var uncertaintySeconds: Double

    public init(atSeconds: Double, offsetSeconds: Double, uncertaintySeconds: Double) {
        self.atSeconds = atSeconds
        self.offsetSeconds = offsetSeconds
        self.uncertaintySeconds = uncertaintySeconds
    }
}

/// `lsl_out` in `session.json`: the streams `--lsl-out` published, by their stable source IDs.
public struct LslOutletManifest: Codable, Sendable, Equatable {
    public var markersSourceId: String
    /// The live HbO/HbR stream, when the session had a converting fNIRS source.
    public var hemoglobinSourceId: String?

    public init(markersSourceId: String, hemoglobinSourceId: String?) {
        self.markersSourceId = markersSourceId
        self.hemoglobinSourceId = hemoglobinSourceId
    }
}
