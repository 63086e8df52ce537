import Foundation
import TapCore

/// `tapnirs reanalyse`: a session's recorded inputs (`inputs.tsv`) replayed with the same or other
/// analysis settings into a new folder beside it (`ses-…reanalysis1`, `…2`…), never touching the
/// original. The protocol may change the detectors, the fNIRS settings and the trial rules, not
/// the design: the blocks must be the ones the inputs were recorded under. With the original
/// settings every replayed file equals the original (docs/decisions.md).
public enum SessionReanalysis {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }

    public struct Outcome {
        public var folder: SessionFolder
        public var session: Session
        public var inputs: Int
        public var skipped: [String]
        /// The norms the summary was compared with (for the report).
        public var norms: NormTable
        /// The session.json and summary.json `folder` is getting, with the fNIRS numbers kept (for
        /// nirs.snirf and the report); nil when its last rows could not be written.
        public var written: SessionData.WrittenFiles?
        let recorder: SessionRecorder

        /// Makes the records durable and writes summary.json, then session.json (the recorder's
        /// deferred `completeFinish`): call once, before the process ends, on any one thread — the
        /// end files may be built from `written` meanwhile. Returns what was written, which
        /// differs from `written` only if a write failed.
        public func complete() -> SessionData.WrittenFiles? {
            recorder.completeFinish()
            return recorder.writtenFiles
        }

        /// Where the records are once `complete()` returned (another folder if a write failed there).
        public var finalFolder: SessionFolder { recorder.folder }
    }

    /// Replays `original` into a fresh folder beside it. `replacement` is a protocol (parsed, with
    /// its text and file) to analyse with instead of the recorded one; `normsFile` a local norms
    /// file instead of the one the session ran with (session.json `norms_file`).
    public static func run(original: String, replacement: (SessionProtocol, text: String, file: String)?,
                           normsFile: String?) throws(Failure) -> Outcome {
        let source = original.hasSuffix("/") ? String(original.dropLast()) : original
        // The inputs are read and parsed on another core from now on, while the new folder is set up
        // (its problems are reported after the session folder's own).
        let started = Result { () throws(SessionReplay.Failure) in
            try SessionReplay.Reading.start(folder: source, keepsRows: true, readAhead: Self.readAhead)
        }
        let manifest: SessionManifest
        do { manifest = try SessionReading.manifest(folder: source) } catch { throw Failure("\(error)") }
        let norms: NormTable
        do { norms = try NormsFile.forSession(localPath: normsFile ?? manifest.normsFile) } catch { throw Failure("norms: \(error)") }
        let reading: SessionReplay.Reading?
        do { reading = try started.get() } catch { throw Failure("\(error)") }
        guard let reading else {
            throw Failure("\(source) has no inputs.tsv (recorded before tapnirs kept an input journal): "
                          + "tapnirs recover, report, compare and export still read it from its other journals")
        }
        let recorded = manifest.protocol.parsed
        var definition = recorded
        var copy = manifest.protocol
        if let (replacementDefinition, text, file) = replacement {
            definition = replacementDefinition
            definition.tapKeys = recorded.tapKeys  // the keys the inputs were recorded with
            if let problem = designDifference(recorded: recorded.blocks, replacement: definition.blocks) {
                throw Failure("\(file) does not describe the design \(source) was recorded under: \(problem). "
                              + "reanalyse changes the analysis (detectors, fNIRS settings), not the blocks")
            }
            copy = .init(file: file, text: text, parsed: definition)
        }

        let parent = (source as NSString).deletingLastPathComponent
        let label = (source as NSString).lastPathComponent
        var folder: SessionFolder?
        for n in 1...999 {
            let candidate = label + "reanalysis\(n)"
            do {
                try Syscalls.makeDirectory(parent + "/" + candidate)
                folder = SessionFolder(path: parent + "/" + candidate, subject: manifest.subject, sessionLabel: candidate)
                break
            } catch {
                if error.errno != EEXIST { throw Failure("cannot create \(parent)/\(candidate): \(error.reason)") }
            }
        }
        guard let folder else { throw Failure("\(parent) already holds 999 reanalyses of \(label)") }

        var fresh = manifest
        fresh.status = .running
        fresh.session = folder.sessionLabel
        fresh.protocol = copy
        fresh.firstBlockOnset = nil
        fresh.endOnset = nil
        fresh.endReason = nil
        fresh.writeErrors = []
        fresh.fallbackFolder = nil
        fresh.firstFolder = nil
        fresh.unsavedRows = nil
        fresh.timeline = nil
        fresh.reanalysisOf = source
        fresh.normsFile = normsFile.map(NormsFile.absolutePath) ?? manifest.normsFile  // what summary.json was compared with
        let origin = MonoTime(nanoseconds: manifest.clock.originNanoseconds)
        let recorder: SessionRecorder
        // A replay keeps few rows in memory: its disk-failure fallback is running it again.
        do { recorder = try SessionRecorder(folder: folder, manifest: fresh, origin: origin, journalLimits: (64 << 10, 16 << 20),
                                                writeBatchBytes: 256 << 10, defersFinish: true) } catch {
            throw Failure("cannot write to \(folder.path): \(error)")
        }
        recorder.syncsAtBlockEdges = false  // a replay can run again: one fsync at the end
        recorder.savesManifestAtEachChange = false
        recorder.keepsNumbers = true  // nirs.snirf and report.html then need not parse the fNIRS journals again,
                                      // nor wait for the fsyncs (`defersFinish`)
        let details = SourceDetails(deviceClock: manifest.nirs?.deviceClock, lsl: manifest.nirs?.lsl)
        // The records are written on a second core while the session runs on this one.
        let queued = QueuedRecordSink(recorder)
        defer { queued.close() }
        let replayed: SessionReplay.Result
        do { replayed = try reading.run(definition: definition, sink: queued, norms: norms, source: details) } catch {
            throw Failure("\(error)")
        }
        let session = replayed.session
        if session.phase != .finished && session.phase != .exited {
            // The original was killed: it ends where its inputs end, as `tapnirs recover` ends it.
            replayed.driver.interrupt(at: session.origin + replayed.lastTime, reason: "inputs end (killed)")
        }
        queued.close()
        recorder.endOfRecords()  // every record is in: the rows still waiting go out, finalFiles is taken
        return Outcome(folder: recorder.folder, session: replayed.session, inputs: replayed.inputs, skipped: replayed.skipped,
                       norms: norms, written: recorder.finalFiles, recorder: recorder)
    }

    /// Batches of 64 input rows the reading may get ahead while the folder is set up: about a
    /// fifth of a 690 s session at 7.8 Hz, ≈ 1 MiB at 8 channels.
    static let readAhead = 16

    /// The first way the replacement's blocks differ from the recorded ones, nil when they match.
    static func designDifference(recorded: [Block], replacement: [Block]) -> String? {
        if recorded.count != replacement.count {
            return "\(replacement.count) blocks where \(recorded.count) were recorded"
        }
        for (i, (a, b)) in zip(recorded, replacement).enumerated() where a != b {
            return "block \(i + 1) is \(b.label) \(b.durationSeconds) s where \(a.label) \(a.durationSeconds) s was recorded"
                + (a.label == b.label && a.durationSeconds == b.durationSeconds ? " (pace, cue, metronome or hand differ)" : "")
        }
        return nil
    }
}
