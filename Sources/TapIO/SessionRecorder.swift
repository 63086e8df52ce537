import Dispatch
import Foundation
import TapCore

/// Writes a session to its folder as it happens: the journal tables, `session.json` and,
/// at the end, `summary.json`.
///
/// A failed write never stops the session: the error is kept, shown on screen by the loop
/// and listed in `session.json`, and recording moves to a fallback folder (`failOver`).
/// Memory stays bounded: each journal holds only its most recent rows (`JournalFile`).
public final class SessionRecorder {
    /// Where the records go: the session folder, or its fallback after a disk failure.
    public private(set) var folder: SessionFolder
    public internal(set) var manifest: SessionManifest
    let origin: MonoTime
    var taps: JournalFile
    var events: JournalFile
    var beats: JournalFile
    /// Every input as it happened (`inputs.tsv`), what a replay feeds the session again.
    var inputs: JournalFile
    /// The folder the session moved to after a write failed there (nil while all is well).
    public private(set) var fallbackFolder: String?
    var lastQuality: [ChannelQuality.Assessment]?
    /// fNIRS tables, open from the stream's first header on.
    var nirsRaw: JournalFile?
    var hemo: JournalFile?
    var nirsLayout: NirsLayout?
    let syncQueue = DispatchQueue(label: "tapnirs.fsync")
    /// Copies the journals to the fallback folder, off the event loop.
    let moveQueue = DispatchQueue(label: "tapnirs.fallback-copy")
    let backgroundFailures = FailureList()
    let journalLimits: (held: Int, pending: Int)
    /// Where the session moves if its disk fails (`SessionRecorder.fallbackRoot` unless a test says otherwise).
    let fallbackRoot: String
    /// Each distinct write error once, in order, with how often it happened.
    private var errorOrder: [String] = []
    private var errorCounts: [String: Int] = [:]
    /// The line the screen shows after a disk problem (nil while all is well).
    public private(set) var diskStatus: String?
    /// What session.json and summary.json last received (`writtenFiles`).
    var writtenManifest: SessionManifest?
    var writtenSummary: SessionSummaryFile?
    /// The session folder as created (device, inode): another one under the same name is not ours.
    let folderIdentity: (device: UInt64, inode: UInt64)?
    var lastCheck: MonoTime?
    /// The moves to the fallback folder have finished (or there were none).
    var moveSettled = true
    static let checkInterval = Span.seconds(1)
    /// fsync at every block edge (a live session: a power cut loses at most one block); a replay,
    /// which can be run again, syncs once at the end.
    public var syncsAtBlockEdges = true

    /// Journal rows are written once this many bytes wait (`JournalFile.writeBatchBytes`): 0 live.
    let writeBatchBytes: Int

    /// Keep the numbers written to nirs_raw.tsv and hemo.tsv as they read back (`JournalNumbers`),
    /// for the files built at the end (`writtenFiles`). Set before the fNIRS stream starts.
    public var keepsNumbers = false
    /// The kept numbers; nil when not kept, or no longer: past `keptNumbersLimit`, after a write
    /// error or a move (the file is then what tells), or for rows only a parse reads back.
    var keptRaw: JournalNumbers?
    var keptHemo: JournalNumbers?
    /// At most this many doubles per journal (32 MiB: about 6 hours of 8 channels at 10 Hz);
    /// beyond it the end files read the journal, as they do for any session folder.
    static let keptNumbersLimit = 4 << 20

    public init(folder: SessionFolder, manifest: SessionManifest, origin: MonoTime, fallbackRoot: String = SessionRecorder.fallbackRoot,
                journalLimits: (held: Int, pending: Int) = (JournalFile.defaultHeldBytes, JournalFile.defaultPendingBytes),
                writeBatchBytes: Int = 0, defersFinish: Bool = false) throws {
        self.writeBatchBytes = writeBatchBytes
        self.defersFinish = defersFinish
        self.folder = folder
        self.fallbackRoot = fallbackRoot
        self.manifest = manifest
        self.origin = origin
        self.journalLimits = journalLimits
        folderIdentity = try? Syscalls.identity(folder.path)
        if defersFinish {
            // A replay (`tapnirs reanalyse`) makes everything durable at the end, this file included,
            // and writes it with its first record, on the thread that writes the records
            // (`QueuedRecordSink`): encoding it was a fifth of the replay's setup on the first core.
            firstManifestPending = true
        } else {
            try folder.writeJSON("session.json", manifest)
            writtenManifest = manifest
        }
        taps = try Self.journal(folder.file("taps.tsv"), RecordFormat.tapsHeader, journalLimits, batch: writeBatchBytes)
        events = try Self.journal(folder.file("events.tsv"), RecordFormat.eventsHeader, journalLimits, batch: writeBatchBytes)
        beats = try Self.journal(folder.file("beats.tsv"), RecordFormat.beatsHeader, journalLimits, batch: writeBatchBytes)
        inputs = try Self.journal(folder.file("inputs.tsv"), InputRecordFormat.header, journalLimits, batch: writeBatchBytes)
    }

