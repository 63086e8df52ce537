/// How `dataTimeSeries` lies in the file. The spec says time × measurements, as HDF5 (row-
/// major) writers store it; MATLAB writes column-major, so its files read as measurements ×
/// time. The measurement count and the time vector's length tell the two apart.
struct TimeSeriesShape: Equatable, Sendable {
    var timePoints: Int
    var measurements: Int
    /// True when stored measurements × time.
    var transposed: Bool

    init(_ file: HDF5File, _ dimensions: [Int], measurements: Int, timeValues: Int,
         object: String) throws(SnirfError) {
        self.measurements = measurements
        // A time vector matches n samples when it has n entries, or is the [start, step] form.
        func timeFits(_ n: Int) -> Bool { timeValues == n || timeValues == 2 }
        switch dimensions.count {
        case 1 where measurements == 1 && timeFits(dimensions[0]):
            (timePoints, transposed) = (dimensions[0], false)
        case 2 where dimensions[1] == measurements && timeFits(dimensions[0]):
            (timePoints, transposed) = (dimensions[0], false)
        case 2 where dimensions[0] == measurements && timeFits(dimensions[1]):
            (timePoints, transposed) = (dimensions[1], true)
        default:
            let shape = dimensions.map(String.init).joined(separator: "×")
            throw .malformed(path: file.path, reason: "\(object) is \(shape), which does not match "
                + "\(measurements) measurements and a time vector of \(timeValues)")
        }
    }

    /// Index into the row-major values of sample `time`, measurement column `measurement`.
    func offset(time: Int, measurement: Int) -> Int {
        transposed ? measurement * timePoints + time : time * measurements + measurement
    }
}
