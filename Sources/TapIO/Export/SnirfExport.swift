import Foundation
import TapCore

/// Builds a SNIRF 1.1 file (https://github.com/fNIRS/snirf) from a session folder's flushed
/// files only — `session.json`, `nirs_raw.tsv`, `hemo.tsv`, `events.tsv`, `taps.tsv` — so a
/// crashed session exports as well as a finished one.
///
/// Contents:
/// - `/nirs/data1`: `nirs_raw.tsv` as received, `time` = `host_time`. Intensity streams:
///   dataType 1; `od`: dataType 99999 label `dOD`; `hb`: dataType 99999 labels `HbO`/`HbR`.
/// - `/nirs/data2` (intensity and od streams with a `hemo.tsv`): HbO/HbR, dataType 99999.
/// - HbO/HbR are stored in **mol/L** (the µM of the TSV files × 10⁻⁶) with `dataUnit` `M`:
///   MNE reads HbO/HbR as mol/L when `dataUnit` is absent (every version) and scales by
///   `dataUnit` since 1.12, so both read the right concentrations; Homer stores molar too.
/// - `/nirs/probe`: `DefaultProbe` (mm), wavelengths from the layout (`hb` streams, which have
///   none, get the nominal 760/850 nm so that readers needing two wavelengths can load them).
/// - `stim`: one group per block label (events with a duration), `tap` (counted taps), one per
///   fade-flag kind (raised → cleared, or to the end of the recording), each N×3 with
///   `dataLabels` Onset/Duration/Amplitude.
/// - `/nirs/aux1`: `device_time_ms`, on the `host_time` axis.
/// - `metaDataTags`: MeasurementDate/Time are the session's time zero in **UTC** (`…Z`):
///   MNE drops a time zone offset without converting (it would read local time as UTC), a
///   `Z` time is right everywhere. The local time with its offset is `StartTimeLocal`.
public enum SnirfExport {
    /// Writes `path`, which must not exist: to a temporary name beside it, then linked into
    /// place (an existing file is never replaced, even one created meanwhile). The journals are
    /// read row by row and the data written a block of rows at a time: memory stays bounded
    /// however long the session. `written`: what the recorder of a session that just ended wrote
    /// (session.json, and the fNIRS journals' numbers when it kept them), taken as it is instead
    /// of read again — the same file either way.
    public static func write(sessionFolder: String, to path: String, written: SessionData.WrittenFiles? = nil) throws
        -> SnirfExportReport {
        guard !FileManager.default.fileExists(atPath: path) else { throw SnirfExportError.targetExists(path: path) }
        let contents = try SessionContents.load(folder: sessionFolder, written: written)
        let temp = path + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
        Syscalls.removeQuietly(temp)
        var report: SnirfExportReport
        do {
            let writer = try HDF5Writer.create(temp)
            do {
                report = try contents.write(to: writer)
            } catch {
                try? writer.close()
                throw error
            }
            try writer.close()
            do {
                try Syscalls.sync(path: temp)
                // link(2) fails with EEXIST rather than replacing the target.
                try Syscalls.link(temp, to: path)
            } catch {
                if error.errno == EEXIST { throw SnirfExportError.targetExists(path: path) }
                throw SnirfExportError.cannotWrite(path: path, reason: error.reason)
            }
            Syscalls.removeQuietly(temp)
        } catch {
            Syscalls.removeQuietly(temp)
            throw error
        }
        report.path = path
        return report
    }
}

/// One SNIRF data block's columns: one measurement each.
private struct Measurement {
    var source: Int
    var detector: Int
    var wavelengthIndex: Int
    var dataType: Int
    var label: String?
    var unit: String?
}

private struct StimGroup {
    var name: String
    var rows: [[Double]] = []
}

/// Everything about a session folder but its samples, ready to write; the samples are read
/// from the journals while writing (`write(to:)`), a row at a time.
private struct SessionContents {
    var folder: String
    var manifest: SessionManifest
    var layout: NirsLayout
    var wavelengths: [Double]
    var pairs: [(source: Int, detector: Int)]
    /// nirs_raw.tsv, its time, device-time and measurement columns, and data1's measurements.
    var raw: NumericJournal
    var timeColumn: Int
    var deviceColumn: Int?
    var rawColumns: [Int]
    var rawMeasurements: [Measurement]
    /// hemo.tsv (intensity and od streams): its time and HbO/HbR columns, data2's measurements.
    var hemo: (reader: NumericJournal, time: Int, columns: [Int], measurements: [Measurement])?
    var events: SessionTable?
    var taps: SessionTable?
    var metaDataTags: [(String, String)]
    var notes: [String]