    static func journal(_ path: String, _ header: [String], _ limits: (held: Int, pending: Int), batch writeBatchBytes: Int) throws -> JournalFile {
        let journal = try JournalFile(creating: path, header: RecordFormat.headerLine(header), heldBytesLimit: limits.held,
                                      pendingBytesLimit: limits.pending)
        journal.writeBatchBytes = writeBatchBytes
        return journal
    }

    var journals: [JournalFile] { [inputs, taps, events, beats] + [nirsRaw, hemo].compactMap { $0 } }

    /// Journal write failures, each once with its count (`session.json` `write_errors`).
    public var writeErrors: [String] {
        errorOrder.map { message in
            let count = errorCounts[message] ?? 1
            return count > 1 ? "\(message) (\(count) times)" : message
        }
    }

    /// Rows that could not be saved anywhere, per journal (empty when nothing was lost).
    public var unsavedRows: [UnsavedRows] { journals.flatMap(\.unsaved) }

    /// The metronome's underruns, at the end.
    public func setAudioUnderruns(_ count: Int) {
        manifest.audioUnderruns = count
        saveManifest()
    }

    /// The terminal's size, known once curses is up.
    public func setTerminal(columns: Int, lines: Int) {
        manifest.terminal.columns = columns
        manifest.terminal.lines = lines
        saveManifest()
    }

    /// Performs the record-keeping part of one effect (clicks and exits are the loop's).
    public func record(_ effect: Effect) {
        switch effect {
        case .recordTap(let tap): attempt("taps.tsv") { try taps.append(RecordFormat.tapLine(tap)) }
        case .amendLastTap(let tap): taps.amendLastLine(RecordFormat.tapLine(tap))
        case .recordEvent(let event): attempt("events.tsv") { try events.append(RecordFormat.eventLine(event)) }
        case .skipBeat(let beat): beatHappened(beat, emittedAt: nil)
        case .syncToDisk: if syncsAtBlockEdges { syncInBackground() }
        case .participantConfirmed(let participant):
            manifest.participant = participant  // saved with `.started`, which follows it
        case .started(let time):
            manifest.firstBlockOnset = (time - origin).seconds
            saveManifest()
        case .nirsStarted(let layout, let constants): nirsStarted(layout, constants: constants)
        case .recordNirs(let samples):
            guard let nirsRaw else { return }
            recordNumbers(samples, to: nirsRaw, kept: .raw,
                          line: { NirsRecordFormat.appendRawLine($0, origin: origin, to: &$1) },
                          keep: { $0.appendRaw($1, origin: origin) })
        case .recordHemo(let rows):
            guard let hemo else { return }
            recordNumbers(rows, to: hemo, kept: .hemo,
                          line: { NirsRecordFormat.appendHemoLine($0, origin: origin, to: &$1) },
                          keep: { $0.appendHemo($1, origin: origin) })
        case .recordChannelQuality(let quality):
            lastQuality = quality
            guard let layout = nirsLayout else { return }
            attempt("channels.tsv") {
                try folder.writeAtomically("channels.tsv", Data(NirsRecordFormat.channelsTable(layout, quality: quality).utf8),
                                           durable: !defersFinish)
            }
        case .click, .finished, .exit: break
        }
    }

