import Foundation
import TapCore

/// Reads a session folder into what `tapnirs report` draws (`ReportInput`): session.json,
/// summary.json, events.tsv (blocks and fade flags), taps.tsv, channels.tsv and hemo.tsv.
/// Journals are read as flushed (`SessionTable`): rows cut short by a crash are left out and
/// listed as notes, never guessed at. Nothing in the folder is written.
public enum SessionData {
    public enum Failure: Error, CustomStringConvertible {
        case notASession(String)
        case unreadable(String, String)

        public var description: String {
            switch self {
            case .notASession(let path): return "\(path) is not a session folder (no session.json)"
            case .unreadable(let path, let reason): return "\(path): \(reason)"
            }
        }
    }

    /// What this process has just written into a folder's session.json and summary.json
    /// (`SessionRecorder.writtenFiles`): the report of a session that just ended takes them as
    /// they are instead of decoding the files again — the same values, a quarter of the report's time.
    public struct WrittenFiles: Sendable {
        public var manifest: SessionManifest
        /// nil when summary.json was not written: the file (or its absence) is read as usual.
        public var summary: SessionSummaryFile?
        /// nirs_raw.tsv's and hemo.tsv's numbers as they read back (`SessionRecorder.keepsNumbers`);
        /// nil: the journal is read.
        public var nirsRaw: JournalNumbers? = nil
        public var hemo: JournalNumbers? = nil
    }

