/// NIRx Aurora (NIRSport2): stream `Aurora`, type `NIRS`. Channel 0 is a frame counter; then
/// channels typed `nirs_raw` (each with a `wavelength`), `nirs_hbo`, `nirs_hbr`, labelled
/// `source-detector:index` (`1-2:3`); raw channels come in wavelength blocks (every pair at the
/// first wavelength, then every pair at the second). Optode positions in millimetres under
/// `desc/montage/optodes/sources/source[k]/location/{x,y,z}` (k = the source number) and
/// likewise for detectors.
///
/// Sources: readers of recorded Aurora XDF files (an MNE-based `_aurora_nirs_raw_xdf` and a
/// FieldTrip-based `ROYAL_getOpto`, both public on GitHub) and Turbo-Satori's manual on NIRx'
/// LSL output (raw data or Hb states); docs/lsl.md.
enum LslAuroraLayout {
    static let nirsTypes = ["nirs_raw", "nirs_hbo", "nirs_hbr"]

    /// nil when no channel has an Aurora type (the stream is not Aurora-shaped).
    static func read(_ header: LslStreamHeader, stream: String) throws(LslLayoutError) -> LslNirsMapping.Description? {
        let channels = header.channels
        guard channels.contains(where: { nirsTypes.contains(($0.value("type") ?? "").lowercased()) }) else { return nil }
        let format = LslNirsMapping.Format.aurora
        var found = LslNirsMapping.Description(format: format, measurements: [], ignored: [])
        for (index, channel) in channels.enumerated() {
            let type = (channel.value("type") ?? "").lowercased()
            let label = channel.value("label") ?? "channel \(index)"
            guard nirsTypes.contains(type) else {
                found.ignored.append("\(label) (" + (index == 0 ? "frame counter" : "type \(type.isEmpty ? "none" : type)") + ")")
                continue
            }
            guard let (source, detector) = pair(label) else {
                throw .channel(stream: stream, format: format.rawValue, label: label,
                               problem: "(\(type)) is not labelled source-detector:index, e.g. 1-2:3")
            }
            let quantity: LslNirsMapping.Measurement.Quantity
            switch type {
            case "nirs_raw":
                guard let text = channel.value("wavelength") ?? channel.value("wavelen"), let nm = Double(text),
                      nm > 0, nm.isFinite else {
                    throw .channel(stream: stream, format: format.rawValue, label: label,
                                   problem: "(nirs_raw) gives no wavelength in nm")
                }
                quantity = .intensity(nanometres: nm)
            case "nirs_hbo": quantity = .hbo
            default: quantity = .hbr
            }
            found.measurements.append(.init(index: index, label: label, source: source, detector: detector,
                                            quantity: quantity, unit: channel.value("unit")))
        }
        let optodes = header.desc.descendant("montage/optodes")
        found.sourcePositions = positions(optodes?.child("sources")?.children(named: "source") ?? [])
        found.detectorPositions = positions(optodes?.child("detectors")?.children(named: "detector") ?? [])
        return found
    }

    /// `1-2:3` (or `S1-D2:3`, `1-2`) → source 1, detector 2.
    static func pair(_ label: String) -> (Int, Int)? {
        let head = label.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let parts = head.split(separator: "-")
        guard parts.count == 2 else { return nil }
        func number(_ text: Substring, prefix: Character) -> Int? {
            var digits = Substring(String(text).trimmingWhitespace())
            if digits.first?.uppercased() == String(prefix) { digits = digits.dropFirst() }
            guard let n = Int(digits), n > 0 else { return nil }
            return n
        }
        guard let s = number(parts[0], prefix: "S"), let d = number(parts[1], prefix: "D") else { return nil }
        return (s, d)
    }

    /// Optode k (1-based, in document order) → its location in mm, where all three coordinates parse.
    static func positions(_ optodes: [LslXMLElement]) -> [Int: [Double]] {
        var result: [Int: [Double]] = [:]
        for (k, optode) in optodes.enumerated() {
            if let xyz = LslOptodes.location(optode) { result[k + 1] = xyz }
        }
        return result
    }
}

/// Optode locations, as every format writes them: `location/{x,y,z}` (any case), millimetres.
enum LslOptodes {
    static func location(_ optode: LslXMLElement) -> [Double]? {
        guard let location = optode.child("location") else { return nil }
        let xyz = ["x", "y", "z"].compactMap { location.value($0).flatMap(Double.init) }
        guard xyz.count >= 2, xyz.allSatisfy(\.isFinite) else { return nil }
        return xyz.count == 3 ? xyz : xyz + [0]
    }
}