    static func load(folder: String, written: SessionData.WrittenFiles?) throws -> SessionContents {
        let manifest: SessionManifest
        if let written { manifest = written.manifest } else {
            do { manifest = try SessionReading.manifest(folder: folder) } catch {
                switch error {
                case .missing(let path): throw SnirfExportError.unreadable(path: path, reason: "missing or unreadable")
                case .unreadable(let path, let reason): throw SnirfExportError.unreadable(path: path, reason: reason)
                }
            }
        }
        guard manifest.nirs != nil else {
            throw SnirfExportError.nothingToExport(folder: folder, reason: "the session ran without an fNIRS source")
        }
        let raw: NumericJournal
        if let kept = written?.nirsRaw {
            raw = .kept(kept)
        } else {
            guard let reader = try JournalReader.open(folder: folder, name: "nirs_raw.tsv") else {
                throw SnirfExportError.nothingToExport(folder: folder, reason: "no nirs_raw.tsv")
            }
            raw = .file(reader)
        }
        var notes: [String] = []
        let layout = try manifest.nirs?.layout ?? SessionReading.inferredNirsLayout(folder: folder, header: raw.header)
        if manifest.nirs?.layout == nil { notes.append("layout inferred from channels.tsv and the nirs_raw.tsv header") }

        // Sources and detectors from the channel names.
        var pairs: [(source: Int, detector: Int)] = []
        for channel in layout.channels {
            guard let pair = NirsLayout.sourceDetector(of: channel), pair.source >= 1, pair.detector >= 1 else {
                throw SnirfExportError.nothingToExport(folder: folder, reason: "channel \(channel) is not named S<n>-D<m>")
            }
            pairs.append(pair)
        }
        let wavelengths = layout.kind == .hb ? [760.0, 850.0] : layout.wavelengths
        if layout.kind == .hb { notes.append("hb stream: probe wavelengths are the nominal 760/850 nm") }

        // data1: nirs_raw.tsv.
        guard let timeColumn = raw.column("host_time") else {
            throw SnirfExportError.unreadable(path: folder + "/nirs_raw.tsv", reason: "no host_time column")
        }
        var rawColumns: [Int] = []
        for name in layout.measurementNames {
            guard let column = raw.column(name) else {
                throw SnirfExportError.unreadable(path: folder + "/nirs_raw.tsv", reason: "no column \(name) of the layout")
            }
            rawColumns.append(column)
        }
        var rawMeasurements: [Measurement] = []
        for pair in pairs {
            switch layout.kind {
            case .intensity, .od:
                for w in wavelengths.indices {
                    rawMeasurements.append(.init(
                        source: pair.source, detector: pair.detector, wavelengthIndex: w + 1,
                        dataType: layout.kind == .intensity ? 1 : 99999, label: layout.kind == .od ? "dOD" : nil, unit: nil))
                }
            case .hb:
                for label in ["HbO", "HbR"] {
                    rawMeasurements.append(.init(source: pair.source, detector: pair.detector, wavelengthIndex: 1,
                                                 dataType: 99999, label: label, unit: "M"))
                }
            }
        }

        // data2: hemo.tsv (intensity and od streams).
        var hemo: (reader: NumericJournal, time: Int, columns: [Int], measurements: [Measurement])?
        let hemoJournal: NumericJournal?
        if let kept = written?.hemo { hemoJournal = .kept(kept) } else {
            hemoJournal = try JournalReader.open(folder: folder, name: "hemo.tsv").map { .file($0) }
        }
        if layout.kind != .hb, let reader = hemoJournal {
            guard let time = reader.column("time") else {
                throw SnirfExportError.unreadable(path: folder + "/hemo.tsv", reason: "no time column")
            }
            var columns: [Int] = []
            var measurements: [Measurement] = []
            for (channel, pair) in zip(layout.channels, pairs) {
                for (suffix, label) in [("hbo", "HbO"), ("hbr", "HbR")] {
                    guard let column = reader.column("\(channel) \(suffix)") else {
                        throw SnirfExportError.unreadable(path: folder + "/hemo.tsv", reason: "no column \(channel) \(suffix)")
                    }
                    columns.append(column)
                    measurements.append(.init(source: pair.source, detector: pair.detector, wavelengthIndex: 1,
                                              dataType: 99999, label: label, unit: "M"))
                }
            }
            hemo = (reader, time, columns, measurements)
        }
        return SessionContents(
            folder: folder, manifest: manifest, layout: layout, wavelengths: wavelengths, pairs: pairs, raw: raw,
            timeColumn: timeColumn, deviceColumn: raw.column("device_time_ms"), rawColumns: rawColumns,
            rawMeasurements: rawMeasurements, hemo: hemo,
            events: try SessionTable.read(folder: folder, name: "events.tsv"),
            taps: try SessionTable.read(folder: folder, name: "taps.tsv"),
            metaDataTags: metaDataTags(manifest, layout: layout), notes: notes)
    }

