import ArgumentParser
import Foundation
import TapCore
import TapIO
import TapUI

/// `tapnirs bench-soak` (for `make bench`): a long session run faster than real time through
/// the live program's own parts — the event loop, `Session`, the simulator source, the
/// recorder writing the real journal files, the screen drawn into a canvas — to measure the
/// process's memory over the session (docs/performance.md, "Memory").
///
/// How it differs from a live run: the clock is a `VirtualClock` that jumps to the loop's next
/// wake-up instead of waiting in ppoll; taps come from `--autotap`; frames are drawn into a
/// canvas (the whole screen, every 1/30 s of session time) but not sent to a terminal; no
/// sound. Everything the session records goes to disk as in a run, row by row.
struct BenchSoak: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-soak", abstract: "Run a long simulated session faster than real time and log memory (make bench).",
        shouldDisplay: false)

    @Option(help: "Channels (source–detector pairs, 2 wavelengths each).")
    var channels = 64

    @Option(help: "Sample rate in Hz.")
    var rate = 50.0

    @Option(help: "Session length in minutes (a 60 s baseline, then slow/rest/fast/rest rounds of 30 s blocks).")
    var minutes = 60.0

    @Option(help: "Output folder for the session (sub-soak/ses-…).")
    var out: String

    @Option(name: .customLong("protocol"), help: ArgumentHelp("Run this protocol instead of the generated soak design.", valueName: "file"))
    var protocolPath: String?

    @Option(help: "Seed of the simulator and the synthetic subject.")
    var seed: UInt64 = 1

    @Option(help: "Session seconds between two memory readings.")
    var everySeconds = 30.0

    @Option(help: "Write the memory readings (TSV) to this file.")
    var memoryLog: String?

    @Option(help: "Write the figures as JSON to this file.")
    var json: String?

    @Option(help: "Stop dead at this session minute, as a kill -9 would (the session stays 'running').")
    var killAt: Double?

    @Flag(help: "After the session, write nirs.snirf and report.html as tapnirs run does, measuring each.")
    var endFiles = false

    func validate() throws {
        guard minutes >= 2 else { throw ValidationError("--minutes \(minutes): at least 2.") }
        let problem = PhysiologySimulator.Configuration(channelCount: channels, rateHz: rate).problem
        if let problem { throw ValidationError(problem) }
    }

    /// A 60 s baseline, rounds of slow (1 Hz) / rest / fast / rest, 30 s each, and a final rest.
    var protocolText: String {
        let rounds = max(1, Int(((minutes * 60 - 90) / 120).rounded(.down)))
        let final = max(30, minutes * 60 - 60 - Double(rounds) * 120)
        return """
            name: soak
            description: bench-soak, \(NirsRecordFormat.number(minutes)) minutes
            baseline: {duration: 60}
            blocks:
              - repeat: \(rounds)
                blocks:
                  - tap: {label: slow, duration: 30, pace: 1.0}
                  - rest: {duration: 30}
                  - tap: {label: fast, duration: 30, pace: self}
                  - rest: {duration: 30}
              - rest: {label: final, duration: \(NirsRecordFormat.number(final))}

            """
    }

    func run() throws {
        var text = protocolText
        let definition: SessionProtocol
        if let protocolPath {
            do { (definition, text) = try ProtocolFile.loadWithText(path: protocolPath) } catch { throw RunFailure("\(error)") }
        } else {
            do { definition = try ProtocolParser.parse(text: text, fileName: "bench-soak") } catch { throw RunFailure("\(error)") }
        }
        let wall = Date()
        let folder: SessionFolder
        do { folder = try SessionFolder.create(in: out, subject: "soak", at: wall) } catch { throw RunFailure("\(error)") }
        let origin = MonoTime(nanoseconds: 1_000_000_000)
        let clock = VirtualClock(start: origin)
        let configuration = PhysiologySimulator.Configuration(channelCount: channels, rateHz: rate, seed: seed)
        let source = SimulatedSource(configuration: configuration, start: origin)
        var manifest = SessionManifest(
            software: .init(version: Tapnirs.version), status: .running, subject: "soak", session: folder.sessionLabel,
            startTime: SessionFolder.iso8601(wall),
            clock: .init(source: "bench-soak virtual clock", originNanoseconds: origin.nanoseconds,
                         wallClockAtOrigin: SessionFolder.iso8601(wall), unixTimeAtOrigin: wall.timeIntervalSince1970),
            terminal: .init(columns: Self.screen.columns, lines: Self.screen.lines, term: nil),
            input: .init(kind: "synthetic", autotapProfile: AutotapProfile.fading.rawValue, seed: seed,
                         tapKeys: definition.tapKeys.map(\.name)),
            sound: "none", protocol: .init(file: protocolPath ?? "bench-soak", text: text, parsed: definition),
            firstBlockOnset: nil, endOnset: nil, endReason: nil, writeErrors: [])
        manifest.nirs = NirsManifest(source: source.kind, sourceDescription: source.description,
                                     referenceSeconds: definition.nirs.referenceSeconds)
        let recorder: SessionRecorder
        do { recorder = try SessionRecorder(folder: folder, manifest: manifest, origin: origin) } catch {
            throw RunFailure("cannot write to \(folder.path): \(error)")
        }
        let start = SessionStart(originNanoseconds: origin.nanoseconds, subject: "soak", nirsSource: source.description,
                                 participant: Participant(), formFields: nil)
        var options = EventLoop.Options(sound: false, autotap: (.fading, seed), unattended: true)
        options.norms = try? NormsFile.forSession(localPath: nil)  // as tapnirs run: the published norms
        let loop = EventLoop(start: start, definition: definition, frontend: CanvasFrontend(), recorder: recorder,
                             signals: nil, source: source, options: options, clock: { clock.now })

        let startRSS = ProcessMemory.residentBytes ?? 0
        let wallStart = ContinuousClock.now
        var readings: [Reading] = [Reading(sessionSeconds: 0, wallSeconds: 0, residentBytes: startRSS, journalBytes: 0)]
        var nextReading = origin + .seconds(everySeconds)
        let stop = killAt.map { origin + .seconds($0 * 60) }
        print("bench-soak: \(channels) channels × 2 wavelengths at \(NirsRecordFormat.number(rate)) Hz, "
              + "\(NirsRecordFormat.number(minutes)) min session in \(folder.path); resident at start "
              + Self.mebibytes(startRSS))
        loop.runWithoutWaiting(on: clock) { now in
            if now >= nextReading {
                nextReading = nextReading + .seconds(everySeconds)
                readings.append(Reading(sessionSeconds: (now - origin).seconds, wallSeconds: Self.seconds(since: wallStart),
                                        residentBytes: ProcessMemory.residentBytes ?? 0,
                                        journalBytes: Self.journalBytes(recorder.folder.path)))
            }
            return stop.map { now < $0 } ?? true
        }
        let last = readings.last!
        let wallSeconds = Self.seconds(since: wallStart)
        print("  \(NirsRecordFormat.number((last.sessionSeconds / 60).rounded())) session minutes in "
              + FixedDecimal.format(seconds: wallSeconds, digits: 1) + " s (" + FixedDecimal.format(seconds: last.sessionSeconds / wallSeconds, digits: 1)
              + "× real time); journals " + Self.mebibytes(last.journalBytes))
        print("  resident: start " + Self.mebibytes(startRSS) + ", end " + Self.mebibytes(last.residentBytes)
              + ", peak " + Self.mebibytes(ProcessMemory.peakResidentBytes ?? 0) + "; " + growthText(readings))
        if !recorder.writeErrors.isEmpty { print("  write errors: " + recorder.writeErrors.joined(separator: "; ")) }

        var phases: [BenchEnd.Phase] = []
        if endFiles && stop == nil { phases = BenchEnd.endFiles(of: recorder.folder, only: nil) }
        if let memoryLog {
            var tsv = "session_seconds\twall_seconds\tresident_bytes\tjournal_bytes\n"
            for r in readings {
                tsv += "\(NirsRecordFormat.number(r.sessionSeconds))\t\(FixedDecimal.format(seconds: r.wallSeconds, digits: 3))\t"
                    + "\(r.residentBytes)\t\(r.journalBytes)\n"
            }
            try Data(tsv.utf8).write(to: URL(fileURLWithPath: memoryLog))
        }
        if let json {
            var figures: [String: Any] = [
                "channels": channels, "rate_hz": rate, "minutes": minutes, "folder": recorder.folder.path,
                "wall_seconds": wallSeconds, "start_resident_bytes": startRSS, "end_resident_bytes": last.residentBytes,
                "journal_bytes": last.journalBytes, "growth_last_half_hour_bytes_per_10_min": growthPerTenMinutes(readings) ?? NSNull(),
                "readings": readings.map { ["session_seconds": $0.sessionSeconds, "resident_bytes": $0.residentBytes] },
            ]
            for phase in phases { figures[phase.name] = ["seconds": phase.seconds, "peak_resident_bytes": phase.peakBytes] }
            let data = try JSONSerialization.data(withJSONObject: figures, options: [.sortedKeys, .prettyPrinted])
            try data.write(to: URL(fileURLWithPath: json))
        }
    }

    struct Reading {
        var sessionSeconds: Double
        var wallSeconds: Double
        var residentBytes: Int
        var journalBytes: Int
    }

    static let screen = (columns: 100, lines: 30)

    /// Resident growth over the last half of the session (at most its last 30 minutes), per 10 minutes.
    func growthPerTenMinutes(_ readings: [Reading]) -> Double? {
        guard let last = readings.last, last.sessionSeconds >= 120 else { return nil }
        let from = last.sessionSeconds - min(1800, last.sessionSeconds / 2)
        guard let first = readings.first(where: { $0.sessionSeconds >= from }), last.sessionSeconds > first.sessionSeconds else {
            return nil
        }
        return Double(last.residentBytes - first.residentBytes) / (last.sessionSeconds - first.sessionSeconds) * 600
    }

    func growthText(_ readings: [Reading]) -> String {
        guard let growth = growthPerTenMinutes(readings) else { return "too short to measure growth" }
        return "growth over the last half hour " + FixedDecimal.format(seconds: growth / 1_048_576, digits: 2) + " MiB per 10 min"
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    static func mebibytes(_ bytes: Int) -> String {
        FixedDecimal.format(seconds: Double(bytes) / 1_048_576, digits: 1) + " MiB"
    }

    static func journalBytes(_ folder: String) -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".tsv") }.reduce(0) { sum, name in
            let size = (try? FileManager.default.attributesOfItem(atPath: folder + "/" + name))?[.size] as? NSNumber
            return sum + (size?.intValue ?? 0)
        }
    }
}

