import Dispatch
import Foundation
import TapCore

/// Writes a session to its folder as it happens: the journal tables, `session.json` and,
/// at the end, `summary.json`.
///
/// A failed write never stops the session: the error is kept, shown on screen by the loop
/// and listed in `session.json`; the row stays in memory in the session state.
public final class SessionRecorder {
    /// Where the records go: the session folder, or its fallback after a disk failure.
    public private(set) var folder: SessionFolder
    public internal(set) var manifest: SessionManifest
    let origin: MonoTime
    var taps: JournalFile
    var events: JournalFile
    var beats: JournalFile
    /// The folder the session moved to after a write failed there (nil while all is well).
    public private(set) var fallbackFolder: String?
    var lastQuality: [ChannelQuality.Assessment]?
    /// fNIRS tables, open from the stream's first header on.
    var nirsRaw: JournalFile?
    var hemo: JournalFile?
    var nirsLayout: NirsLayout?
    public private(set) var writeErrors: [String] = []
    let syncQueue = DispatchQueue(label: "tapnirs.fsync")
    let backgroundFailures = FailureList()

    public init(folder: SessionFolder, manifest: SessionManifest, origin: MonoTime) throws {
        self.folder = folder
        self.manifest = manifest
        self.origin = origin
        try folder.writeJSON("session.json", manifest)
        taps = try JournalFile(creating: folder.file("taps.tsv"), header: RecordFormat.headerLine(RecordFormat.tapsHeader))
        events = try JournalFile(creating: folder.file("events.tsv"), header: RecordFormat.headerLine(RecordFormat.eventsHeader))
        beats = try JournalFile(creating: folder.file("beats.tsv"), header: RecordFormat.headerLine(RecordFormat.beatsHeader))
    }

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
        case .syncToDisk: syncInBackground()
        case .participantConfirmed(let participant):
            manifest.participant = participant  // saved with `.started`, which follows it
        case .started(let time):
            manifest.firstBlockOnset = (time - origin).seconds
            saveManifest()
        case .nirsStarted(let layout, let constants): nirsStarted(layout, constants: constants)
        case .recordNirs(let samples):
            guard let nirsRaw else { return }
            attempt("nirs_raw.tsv") {
                try nirsRaw.append(samples.map { NirsRecordFormat.rawLine($0, origin: origin) }.joined())
            }
        case .recordHemo(let rows):
            guard let hemo else { return }
            attempt("hemo.tsv") { try hemo.append(rows.map { NirsRecordFormat.hemoLine($0, origin: origin) }.joined()) }
        case .recordChannelQuality(let quality):
            lastQuality = quality
            guard let layout = nirsLayout else { return }
            attempt("channels.tsv") {
                try folder.writeAtomically("channels.tsv", Data(NirsRecordFormat.channelsTable(layout, quality: quality).utf8))
            }
        case .click, .finished, .exit: break
        }
    }

    func nirsStarted(_ layout: NirsLayout, constants: NirsConstants?) {
        guard nirsLayout == nil else { return }
        nirsLayout = layout
        attempt("nirs_raw.tsv") {
            nirsRaw = try JournalFile(creating: folder.file("nirs_raw.tsv"),
                                      header: RecordFormat.headerLine(NirsRecordFormat.rawHeader(layout)))
        }
        if constants != nil {
            attempt("hemo.tsv") {
                hemo = try JournalFile(creating: folder.file("hemo.tsv"),
                                       header: RecordFormat.headerLine(NirsRecordFormat.hemoHeader(layout)))
            }
        }
        attempt("channels.tsv") {
            try folder.writeAtomically("channels.tsv", Data(NirsRecordFormat.channelsTable(layout, quality: nil).utf8))
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

    /// Final status, end time and reason into `session.json`; per-block figures into `summary.json`.
    public func finish(status: SessionStatus, endedAt: MonoTime?, reason: String?, summary: SessionSummaryFile) {
        sync()
        manifest.status = status
        manifest.endOnset = endedAt.map { ($0 - origin).seconds }
        manifest.endReason = reason
        attempt("summary.json") { try folder.writeJSON("summary.json", summary) }
        saveManifest()
    }

    /// fsync every journal now (waits for any background fsync first).
    public func sync() {
        syncQueue.sync {}
        attempt("taps.tsv") { try taps.sync() }
        attempt("events.tsv") { try events.sync() }
        attempt("beats.tsv") { try beats.sync() }
        if let nirsRaw { attempt("nirs_raw.tsv") { try nirsRaw.sync() } }
        if let hemo { attempt("hemo.tsv") { try hemo.sync() } }
    }

    /// fsync on a background queue: block boundaries must not stall the event loop.
    func syncInBackground() {
        let failures = backgroundFailures
        for journal in [taps, events, beats] + [nirsRaw, hemo].compactMap({ $0 }) {
            attempt(journal.path) { try journal.sync(on: syncQueue) { failures.append($0) } }
        }
    }

    func saveManifest() {
        writeErrors += backgroundFailures.drain()
        manifest.writeErrors = writeErrors
        attempt("session.json") { try folder.writeJSON("session.json", manifest) }
    }

    func attempt(_ file: String, _ body: () throws -> Void) {
        do { try body() } catch {
            writeErrors.append("\(file): \(error)")
            if fallbackFolder == nil { failOver(after: file) }
        }
    }

    /// The root under which a session moves when its own disk fails (`TAPNIRS_FALLBACK_DIR`, else
    /// the system's temporary folder): docs/data-format.md, "Nothing lost".
    public static var fallbackRoot: String {
        ProcessInfo.processInfo.environment["TAPNIRS_FALLBACK_DIR"] ?? (NSTemporaryDirectory() + "tapnirs-fallback")
    }

    /// A write failed (disk full, folder gone, read-only): every journal is written again, in
    /// full from memory, to a fresh folder under `fallbackRoot`, and recording continues there.
    /// Nothing already on the first disk is touched.
    func failOver(after file: String) {
        let root = Self.fallbackRoot + "/sub-" + folder.subject
        var path = root + "/" + folder.sessionLabel
        var suffix = 0
        while FileManager.default.fileExists(atPath: path) {
            suffix += 1
            path = root + "/" + folder.sessionLabel + "-\(suffix)"
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            let moved = SessionFolder(path: path, subject: folder.subject, sessionLabel: folder.sessionLabel)
            taps = try JournalFile(creating: moved.file("taps.tsv"), lines: taps.lines)
            events = try JournalFile(creating: moved.file("events.tsv"), lines: events.lines)
            beats = try JournalFile(creating: moved.file("beats.tsv"), lines: beats.lines)
            if let raw = nirsRaw { nirsRaw = try JournalFile(creating: moved.file("nirs_raw.tsv"), lines: raw.lines) }
            if let rows = hemo { hemo = try JournalFile(creating: moved.file("hemo.tsv"), lines: rows.lines) }
            if let layout = nirsLayout {
                try moved.writeAtomically("channels.tsv", Data(NirsRecordFormat.channelsTable(layout, quality: lastQuality).utf8))
            }
            let original = folder.path
            folder = moved
            fallbackFolder = path
            manifest.fallbackFolder = path
            manifest.firstFolder = original
            writeErrors.append("recording moved to \(path) (\(file) could not be written in \(original))")
            saveManifest()
        } catch {
            fallbackFolder = path  // one attempt: the errors stay on screen and in memory
            writeErrors.append("fallback \(path) failed too: \(error)")
        }
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
