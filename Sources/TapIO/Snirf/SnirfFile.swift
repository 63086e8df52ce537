import TapCore

/// Reads SNIRF files (v1.0/1.1, https://github.com/fNIRS/snirf): the first `/nirs` block's
/// first data block, its probe, stimuli and metadata, for replay and for cross-checks.
///
/// The values are the file's doubles, only reordered: replaying a file must reproduce its
/// samples exactly. Only raw intensity (dataType 1) is accepted; files of processed data
/// (dataType 99999: dOD, HbO/HbR in units the spec leaves open) fail with a clear error.
public enum SnirfFile {
    public static func read(path: String) throws(SnirfError) -> SnirfRecording {
        let file = try HDF5File.open(path)
        defer { file.close() }

        let root = try nirsGroup(file)
        let data = "\(root)/data1"
        let measurements = try SnirfMeasurement.readAll(file, data: data)
        for (index, measurement) in measurements.enumerated() where measurement.dataType != 1 {
            throw .unsupportedDataType(path: path, measurement: "\(data)/measurementList\(index + 1)",
                                       dataType: measurement.dataType, label: measurement.dataTypeLabel)
        }
        let probe = try SnirfProbe.read(file, probe: "\(root)/probe")
        let metadata = readMetadata(file, tags: "\(root)/metaDataTags")

        let series = try file.numbers("\(data)/dataTimeSeries")
        let time = try file.numbers("\(data)/time").values
        let shape = try TimeSeriesShape(file, series.dimensions, measurements: measurements.count,
                                        timeValues: time.count, object: "\(data)/dataTimeSeries")
        let times = try timeAxis(file, time, count: shape.timePoints, object: "\(data)/time")
        let arrangement = try ChannelArrangement(file, measurements: measurements, probe: probe)

        let rateHz = times.count >= 2 ? Double(times.count - 1) / (times[times.count - 1] - times[0]) : 0
        let layout = NirsLayout(
            kind: .intensity, rateHz: rateHz, wavelengths: arrangement.wavelengths,
            channels: arrangement.channels.map { "S\($0.source)-D\($0.detector)" },
            distancesCentimetres: arrangement.channels.map {
                probe.distanceCentimetres(source: $0.source, detector: $0.detector, lengthUnit: metadata.lengthUnit)
            })
        let samples = (0..<shape.timePoints).map { t in
            arrangement.columns.map { series.values[shape.offset(time: t, measurement: $0)] }
        }
        return SnirfRecording(
            path: path,
            formatVersion: file.exists("/formatVersion") ? try? file.string("/formatVersion") : nil,
            timesSeconds: times, layout: layout, samples: samples,
            stims: try readStims(file, root: root), metadata: metadata,
            sourceLabels: probe.sourceLabels, detectorLabels: probe.detectorLabels)
    }

    /// `/nirs`, or `/nirs1` (SNIRF allows numbered blocks; tapnirs reads the first).
    static func nirsGroup(_ file: HDF5File) throws(SnirfError) -> String {
        for candidate in ["/nirs", "/nirs1"] where file.exists(candidate) { return candidate }
        throw .missingObject(path: file.path, object: "/nirs")
    }

    /// The time axis with one entry per sample: the stored vector, or SNIRF's compact
    /// [start, step] form expanded. Must increase strictly, or replay timing is meaningless.
    private static func timeAxis(_ file: HDF5File, _ stored: [Double], count: Int,
                                 object: String) throws(SnirfError) -> [Double] {
        var times = stored
        if stored.count == 2 && count != 2 {
            times = (0..<count).map { stored[0] + Double($0) * stored[1] }
        }
        guard times.count == count else {
            throw .malformed(path: file.path, reason: "\(object) has \(stored.count) entries for \(count) samples")
        }
        for index in times.indices.dropFirst() where !(times[index] > times[index - 1]) {
            throw .malformed(path: file.path, reason: "\(object) does not increase at sample \(index + 1)")
        }
        return times
    }

    /// Optional free-text tags; a tag stored as something other than a string is left out.
    static func readMetadata(_ file: HDF5File, tags: String) -> SnirfMetadata {
        func tag(_ name: String) -> String? {
            file.exists("\(tags)/\(name)") ? try? file.string("\(tags)/\(name)") : nil
        }
        return SnirfMetadata(subjectID: tag("SubjectID"), measurementDate: tag("MeasurementDate"),
                             measurementTime: tag("MeasurementTime"), lengthUnit: tag("LengthUnit"))
    }

    /// `stim1…n`, each N×3 (onset, duration, amplitude; v1.1 may add columns, ignored here).
    private static func readStims(_ file: HDF5File, root: String) throws(SnirfError) -> [SnirfStim] {
        var stims: [SnirfStim] = []
        while file.exists("\(root)/stim\(stims.count + 1)") {
            let group = "\(root)/stim\(stims.count + 1)"
            let name = file.exists("\(group)/name") ? try file.string("\(group)/name") : "stim\(stims.count + 1)"
            var rows: [[Double]] = []
            if file.exists("\(group)/data") {
                rows = try stimRows(file, try file.numbers("\(group)/data"), object: "\(group)/data")
            }
            stims.append(SnirfStim(name: name, onsetsSeconds: rows.map { $0[0] },
                                   durationsSeconds: rows.map { $0[1] }, amplitudes: rows.map { $0[2] }))
        }
        return stims
    }

    /// Rows of at least 3 values; a MATLAB-written 3×N table is transposed back, a lone
    /// event may be a 3-vector, an empty condition a 0-sized dataset.
    private static func stimRows(_ file: HDF5File, _ table: HDF5File.Numbers,
                                 object: String) throws(SnirfError) -> [[Double]] {
        let dims = table.dimensions, values = table.values
        if values.isEmpty { return [] }
        if dims.count <= 1, values.count == 3 { return [values] }
        if dims.count == 2, dims[1] >= 3 {
            return (0..<dims[0]).map { Array(values[($0 * dims[1])..<($0 * dims[1] + 3)]) }
        }
        if dims.count == 2, dims[0] == 3 {
            return (0..<dims[1]).map { row in (0..<3).map { values[$0 * dims[1] + row] } }
        }
        throw .malformed(path: file.path, reason: "\(object) should be an N×3 table (onset, duration, amplitude)")
    }
}
