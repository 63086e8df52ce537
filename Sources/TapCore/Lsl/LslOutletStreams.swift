/// The two streams `--lsl-out` publishes, as data: names, types, stable source IDs and the
/// `<desc>` each carries (the outlet in TapIO writes them into liblsl as given).
public struct LslOutletStream: Equatable, Sendable {
    public var name: String
    public var type: String
    public var channelCount: Int
    /// 0 = irregular.
    public var nominalRateHz: Double
    public var channelFormat: LslStreamHeader.ChannelFormat
    /// Stable across restarts of the same session, so a recorder can pick the stream up again.
    public var sourceID: String
    /// Children of `<desc>`.
    public var desc: [LslXMLElement]

    /// Markers: one string channel at an irregular rate; the source ID names subject and session.
    public static func markers(subject: String, session: String) -> LslOutletStream {
        LslOutletStream(name: "tapnirs markers", type: "Markers", channelCount: 1, nominalRateHz: 0, channelFormat: .string,
                        sourceID: sourceID(subject: subject, session: session, stream: "markers"),
                        desc: [LslXMLElement("channels", [LslXMLElement("channel", [.leaf("label", "event"),
                                                                                    .leaf("type", "Marker")])]),
                               .leaf("subject", subject), .leaf("session", session), .leaf("software", "tapnirs")])
    }

    /// The live ΔHbO/ΔHbR of every channel (µM, unfiltered, as `hemo.tsv`), each pair's HbO then
    /// HbR, described by the XDF NIRS meta-data convention (label, type HbO/HbR, unit, source,
    /// detector), at the fNIRS source's rate.
    public static func hemoglobin(_ layout: NirsLayout, subject: String, session: String) -> LslOutletStream {
        var channels: [LslXMLElement] = []
        for name in layout.channels {
            let pair = NirsLayout.sourceDetector(of: name)
            let source = pair.map { "S\($0.source)" } ?? name
            let detector = pair.map { "D\($0.detector)" } ?? name
            for type in ["HbO", "HbR"] {
                channels.append(LslXMLElement("channel", [
                    .leaf("label", "\(name) \(type)"), .leaf("type", type), .leaf("unit", "micromolars"),
                    .leaf("source", source), .leaf("detector", detector),
                ]))
            }
        }
        return LslOutletStream(name: "tapnirs HbO/HbR", type: "NIRS", channelCount: 2 * layout.channels.count,
                               nominalRateHz: layout.rateHz, channelFormat: .double64,
                               sourceID: sourceID(subject: subject, session: session, stream: "hemoglobin"),
                               desc: [LslXMLElement("channels", channels), .leaf("subject", subject),
                                      .leaf("session", session), .leaf("software", "tapnirs")])
    }

    /// `tapnirs_sub-P07_ses-20261125T101500_markers`: the same for every run of a session's streams.
    public static func sourceID(subject: String, session: String, stream: String) -> String {
        "tapnirs_sub-\(subject)_\(session)_\(stream)"
    }

    /// One sample of the hemoglobin stream: each channel's HbO then HbR, as computed.
    public static func hemoglobinSample(_ row: HemoSample) -> [Double] {
        var values: [Double] = []
        values.reserveCapacity(2 * row.hbo.count)
        for c in row.hbo.indices { values += [row.hbo[c], row.hbr[c]] }
        return values
    }

    /// This stream as a reader sees it (for checking that the description reads back).
    public var header: LslStreamHeader {
        LslStreamHeader(name: name, type: type, channelCount: channelCount, nominalRateHz: nominalRateHz,
                        channelFormat: channelFormat, sourceID: sourceID, desc: LslXMLElement("desc", desc))
    }
}
