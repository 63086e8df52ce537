/// Artinis OxySoft (Brite, OctaMon, PortaLite…): stream `OxySoft`. Optical channels are
/// labelled `[device] RxR - TxT [760nm]` (optical density at that wavelength), concentrations
/// `[device] RxR - TxT  O2Hb` / `… HHb` (µM); `[device]` is the device's serial number, so two
/// devices can both have `Rx1 - Tx1`. Anything else (ADC inputs, `HEADING`/`ROLL`/`PITCH`
/// orientation, `… TSI%`, `tHb`) is left out and listed.
///
/// Transmitter T is the source, receiver R the detector: `S<T>-D<R>`. With several devices,
/// each later device's numbers continue after the previous devices' highest (device order =
/// first appearance). OxySoft's stream carries no optode positions: distances come from the
/// protocol (`fnirs.distance_cm`).
///
/// Sources: LSL readers of OxySoft streams (Johann Benerradi's fNIRS readers, public on GitHub)
/// and OxySoft export legends (`Rx1 - Tx1 O2Hb`, `[9322] Rx1 - Tx1,Tx2,Tx3 TSI%`); docs/lsl.md.
enum LslOxySoftLayout {
    nonisolated(unsafe) static let labelPattern = #/^\[\s*(\d+)\s*\]\s*Rx\s*(\d+)\s*-\s*Tx\s*(\d+)\s*(.*)$/#.ignoresCase()
    nonisolated(unsafe) static let wavelengthPattern = #/^\[\s*(\d+(?:\.\d+)?)\s*nm\s*\]$/#.ignoresCase()

    /// nil when neither the name nor any label is OxySoft's.
    static func read(_ header: LslStreamHeader) -> LslNirsMapping.Description? {
        let channels = header.channels
        let labels = channels.enumerated().map { $0.element.value("label") ?? "channel \($0.offset)" }
        let parsed = labels.map { try? labelPattern.wholeMatch(in: $0) }
        guard parsed.contains(where: { $0 != nil }) || header.name.lowercased().contains("oxysoft") else { return nil }

        var found = LslNirsMapping.Description(format: .oxysoft, measurements: [], ignored: [],
                                               unitlessConcentrationsAreMicromolar: true)
        var raw: [(index: Int, device: Int, rx: Int, tx: Int, quantity: LslNirsMapping.Measurement.Quantity)] = []
        for (index, match) in parsed.enumerated() {
            guard let match, let device = Int(match.1), let rx = Int(match.2), let tx = Int(match.3) else {
                found.ignored.append("\(labels[index]) (not optical)")
                continue
            }
            let rest = String(match.4).trimmingWhitespace()
            let quantity: LslNirsMapping.Measurement.Quantity
            if let wavelength = try? wavelengthPattern.wholeMatch(in: rest), let nm = Double(wavelength.1) {
                quantity = .opticalDensity(nanometres: nm)
            } else if rest.lowercased() == "o2hb" {
                quantity = .hbo
            } else if rest.lowercased() == "hhb" {
                quantity = .hbr
            } else {
                found.ignored.append("\(labels[index]) (not used)")
                continue
            }
            raw.append((index, device, rx, tx, quantity))
        }
        // Devices in order of appearance; each one's optode numbers follow the previous ones'.
        var devices: [Int] = []
        for r in raw where !devices.contains(r.device) { devices.append(r.device) }
        var sourceOffset: [Int: Int] = [:], detectorOffset: [Int: Int] = [:]
        var sources = 0, detectors = 0
        for device in devices {
            sourceOffset[device] = sources
            detectorOffset[device] = detectors
            sources += raw.filter { $0.device == device }.map(\.tx).max() ?? 0
            detectors += raw.filter { $0.device == device }.map(\.rx).max() ?? 0
        }
        for r in raw {
            found.measurements.append(.init(index: r.index, label: labels[r.index], source: r.tx + (sourceOffset[r.device] ?? 0),
                                            detector: r.rx + (detectorOffset[r.device] ?? 0), quantity: r.quantity,
                                            unit: channels[r.index].value("unit")))
        }
        if devices.count > 1 {
            found.notes.append("OxySoft devices " + devices.map(String.init).joined(separator: ", ")
                               + ": optodes numbered on from one device to the next")
        }
        return found
    }
}
