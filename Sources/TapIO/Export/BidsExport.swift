import Foundation
import TapCore

/// Lays tapnirs session folders out as a BIDS dataset with the NIRS extension (BIDS 1.10):
///
/// ```
/// DIR/dataset_description.json, README, participants.tsv, participants.json
/// DIR/sub-<ID>/ses-<label>/nirs/sub-<ID>_ses-<label>_task-fingertapping_nirs.snirf      (SnirfExport)
///                               …_task-fingertapping_nirs.json, _channels.tsv, _events.tsv, _events.json
///                               sub-<ID>_ses-<label>_optodes.tsv, _coordsystem.json  (no task entity: BIDS)
/// DIR/sub-<ID>/ses-<label>/beh/sub-<ID>_ses-<label>_task-fingertapping_beh.tsv, …_beh.json
///                               (…_events.tsv/.json here instead, for a session without fNIRS)
/// ```
///
/// - `<label>` is the session folder's `ses-…` name with everything but letters and digits
///   removed (`ses-20261125T172413` stays as it is).
/// - Times: BIDS counts event onsets from the first sample of the data file, so with fNIRS
///   every onset in `events.tsv` and `beh.tsv` is the session time minus the first sample's
///   `host_time` (given in the sidecars as `SessionTimeOfFirstSample`; earlier events get
///   negative onsets, which BIDS allows). Without fNIRS, onsets are session times.
/// - Nothing is ever replaced: a file that is already there is accepted only when identical
///   (for the SNIRF file: the same recording read back), else the session is refused before
///   anything of it is written. `participants.tsv` only ever gains rows;
///   `dataset_description.json` and `README` that differ are kept as they are.
public enum BidsExport {
    public static let task = "fingertapping"
    public static let bidsVersion = "1.10.0"

    /// Exports one session folder into the dataset `datasetFolder` (created if needed), then
    /// brings the dataset-level files up to date (`version`: the exporting tapnirs, for GeneratedBy).
    public static func export(sessionFolder: String, to datasetFolder: String, version: String) throws(BidsExportError) -> BidsSessionSummary {
        var summary = try exportSession(sessionFolder, to: datasetFolder)
        summary.notes += try updateDatasetFiles(datasetFolder, subjects: [summary.subject], version: version,
                                                visits: [summary.visit])
        return summary
    }

    /// The session's own files only (call `updateDatasetFiles` once after a batch): everything is
    /// read and checked against what `datasetFolder` holds before anything is written.
    public static func exportSession(_ sessionFolder: String, to datasetFolder: String) throws(BidsExportError) -> BidsSessionSummary {
        try BidsSessionPlan.make(sessionFolder: sessionFolder).write(into: datasetFolder)
    }

    /// Writes `dataset_description.json`, `README`, `participants.json` when absent and adds
    /// the subjects missing from `participants.tsv`. Returns notes for the user.
    public static func updateDatasetFiles(_ dataset: String, subjects: [String], version: String,
                                          visits: [BidsVisit] = []) throws(BidsExportError) -> [String] {
        try BidsFiles.makeDirectory(dataset)
        var notes: [String] = []
        let description: [String: Any] = [
            "Name": "tapnirs finger-tapping sessions",
            "BIDSVersion": bidsVersion,
            "DatasetType": "raw",
            "GeneratedBy": [[
                "Name": "tapnirs",
                "Version": version,
                "Description": "tapnirs export --bids: session folders (docs/data-format.md) laid out as BIDS-NIRS",
            ]],
        ]
        let readme = """
            Finger-tapping sessions recorded with tapnirs (a paced/self-paced finger-tapping test at the
            terminal with optional fNIRS), exported by `tapnirs export --bids`.

            Per session: nirs/ holds the SNIRF recording (data1 = the stream as received; data2 = HbO/HbR
            in mol/L), the block/fade-flag events, channels, nominal optode positions; beh/ holds every
            key press (taps). Sessions without fNIRS have beh/ only.
            Optode positions are tapnirs' documented default layout (a line over C3), not measured.

            """
        let participantsSidecar = BidsParticipants.sidecar  // issue 16: age, sex, handedness
        for (name, data) in [("dataset_description.json", BidsFiles.json(description)), ("README", Data(readme.utf8)),
                             ("participants.json", BidsFiles.json(participantsSidecar))] {
            let path = dataset + "/" + name
            switch try BidsFiles.state(of: path, wanted: data) {
            case .absent: try BidsFiles.createNew(path, data)
            case .identical: break
            case .different: notes.append("\(path): already there with other contents; kept as it is")
            }
        }

        let path = dataset + "/participants.tsv"
        var existing: String?
        if FileManager.default.fileExists(atPath: path) {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw .unreadable(path: path, reason: "cannot be read")
            }
            let text = String(decoding: data, as: UTF8.self)
            guard text.split(separator: "\n", omittingEmptySubsequences: false).first?
                .split(separator: "\t", omittingEmptySubsequences: false).first == "participant_id" else {
                throw .unreadable(path: path, reason: "not a participants table (first column is not participant_id)")
            }
            existing = text
        }
        if let text = BidsParticipants.participantsTable(existing: existing, subjects: subjects, visits: visits) {
            try BidsFiles.replace(path, Data(text.utf8))
        }
        notes += try updateSessionsTables(dataset, visits: visits)
        return notes
    }
}