    /// Rows of an fNIRS journal, as one piece, and their numbers into `kept` while it is kept: a
    /// failed write, a row only a parse reads back (`keep` false) or `keptNumbersLimit` ends the
    /// keeping (named, not inout: a failed write's move clears the kept numbers too).
    func recordNumbers<Row>(_ rows: [Row], to journal: JournalFile, kept: KeptJournal,
                            line: (Row, inout RowText) -> Void, keep: (inout JournalNumbers, Row) -> Bool) {
        attempt(journal.name) {
            var text = RowText()
            for row in rows { line(row, &text) }
            do { try journal.append(text.string) } catch {
                _ = takeKept(kept)
                throw error
            }
        }
        // Taken out while appended to (the only reference: appended in place, not copied).
        guard var numbers = takeKept(kept) else { return }
        for row in rows where !keep(&numbers, row) { return }
        if numbers.values.count <= Self.keptNumbersLimit { putKept(numbers, kept) }
    }

    /// Which fNIRS journal's numbers (`keptRaw`, `keptHemo`). A key path did this at about 3,000
    /// instructions a row; a switch costs a few.
    enum KeptJournal { case raw, hemo }

    func takeKept(_ which: KeptJournal) -> JournalNumbers? {
        var taken: JournalNumbers?
        switch which {
        case .raw: swap(&taken, &keptRaw)
        case .hemo: swap(&taken, &keptHemo)
        }
        return taken
    }

    func putKept(_ numbers: JournalNumbers, _ which: KeptJournal) {
        switch which {
        case .raw: keptRaw = numbers
        case .hemo: keptHemo = numbers
        }
    }

    func nirsStarted(_ layout: NirsLayout, constants: NirsConstants?) {
        guard nirsLayout == nil else { return }
        nirsLayout = layout
        attempt("nirs_raw.tsv") {
            nirsRaw = try Self.journal(folder.file("nirs_raw.tsv"), NirsRecordFormat.rawHeader(layout), journalLimits, batch: writeBatchBytes)
            if keepsNumbers { keptRaw = JournalNumbers(name: "nirs_raw.tsv", header: NirsRecordFormat.rawHeader(layout)) }
        }
        if constants != nil {
            attempt("hemo.tsv") {
                hemo = try Self.journal(folder.file("hemo.tsv"), NirsRecordFormat.hemoHeader(layout), journalLimits, batch: writeBatchBytes)
                if keepsNumbers { keptHemo = JournalNumbers(name: "hemo.tsv", header: NirsRecordFormat.hemoHeader(layout)) }
            }
        }
        attempt("channels.tsv") {
            try folder.writeAtomically("channels.tsv", Data(NirsRecordFormat.channelsTable(layout, quality: nil).utf8),
                                       durable: !defersFinish)
        }
        manifest.nirs?.layout = layout
        manifest.nirs?.conversion = constants
        saveManifest()
    }

    /// The source's final counts into `session.json` (at the end of the session).
    public func updateNirs(_ status: NirsSourceStatus, deviceClock: DeviceClockFit?, lsl: LslStreamManifest? = nil) {
        guard manifest.nirs != nil else { return }
        manifest.nirs?.samplesReceived = status.samplesReceived
        manifest.nirs?.rejectedLines = Dictionary(uniqueKeysWithValues: status.rejected.map { ($0.key.rawValue, $0.value) })
        manifest.nirs?.samplesIgnored = status.samplesIgnored
        manifest.nirs?.signalGaps = status.gaps
        manifest.nirs?.deviceResets = status.resets
        manifest.nirs?.conversionProblem = status.conversionProblem
        manifest.nirs?.deviceClock = deviceClock
        if let lsl { manifest.nirs?.lsl = lsl }
    }

    /// A beat was emitted (bell written, flash drawn) at `emittedAt`, or skipped (nil).
    public func beatHappened(_ beat: Beat, emittedAt: MonoTime?) {
        attempt("beats.tsv") { try beats.append(RecordFormat.beatLine(beat, origin: origin, emitted: emittedAt)) }
    }

    /// A replay's recorder (`tapnirs reanalyse`) finishes in steps, so that nirs.snirf and
    /// report.html need not wait for the disk: `finish` only sets the end aside (rows may still
    /// follow it: a sample batch crossing the last block's end, a key on the summary screen);
    /// once the last record is in, `endOfRecords()` writes the rows still waiting (no fsync) and
    /// takes the final session.json and summary.json (`finalFiles`); `completeFinish()` then does
    /// what a live `finish` does, in its order — fsync the journals, write summary.json, then
    /// session.json — on another thread while the end files are built from `finalFiles`.
    public let defersFinish: Bool
    /// The session.json and summary.json a deferred finish is about to write, with the kept
    /// fNIRS numbers (nil until `endOfRecords()`, and when the last rows could not be written).
    public private(set) var finalFiles: SessionData.WrittenFiles?
    private var deferredSummary: SessionSummaryFile?

