import Foundation
import TapCore

/// `tapnirs recover`: a session that was killed (status still `running`) is closed from the
/// journals it flushed. Its recorded taps, pauses, markers and fNIRS samples are replayed
/// through the same `Session` reducer, on a virtual clock, to rebuild what the live program
/// would have written at the end — `summary.json` with the tapping figures and the fade
/// detectors' results — then the session is marked `interrupted` and `nirs.snirf` is built.
/// The journals themselves are never rewritten; only a `session_end` row is appended.
public enum SessionRecovery {
    public enum Failure: Error, CustomStringConvertible {
        case notASession(String)
        case unreadable(String, String)
        case notRunning(String, SessionStatus)

        public var description: String {
            switch self {
            case .notASession(let path): return "\(path) is not a session folder (no session.json)"
            case .unreadable(let path, let reason): return "\(path): \(reason)"
            case .notRunning(let path, let status):
                return "\(path) is not unfinished (status \(status.rawValue)): nothing to recover"
            }
        }
    }

    public struct Report: Sendable, CustomStringConvertible {
        public var folder: String
        public var taps: Int
        public var events: Int
        public var samples: Int
        /// Seconds from session zero to the last recorded row: where the session now ends.
        public var lastOnsetSeconds: Double
        public var skippedRows: [String]
        public var snirf: String?
        public var summaries: [String]
        /// What the reader should know about how the figures were rebuilt (norms that could not be used).
        public var notes: [String] = []

        public var description: String {
            var lines = ["recovered \(folder): \(taps) taps, \(events) events, \(samples) fNIRS samples, up to "
                         + FixedDecimal.format(seconds: lastOnsetSeconds, digits: 1) + " s; status interrupted"]
            for row in skippedRows { lines.append("  skipped: \(row)") }
            for note in notes { lines.append("  note: \(note)") }
            lines += summaries.map { "  " + $0 }
            lines.append("  summary.json rebuilt" + (snirf.map { "; \($0)" } ?? ""))
            return lines.joined(separator: "\n")
        }
    }

    /// Unfinished sessions (status `running`) under an output folder, for `tapnirs run` to mention.
    public static func unfinished(in out: String) -> [String] {
        let manager = FileManager.default
        var found: [String] = []
        for subject in ((try? manager.contentsOfDirectory(atPath: out)) ?? []).sorted() where subject.hasPrefix("sub-") {
            let subjectPath = out + "/" + subject
            for session in ((try? manager.contentsOfDirectory(atPath: subjectPath)) ?? []).sorted() where session.hasPrefix("ses-") {
                let path = subjectPath + "/" + session
                if let status = try? manifest(at: path).status, status == .running { found.append(path) }
            }
        }
        return found
    }

    static func manifest(at folder: String) throws(Failure) -> SessionManifest {
        do { return try SessionReading.manifest(folder: folder) } catch {
            if case .missing = error { throw .notASession(folder) }
            throw .unreadable(folder + "/session.json", error.description)
        }
    }

    /// One recorded input, in session time.
    enum Input {
        case enter
        case key(Key)
        case sample(NirsSample)
    }