/// What one session became in the dataset.
public struct BidsSessionSummary: Sendable, Equatable, CustomStringConvertible {
    public var sessionFolder: String
    public var subject: String
    /// The BIDS session label (without `ses-`).
    public var session: String
    public var status: String
    /// Paths relative to the dataset folder: written now, and found already there identical.
    public var written: [String]
    public var alreadyPresent: [String]
    /// The SNIRF export's report (nil without fNIRS, or when the file was already there).
    public var snirf: SnirfExportReport?
    /// Why there is no fNIRS data, for a session without it.
    public var withoutNirs: String?
    public var events: Int
    public var taps: Int
    public var notes: [String]
    /// Issue 16: the visit for participants.tsv and sessions.tsv.
    public var visit = BidsVisit(subject: "", session: "", startTime: nil, participant: nil)

    public var description: String {
        var lines = ["\(sessionFolder) -> sub-\(subject)/ses-\(session) (status \(status)): "
            + "\(written.count) file\(written.count == 1 ? "" : "s") written"
            + (alreadyPresent.isEmpty ? "" : ", \(alreadyPresent.count) already there (identical)")]
        if let withoutNirs {
            lines.append("  no fNIRS (\(withoutNirs)): exported beh and events only")
        } else if let snirf {
            lines.append("  nirs: \(snirf.samplesWritten) samples × \(snirf.measurements) channels (\(snirf.dataKind))"
                + (snirf.hemoSamplesWritten > 0 ? ", HbO/HbR in data2" : "")
                + (snirf.skipped.isEmpty ? "" : ", \(snirf.skipped.count) journal rows skipped"))
        } else {
            lines.append("  nirs: SNIRF file already there")
        }
        lines.append("  events: \(events) rows; beh: \(taps) key presses")
        for path in written { lines.append("  + \(path)") }
        lines += notes.map { "  note: \($0)" }
        return lines.joined(separator: "\n")
    }
}

/// Why a session could not be exported, naming the folder or file concerned.
public enum BidsExportError: Error, Equatable, Sendable, CustomStringConvertible {
    case notASession(folder: String, reason: String)
    case stillRunning(folder: String)
    case unreadable(path: String, reason: String)
    /// A target file exists with other contents: nothing of the session was written.
    case targetExists(path: String)
    case cannotWrite(path: String, reason: String)
    case snirf(SnirfExportError)

    public var description: String {
        switch self {
        case .notASession(let folder, let reason):
            return "\(folder): not a tapnirs session folder (\(reason))"
        case .stillRunning(let folder):
            return "\(folder): session is still marked running (it was killed, or is still recording); "
                + "run `tapnirs recover \(folder)` first"
        case .unreadable(let path, let reason): return "\(path): cannot be read (\(reason))"
        case .targetExists(let path):
            return "\(path): already exists with different contents; not overwritten (nothing of this session was written)"
        case .cannotWrite(let path, let reason): return "\(path): cannot be written (\(reason))"
        case .snirf(let error): return error.description
        }
    }
}

// MARK: - One session

/// Everything one session will put into the dataset, built in memory before anything is written.
struct BidsSessionPlan {
    var folder: String
    var manifest: SessionManifest
    var subject: String
    var session: String
    var softwareVersion: String
    /// Text files by path relative to the dataset.
    var files: [(path: String, data: Data)] = []
    var snirfPath: String?
    var withoutNirs: String?
    var events = 0
    var taps = 0
    var notes: [String] = []

    var prefix: String { "sub-\(subject)_ses-\(session)_task-\(BidsExport.task)" }