/// `tapnirs bench-end FOLDER` (for `make bench`): the end of `tapnirs run` on a finished session
/// folder — `nirs.snirf`, then `report.html` — each timed, with its own peak resident memory.
struct BenchEnd: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-end", abstract: "Write a session's nirs.snirf and report.html as tapnirs run does, measuring each (make bench).",
        shouldDisplay: false)

    @Argument(help: "A finished session folder without nirs.snirf and report.html.")
    var folder: String

    @Option(help: "snirf or report: only that file.")
    var only: String?

    struct Phase {
        var name: String
        var seconds: Double
        var peakBytes: Int
    }

    func run() throws {
        let manifest: SessionManifest
        do { manifest = try SessionReading.manifest(folder: folder) } catch { throw RunFailure("\(error)") }
        let session = SessionFolder(path: folder, subject: manifest.subject, sessionLabel: manifest.session)
        let failed = Self.endFiles(of: session, only: only).contains { $0.seconds < 0 }
        if failed { throw ExitCode(1) }
    }

    /// As `tapnirs run` ends: the SNIRF file (with fNIRS), then the report; each phase's peak is its own.
    static func endFiles(of folder: SessionFolder, only: String?) -> [Phase] {
        var phases: [Phase] = []
        if only == nil || only == "snirf" {
            phases.append(measure("nirs.snirf") {
                _ = try SnirfExport.write(sessionFolder: folder.path, to: folder.file("nirs.snirf"))
            })
        }
        if only == nil || only == "report" {
            phases.append(measure("report.html") {
                let input = try SessionData.read(folder: folder.path)
                try ReportFile.write(ReportHTML.render(input), to: folder.file("report.html"),
                                     subject: input.header.subject, session: input.header.session)
            })
        }
        for phase in phases where phase.seconds >= 0 {
            print("  \(phase.name): " + FixedDecimal.format(seconds: phase.seconds, digits: 1) + " s, peak resident "
                  + BenchSoak.mebibytes(phase.peakBytes))
        }
        return phases
    }

    /// Runs `body` with the peak reset first; a failure is printed and gives seconds −1.
    static func measure(_ name: String, _ body: () throws -> Void) -> Phase {
        ProcessMemory.resetPeak()
        let start = ContinuousClock.now
        do { try body() } catch {
            print("  \(name): failed: \(error)")
            return Phase(name: name, seconds: -1, peakBytes: 0)
        }
        return Phase(name: name, seconds: BenchSoak.seconds(since: start), peakBytes: ProcessMemory.peakResidentBytes ?? 0)
    }
}

/// The screen of a soak: every frame drawn into a canvas as the terminal would get it, no keys.
final class CanvasFrontend: SessionFrontend {
    var inputDescriptor: Int32 { -1 }
    func readInput() -> [TerminalInput] { [] }
    func present(_ view: SessionView) {
        var canvas = Canvas(width: BenchSoak.screen.columns, height: BenchSoak.screen.lines)
        drawSession(view, into: &canvas)
    }
    func click() {}
    var size: (columns: Int, lines: Int) { BenchSoak.screen }
}