    public static func read(folder: String, written: WrittenFiles? = nil) throws(Failure) -> ReportInput {
        let manifest: SessionManifest
        if let written { manifest = written.manifest } else { manifest = try readManifest(folder) }
        var notes: [String] = []
        let definition = manifest.protocol.parsed

        var inputText = manifest.input.kind
        if manifest.input.kind == "synthetic" {
            inputText += " (" + [manifest.input.autotapProfile, manifest.input.seed.map { "seed \($0)" }].compactMap { $0 }.joined(separator: ", ") + ")"
        }
        let header = ReportInput.Header(
            subject: manifest.subject, session: manifest.session, startTime: manifest.startTime,
            protocolName: definition.name, protocolFile: manifest.protocol.file, status: manifest.status.rawValue,
            endReason: manifest.endReason, source: manifest.nirs?.sourceDescription, input: inputText,
            softwareVersion: manifest.software.version, normsFile: manifest.normsFile)

        // summary.json (absent while running, or after a crash before `tapnirs recover`).
        var summaries: [BlockTapSummary] = []
        var detections: [Session.BlockDetection] = []
        var conditions: [ConditionResult]?
        var contrasts: [ConditionContrast]?
        var clinical: ClinicalSummary?
        do {
            let summary: SessionSummaryFile
            if let known = written?.summary { summary = known } else { summary = try SessionReading.summary(folder: folder) }
            clinical = summary.clinical
            summaries = summary.blocks
            detections = summary.detectors.sorted { $0.block < $1.block }
            conditions = summary.conditions
            contrasts = summary.contrasts
        } catch .missing {
            notes.append("no summary.json (session status \(manifest.status.rawValue)): per-block figures are missing; "
                         + "`tapnirs recover` rebuilds them for a session that was killed")
        } catch {
            notes.append("summary.json could not be read (\(error.description)): per-block figures are missing")
        }

        let events = try table(folder, "events.tsv", &notes)
        var blocks: [ReportInput.TimelineBlock] = []
        var flags: [ReportInput.Flag] = []
        var endOnset = manifest.endOnset
        var artefacts: [ReportInput.Artefact] = []
        if let events, let onsetColumn = events.column("onset"), let typeColumn = events.column("trial_type"),
           let valueColumn = events.column("value"), let durationColumn = events.column("duration") {
            for row in events.rows {
                let fields = row.fields
                let onset = SessionTable.number(fields[onsetColumn])
                guard onset.isFinite else { continue }
                let type = fields[typeColumn]
                let values = keyValues(fields[valueColumn])
                if let flagKind = FadeFlag.Kind(rawValue: type) {
                    if values["state"] == "raised" {
                        flags.append(ReportInput.Flag(
                            kind: flagKind.rawValue, block: values["block"].flatMap { Int($0) },
                            channel: values["channel"].flatMap { $0 == "n/a" ? nil : $0 }, raisedAt: onset,
                            fadeOnset: values["fade_onset"].flatMap { Double($0) }, magnitude: values["magnitude"].flatMap { Double($0) },
                            clearedAt: nil))
                    } else if values["state"] == "cleared", let raised = values["raised_at"].flatMap({ Double($0) }) {
                        let channel = values["channel"].flatMap { $0 == "n/a" ? nil : $0 }
                        if let index = flags.lastIndex(where: { $0.kind == type && $0.clearedAt == nil && $0.channel == channel
                                                                && abs($0.raisedAt - raised) < 0.0015 }) {
                            flags[index].clearedAt = onset
                        }
                    }
                } else if type == "motion_artefact" {
                    let duration = SessionTable.number(fields[durationColumn])
                    artefacts.append(ReportInput.Artefact(onset: onset, duration: duration.isFinite ? duration : 0,
                                                          channel: values["channel"] ?? "n/a"))
                } else if type == "session_end" {
                    endOnset = endOnset ?? onset
                } else if let number = values["block"].flatMap({ Int($0) }), number >= 1, number <= manifest.blocksRun.count {
                    let block = manifest.blocksRun[number - 1]
                    let duration = SessionTable.number(fields[durationColumn])
                    blocks.append(ReportInput.TimelineBlock(
                        number: number, label: block.label, kind: block.kind, isBaseline: block.isBaseline, onset: onset,
                        duration: duration.isFinite ? duration : block.durationSeconds, paceHz: block.targetRateHz))
                }
            }
        }
        // A block restarted after a pause is logged again: its earlier, cut-short run ends where the next starts.
        for i in blocks.indices.dropLast() where blocks[i].end > blocks[i + 1].onset {
            blocks[i].duration = max(0, blocks[i + 1].onset - blocks[i].onset)
        }
        if let end = endOnset, let last = blocks.indices.last, blocks[last].end > end {
            blocks[last].duration = max(0, end - blocks[last].onset)
        }

        var taps: [ReportInput.Tap] = []
        if let table = try table(folder, "taps.tsv", &notes), let onset = table.column("onset"), let block = table.column("block"),
           let iti = table.column("iti"), let offset = table.column("beat_offset"), let repeatColumn = table.column("autorepeat"),
           let inBlock = table.column("in_block") {
            for row in table.rows {
                let f = row.fields
                let t = SessionTable.number(f[onset])
                guard t.isFinite else { continue }
                let i = SessionTable.number(f[iti]), o = SessionTable.number(f[offset])
                taps.append(ReportInput.Tap(onset: t, block: Int(f[block]), counted: f[inBlock] == "true" && f[repeatColumn] != "true",
                                            iti: i.isFinite ? i : nil, beatOffset: o.isFinite ? o : nil))
            }
        }

        let hemo = try readHemo(folder, kept: written?.hemo, blocks: blocks, &notes)
        var input = ReportInput(header: header, blocks: blocks, taps: taps, flags: flags, summaries: summaries, detections: detections,
                                hemo: hemo, endOnset: endOnset, notes: notes)
        if conditions == nil, let hemo, !hemo.times.isEmpty {
            // Recorded before summary.json had them: the same epochs, from hemo.tsv as it streamed by.
            var rates: [Int: Double] = [:]
            for s in summaries { if let r = s.rateHz { rates[s.blockIndex + 1] = r } }
            conditions = hemo.conditions(rates: rates)
            contrasts = conditions.map(ConditionContrast.fastMinusSlow)
        }
        input.artefacts = artefacts
        input.conditions = conditions ?? []
        input.contrasts = contrasts ?? []
        input.participant = manifest.participant  // issue 16
        input.blocksRun = manifest.blocksRun
        input.trialRule = definition.trialRule
        input.clinical = clinical
        return input
    }

    static func readManifest(_ folder: String) throws(Failure) -> SessionManifest {
        do { return try SessionReading.manifest(folder: folder) } catch .missing {
            throw .notASession(folder)
        } catch {
            throw .unreadable(folder + "/session.json", error.description)
        }
    }

