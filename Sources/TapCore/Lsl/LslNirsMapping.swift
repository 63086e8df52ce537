/// How an LSL stream's samples become tapnirs' fNIRS samples: the layout it measures and, for
/// each value of that layout, which channel of the LSL sample holds it.
///
/// `LslNirsMapping(header)` recognises the streams real devices send (NIRx Aurora, Artinis
/// OxySoft, and any stream following the XDF NIRS meta-data convention; docs/lsl.md gives the
/// sources of each mapping) and refuses everything else with one `LslLayoutError`.
/// Pure: the same header always gives the same mapping.
public struct LslNirsMapping: Equatable, Sendable {
    public enum Format: String, Equatable, Sendable, Codable {
        case aurora = "NIRx Aurora"
        case oxysoft = "Artinis OxySoft"
        case xdf = "XDF NIRS meta-data"
    }

    public var format: Format
    public var layout: NirsLayout
    /// For value k of a `NirsSample` (layout order), the channel index in the LSL sample.
    public var sampleIndices: [Int]
    /// Channels not recorded, with why (`0 Frame (frame counter)`, `HEADING (not optical)`…).
    public var ignoredChannels: [String]
    /// What the user should know about the mapping (missing optode positions…).
    public var notes: [String]

    public init(_ header: LslStreamHeader) throws(LslLayoutError) {
        let stream = "'\(header.name)' (type '\(header.type)')"
        guard header.channelFormat.isNumeric else {
            throw .notNumeric(stream: stream, format: header.channelFormat.rawValue)
        }
        let channels = header.channels
        guard !channels.isEmpty else { throw .unrecognised(stream: stream, found: Self.summary(header)) }
        guard channels.count == header.channelCount else {
            throw .channelCount(stream: stream, declared: header.channelCount, described: channels.count)
        }
        let found: Description
        if let aurora = try LslAuroraLayout.read(header, stream: stream) {
            found = aurora
        } else if let oxysoft = LslOxySoftLayout.read(header) {
            found = oxysoft
        } else if let xdf = try LslXdfNirsLayout.read(header, stream: stream) {
            found = xdf
        } else {
            throw .unrecognised(stream: stream, found: Self.summary(header))
        }
        guard header.nominalRateHz > 0, header.nominalRateHz.isFinite else { throw .irregularRate(stream: stream) }
        self = try Self.assemble(found, rateHz: header.nominalRateHz, stream: stream)
    }

    /// Picks the value of the sample that `layout` puts at each position.
    public func values(of sample: [Double]) -> [Double] {
        sampleIndices.map { sample[$0] }
    }

    // MARK: - Shared by the three formats

    /// One channel of the stream, understood: what it measures and between which optodes.
    struct Measurement {
        enum Quantity: Equatable {
            case intensity(nanometres: Double)
            case opticalDensity(nanometres: Double)
            case hbo, hbr
        }

        var index: Int
        var label: String
        var source: Int
        var detector: Int
        var quantity: Quantity
        var unit: String?
    }

    /// What a format reader found: the measurements, the channels it left out, optode positions (mm).
    struct Description {
        var format: Format
        var measurements: [Measurement]
        var ignored: [String]
        var sourcePositions: [Int: [Double]] = [:]
        var detectorPositions: [Int: [Double]] = [:]
        var notes: [String] = []
        /// Concentrations without a unit are micromolar (OxySoft's are, by Artinis' documentation).
        var unitlessConcentrationsAreMicromolar = false
    }

