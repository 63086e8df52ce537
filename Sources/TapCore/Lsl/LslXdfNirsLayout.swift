/// The XDF "NIRS meta-data" convention (github.com/sccn/xdf/wiki/NIRS-Meta-Data): each
/// `desc/channels/channel` has a `label`, a `type` (`Intensity` when absent, `dOD`, `HbO`,
/// `HbR`, …), `source` and `detector` identifiers and, for optical channels, `wavelen` (nm;
/// `wavelength` is read too). Channels without source and detector (aux, dark) are left out,
/// as are types tapnirs does not convert (HbT, mua, BFi…). Optode locations (mm) are read from
/// `desc/optodes/optode` or `desc/probes/probe` entries with a `label`, a `function` or `type`
/// (Source/Detector) and `location/{X,Y,Z}`, or from an Aurora-style `desc/montage`.
///
/// Source and detector identifiers become numbers by their digits (`S3`, `Src3`, `3` → 3);
/// when an identifier has none, or two identifiers share a number, all of that side are
/// numbered by first appearance instead (noted in the mapping).
enum LslXdfNirsLayout {
    /// nil when no channel names both a source and a detector.
    static func read(_ header: LslStreamHeader, stream: String) throws(LslLayoutError) -> LslNirsMapping.Description? {
        let channels = header.channels
        guard channels.contains(where: { $0.value("source") != nil && $0.value("detector") != nil }) else { return nil }
        let format = LslNirsMapping.Format.xdf
        var found = LslNirsMapping.Description(format: format, measurements: [], ignored: [])
        var kept: [(index: Int, label: String, source: String, detector: String, quantity: LslNirsMapping.Measurement.Quantity,
                    unit: String?)] = []
        for (index, channel) in channels.enumerated() {
            let label = channel.value("label") ?? "channel \(index)"
            guard let source = channel.value("source"), let detector = channel.value("detector") else {
                found.ignored.append("\(label) (no source/detector)")
                continue
            }
            let type = channel.value("type") ?? "Intensity"
            let quantity: LslNirsMapping.Measurement.Quantity
            switch type.lowercased() {
            case "hbo": quantity = .hbo
            case "hbr": quantity = .hbr
            case "intensity", "dod":
                guard let text = channel.value("wavelen") ?? channel.value("wavelength"), let nm = Double(text),
                      nm > 0, nm.isFinite else {
                    throw .channel(stream: stream, format: format.rawValue, label: label,
                                   problem: "(type \(type)) gives no wavelen in nm")
                }
                quantity = type.lowercased() == "dod" ? .opticalDensity(nanometres: nm) : .intensity(nanometres: nm)
            default:
                found.ignored.append("\(label) (type \(type))")
                continue
            }
            kept.append((index, label, source, detector, quantity, channel.value("unit")))
        }
        let sources = numbering(kept.map(\.source))
        let detectors = numbering(kept.map(\.detector))
        if sources.byAppearance { found.notes.append("source identifiers numbered by first appearance") }
        if detectors.byAppearance { found.notes.append("detector identifiers numbered by first appearance") }
        for k in kept {
            found.measurements.append(.init(index: k.index, label: k.label, source: sources.number[k.source] ?? 0,
                                            detector: detectors.number[k.detector] ?? 0, quantity: k.quantity, unit: k.unit))
        }
        let (sourceXYZ, detectorXYZ) = optodeLocations(header.desc)
        for (id, n) in sources.number { if let xyz = sourceXYZ[id] { found.sourcePositions[n] = xyz } }
        for (id, n) in detectors.number { if let xyz = detectorXYZ[id] { found.detectorPositions[n] = xyz } }
        if found.sourcePositions.isEmpty, found.detectorPositions.isEmpty {
            found.sourcePositions = LslAuroraLayout.positions(header.desc.descendant("montage/optodes/sources")?
                .children(named: "source") ?? [])
            found.detectorPositions = LslAuroraLayout.positions(header.desc.descendant("montage/optodes/detectors")?
                .children(named: "detector") ?? [])
        }
        return found
    }

    /// Identifier → number: its digits when every identifier has distinct ones, else first appearance.
    static func numbering(_ identifiers: [String]) -> (number: [String: Int], byAppearance: Bool) {
        var order: [String] = []
        for id in identifiers where !order.contains(id) { order.append(id) }
        let digits = order.map { id in Int(String(id.reversed().prefix(while: \.isNumber).reversed())) }
        if digits.allSatisfy({ ($0 ?? 0) > 0 }), Set(digits.compactMap { $0 }).count == order.count {
            return (Dictionary(uniqueKeysWithValues: zip(order, digits.compactMap { $0 })), false)
        }
        return (Dictionary(uniqueKeysWithValues: order.enumerated().map { ($0.element, $0.offset + 1) }), true)
    }

    /// Labels of sources and detectors → location (mm), from `optodes/optode` or `probes/probe`.
    static func optodeLocations(_ desc: LslXMLElement) -> (sources: [String: [Double]], detectors: [String: [Double]]) {
        let entries = (desc.child("optodes")?.children(named: "optode") ?? []) + (desc.child("probes")?.children(named: "probe") ?? [])
        var sources: [String: [Double]] = [:], detectors: [String: [Double]] = [:]
        for entry in entries {
            guard let label = entry.value("label"), let xyz = LslOptodes.location(entry) else { continue }
            switch (entry.value("function") ?? entry.value("type") ?? "").lowercased() {
            case "source", "transmitter", "emitter": sources[label] = xyz
            case "detector", "receiver": detectors[label] = xyz
            default: continue
            }
        }
        return (sources, detectors)
    }
}