    static func table(_ folder: String, _ name: String, _ notes: inout [String]) throws(Failure) -> SessionTable? {
        do {
            let table = try SessionTable.read(folder: folder, name: name)
            if let table, !table.skipped.isEmpty {
                notes.append("\(name): \(table.skipped.count) incomplete row\(table.skipped.count == 1 ? "" : "s") left out")
            }
            return table
        } catch {
            throw .unreadable(folder + "/" + name, "\(error)")
        }
    }

    /// `block=4;cue=TAP FAST;pace=self` → pairs, in order; the first of a repeated key wins.
    static func keyValues(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for part in text.split(separator: ";") {
            guard let eq = part.firstIndex(of: "=") else { continue }
            let key = String(part[..<eq])
            if result[key] == nil { result[key] = String(part[part.index(after: eq)...]) }
        }
        return result
    }

    /// `S12` → 12.
    static func optodeNumber(_ text: String) -> Int? { Int(text.drop { !$0.isNumber }) }

    /// channels.tsv (one row per measurement) → one channel per source–detector pair, with its
    /// status; hemo.tsv → HbO/HbR per channel, reduced row by row to what the report draws
    /// (`ReportInput.Hemo`): any length of recording in bounded memory. nil when the session has no hemo.tsv.
    static func readHemo(_ folder: String, kept: JournalNumbers?, blocks: [ReportInput.TimelineBlock],
                         _ notes: inout [String]) throws(Failure) -> ReportInput.Hemo? {
        let hemo: NumericJournal
        if let kept {
            hemo = .kept(kept)
        } else {
            do {
                guard let reader = try JournalReader.open(folder: folder, name: "hemo.tsv") else { return nil }
                hemo = .file(reader)
            } catch {
                throw .unreadable(folder + "/hemo.tsv", "\(error)")
            }
        }
        guard let timeColumn = hemo.column("time") else { return nil }
        let hemoNote = notes.count  // hemo.tsv's note comes before channels.tsv's, as the files are named
        var statuses: [(name: String, source: Int, detector: Int, good: Bool, description: String)] = []
        if let channels = try table(folder, "channels.tsv", &notes), let name = channels.column("name"),
           let source = channels.column("source"), let detector = channels.column("detector"), let status = channels.column("status") {
            let description = channels.column("status_description")
            for row in channels.rows {
                let f = row.fields
                let pair = String(f[name].split(separator: " ").first ?? "")
                let good = f[status] == "good"
                if let i = statuses.firstIndex(where: { $0.name == pair }) {
                    if !good { statuses[i].good = false }
                    continue
                }
                statuses.append((pair, optodeNumber(f[source]) ?? 0, optodeNumber(f[detector]) ?? 0, good, description.map { f[$0] } ?? ""))
            }
        }
        var channels: [ReportInput.Channel] = []
        var hboColumns: [Int] = [], hbrColumns: [Int] = []
        for (index, column) in hemo.header.enumerated() where column.hasSuffix(" hbo") {
            let pair = String(column.dropLast(4))
            guard let hbr = hemo.column(pair + " hbr") else { continue }
            let known = statuses.first { $0.name == pair }
            let parts = pair.split(separator: "-")
            channels.append(ReportInput.Channel(
                name: pair, source: known?.source ?? parts.first.flatMap { optodeNumber(String($0)) } ?? 0,
                detector: known?.detector ?? (parts.count > 1 ? optodeNumber(String(parts[1])) ?? 0 : 0),
                good: known?.good ?? true, statusDescription: known?.description ?? "not in channels.tsv"))
            hboColumns.append(index)
            hbrColumns.append(hbr)
        }
        var builder = ReportInput.Hemo.Builder(channels: channels, blocks: blocks)
        var hbo = [Double](repeating: .nan, count: channels.count), hbr = hbo
        do {
            try hemo.forEachRow { _, row in
                let t = row.number(timeColumn)
                guard t.isFinite else { return }
                for c in channels.indices {
                    hbo[c] = row.number(hboColumns[c])
                    hbr[c] = row.number(hbrColumns[c])
                }
                builder.add(time: t, hbo: hbo, hbr: hbr)
            }
        } catch {
            throw .unreadable(folder + "/hemo.tsv", "\(error)")
        }
        if !hemo.skipped.isEmpty {
            notes.insert("hemo.tsv: \(hemo.skipped.count) incomplete row\(hemo.skipped.count == 1 ? "" : "s") left out", at: hemoNote)
        }
        return builder.hemo
    }
}