    /// The layout from one kind of measurement: raw intensity if the stream has it, else optical
    /// density, else HbO/HbR; the other kinds are listed as not used. Channels (source–detector
    /// pairs) in the order they first appear; each channel's wavelengths ascending.
    static func assemble(_ found: Description, rateHz: Double, stream: String) throws(LslLayoutError) -> LslNirsMapping {
        let format = found.format.rawValue
        let kinds: [(NirsLayout.Kind, (Measurement.Quantity) -> Bool)] = [
            (.intensity, { if case .intensity = $0 { true } else { false } }),
            (.od, { if case .opticalDensity = $0 { true } else { false } }),
            (.hb, { $0 == .hbo || $0 == .hbr }),
        ]
        guard let (kind, isKind) = kinds.first(where: { kind in found.measurements.contains { kind.1($0.quantity) } }) else {
            throw .incomplete(stream: stream, format: format,
                              problem: "no optical or HbO/HbR channel (left out: \(found.ignored.joined(separator: ", ")))")
        }
        let used = found.measurements.filter { isKind($0.quantity) }
        var ignored = found.ignored
        var otherKinds: [(name: String, count: Int)] = []
        for other in found.measurements where !isKind(other.quantity) {
            let name = other.quantity.name
            if let k = otherKinds.firstIndex(where: { $0.name == name }) { otherKinds[k].count += 1 } else { otherKinds.append((name, 1)) }
        }
        if !otherKinds.isEmpty {
            ignored.append(otherKinds.map { "\($0.count) \($0.name)" }.joined(separator: " and ")
                           + " channels (the \(kind.rawValue) channels are recorded)")
        }
        var pairs: [(source: Int, detector: Int)] = []
        var byPair: [Int: [Measurement]] = [:]
        for m in used {
            let key = m.source << 32 | m.detector
            if byPair[key] == nil { pairs.append((m.source, m.detector)) }
            byPair[key, default: []].append(m)
        }
        var indices: [Int] = []
        var wavelengths: [Double] = []
        for (n, pair) in pairs.enumerated() {
            let name = "S\(pair.source)-D\(pair.detector)"
            let group = byPair[pair.source << 32 | pair.detector] ?? []
            if kind == .hb {
                let hbo = group.filter { $0.quantity == .hbo }, hbr = group.filter { $0.quantity == .hbr }
                guard hbo.count == 1, hbr.count == 1 else {
                    throw .incomplete(stream: stream, format: format, problem: "channel \(name) has \(hbo.count) HbO and "
                                      + "\(hbr.count) HbR channels; each source–detector pair needs one of each")
                }
                for m in hbo + hbr { try checkMicromolar(m, found, stream: stream) }
                indices += [hbo[0].index, hbr[0].index]
                continue
            }
            let sorted = group.map { ($0.nanometres, $0.index) }.sorted { $0.0 < $1.0 }
            let found = sorted.map(\.0)
            if n == 0 { wavelengths = found }
            guard found == wavelengths, Set(found).count == found.count else {
                throw .wavelengths(stream: stream, channel: name, found: found, expected: wavelengths)
            }
            indices += sorted.map(\.1)
        }
        var notes = found.notes
        let distances: [Double?] = pairs.map { pair in
            guard let s = found.sourcePositions[pair.source], let d = found.detectorPositions[pair.detector],
                  s.count == d.count, !s.isEmpty else { return nil }
            let millimetres = zip(s, d).map { ($0 - $1) * ($0 - $1) }.reduce(0, +).squareRoot()
            return millimetres / 10
        }
        if distances.contains(where: { $0 == nil }) {
            notes.append("optode positions not in the stream for \(distances.filter { $0 == nil }.count) channel(s): "
                         + "their source–detector distance is the protocol's fnirs.distance_cm")
        }
        let layout = NirsLayout(kind: kind, rateHz: rateHz, wavelengths: wavelengths,
                                channels: pairs.map { "S\($0.source)-D\($0.detector)" }, distancesCentimetres: distances)
        return LslNirsMapping(format: found.format, layout: layout, sampleIndices: indices, ignoredChannels: ignored,
                              notes: notes)
    }

    init(format: Format, layout: NirsLayout, sampleIndices: [Int], ignoredChannels: [String], notes: [String]) {
        self.format = format
        self.layout = layout
        self.sampleIndices = sampleIndices
        self.ignoredChannels = ignoredChannels
        self.notes = notes
    }

    /// `hemo.tsv` and the screen are in µM: HbO/HbR in another unit (or none said) are refused.
    static func checkMicromolar(_ m: Measurement, _ found: Description, stream: String) throws(LslLayoutError) {
        if let unit = m.unit {
            let spelled = unit.lowercased().replacingMicro()
            if ["um", "micromolar", "micromolars", "umol/l", "micromol/l", "umol l-1"].contains(spelled) { return }
            throw .channel(stream: stream, format: found.format.rawValue, label: m.label,
                           problem: "is in \(unit); tapnirs records HbO/HbR in µM only")
        }
        if found.unitlessConcentrationsAreMicromolar { return }
        throw .channel(stream: stream, format: found.format.rawValue, label: m.label,
                       problem: "gives no unit; tapnirs records HbO/HbR in µM and will not guess")
    }

    /// `'Aurora' … 3 channels labelled Frame, 1-1:1, 1-1:1`.
    static func summary(_ header: LslStreamHeader) -> String {
        let labels = header.channels.prefix(8).map { $0.value("label") ?? $0.value("type") ?? "?" }
        if labels.isEmpty { return "\(header.channelCount) channels and no desc/channels/channel description" }
        let more = header.channels.count > 8 ? ", …" : ""
        return "\(header.channelCount) channels labelled " + labels.joined(separator: ", ") + more
    }
}

extension LslNirsMapping.Measurement.Quantity {
    var name: String {
        switch self {
        case .intensity: return "intensity"
        case .opticalDensity: return "optical density"
        case .hbo: return "HbO"
        case .hbr: return "HbR"
        }
    }
}

extension LslNirsMapping.Measurement {
    var nanometres: Double {
        switch quantity {
        case .intensity(let nm), .opticalDensity(let nm): return nm
        case .hbo, .hbr: return 0
        }
    }
}

extension String {
    /// `µ` (micro sign) and `μ` (Greek mu) as `u`.
    func replacingMicro() -> String {
        String(map { $0 == "µ" || $0 == "μ" ? "u" : $0 })
    }
}
