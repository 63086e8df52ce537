/// One column of a SNIRF `dataTimeSeries`, as its `measurementList{i}` describes it
/// (1-based indices into the probe's sources, detectors and wavelengths).
struct SnirfMeasurement: Equatable, Sendable {
    var sourceIndex: Int
    var detectorIndex: Int
    var wavelengthIndex: Int
    var dataType: Int
    var dataTypeLabel: String?

    /// Every measurement of `data` (`/nirs/data1`), in column order: the v1.0 groups
    /// `measurementList1…n`, or else the v1.1 array form `measurementLists`.
    static func readAll(_ file: HDF5File, data: String) throws(SnirfError) -> [SnirfMeasurement] {
        var measurements: [SnirfMeasurement] = []
        // Numbered 1, 2, … without gaps (SNIRF's indexed-group rule); 10 sorts after 9, not after 1.
        while file.exists("\(data)/measurementList\(measurements.count + 1)") {
            let group = "\(data)/measurementList\(measurements.count + 1)"
            let label = "\(group)/dataTypeLabel"
            measurements.append(SnirfMeasurement(
                sourceIndex: try file.integer("\(group)/sourceIndex"),
                detectorIndex: try file.integer("\(group)/detectorIndex"),
                wavelengthIndex: try file.integer("\(group)/wavelengthIndex"),
                dataType: try file.integer("\(group)/dataType"),
                dataTypeLabel: file.exists(label) ? try file.string(label) : nil))
        }
        if !measurements.isEmpty { return measurements }
        let lists = "\(data)/measurementLists"
        guard file.exists(lists) else { throw .missingObject(path: file.path, object: "\(data)/measurementList1") }
        return try readArrays(file, lists: lists)
    }

    private static func readArrays(_ file: HDF5File, lists: String) throws(SnirfError) -> [SnirfMeasurement] {
        func wholeNumbers(_ name: String) throws(SnirfError) -> [Int] {
            let values = try file.numbers("\(lists)/\(name)").values
            var result: [Int] = []
            for value in values {
                guard value.isFinite, value == value.rounded(), abs(value) < 1e15 else {
                    throw .malformed(path: file.path, reason: "\(lists)/\(name) should hold whole numbers")
                }
                result.append(Int(value))
            }
            return result
        }
        let sources = try wholeNumbers("sourceIndex")
        let detectors = try wholeNumbers("detectorIndex")
        let wavelengths = try wholeNumbers("wavelengthIndex")
        let dataTypes = try wholeNumbers("dataType")
        let labelPath = "\(lists)/dataTypeLabel"
        let labels = file.exists(labelPath) ? try file.strings(labelPath) : nil
        guard detectors.count == sources.count, wavelengths.count == sources.count,
              dataTypes.count == sources.count, labels.map({ $0.count == sources.count }) ?? true else {
            throw .malformed(path: file.path, reason: "\(lists) arrays differ in length")
        }
        return sources.indices.map { index in
            SnirfMeasurement(sourceIndex: sources[index], detectorIndex: detectors[index],
                             wavelengthIndex: wavelengths[index], dataType: dataTypes[index],
                             dataTypeLabel: labels?[index])
        }
    }
}
