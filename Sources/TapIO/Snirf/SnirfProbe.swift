/// The part of a SNIRF `probe` that a layout needs: wavelengths, labels, optode positions.
struct SnirfProbe: Sendable {
    var wavelengths: [Double]
    var sourceLabels: [String]?
    var detectorLabels: [String]?
    /// Rows of x, y[, z] in the file's length unit; nil when the file has no positions.
    var sourcePositions: [[Double]]?
    var detectorPositions: [[Double]]?

    static func read(_ file: HDF5File, probe: String) throws(SnirfError) -> SnirfProbe {
        func optionalStrings(_ name: String) throws(SnirfError) -> [String]? {
            file.exists("\(probe)/\(name)") ? try file.strings("\(probe)/\(name)") : nil
        }
        // 3-D positions when present, as MNE does; 2-D ones otherwise (MNE then sets z = 0).
        func positions(_ kind: String) throws(SnirfError) -> [[Double]]? {
            for (suffix, width) in [("Pos3D", 3), ("Pos2D", 2)] where file.exists("\(probe)/\(kind)\(suffix)") {
                return try rows(file, "\(probe)/\(kind)\(suffix)", width: width)
            }
            return nil
        }
        return SnirfProbe(
            wavelengths: try file.numbers("\(probe)/wavelengths").values,
            sourceLabels: try optionalStrings("sourceLabels"),
            detectorLabels: try optionalStrings("detectorLabels"),
            sourcePositions: try positions("source"),
            detectorPositions: try positions("detector"))
    }

    /// Source–detector distance in cm, nil when positions or a known length unit are missing.
    func distanceCentimetres(source: Int, detector: Int, lengthUnit: String?) -> Double? {
        guard let scale = Self.centimetresPerUnit(lengthUnit),
              let sources = sourcePositions, let detectors = detectorPositions,
              sources.indices.contains(source - 1), detectors.indices.contains(detector - 1) else { return nil }
        let a = sources[source - 1], b = detectors[detector - 1]
        var sum = 0.0
        for axis in 0..<min(a.count, b.count) { sum += (a[axis] - b[axis]) * (a[axis] - b[axis]) }
        return sum.squareRoot() * scale
    }

    static func centimetresPerUnit(_ unit: String?) -> Double? {
        switch unit.map(trimmed)?.lowercased() {
        case "mm": return 0.1
        case "cm": return 1
        case "m": return 100
        default: return nil
        }
    }

    /// A position table as rows of `width` numbers; MATLAB-written files hold it transposed.
    private static func rows(_ file: HDF5File, _ object: String, width: Int) throws(SnirfError) -> [[Double]] {
        let table = try file.numbers(object)
        let dims = table.dimensions
        if dims.count == 1, dims[0] == width { return [table.values] }
        guard dims.count == 2 else {
            throw .malformed(path: file.path, reason: "\(object) should be a table of \(width)-D positions")
        }
        if dims[1] == width {
            return (0..<dims[0]).map { Array(table.values[($0 * width)..<(($0 + 1) * width)]) }
        }
        if dims[0] == width {
            return (0..<dims[1]).map { row in (0..<width).map { table.values[$0 * dims[1] + row] } }
        }
        throw .malformed(path: file.path, reason: "\(object) is \(dims[0])×\(dims[1]), not N×\(width)")
    }

    /// Without leading and trailing spaces (no Foundation needed).
    private static func trimmed(_ text: String) -> String {
        String(text.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
