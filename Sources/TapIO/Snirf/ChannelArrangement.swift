/// Turns SNIRF's flat measurement list into tapnirs' channel-major layout: channels
/// (source–detector pairs) in first-appearance order, each with one value per wavelength in
/// ascending order, and for each layout slot the `dataTimeSeries` column that fills it.
struct ChannelArrangement: Equatable, Sendable {
    struct Pair: Equatable, Hashable, Sendable {
        var source: Int
        var detector: Int
    }

    var channels: [Pair]
    /// Nominal wavelengths in nm, ascending (only those the measurements use).
    var wavelengths: [Double]
    /// Column of `dataTimeSeries` for each value of a layout-ordered sample.
    var columns: [Int]

    init(_ file: HDF5File, measurements: [SnirfMeasurement], probe: SnirfProbe) throws(SnirfError) {
        var channels: [Pair] = []
        var usedWavelengths: Set<Int> = []
        for (column, measurement) in measurements.enumerated() {
            guard measurement.sourceIndex >= 1, measurement.detectorIndex >= 1,
                  probe.wavelengths.indices.contains(measurement.wavelengthIndex - 1) else {
                throw .malformed(path: file.path, reason: "measurementList\(column + 1) has an index outside the probe "
                    + "(source \(measurement.sourceIndex), detector \(measurement.detectorIndex), "
                    + "wavelength \(measurement.wavelengthIndex) of \(probe.wavelengths.count))")
            }
            let pair = Pair(source: measurement.sourceIndex, detector: measurement.detectorIndex)
            if !channels.contains(pair) { channels.append(pair) }
            usedWavelengths.insert(measurement.wavelengthIndex - 1)
        }
        let wavelengthOrder = usedWavelengths.sorted {
            (probe.wavelengths[$0], $0) < (probe.wavelengths[$1], $1)
        }
        var slots = [Int?](repeating: nil, count: channels.count * wavelengthOrder.count)
        for (column, measurement) in measurements.enumerated() {
            let pair = Pair(source: measurement.sourceIndex, detector: measurement.detectorIndex)
            guard let channel = channels.firstIndex(of: pair),
                  let wavelength = wavelengthOrder.firstIndex(of: measurement.wavelengthIndex - 1) else { continue }
            let slot = channel * wavelengthOrder.count + wavelength
            guard slots[slot] == nil else {
                throw .malformed(path: file.path, reason: "S\(pair.source)-D\(pair.detector) is measured twice at "
                    + "\(probe.wavelengths[measurement.wavelengthIndex - 1]) nm")
            }
            slots[slot] = column
        }
        var columns: [Int] = []
        for (slot, column) in slots.enumerated() {
            guard let column else {
                let pair = channels[slot / wavelengthOrder.count]
                let nm = probe.wavelengths[wavelengthOrder[slot % wavelengthOrder.count]]
                throw .malformed(path: file.path, reason: "S\(pair.source)-D\(pair.detector) has no \(nm) nm measurement")
            }
            columns.append(column)
        }
        self.channels = channels
        self.wavelengths = wavelengthOrder.map { probe.wavelengths[$0] }
        self.columns = columns
    }
}
