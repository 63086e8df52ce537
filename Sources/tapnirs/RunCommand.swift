import ArgumentParser
import Foundation
import Glibc
import TapCore
import TapIO
import TapUI

extension AutotapProfile: ExpressibleByArgument {}

/// `--sound`.
enum SoundMode: String, ExpressibleByArgument, CaseIterable {
    case alsa, bell, none
}

/// `tapnirs run`: the live session.
struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a live paced finger-tapping session and record every tap.",
        discussion: """
            Shows the protocol and waits for Enter, then cues each block (REST / TAP SLOW / TAP FAST) \
            with a metronome. Keys: the tap key (space), p pause, m marker, v subject view, ? help, q quit.
            Records go to DIR/sub-<ID>/ses-<YYYYMMDDTHHMMSS>/ (see docs/data-format.md).
            """)

    @Option(name: .customLong("protocol"), help: ArgumentHelp("Protocol file (YAML or JSON).", valueName: "file"))
    var protocolPath = "Protocols/demo.yaml"

    @Option(help: ArgumentHelp("Subject ID: letters and digits only.", valueName: "id"))
    var subject = "anon"

    @Option(help: ArgumentHelp("Folder for session records.", valueName: "dir"))
    var out = "sessions"

    @Option(help: ArgumentHelp("Tap key, overriding the protocol: space, enter, or one character.", valueName: "key"))
    var key: String?

    @Flag(help: "No metronome sound (the visual beat stays); same as --sound none.")
    var noSound = false

    @Option(help: ArgumentHelp("Metronome sound: alsa (sample-placed clicks; falls back to bell), bell (terminal bell) or none.",
                               valueName: "mode"))
    var sound: SoundMode = .alsa

    @Option(help: ArgumentHelp("ALSA playback device for --sound alsa.", valueName: "pcm"))
    var soundDevice = "default"

    @Option(help: ArgumentHelp("Click volume for --sound alsa, 0–1.", valueName: "level"))
    var volume = 0.5

    @Flag(help: "Same click for every beat (by default a block's first beat is a higher, accented click).")
    var noAccent = false

    @Option(help: ArgumentHelp("Tap on the subject's behalf (steady, fading); runs unattended.", valueName: "profile"))
    var autotap: AutotapProfile?

    @Option(help: ArgumentHelp("Seed for the synthetic subject and the fNIRS simulator.", valueName: "n"))
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("fNIRS source: \(SourceSpec.help).", valueName: "source"))
    var source: String = "none"

    @Option(help: ArgumentHelp("Simulated subject's motor cortex: healthy (sustained) or fading (fast blocks fade).",
                               valueName: "profile"))
    var simProfile: SimulationProfile = .healthy

    @Option(help: ArgumentHelp("Simulated background physiology: textbook (quiet) or measured (a real head at rest, docs/simulator.md).",
                               valueName: "model"))
    var simNoise: NoiseModel = .textbook

    @Option(help: ArgumentHelp("Simulated channels.", valueName: "n"))
    var simChannels: Int = 8

    @Option(help: ArgumentHelp("Replay speed factor (1 = real time).", valueName: "factor"))
    var speed: Double = 1

    @Flag(help: "Publish the session on the Lab Streaming Layer: markers (blocks, taps, beats, flags) and the live HbO/HbR (docs/lsl.md).")
    var lslOut = false

    @OptionGroup var who: ParticipantOptions

    func validate() throws {
        guard volume.isFinite, volume >= 0, volume <= 1 else {
            throw ValidationError("--volume \(volume): use a level from 0 (silent) to 1 (full scale).")
        }
        _ = try SourceSpec.parse(source)
        guard speed.isFinite, speed > 0, speed <= 100 else {
            throw ValidationError("--speed \(speed): use a factor above 0 and at most 100 (1 = real time).")
        }
        guard PhysiologySimulator.Configuration.channelRange.contains(simChannels) else {
            throw ValidationError("--sim-channels \(simChannels): use 1 to \(PhysiologySimulator.Configuration.channelRange.upperBound).")
        }
        guard SessionFolder.isValidSubject(subject) else {
            throw ValidationError("--subject '\(subject)': use 1–64 letters or digits (it becomes the folder name sub-<ID>).")
        }
        if let key, TapKey(key) == nil {
            throw ValidationError("--key '\(key)': use space, enter, or one printable character.")
        }
        if let key, let tapKey = TapKey(key), ProtocolParser.commandKeys.contains(tapKey.name) {
            throw ValidationError("--key '\(key)' is a command key (p m v q ?): choose another tap key.")
        }
        try who.validate()
    }

    func run() throws {
        var definition: SessionProtocol
        let text: String
        do {
            (definition, text) = try ProtocolFile.loadWithText(path: protocolPath)
        } catch {
            throw RunFailure("\(error)")
        }
        if let key, let tapKey = TapKey(key) { definition.tapKeys = [tapKey] }
        let norms: NormTable
        do { norms = try NormsFile.forSession(localPath: who.norms) } catch { throw RunFailure("--norms: \(error)") }
        let (participant, form) = who.participant(for: definition, askOnReadyScreen: autotap == nil)
        let spec = try SourceSpec.parse(source)
        var recording: SnirfRecording?
        if case .replay(let path) = spec {
            do { recording = try SnirfFile.read(path: path) } catch { throw RunFailure("--source replay: \(error)") }
        }
        guard Syscalls.isTerminal(STDIN_FILENO), Syscalls.isTerminal(STDOUT_FILENO) else {
            throw RunFailure("tapnirs run needs a terminal on stdin and stdout.")
        }
        let signals: SignalChannel
        do { signals = try SignalChannel() } catch { throw RunFailure("\(error)") }
        // A file-size limit must give a write error (and the fallback folder), not kill the session.
        do { try Syscalls.ignore(signal: SIGXFSZ) } catch { throw RunFailure("\(error)") }
        // liblsl only when asked for, and after the signal mask above (its threads inherit it).
        let lsl = try loadLiblsl(spec)
        var lslSource: LslSource?
        if case .lsl(let predicate) = spec, let lsl { lslSource = try connectLsl(predicate: predicate, lsl: lsl) }

        let unfinished = SessionRecovery.unfinished(in: out)
        let unfinishedNote = unfinished.isEmpty ? nil
            : "note: \(unfinished.count) unfinished session\(unfinished.count == 1 ? "" : "s") in \(out) (killed mid-run): "
              + unfinished.joined(separator: " ") + " — close with: tapnirs recover " + unfinished.joined(separator: " ")
        if let unfinishedNote { FileHandleError.print(unfinishedNote) }

        // The metronome: ALSA if a PCM opens (before curses, so its notice is readable), else the bell.
        var mode: SoundMode = noSound ? .none : sound
        var audio: AlsaMetronome?
        if mode == .alsa {
            var configuration = AlsaMetronome.Configuration()
            configuration.volume = volume
            configuration.accentFirstBeat = !noAccent
            switch AlsaMetronome.open(device: soundDevice, configuration: configuration) {
            case .success(let metronome):
                if metronome.waitUntilSteady() {
                    audio = metronome
                } else {
                    metronome.close()
                    FileHandleError.print("sound: ALSA device \(soundDevice) did not start playing; using the terminal bell")
                    mode = .bell
                }
            case .failure(let failure):
                FileHandleError.print("sound: no ALSA output (\(failure)); using the terminal bell")
                mode = .bell
            }
        }

        // Session time zero and its wall-clock anchor, read back to back.
        let origin = MonotonicClock.now()
        let wall = Date()
        let folder: SessionFolder
        do { folder = try SessionFolder.create(in: out, subject: subject, at: wall) } catch { throw RunFailure("\(error)") }
        let manifest = SessionManifest(
            software: .init(version: Tapnirs.version), status: .running, subject: subject, session: folder.sessionLabel,
            startTime: SessionFolder.iso8601(wall),
            clock: .init(source: MonotonicClock.name, originNanoseconds: origin.nanoseconds,
                         wallClockAtOrigin: SessionFolder.iso8601(wall), unixTimeAtOrigin: wall.timeIntervalSince1970),
            terminal: .init(columns: 0, lines: 0, term: ProcessInfo.processInfo.environment["TERM"]),
            input: .init(kind: autotap == nil ? "keyboard" : "synthetic", autotapProfile: autotap?.rawValue,
                         seed: autotap == nil ? nil : seed, tapKeys: definition.tapKeys.map(\.name)),
            sound: mode == .alsa ? "alsa \(soundDevice)" : mode.rawValue,
            protocol: .init(file: protocolPath, text: text, parsed: definition),
            firstBlockOnset: nil, endOnset: nil, endReason: nil, writeErrors: [])
        var manifestWithNirs = manifest
        manifestWithNirs.participant = participant
        manifestWithNirs.normsFile = who.norms.map(NormsFile.absolutePath)
        let sampleSource = makeSource(spec, recording: recording, lsl: lslSource, origin: origin)
        if let sampleSource {
            manifestWithNirs.nirs = NirsManifest(source: sampleSource.kind, sourceDescription: sampleSource.description,
                                                 referenceSeconds: definition.nirs.referenceSeconds)
            manifestWithNirs.nirs?.lsl = sampleSource.lslStream
        }
        let outlet = lslOut ? lsl.map { LslOutlet(lsl: $0, subject: subject, session: folder.sessionLabel, origin: origin) } : nil
        if let outlet {
            manifestWithNirs.lslOut = LslOutletManifest(
                markersSourceId: outlet.markers.sourceID,
                hemoglobinSourceId: sampleSource == nil ? nil
                    : LslOutletStream.sourceID(subject: subject, session: folder.sessionLabel, stream: "hemoglobin"))
        }
        let recorder: SessionRecorder
        do { recorder = try SessionRecorder(folder: folder, manifest: manifestWithNirs, origin: origin) } catch {
            throw RunFailure("cannot write to \(folder.path): \(error)")
        }

        let start = SessionStart(originNanoseconds: origin.nanoseconds, subject: subject, nirsSource: sampleSource?.description,
                                 participant: participant, formFields: form?.fields)
        var options = EventLoop.Options(sound: mode == .bell, autotap: autotap.map { ($0, seed) }, unattended: autotap != nil)
        options.norms = norms
        let finalSession: Session
        do {
            finalSession = try Terminal.withCurses { presenter in
                let frontend = CursesFrontend(presenter)
                recorder.setTerminal(columns: frontend.size.columns, lines: frontend.size.lines)
                let loop = EventLoop(start: start, definition: definition, frontend: frontend, recorder: recorder,
                                     signals: signals, source: sampleSource, audio: audio, outlet: outlet, options: options)
                loop.run()
                return loop.session
            }
        } catch {
            audio?.close()
            sampleSource?.close()
            outlet?.close()
            recorder.finish(status: .aborted, endedAt: MonotonicClock.now(), reason: "\(error)",
                                summary: SessionSummaryFile(status: .aborted, blocks: [], markers: 0, detectors: []))
            throw RunFailure("\(error)")
        }
        if let audio {
            audio.close()
            recorder.setAudioUnderruns(audio.underruns)
        }
        sampleSource?.close()
        outlet?.close()
        print(SummaryText.render(finalSession, folder: recorder.folder.path))
        if let moved = recorder.fallbackReport { print("  DISK ERROR in \(folder.path): \(moved)") }
        if let unfinishedNote { print(unfinishedNote) }
        if let problems = outlet?.problems, problems.dropped > 0 || !problems.failures.isEmpty {
            print("  LSL out: " + (problems.failures + (problems.dropped > 0 ? ["\(problems.dropped) samples dropped"] : []))
                .joined(separator: "; "))
        }
        SessionEndFiles.write(recorder.folder, snirf: sampleSource != nil, reportNorms: norms, written: recorder.writtenFiles)
        if let reason = finalSession.endReason, let code = Self.signalExitCodes[reason] {
            throw ExitCode(code)
        }
    }

    /// liblsl, when `--source lsl` or `--lsl-out` needs it; its absence is one line saying how to get it.
    func loadLiblsl(_ spec: SourceSpec) throws -> Liblsl? {
        guard lslOut || spec.kind == "lsl" else { return nil }
        // A consumer that hangs up must give liblsl a write error, not end the session.
        do { try Syscalls.ignore(signal: SIGPIPE) } catch { throw RunFailure("\(error)") }
        switch Liblsl.load() {
        case .success(let library): return library
        case .failure(let missing): throw RunFailure(missing.description)
        }
    }

    /// Finds the fNIRS stream before the screen starts, and says what it found.
    func connectLsl(predicate: String, lsl: Liblsl) throws -> LslSource {
        FileHandleError.print("looking for an LSL stream \(predicate) (up to \(Int(LslSource.connectSeconds)) s)…")
        let source: LslSource
        do { source = try LslSource.connect(predicate: predicate, lsl: lsl) } catch { throw RunFailure(error.description) }
        let layout = source.layout
        FileHandleError.print("fNIRS from \(source.description): \(layout.channels.count) channels, \(layout.kind.rawValue)"
                              + (layout.wavelengths.isEmpty ? "" : " " + layout.wavelengths.map(NirsLayout.wavelengthLabel)
                                  .joined(separator: "/") + " nm") + ", " + FixedDecimal.format(seconds: layout.rateHz, digits: 3) + " Hz")
        if !source.ignoredChannels.isEmpty {
            FileHandleError.print("  left out: " + source.ignoredChannels.joined(separator: ", "))
        }
        for note in source.notes { FileHandleError.print("  note: " + note) }
        return source
    }

    func makeSource(_ spec: SourceSpec, recording: SnirfRecording?, lsl: LslSource?, origin: MonoTime) -> SampleSource? {
        switch spec {
        case .none: return nil
        case .sim:
            let configuration = PhysiologySimulator.Configuration(channelCount: simChannels, profile: simProfile, seed: seed,
                                                                  noiseModel: simNoise)
            return SimulatedSource(configuration: configuration, start: origin)
        case .serial(let path, let baud): return SerialSource(path: path, baud: baud)
        case .replay:
            guard let recording else { return nil }
            return ReplaySource(recording: recording, speed: speed, start: origin)
        case .lsl:
            lsl?.start(origin: origin)
            return lsl
        }
    }

    /// Conventional shell exit codes for a run ended by a signal (128 + signal number).
    static let signalExitCodes: [String: Int32] = ["SIGHUP": 129, "SIGINT": 130, "SIGTERM": 143]
}

/// A run-time failure shown as one clear line (no stack trace), exit code 1.
struct RunFailure: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
