import TapCore

extension SnirfFile {
    /// Per channel of `read(path:)`'s layout (same order), the point halfway between its source
    /// and detector in cm, as MNE-Python places a fNIRS channel (`loc[:3]`); nil for a channel
    /// whose positions or length unit the file does not give. 2-D positions get z = 0, as in MNE.
    /// For pairing long channels with their nearest short channel (`ShortChannelPairing`).
    public static func channelMidpointsCentimetres(path: String) throws(SnirfError) -> [SIMD3<Double>?] {
        let file = try HDF5File.open(path)
        defer { file.close() }
        let root = try nirsGroup(file)
        let measurements = try SnirfMeasurement.readAll(file, data: "\(root)/data1")
        let probe = try SnirfProbe.read(file, probe: "\(root)/probe")
        let arrangement = try ChannelArrangement(file, measurements: measurements, probe: probe)
        let scale = SnirfProbe.centimetresPerUnit(readMetadata(file, tags: "\(root)/metaDataTags").lengthUnit)
        func point(_ rows: [[Double]]?, _ number: Int) -> SIMD3<Double>? {
            guard let rows, rows.indices.contains(number - 1) else { return nil }
            let row = rows[number - 1]
            return SIMD3(row.count > 0 ? row[0] : 0, row.count > 1 ? row[1] : 0, row.count > 2 ? row[2] : 0)
        }
        return arrangement.channels.map { pair in
            guard let scale, let source = point(probe.sourcePositions, pair.source),
                  let detector = point(probe.detectorPositions, pair.detector) else { return nil }
            return (source + detector) / 2 * scale
        }
    }
}