    static func make(sessionFolder folder: String) throws(BidsExportError) -> BidsSessionPlan {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) else {
            throw .notASession(folder: folder, reason: "no such folder")
        }
        guard isDirectory.boolValue else { throw .notASession(folder: folder, reason: "not a folder") }
        let manifest: SessionManifest
        do { manifest = try SessionReading.manifest(folder: folder) } catch {
            switch error {
            case .missing:
                throw .notASession(folder: folder, reason: "no session.json; give a folder like sessions/sub-<ID>/ses-<time>")
            case .unreadable(let path, let reason): throw .unreadable(path: path, reason: reason)
            }
        }
        if manifest.status == .running { throw .stillRunning(folder: folder) }
        let rawSubject = manifest.subject, rawSession = manifest.session
        let subject = BidsFiles.label(rawSubject)
        var session = BidsFiles.label(rawSession.hasPrefix("ses-") ? String(rawSession.dropFirst(4)) : rawSession)
        guard !subject.isEmpty else { throw .notASession(folder: folder, reason: "subject \"\(rawSubject)\" has no letters or digits") }
        if session.isEmpty { session = "1" }
        var plan = BidsSessionPlan(folder: folder, manifest: manifest, subject: subject, session: session,
                                   softwareVersion: manifest.software.version)
        if subject != rawSubject { plan.notes.append("subject \(rawSubject) written as sub-\(subject) (BIDS labels are letters and digits)") }
        try plan.build()
        return plan
    }

    mutating func build() throws(BidsExportError) {
        // fNIRS: the layout and the time of the first sample, as SnirfExport reads them.
        var firstSample = 0.0
        var nirs: (layout: NirsLayout, times: (first: Double, last: Double, count: Int))?
        if manifest.nirs == nil {
            withoutNirs = "the session ran without an fNIRS source"
        } else {
            // Only the first and last sample times and their count: the file is streamed, never held.
            let raw: JournalReader?
            do { raw = try JournalReader.open(folder: folder, name: "nirs_raw.tsv") } catch { throw .snirf(error) }
            if let raw, let timeColumn = raw.column("host_time") {
                var first: Double?, last = 0.0, count = 0
                do {
                    try raw.forEachRow { row in
                        let time = row.number(timeColumn)
                        guard time.isFinite else { return }
                        if first == nil { first = time }
                        last = time
                        count += 1
                    }
                } catch let error as SnirfExportError {
                    throw .snirf(error)
                } catch {
                    throw .unreadable(path: raw.path, reason: "\(error)")
                }
                if let first {
                    let layout: NirsLayout
                    if let recorded = manifest.nirs?.layout { layout = recorded } else {
                        do { layout = try SessionReading.inferredNirsLayout(folder: folder, header: raw.header) } catch { throw .snirf(error) }
                    }
                    nirs = (layout, (first, last, count))
                    firstSample = first
                } else {
                    withoutNirs = "nirs_raw.tsv has no complete sample"
                }
            } else {
                withoutNirs = raw == nil ? "no nirs_raw.tsv" : "nirs_raw.tsv has no host_time column"
            }
        }
        let datatype = nirs == nil ? "beh" : "nirs"
        let base = "sub-\(subject)/ses-\(session)"

        // events.tsv: the journal, onsets from the first fNIRS sample.
        guard let eventTable = try read("events.tsv") else {
            throw .notASession(folder: folder, reason: "no events.tsv")
        }
        let (eventsText, eventTypes, eventRows) = try shiftedTable(eventTable, columns: ["onset", "duration", "trial_type", "value"],
                                                                   shift: firstSample, timeColumns: ["onset"])
        events = eventRows
        files.append(("\(base)/\(datatype)/\(prefix)_events.tsv", Data(BidsParticipants.withHandColumn(eventsText).utf8)))
        files.append(("\(base)/\(datatype)/\(prefix)_events.json",
                      BidsFiles.json(BidsSidecars.events(trialTypes: eventTypes, firstSample: firstSample, hasNirs: nirs != nil))))

        // beh: every key press.
        if let tapTable = try read("taps.tsv") {
            let columns = ["onset", "key", "block", "block_label", "iti", "beat_offset", "autorepeat", "in_block"]
            let (text, _, rows) = try shiftedTable(tapTable, columns: columns, shift: firstSample, timeColumns: ["onset"])
            taps = rows
            files.append(("\(base)/beh/\(prefix)_beh.tsv", Data(text.utf8)))
            files.append(("\(base)/beh/\(prefix)_beh.json",
                          BidsFiles.json(BidsSidecars.beh(manifest: manifest, firstSample: firstSample, hasNirs: nirs != nil))))
        } else {
            notes.append("no taps.tsv: no beh file")
        }

        guard let (layout, times) = nirs else { return }
        let pairs = layout.channels.compactMap(NirsLayout.sourceDetector(of:))
        guard pairs.count == layout.channels.count, !pairs.isEmpty else {
            throw .unreadable(path: folder + "/session.json", reason: "fNIRS channels are not all named S<n>-D<m>")
        }
        let sources = pairs.map(\.source).max() ?? 0
        let detectors = pairs.map(\.detector).max() ?? 0
        snirfPath = "\(base)/nirs/\(prefix)_nirs.snirf"

        // channels.tsv: one row per column of SNIRF data1, named as MNE names them.
        var quality: [String: (String, String)] = [:]
        if let table = try read("channels.tsv"), let name = table.column("name"), let status = table.column("status"),
           let description = table.column("status_description") {
            for row in table.rows { quality[row.fields[name]] = (row.fields[status], row.fields[description]) }
        }
        var channels = "name\ttype\tsource\tdetector\twavelength_nominal\tunits\tstatus\tstatus_description\tshort_channel\n"
        var channelCount = 0
        for (channel, pair) in zip(layout.channels, pairs) {
            let rows: [(suffix: String, type: String, wavelength: String, units: String)]
            switch layout.kind {
            case .intensity:
                rows = layout.wavelengths.map { (NirsLayout.wavelengthLabel($0), "NIRSCWAMPLITUDE", NirsLayout.wavelengthLabel($0), "V") }
            case .od:
                rows = layout.wavelengths.map { (NirsLayout.wavelengthLabel($0), "NIRSCWOPTICALDENSITY", NirsLayout.wavelengthLabel($0), "unitless") }
            case .hb:
                rows = [("hbo", "NIRSCWHBO", "n/a", "M"), ("hbr", "NIRSCWHBR", "n/a", "M")]
            }
            for row in rows {
                let (status, description) = quality["\(channel) \(row.suffix)"] ?? ("n/a", "not assessed")
                let bidsStatus = ["good", "bad"].contains(status) ? status : "n/a"
                channels += ["S\(pair.source)_D\(pair.detector) \(row.suffix)", row.type, "S\(pair.source)", "D\(pair.detector)",
                             row.wavelength, row.units, bidsStatus, BidsFiles.field(description), "false"].joined(separator: "\t") + "\n"
                channelCount += 1
            }
        }
        files.append(("\(base)/nirs/\(prefix)_channels.tsv", Data(channels.utf8)))

        // optodes.tsv: the probe SnirfExport writes (same DefaultProbe, same spacing rule), 3-D, mm.
        let known = layout.distancesCentimetres.compactMap { $0 }.filter { $0 > 0 }.sorted()
        let spacing = known.isEmpty ? 30 : known[known.count / 2] * 10
        let probe = DefaultProbe(sources: sources, detectors: detectors, channels: pairs, spacingMillimetres: spacing)
        var optodes = "name\ttype\tx\ty\tz\n"
        for (i, position) in probe.sourcePositions3D.enumerated() {
            optodes += (["S\(i + 1)", "source"] + position.map(BidsFiles.millimetres)).joined(separator: "\t") + "\n"
        }
        for (i, position) in probe.detectorPositions3D.enumerated() {
            optodes += (["D\(i + 1)", "detector"] + position.map(BidsFiles.millimetres)).joined(separator: "\t") + "\n"
        }
        // BIDS names these without the task entity (one probe per session).
        files.append(("\(base)/nirs/sub-\(subject)_ses-\(session)_optodes.tsv", Data(optodes.utf8)))
        files.append(("\(base)/nirs/sub-\(subject)_ses-\(session)_coordsystem.json", BidsFiles.json(BidsSidecars.coordsystem(spacing: spacing))))

        // nirs.json.
        let duration = times.last - times.first
        files.append(("\(base)/nirs/\(prefix)_nirs.json", BidsFiles.json(BidsSidecars.nirs(
            manifest: manifest, layout: layout, channelCount: channelCount, sources: sources, detectors: detectors,
            duration: duration, firstSample: firstSample, samples: times.count, spacing: spacing))))
        if manifest.nirs?.layout == nil { notes.append("layout inferred from channels.tsv and the nirs_raw.tsv header") }
    }

    mutating func read(_ name: String) throws(BidsExportError) -> SessionTable? {
        do {
            let table = try SessionTable.read(folder: folder, name: name)
            notes += (table?.skipped ?? []).map { "\($0.file) line \($0.line) left out: \($0.reason)" }
            return table
        } catch {
            if case .unreadable(let path, let reason) = error { throw .unreadable(path: path, reason: reason) }
            throw .snirf(error)
        }
    }

    /// The table with the given columns (those it has, in this order; `n/a` for missing ones),
    /// the times in `timeColumns` moved by `-shift`. Returns the text, the distinct
    /// `trial_type` values in order of appearance and the row count.
    func shiftedTable(_ table: SessionTable, columns: [String], shift: Double,
                      timeColumns: Set<String>) throws(BidsExportError) -> (String, [String], Int) {
        let indices = columns.map { table.column($0) }
        guard indices[0] != nil else {
            throw .unreadable(path: folder + "/" + table.name, reason: "no \(columns[0]) column")
        }
        var text = columns.joined(separator: "\t") + "\n"
        var types: [String] = []
        var count = 0
        for row in table.rows {
            var fields: [String] = []
            for (name, index) in zip(columns, indices) {
                let value = index.map { row.fields[$0] } ?? "n/a"
                if timeColumns.contains(name) {
                    let seconds = SessionTable.number(value)
                    guard seconds.isFinite else { fields = []; break }
                    fields.append(BidsFiles.seconds(seconds - shift))
                } else {
                    fields.append(value.isEmpty ? "n/a" : BidsFiles.field(value))
                }
                if name == "trial_type", !types.contains(value) { types.append(value) }
            }
            guard !fields.isEmpty else { continue }
            text += fields.joined(separator: "\t") + "\n"
            count += 1
        }
        return (text, types, count)
    }

    // MARK: Writing

    /// Checks every target first (refusing the whole session on a conflict), then writes.
    func write(into dataset: String) throws(BidsExportError) -> BidsSessionSummary {
        var summary = BidsSessionSummary(sessionFolder: folder, subject: subject, session: session,
                                         status: manifest.status.rawValue, written: [], alreadyPresent: [], snirf: nil,
                                         withoutNirs: withoutNirs, events: events, taps: taps, notes: notes)
        summary.visit = BidsVisit(subject: subject, session: session, startTime: manifest.startTime, participant: manifest.participant)
        var pending: [(path: String, data: Data)] = []
        for file in files {
            switch try BidsFiles.state(of: dataset + "/" + file.path, wanted: file.data) {
            case .absent: pending.append(file)
            case .identical: summary.alreadyPresent.append(file.path)
            case .different: throw .targetExists(path: dataset + "/" + file.path)
            }
        }
        // The SNIRF file: exported to a scratch folder first, so it can be compared with one already there.
        var snirfStaged: String?
        var scratch: String?
        defer { if let scratch { try? FileManager.default.removeItem(atPath: scratch) } }
        if let snirfPath {
            let dir = NSTemporaryDirectory() + "tapnirs-bids-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)"
            try BidsFiles.makeDirectory(dir)
            scratch = dir
            let staged = dir + "/nirs.snirf"
            do { summary.snirf = try SnirfExport.write(sessionFolder: folder, to: staged) } catch let error as SnirfExportError {
                throw .snirf(error)
            } catch {
                throw .cannotWrite(path: staged, reason: "\(error)")
            }
            let target = dataset + "/" + snirfPath
            if FileManager.default.fileExists(atPath: target) {
                guard Self.sameRecording(target, staged) else { throw .targetExists(path: target) }
                summary.alreadyPresent.append(snirfPath)
                summary.snirf = nil
            } else {
                snirfStaged = staged
            }
        }
        if let snirfStaged, let snirfPath {
            let target = dataset + "/" + snirfPath
            try BidsFiles.makeDirectory((target as NSString).deletingLastPathComponent)
            try BidsFiles.copyNew(from: snirfStaged, to: target)
            summary.snirf?.path = target
            summary.written.append(snirfPath)
        }
        for file in pending {
            try BidsFiles.createNew(dataset + "/" + file.path, file.data)
            summary.written.append(file.path)
        }
        return summary
    }

    /// Byte for byte first (streamed: the same session exports to the same bytes); a file written
    /// by an older version (with object times) is compared as read back, which holds it in memory.
    static func sameRecording(_ a: String, _ b: String) -> Bool {
        if BidsFiles.sameBytes(a, b) { return true }
        guard var x = try? SnirfFile.read(path: a), var y = try? SnirfFile.read(path: b) else { return false }
        x.path = ""; y.path = ""
        return x == y
    }
}
