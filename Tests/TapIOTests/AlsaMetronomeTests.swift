import Foundation
import Glibc
import TapCore
import XCTest
@testable import TapIO

/// The metronome through real ALSA: the `file` plugin (fast, exact sample positions) and a
/// PulseAudio null sink (real-time paced, recorded with parec). Missing packages fail the
/// tests: they are part of `make deps`.
final class AlsaMetronomeTests: XCTestCase {
    static let rate = 48_000

    private var repoRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    private func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tapnirs-alsa-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    private func readSamples(_ url: URL) throws -> [Int16] {
        let data = try Data(contentsOf: url)
        return data.withUnsafeBytes { raw in
            (0..<(data.count / 2)).map { Int16(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 2, as: Int16.self)) }
        }
    }

    /// Onsets: the first sample with |x| ≥ threshold after at least `gap` quiet samples.
    /// Least-squares slope of click onsets (samples at `rate`) against beat numbers, in ms a beat.
    static func msPerBeat(onsets: [Int], beats: [Int]) -> Double {
        let n = Double(onsets.count)
        guard n >= 2 else { return .nan }
        let x = beats.map(Double.init), y = onsets.map { Double($0) * 1000 / Double(rate) }
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        let sxy = zip(x, y).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        let sxx = x.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }
        return sxy / sxx
    }

    static func detectOnsets(_ samples: [Int16], threshold: Int16, gap: Int = 960) -> [Int] {
        var onsets: [Int] = []
        var lastLoud = Int.min / 2
        for (i, x) in samples.enumerated() where abs(Int(x)) >= Int(threshold) {
            if i - lastLoud > gap { onsets.append(i) }
            lastLoud = i
        }
        return onsets
    }

    private func beats(count: Int, start: MonoTime, period: Span) -> [Beat] {
        (0..<count).map { Beat(blockIndex: 0, index: $0, time: start + period * Int64($0), audible: true, visual: true) }
    }

    private func waitFor(_ seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(2000)
        }
        return condition()
    }

    // MARK: file plugin

    func testFilePluginPutsEveryClickOnItsExactSample() throws {
        let dir = try temporaryDirectory()
        let raw = dir.appendingPathComponent("clicks.raw")
        let origin = MonoTime.seconds(1000)
        var config = AlsaMetronome.Configuration()
        config.timing = .virtual(origin: origin)
        config.volume = 0.5
        config.realtimePriority = nil
        config.startImmediately = false
        config.stopAfterFrames = 3 * Self.rate
        let opened = AlsaMetronome.open(device: "file:'\(raw.path)',raw", configuration: config)
        let metronome: AlsaMetronome
        switch opened {
        case .success(let m): metronome = m
        case .failure(let why): return XCTFail("\(why)")
        }
        XCTAssertEqual(metronome.sampleRate, Self.rate)

        // A pace that is not a whole number of samples (0.2503127 s), spanning period edges.
        let schedule = beats(count: 10, start: origin + .milliseconds(100.3), period: .seconds(0.2503127))
        metronome.schedule(schedule)
        metronome.schedule(Array(schedule[3..<6]))  // a later look-ahead window: no duplicates
        metronome.start()
        XCTAssertTrue(waitFor(30) { metronome.framesWritten >= config.stopAfterFrames! }, "writer stalled")
        let placements = metronome.takePlacements()
        XCTAssertEqual(metronome.underruns, 0)
        XCTAssertNil(metronome.failure)
        metronome.close()

        let samples = try readSamples(raw)
        XCTAssertGreaterThanOrEqual(samples.count, config.stopAfterFrames!)
        let expected = schedule.map { ClickTrack.frames(in: $0.time - origin, rate: Self.rate) }
        // Silence is exact zeros, so the first non-zero sample is the click's first sample.
        let onsets = Self.detectOnsets(samples, threshold: 1)
        XCTAssertEqual(onsets, expected)
        let intervals = zip(onsets, onsets.dropFirst()).map { $1 - $0 }
        let wanted = zip(expected, expected.dropFirst()).map { $1 - $0 }
        XCTAssertEqual(intervals, wanted)
        XCTAssertEqual(placements.map(\.beat?.index), Array(0..<10))
        XCTAssertEqual(placements.map(\.kind), [.accent] + Array(repeating: .beat, count: 9))
        for (placement, frame) in zip(placements, expected) {
            XCTAssertEqual(placement.acousticOnset, origin + ClickTrack.span(ofFrames: frame, rate: Self.rate))
            XCTAssertLessThanOrEqual(abs((placement.acousticOnset - placement.scheduled).nanoseconds), 10_417)
        }
        // The samples are the track's own waveform at the chosen volume.
        let track = ClickTrack(sampleRate: Self.rate, volume: 0.5)
        let accent = track.waveform(.accent).map { Int16(($0 * Float(0.5 * 32767)).rounded()) }
        XCTAssertEqual(Array(samples[expected[0]..<(expected[0] + accent.count)]), accent)
    }

    func testOpeningAMissingDeviceFailsWithAReason() {
        switch AlsaMetronome.open(device: "tapnirs_no_such_pcm") {
        case .success(let m):
            m.close()
            XCTFail("a PCM that does not exist opened")
        case .failure(let why):
            XCTAssertTrue(why.description.contains("tapnirs_no_such_pcm"), why.description)
            XCTAssertTrue(why.description.contains("snd_pcm_open"), why.description)
        }
    }

    // MARK: PulseAudio null sink, paced in real time

    func testPulseNullSinkClicksComeAtThePaceInRealTime() throws {
        try runPulse(stallAfterBeat: nil)
    }

    /// A writer that misses its deadline (60 ms asleep, with a 20 ms buffer) underruns; the
    /// stream is recovered, counted, and the clicks after it are on the pace again.
    func testPulseUnderrunIsRecoveredAndCounted() throws {
        try runPulse(stallAfterBeat: 8)
    }

    private func runPulse(stallAfterBeat: Int?) throws {
        for tool in ["pulseaudio", "parec", "pactl"] {
            let found = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
                .contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(tool)") }
            if !found { return XCTFail("\(tool) is missing: apt-get install pulseaudio pulseaudio-utils") }
        }
        let plugin = ["/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib"]
            .map { "\($0)/alsa-lib/libasound_module_pcm_pulse.so" }
            .contains { FileManager.default.fileExists(atPath: $0) }
        if !plugin { return XCTFail("ALSA's pulse plugin is missing: apt-get install libasound2-plugins") }

        let dir = try temporaryDirectory()
        let script = repoRoot.appendingPathComponent("scripts/record-clicks.sh").path
        // Not Foundation's Process: its exit watch is a descriptor the script's background
        // children (pulseaudio, parec) would inherit, so waitUntilExit would never return.
        func runScript(_ args: [String]) throws -> Int32 {
            let argv = ["/bin/sh", script] + args
            var cArgs = argv.map { strdup($0) } + [nil]
            defer { for p in cArgs { free(p) } }
            var pid: pid_t = 0
            let rc = posix_spawn(&pid, "/bin/sh", nil, nil, &cArgs, environ)
            guard rc == 0 else { return -1 }
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            return (status >> 8) & 0xff
        }
        XCTAssertEqual(try runScript(["start", dir.path]), 0, "PulseAudio null sink did not start")
        var stopped = false
        defer { if !stopped { _ = try? runScript(["stop", dir.path]) } }

        // `default` is PulseAudio through our asoundrc; ALSA rereads its configuration when
        // ALSA_CONFIG_PATH changes.
        setenv("PULSE_SERVER", "unix:\(dir.path)/native", 1)
        setenv("ALSA_CONFIG_PATH", "/usr/share/alsa/alsa.conf:\(dir.path)/asoundrc", 1)
        defer {
            unsetenv("PULSE_SERVER")
            unsetenv("ALSA_CONFIG_PATH")
        }

        var config = AlsaMetronome.Configuration()
        config.volume = 0.5
        config.accentFirstBeat = false
        let metronome: AlsaMetronome
        switch AlsaMetronome.open(device: "default", configuration: config) {
        case .success(let m): metronome = m
        case .failure(let why): return XCTFail("\(why)")
        }
        // PulseAudio may hold the first writes for a second or more after the stream starts.
        let openedAt = MonotonicClock.now()
        XCTAssertTrue(metronome.waitUntilSteady(timeout: .seconds(10)), "stream never became steady")
        let settle = MonotonicClock.now() - openedAt
        let count = 24
        let pace = Span.milliseconds(250)
        let first = MonotonicClock.now() + .milliseconds(600)
        let schedule = beats(count: count, start: first, period: pace)
        // As the event loop does: each beat passed ~0.5 s ahead, windows overlapping.
        var placements: [AlsaMetronome.Placement] = []
        var stalled = false
        while MonotonicClock.now() < schedule.last!.time + .milliseconds(100) {
            let now = MonotonicClock.now()
            if let k = stallAfterBeat, !stalled, now > schedule[k].time + .milliseconds(60) {
                metronome.injectStall(.milliseconds(60))
                stalled = true
            }
            metronome.schedule(schedule.filter { $0.time > now && $0.time <= now + .milliseconds(500) })
            placements += metronome.takePlacements()
            usleep(20_000)
        }
        placements += metronome.takePlacements()
        let underruns = metronome.underruns
        let delay = metronome.lastMeasuredDelay
        let realtime = metronome.realtime
        let reanchors = metronome.reanchors
        let dropped = metronome.takeDropped()
        metronome.drainAndClose()
        usleep(300_000)
        XCTAssertEqual(try runScript(["stop", dir.path]), 0)
        stopped = true

        let samples = try readSamples(dir.appendingPathComponent("clicks.raw"))
        let onsets = Self.detectOnsets(samples, threshold: 8)
        let errors = zip(onsets, onsets.dropFirst()).map { pair -> Double in
            Double(pair.1 - pair.0) * 1000 / Double(Self.rate) - pace.milliseconds
        }
        let maxError = errors.map(abs).max() ?? .infinity
        let expectedErrors = zip(placements, placements.dropFirst()).map { ($1.acousticOnset - $0.acousticOnset).milliseconds - pace.milliseconds }
        print(String(format: "pulse null sink: %d clicks, %d beats; interval error max %.3f ms, mean |e| %.3f ms; "
                     + "expected-onset interval error max %.3f ms; delay %.2f ms; underruns %d; re-anchors %d; "
                     + "steady after %.0f ms; period %d, buffer %d frames; realtime %@",
                     onsets.count, count, maxError, errors.map(abs).reduce(0, +) / Double(max(1, errors.count)),
                     expectedErrors.map(abs).max() ?? .nan, delay.milliseconds, underruns, reanchors, settle.milliseconds,
                     metronome.periodFrames, metronome.bufferFrames, realtime ? "yes" : "no"))
        if let k = stallAfterBeat {
            XCTAssertGreaterThanOrEqual(underruns, 1, "the stall did not underrun")
            // Every beat is either heard or reported dropped; the ones heard after the
            // recovery keep the pace (intervals between consecutive heard beats).
            XCTAssertEqual(placements.count + dropped.count, count)
            XCTAssertEqual(onsets.count, placements.count, "clicks heard ≠ clicks placed")
            XCTAssertTrue(placements.contains { $0.beat!.index > k + 8 }, "no click after the underrun")
            let heard = placements.map { $0.beat!.index }
            let after = zip(heard, onsets).filter { $0.0 > k + 1 }
            XCTAssertGreaterThanOrEqual(after.count, 8, "too few clicks after the underrun to judge their pace")
            // After the recovery the clicks keep the pace: the slope of their recorded times
            // against their beat numbers, within 1 % (as below).
            let slope = Self.msPerBeat(onsets: after.map(\.1), beats: after.map(\.0))
            XCTAssertEqual(slope, pace.milliseconds, accuracy: pace.milliseconds / 100, "after the underrun (interval errors \(errors))")
            return
        }
        XCTAssertEqual(onsets.count, count, "clicks heard ≠ beats scheduled")
        XCTAssertEqual(placements.count, count)
        XCTAssertEqual(placements.map(\.beat?.index), Array(0..<count))
        XCTAssertTrue(dropped.isEmpty)
        // The clicks come at the pace: the slope of their recorded times against their beat
        // numbers, within 1 % (a wrong pace, or 44.1 kHz taken for 48, is far beyond it). How
        // evenly each click comes out is a timing goal, measured by `make bench` (bench/clicks.py:
        // median, p99 and max interval error over 240 clicks), not asserted here: recorded through
        // a real-time sound server on a shared machine, single clicks moved by up to 29 ms in a
        // busy minute (CI), and the server's clock ran 0.4 % slow for a few seconds (251 ms a beat).
        let slope = Self.msPerBeat(onsets: onsets, beats: Array(0..<onsets.count))
        XCTAssertEqual(slope, pace.milliseconds, accuracy: pace.milliseconds / 100, "pace (interval errors \(errors))")
        for p in placements {
            // Expected onsets are sample-accurate against the beats' times.
            XCTAssertLessThanOrEqual(abs((p.acousticOnset - p.scheduled).nanoseconds), 10_417)
        }
    }
}