    static func stimGroups(events: SessionTable?, taps: SessionTable?, end: Double,
                           skipped: inout [SnirfExportReport.SkippedRow]) throws -> [StimGroup] {
        var blocks: [StimGroup] = []
        var flags: [StimGroup] = []
        let flagKinds = Set(FadeFlag.Kind.allCases.map(\.rawValue))
        if let events, let onsetColumn = events.column("onset"), let durationColumn = events.column("duration"),
           let typeColumn = events.column("trial_type"), let valueColumn = events.column("value") {
            // Raised flags waiting for their `state=cleared`, by kind and channel.
            var open: [String: (group: Int, row: Int)] = [:]
            for row in events.rows {
                let onset = SessionTable.number(row.fields[onsetColumn])
                guard onset.isFinite else {
                    skipped.append(.init(file: events.name, line: row.line, reason: "onset is not a number"))
                    continue
                }
                let type = row.fields[typeColumn], value = row.fields[valueColumn]
                if flagKinds.contains(type) {
                    let channel = value.split(separator: ";").first { $0.hasPrefix("channel=") }.map(String.init) ?? ""
                    let key = type + "|" + channel
                    if value.hasPrefix("state=raised") {
                        var group = flags.firstIndex { $0.name == type }
                        if group == nil { flags.append(StimGroup(name: type)); group = flags.count - 1 }
                        flags[group!].rows.append([onset, .nan, 1])
                        open[key] = (group!, flags[group!].rows.count - 1)
                    } else if value.hasPrefix("state=cleared"), let raised = open.removeValue(forKey: key) {
                        flags[raised.group].rows[raised.row][1] = max(0, onset - flags[raised.group].rows[raised.row][0])
                    }
                    continue
                }
                let duration = row.fields[durationColumn]
                guard duration != "n/a" else { continue }
                let seconds = SessionTable.number(duration)
                guard seconds.isFinite else {
                    skipped.append(.init(file: events.name, line: row.line, reason: "duration is not a number"))
                    continue
                }
                var group = blocks.firstIndex { $0.name == type }
                if group == nil { blocks.append(StimGroup(name: type)); group = blocks.count - 1 }
                blocks[group!].rows.append([onset, seconds, 1])
            }
            // Still raised when the journal ends: until the end of the recording.
            for (group, row) in open.values {
                flags[group].rows[row][1] = max(0, end - flags[group].rows[row][0])
            }
        }
        var tapGroup = StimGroup(name: "tap")
        if let taps, let onsetColumn = taps.column("onset"), let repeatColumn = taps.column("autorepeat"),
           let inBlockColumn = taps.column("in_block") {
            for row in taps.rows where row.fields[inBlockColumn] == "true" && row.fields[repeatColumn] == "false" {
                let onset = SessionTable.number(row.fields[onsetColumn])
                guard onset.isFinite else {
                    skipped.append(.init(file: taps.name, line: row.line, reason: "onset is not a number"))
                    continue
                }
                tapGroup.rows.append([onset, 0, 1])
            }
        }
        return blocks + [tapGroup] + flags
    }