    /// Final status, end time and reason into `session.json`; per-block figures into `summary.json`.
    public func finish(status: SessionStatus, endedAt: MonoTime?, reason: String?, summary: SessionSummaryFile) {
        if defersFinish {
            setEnd(status: status, endedAt: endedAt, reason: reason)
            deferredSummary = summary
            return
        }
        sync()
        setEnd(status: status, endedAt: endedAt, reason: reason)
        writeSummaryAndManifest(summary)
    }

    /// The second step of a deferred finish (`defersFinish`), once nothing more will be recorded:
    /// the rows still waiting written (no fsync), and `finalFiles` taken.
    public func endOfRecords() {
        guard let summary = deferredSummary else { return }
        var flushed = true
        for journal in journals { attempt(journal.name) { do { try journal.flush() } catch { flushed = false; throw error } } }
        prepareManifest()
        finalFiles = flushed && fallbackFolder == nil
            ? SessionData.WrittenFiles(manifest: manifest, summary: summary, nirsRaw: keptRaw, hemo: keptHemo) : nil
    }

    /// The last step of a deferred finish (`defersFinish`); nothing to do otherwise.
    public func completeFinish() {
        guard let summary = deferredSummary else { return }
        deferredSummary = nil
        sync()
        // channels.tsv went out without fsyncs during the replay (each cost the records' thread
        // up to a few ms): its last version is made durable here, its name with the folder's
        // fsync after summary.json.
        if nirsLayout != nil { attempt("channels.tsv") { try Syscalls.sync(path: folder.file("channels.tsv")) } }
        writeSummaryAndManifest(summary)
    }

    func setEnd(status: SessionStatus, endedAt: MonoTime?, reason: String?) {
        manifest.status = status
        manifest.endOnset = endedAt.map { ($0 - origin).seconds }
        manifest.endReason = reason
    }

    func writeSummaryAndManifest(_ summary: SessionSummaryFile) {
        attempt("summary.json") {
            writtenSummary = nil  // until the file is surely there
            try folder.writeJSON("summary.json", summary)
            writtenSummary = summary
        }
        saveManifest(final: true)
    }

    /// fsync every journal now (waits for any background fsync, and for a move to finish copying).
    public func sync() {
        syncQueue.sync {}
        for journal in journals { attempt(journal.name) { try journal.sync() } }
        settleMove()
    }

    /// fsync on a background queue: block boundaries must not stall the event loop.
    func syncInBackground() {
        let failures = backgroundFailures
        for journal in journals {
            attempt(journal.name) { try journal.sync(on: syncQueue) { failures.append($0) } }
        }
    }

    /// Called by the event loop every turn; once a second it checks that the session folder is
    /// still there (a folder deleted or unmounted makes no write fail: the files live on unnamed)
    /// and, after a failure, whether the copy to the fallback folder has finished.
    public func check(now: MonoTime) {
        if let lastCheck, now - lastCheck < Self.checkInterval { return }
        lastCheck = now
        if fallbackFolder != nil {
            for journal in journals { attempt(journal.name) { try journal.sync(on: syncQueue) { _ in } } }
            settleMove()
            return
        }
        var problem: String?
        do {
            let identity = try Syscalls.identity(folder.path)
            if let folderIdentity, identity != folderIdentity { problem = "the session folder \(folder.path) was replaced" }
        } catch {
            problem = "the session folder \(folder.path) is gone (\(error))"
        }
        if problem == nil, let journal = journals.first(where: { (try? $0.isStillLinked()) == false }) {
            problem = "\(journal.path) was deleted"
        }
        if let problem {
            noteError(problem)
            failOver(after: problem)
        }
    }

    /// session.json is rewritten at each change (a live session: killed, its folder still says how
    /// far it got); a replay, which can run again, writes it when it starts and when it ends.
    public var savesManifestAtEachChange = true

    func saveManifest(final: Bool = false) {
        guard savesManifestAtEachChange || final else { return }
        prepareManifest()
        attempt("session.json") {
            writtenManifest = nil  // until the file is surely there
            try folder.writeJSON("session.json", manifest)
            writtenManifest = manifest
        }
    }