    public static func recover(folder: String) throws(Failure) -> Report {
        var manifest = try manifest(at: folder)
        guard manifest.status == .running else { throw .notRunning(folder, manifest.status) }
        let definition = manifest.protocol.parsed
        func table(_ name: String) throws(Failure) -> SessionTable? {
            do { return try SessionTable.read(folder: folder, name: name) } catch {
                throw .unreadable(folder + "/" + name, "\(error)")
            }
        }
        let taps = try table("taps.tsv")
        let events = try table("events.tsv")
        let raw: JournalReader?
        do { raw = try JournalReader.open(folder: folder, name: "nirs_raw.tsv") } catch {
            throw .unreadable(folder + "/nirs_raw.tsv", "\(error)")
        }
        var skipped: [String] = []
        for t in [taps, events].compactMap({ $0 }) {
            skipped += t.skipped.map { "\($0.file) line \($0.line): \($0.reason)" }
        }

        // Taps, pauses and markers (small) are gathered and sorted; the samples are streamed from
        // nirs_raw.tsv in file order (time order, as the journal was written) and merged in.
        var inputs: [(time: Double, order: Int, input: Input)] = []
        if let onset = manifest.firstBlockOnset { inputs.append((onset, 0, .enter)) }
        let tapKeys = Dictionary(definition.tapKeys.map { ($0.name, $0.key) }, uniquingKeysWith: { a, _ in a })
        var lastTime = manifest.firstBlockOnset ?? 0
        if let taps, let onset = taps.header.firstIndex(of: "onset"), let keyColumn = taps.header.firstIndex(of: "key") {
            for row in taps.rows {
                guard let t = Double(row.fields[onset]), let key = tapKeys[row.fields[keyColumn]] else { continue }
                inputs.append((t, 1, .key(key)))
                lastTime = max(lastTime, t)
            }
        }
        var eventCount = 0
        if let events, let onset = events.header.firstIndex(of: "onset"), let type = events.header.firstIndex(of: "trial_type") {
            for row in events.rows {
                guard let t = Double(row.fields[onset]) else { continue }
                eventCount += 1
                lastTime = max(lastTime, t)
                switch row.fields[type] {
                case "pause", "resume": inputs.append((t, 1, .key(.character("p"))))
                case "marker": inputs.append((t, 1, .key(.character("m"))))
                default: break
                }
            }
        }
        inputs.sort { ($0.time, $0.order) < ($1.time, $1.order) }

        // The comparison the session would have made at its end: its own norms file, if any.
        let (norms, normsNote) = NormsFile.recorded(manifest.normsFile)
        // A session with an input journal is replayed exactly as it ran live (`SessionReplay`);
        // one recorded before the journal existed is rebuilt from its output rows below.
        let replayed: SessionReplay.Result?
        do { replayed = try SessionReplay.run(folder: folder, definition: definition, sink: DiscardingSink(), norms: norms) } catch {
            throw .unreadable(error.path, error.reason)
        }
        if let replayed {
            skipped += replayed.skipped
            let end = replayed.driver.session.origin + replayed.lastTime
            let closing = replayed.driver.interrupt(at: end, reason: "recovered by tapnirs recover")
            return try close(folder: folder, manifest: &manifest, session: replayed.session, closing: closing,
                             norms: (norms, normsNote),
                             lastTime: replayed.lastTime.seconds, rawExists: raw != nil, taps: taps?.rows.count ?? 0,
                             events: eventCount, samples: replayed.session.nirsSource?.samplesReceived ?? 0, skipped: skipped)
        }

        var session = Session(definition: definition, origin: .zero, subjectID: manifest.subject,
                              nirsSource: manifest.nirs?.sourceDescription, participant: manifest.participant ?? Participant())
        if let layout = manifest.nirs?.layout { _ = session.handle(.nirsHeader(layout, at: .zero)) }
        var batch: [NirsSample] = []
        func flush() {
            guard let last = batch.last else { return }
            _ = session.handle(.nirsSamples(batch, at: last.hostTime))
            batch = []
        }
        var next = 0
        /// Every key input before a sample at `time` (keys first at equal times), then the sample.
        func replayInputs(before time: Double?) {
            while next < inputs.count, time.map({ inputs[next].time <= $0 }) ?? true {
                let item = inputs[next]
                next += 1
                flush()
                let at = MonoTime.seconds(item.time)
                switch item.input {
                case .enter: _ = session.handle(.keyPressed(.enter, at: at))
                case .key(let key): _ = session.handle(.keyPressed(key, at: at))
                case .sample: continue
                }
                _ = session.handle(.deadlineReached(at: at))
            }
        }
        var samples = 0
        if let raw, let layout = manifest.nirs?.layout, raw.header.count == 2 + layout.valuesPerSample {
            var values = [Double]()
            values.reserveCapacity(layout.valuesPerSample)
            do {
                try raw.forEachRow { row in
                    guard let t = row.double(0) else { return }
                    values.removeAll(keepingCapacity: true)
                    for column in 2..<raw.header.count {
                        guard let value = row.double(column) else { return }
                        values.append(value)
                    }
                    replayInputs(before: t)
                    batch.append(NirsSample(hostTime: .seconds(t), deviceTimeMilliseconds: row.double(1), values: values))
                    if batch.count == 4 { flush() }
                    samples += 1
                    lastTime = max(lastTime, t)
                }
            } catch {
                throw .unreadable(raw.path, "\(error)")
            }
        }
        replayInputs(before: nil)
        flush()
        skipped += (raw?.skipped ?? []).map { "\($0.file) line \($0.line): \($0.reason)" }
        let end = MonoTime.seconds(lastTime)
        let closing = session.interrupt(at: end, reason: "recovered by tapnirs recover")
        return try close(folder: folder, manifest: &manifest, session: session, closing: closing, norms: (norms, normsNote),
                         lastTime: lastTime, rawExists: raw != nil, taps: taps?.rows.count ?? 0, events: eventCount,
                         samples: samples, skipped: skipped)
    }