    static func metaDataTags(_ manifest: SessionManifest, layout: NirsLayout) -> [(String, String)] {
        var tags: [(String, String)] = [("SubjectID", manifest.subject)]
        let date = Date(timeIntervalSince1970: manifest.clock.unixTimeAtOrigin)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .nanosecond], from: date)
        func two(_ n: Int?) -> String { let v = n ?? 0; return v < 10 ? "0\(v)" : "\(v)" }
        let year = String(parts.year ?? 1970)
        let micros = Int(((Double(parts.nanosecond ?? 0) / 1000).rounded()))
        let fraction = String(String(min(micros, 999_999) + 1_000_000).dropFirst())
        tags.append(("MeasurementDate", "\(year)-\(two(parts.month))-\(two(parts.day))"))
        tags.append(("MeasurementTime", "\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second)).\(fraction)Z"))
        tags += [("LengthUnit", "mm"), ("TimeUnit", "s"), ("FrequencyUnit", "Hz")]
        tags.append(("SoftwareName", "tapnirs"))
        tags.append(("SoftwareVersion", manifest.software.version))
        tags.append(("StartTimeLocal", manifest.startTime))
        tags.append(("SessionID", manifest.session))
        tags.append(("SessionStatus", manifest.status.rawValue))
        if let source = manifest.nirs?.sourceDescription { tags.append(("NirsSource", source)) }
        tags.append(("NirsStreamKind", layout.kind.rawValue))
        tags.append(("NominalRateHz", String(layout.rateHz)))
        tags.append(("ProbeLayout", "default: optodes alternating D1 S1 D2 S2 ... on a line over C3 (tapnirs DefaultProbe)"))
        return tags
    }

    // MARK: - Writing

    /// Writes the file: metadata, then each data block as its journal is read, then stims and probe.
    func write(to file: HDF5Writer) throws -> SnirfExportReport {
        try file.string("/formatVersion", "1.1")
        try file.group("/nirs")
        try file.group("/nirs/metaDataTags")
        for (name, value) in metaDataTags { try file.string("/nirs/metaDataTags/\(name)", value) }

        // data1 (and aux1, on the same time axis), from nirs_raw.tsv.
        let molar = 1e-6
        try file.group("/nirs/data1")
        let series = try file.rows("/nirs/data1/dataTimeSeries", width: rawMeasurements.count)
        let times = try file.rows("/nirs/data1/time", width: nil)
        var aux: (values: HDF5RowWriter, times: HDF5RowWriter)?
        if deviceColumn != nil {
            try file.group("/nirs/aux1")
            try file.string("/nirs/aux1/name", "device_time_ms")
            aux = (try file.rows("/nirs/aux1/dataTimeSeries", width: 1), try file.rows("/nirs/aux1/time", width: nil))
            try file.string("/nirs/aux1/dataUnit", "ms")
        }
        var rowSkips: [SnirfExportReport.SkippedRow] = []
        var values = [Double](repeating: 0, count: rawColumns.count)
        var samples = 0, backwards = 0
        var previous: Double?
        var lastTime = 0.0
        let scale = layout.kind == .hb ? molar : 1
        try raw.forEachRow { line, row in
            let time = row.number(timeColumn)
            guard time.isFinite else {
                rowSkips.append(.init(file: raw.name, line: line, reason: "host_time is not a number"))
                return
            }
            for (index, column) in rawColumns.enumerated() { values[index] = row.number(column) * scale }
            try times.append(time)
            try series.append(values)
            if let aux, let deviceColumn {
                try aux.times.append(time)
                try aux.values.append([row.number(deviceColumn)])
            }
            if let previous, !(time > previous) { backwards += 1 }
            previous = time
            lastTime = time
            samples += 1
        }
        try series.finish()
        try times.finish()
        try aux?.values.finish()
        try aux?.times.finish()
        file.startWriteback()  // the data blocks, most of the file, go to the disk while the rest is built
        guard samples > 0 else {
            throw SnirfExportError.nothingToExport(folder: folder, reason: "nirs_raw.tsv has no complete sample")
        }
        try writeMeasurements(rawMeasurements, group: "/nirs/data1", to: file)
        var skipped = raw.skipped + rowSkips
        var notes = self.notes
        if backwards > 0 { notes.append("nirs_raw.tsv: host_time does not increase at \(backwards) samples") }

        // data2 from hemo.tsv, when it has a sample.
        var hemoSamples = 0
        if let hemo {
            var hemoSkips: [SnirfExportReport.SkippedRow] = []
            var writers: (series: HDF5RowWriter, times: HDF5RowWriter)?
            var values = [Double](repeating: 0, count: hemo.columns.count)
            var hemoLast: Double?
            try hemo.reader.forEachRow { line, row in
                let time = row.number(hemo.time)
                guard time.isFinite else {
                    hemoSkips.append(.init(file: hemo.reader.name, line: line, reason: "time is not a number"))
                    return
                }
                if writers == nil {
                    try file.group("/nirs/data2")
                    writers = (try file.rows("/nirs/data2/dataTimeSeries", width: hemo.columns.count),
                               try file.rows("/nirs/data2/time", width: nil))
                }
                for (index, column) in hemo.columns.enumerated() { values[index] = row.number(column) * molar }
                try writers?.times.append(time)
                try writers?.series.append(values)
                hemoLast = time
                hemoSamples += 1
            }
            try writers?.series.finish()
            try writers?.times.finish()
            file.startWriteback()
            if writers != nil { try writeMeasurements(hemo.measurements, group: "/nirs/data2", to: file) }
            skipped += hemo.reader.skipped + hemoSkips
            if let hemoLast { lastTime = max(lastTime, hemoLast) }
        }

        // Stims: flags still raised at the end last until the end of the recording.
        skipped += (events?.skipped ?? []) + (taps?.skipped ?? [])
        let stims = try Self.stimGroups(events: events, taps: taps, end: manifest.endOnset ?? lastTime, skipped: &skipped)
        for (index, stim) in stims.enumerated() {
            let group = "/nirs/stim\(index + 1)"
            try file.group(group)
            try file.string("\(group)/name", stim.name)
            try file.doubles("\(group)/data", stim.rows.flatMap { $0 }, dimensions: [stim.rows.count, 3])
            try file.strings("\(group)/dataLabels", ["Onset", "Duration", "Amplitude"])
        }
        try writeProbe(to: file)

        var report = SnirfExportReport(
            path: "", dataKind: layout.kind.rawValue, samplesWritten: samples, measurements: rawMeasurements.count,
            hemoSamplesWritten: hemoSamples, auxSamplesWritten: aux == nil ? 0 : samples,
            stims: stims.map { .init(name: $0.name, events: $0.rows.count) }, skipped: skipped, notes: notes)
        report.notes.append("probe: documented default layout (DefaultProbe), not a measured montage")
        return report
    }

    func writeMeasurements(_ measurements: [Measurement], group: String, to file: HDF5Writer) throws(SnirfExportError) {
        for (m, measurement) in measurements.enumerated() {
            try file.inGroup("\(group)/measurementList\(m + 1)") { (list: HDF5Writer) throws(SnirfExportError) in
                try list.integer("sourceIndex", measurement.source)
                try list.integer("detectorIndex", measurement.detector)
                try list.integer("wavelengthIndex", measurement.wavelengthIndex)
                try list.integer("dataType", measurement.dataType)
                if let label = measurement.label { try list.string("dataTypeLabel", label) }
                try list.integer("dataTypeIndex", 1)  // 1-based (0 draws the validator's INDEX_OF_ZERO warning)
                if let unit = measurement.unit { try list.string("dataUnit", unit) }
            }
        }
    }

    func writeProbe(to file: HDF5Writer) throws(SnirfExportError) {
        let sources = pairs.map(\.source).max() ?? 0
        let detectors = pairs.map(\.detector).max() ?? 0
        let known = layout.distancesCentimetres.compactMap { $0 }.filter { $0 > 0 }.sorted()
        let spacing = known.isEmpty ? 30 : known[known.count / 2] * 10
        let probe = DefaultProbe(sources: sources, detectors: detectors, channels: pairs, spacingMillimetres: spacing)
        try file.group("/nirs/probe")
        try file.doubles("/nirs/probe/wavelengths", wavelengths, dimensions: [wavelengths.count])
        try file.strings("/nirs/probe/sourceLabels", (1...max(1, sources)).prefix(sources).map { "S\($0)" })
        try file.strings("/nirs/probe/detectorLabels", (1...max(1, detectors)).prefix(detectors).map { "D\($0)" })
        func table(_ rows: [[Double]], width: Int) -> ([Double], [Int]) { (rows.flatMap { $0 }, [rows.count, width]) }
        for (name, rows, width) in [("sourcePos2D", probe.sourcePositions2D, 2), ("detectorPos2D", probe.detectorPositions2D, 2),
                                    ("sourcePos3D", probe.sourcePositions3D, 3), ("detectorPos3D", probe.detectorPositions3D, 3)] {
            let (values, dims) = table(rows, width: width)
            try file.doubles("/nirs/probe/\(name)", values, dimensions: dims)
        }
    }
}