    /// session.json as it is about to be written: with every write error so far.
    func prepareManifest() {
        for failure in backgroundFailures.drain() { noteError(failure) }
        manifest.writeErrors = writeErrors
        if fallbackFolder != nil { manifest.unsavedRows = unsavedRows }
    }

    /// The session.json and summary.json this recorder last wrote into its current folder, and
    /// the numbers of its fNIRS journals when kept (for the files built at the end, once the
    /// journals are synced): nil when the last write of either failed, or the recording moved
    /// (the new folder has no summary.json), so that the end files read what the folder holds.
    public var writtenFiles: SessionData.WrittenFiles? {
        writtenManifest.map { SessionData.WrittenFiles(manifest: $0, summary: writtenSummary, nirsRaw: keptRaw, hemo: keptHemo) }
    }

    /// The first session.json of a replay, before anything else is written (`init`).
    private var firstManifestPending = false

    func writeFirstManifest() {
        firstManifestPending = false
        attempt("session.json") {
            try folder.writeJSON("session.json", manifest, durable: false)
            writtenManifest = manifest
        }
    }

    func attempt(_ file: String, _ body: () throws -> Void) {
        if firstManifestPending { writeFirstManifest() }
        do { try body() } catch {
            noteError("\(file): \(error)")
            if fallbackFolder == nil { failOver(after: "\(file) could not be written") }
        }
    }

    func noteError(_ message: String) {
        if let count = errorCounts[message] {
            errorCounts[message] = count + 1
        } else {
            errorCounts[message] = 1
            errorOrder.append(message)
        }
        if fallbackFolder == nil { diskStatus = message }
    }

    /// The root under which a session moves when its own disk fails (`TAPNIRS_FALLBACK_DIR`, else
    /// the system's temporary folder): docs/data-format.md, "Nothing lost".
    public static var fallbackRoot: String {
        ProcessInfo.processInfo.environment["TAPNIRS_FALLBACK_DIR"] ?? (NSTemporaryDirectory() + "tapnirs-fallback")
    }

    /// A write failed (disk full, folder gone, read-only): recording continues in a fresh folder
    /// under `fallbackRoot`. Each journal copies there, in the background, what can be read back
    /// from its first file, followed by the rows it holds in memory (docs/decisions.md, "The
    /// disk-failure fallback"). Nothing in the first folder is touched. One attempt only.
    func failOver(after problem: String) {
        let root = fallbackRoot + "/sub-" + folder.subject
        let original = folder.path
        var path = root + "/" + folder.sessionLabel
        do {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            path = try Self.makeFreshFolder(root + "/" + folder.sessionLabel)
            fallbackFolder = path
            writtenSummary = nil  // the new folder has no summary.json
            keptRaw = nil  // the moved journals are what a copy could bring
            keptHemo = nil
            let moved = SessionFolder(path: path, subject: folder.subject, sessionLabel: folder.sessionLabel)
            // A background fsync still queued must not run on a descriptor the move is about to close.
            syncQueue.sync {}
            for journal in journals { try journal.beginMove(to: moved.file(journal.name), on: moveQueue) }
            moveSettled = false
            if let layout = nirsLayout {
                try moved.writeAtomically("channels.tsv", Data(NirsRecordFormat.channelsTable(layout, quality: lastQuality).utf8))
            }
            folder = moved
            manifest.fallbackFolder = path
            manifest.firstFolder = original
            diskStatus = "recording moved to \(path) (\(problem) in \(original)); copying what was written there"
            noteError("recording moved to \(path) (\(problem) in \(original))")
            saveManifest(final: true)  // always: the new folder has no session.json yet
        } catch {
            fallbackFolder = path  // one attempt: the rows wait in memory (bounded) and the errors stay on screen
            diskStatus = "\(problem); the fallback \(path) failed too: \(error)"
            noteError("fallback \(path) failed too: \(error)")
        }
    }

    /// Creates `base`, or `base-1`, `base-2`… if taken (mkdir, so two sessions never share one).
    static func makeFreshFolder(_ base: String) throws -> String {
        var suffix = 0
        while true {
            let path = suffix == 0 ? base : base + "-\(suffix)"
            do {
                try Syscalls.makeDirectory(path)
                return path
            } catch {
                guard error.errno == EEXIST else { throw error }
                suffix += 1
            }
        }
    }