    /// The end of a recovery: the `session_end` row, `summary.json`, `session.json`, `nirs.snirf`.
    static func close(folder: String, manifest: inout SessionManifest, session: Session, closing: [Effect],
                      norms: (table: NormTable, note: String?),
                      lastTime: Double, rawExists: Bool, taps: Int, events eventCount: Int, samples: Int,
                      skipped: [String]) throws(Failure) -> Report {

        // Append the session_end row; a partial last line first gets its own line end.
        let eventsPath = folder + "/events.tsv"
        if let handle = FileHandle(forUpdatingAtPath: eventsPath) {
            let size = handle.seekToEndOfFile()
            var text = ""
            if size > 0 {
                handle.seek(toFileOffset: size - 1)
                if handle.readData(ofLength: 1) != Data([0x0A]) { text += "\n" }
                handle.seekToEndOfFile()
            }
            for case .recordEvent(let event) in closing where event.trialType == "session_end" {
                text += RecordFormat.eventLine(event)
            }
            handle.write(Data(text.utf8))
            try? handle.synchronize()
            try? handle.close()
        }

        let parts = folder.split(separator: "/").map(String.init)
        let sessionFolder = SessionFolder(path: folder, subject: manifest.subject, sessionLabel: parts.last ?? "")
        do {
            try sessionFolder.writeJSON("summary.json", SessionSummaryFile(
                status: .interrupted, session: session, clinical: session.clinicalSummary(norms: norms.table)))
        } catch { throw .unreadable(folder + "/summary.json", "cannot write: \(error)") }
        manifest.status = .interrupted
        if session.timelineGrew { manifest.timeline = session.definition.blocks }  // issue 16: the FTT's extra trials
        manifest.endOnset = lastTime
        manifest.endReason = "interrupted; recovered from the journals by tapnirs recover"
        if let nirs = session.nirsSource, manifest.nirs != nil {
            manifest.nirs?.samplesReceived = nirs.samplesReceived
            manifest.nirs?.samplesIgnored = nirs.samplesIgnored
        }
        do { try sessionFolder.writeJSON("session.json", manifest) } catch {
            throw .unreadable(folder + "/session.json", "cannot write: \(error)")
        }

        var snirf: String?
        if rawExists {
            let target = folder + "/nirs.snirf"
            if FileManager.default.fileExists(atPath: target) {
                snirf = "nirs.snirf already there (kept)"
            } else {
                do {
                    let report = try SnirfExport.write(sessionFolder: folder, to: target)
                    snirf = "nirs.snirf written (\(report.samplesWritten) samples)"
                } catch {
                    snirf = "nirs.snirf not written: \(error)"
                }
            }
        }
        return Report(folder: folder, taps: taps, events: eventCount, samples: samples,
                      lastOnsetSeconds: lastTime, skippedRows: skipped, snirf: snirf,
                      summaries: session.detections.sorted { $0.block < $1.block }.map(\.reading),
                      notes: norms.note.map { [$0] } ?? [])
    }
}