    /// Once every journal has finished its move: what the fallback folder holds, on screen and in
    /// `session.json`; later, any rows given up (a fallback disk that fails too).
    func settleMove() {
        guard fallbackFolder != nil else { return }
        let moving = journals.contains(where: \.isMoving)
        let unsaved = unsavedRows
        let status = moving ? diskStatus : fallbackReport
        if !moving && (!moveSettled || manifest.unsavedRows != unsaved) {
            moveSettled = true
            saveManifest()
        }
        diskStatus = status
    }

    /// After a move: one sentence on where the session is and what, if anything, could not be saved.
    public var fallbackReport: String? {
        guard let fallbackFolder else { return nil }
        let unsaved = unsavedRows
        guard folder.path == fallbackFolder else { return diskStatus }
        if unsaved.isEmpty { return "recording moved to \(fallbackFolder): everything recorded is there, nothing lost" }
        return "recording moved to \(fallbackFolder); NOT saved: " + unsaved.map(\.description).joined(separator: "; ")
    }
}

/// `summary.json`: the end-of-session figures, one entry per tapping block reached.
public struct SessionSummaryFile: Codable, Sendable, Equatable {
    public init(status: SessionStatus, blocks: [BlockTapSummary], markers: Int, detectors: [Session.BlockDetection],
                conditions: [ConditionResult]? = nil, contrasts: [ConditionContrast]? = nil,
                clinical: ClinicalSummary? = nil) {
        self.clinical = clinical
        self.status = status
        self.blocks = blocks
        self.markers = markers
        self.detectors = detectors
        self.conditions = conditions
        self.contrasts = contrasts
    }

    /// The end-of-session figures of `session` (live, recovered or reanalysed alike).
    public init(status: SessionStatus, session: Session, clinical: ClinicalSummary? = nil) {
        let conditions = session.conditions
        self.init(status: status, blocks: session.summaries, markers: session.markers,
                  detectors: session.detections.sorted { $0.block < $1.block },
                  conditions: session.blockEpochs == nil ? nil : conditions,
                  contrasts: session.blockEpochs == nil ? nil : ConditionContrast.fastMinusSlow(conditions),
                  clinical: clinical)
    }

    public var status: SessionStatus
    public var blocks: [BlockTapSummary]
    public var markers: Int
    /// Per tapping block: the fade detectors' figures (docs/fade-detection.md).
    public var detectors: [Session.BlockDetection]
    /// With fNIRS: HbO per tapping-block label and the fast − slow contrast (docs/optics.md);
    /// absent in sessions without fNIRS and in those recorded before they existed.
    public var conditions: [ConditionResult]?
    public var contrasts: [ConditionContrast]?
    /// Issue 16: participant, results per hand (FTT score), norm comparisons; nil in older sessions.
    public var clinical: ClinicalSummary?
}

/// Errors reported by background fsyncs, collected for `session.json`.
final class FailureList: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []

    func append(_ item: String) {
        lock.lock()
        items.append(item)
        lock.unlock()
    }

    func drain() -> [String] {
        lock.lock()
        defer { items = []; lock.unlock() }
        return items
    }
}

extension SessionRecorder: LiveRecordSink {
    public func recordInput(_ input: SessionInput) {
        attempt("inputs.tsv") { try inputs.append(InputRecordFormat.line(input, origin: origin)) }
    }

    public func recordInput(_ input: SessionInput, recordedAs row: () -> String) {
        attempt("inputs.tsv") { try inputs.append(row()) }
    }

    /// The rows as one append (a replay's: `QueuedRecordSink` gathers them).
    public func recordInputs(_ inputs: [(input: SessionInput, row: String)]) {
        var rows = ""
        rows.reserveCapacity(inputs.reduce(0) { $0 + $1.row.utf8.count })
        for (_, row) in inputs { rows += row }
        attempt("inputs.tsv") { try self.inputs.append(rows) }
    }

    public func finish(_ session: Session, summary: SessionSummaryFile, source: SourceDetails) {
        if let nirs = session.nirsSource {
            updateNirs(nirs, deviceClock: source.deviceClock ?? manifest.nirs?.deviceClock, lsl: source.lsl)
        }
        if session.timelineGrew { manifest.timeline = session.definition.blocks }  // issue 16
        finish(status: summary.status, endedAt: session.endedAt,
               reason: session.status == .aborted ? session.endReason : nil, summary: summary)
    }
}
