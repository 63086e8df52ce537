import CALSA
import Foundation
import Glibc
import TapCore

/// The audible metronome: one continuously fed ALSA playback stream (S16_LE, mono) into
/// which `ClickTrack` mixes each click at the sample whose acoustic onset is the beat's time.
///
/// A dedicated writer thread (SCHED_FIFO when allowed) writes one period at a time — silence
/// when no click sounds — so the stream never stops and each click's position is a sample
/// offset, not a wake-up. Before rendering a period it estimates when that period's first
/// frame will be heard (see `docs/metronome.md`):
///
///     heard(first frame of the next write) = now + snd_pcm_delay / rate
///
/// `now` is CLOCK_MONOTONIC (the session's clock) read around `snd_pcm_delay`. Measurements
/// are smoothed into a timeline `anchor + frames / rate` (a slow loop that follows the sound
/// card's clock drift); an underrun, or a measurement more than `reanchorThreshold` off the
/// timeline, restarts the timeline from the measurement.
public final class AlsaMetronome: @unchecked Sendable {
    public enum Timing: Sendable, Equatable {
        /// Real devices: when frames are heard is measured with `snd_pcm_delay`.
        case measured
        /// Unpaced sinks (`file`/`null` plugins, tests): frame n is heard at `origin + n / rate`.
        case virtual(origin: MonoTime)
    }

    public struct Configuration: Sendable {
        public var sampleRate = 48_000
        /// 5 ms at 48 kHz.
        public var periodFrames = 240
        /// Buffer = 4 periods (20 ms).
        public var bufferPeriods = 4
        /// Click gain 0…1 (1 = full-scale peak).
        public var volume = 0.5
        public var accentFirstBeat = true
        public var timing: Timing = .measured
        /// SCHED_FIFO priority of the writer thread; nil keeps the default policy.
        public var realtimePriority: Int32? = 40
        /// Re-anchor the timeline when a measurement is further than this from it (pulse's
        /// delay readings scatter by ~2 ms; a real gap is an underrun or a stall).
        public var reanchorThreshold: Span = .milliseconds(10)
        /// Measurements in a row within the threshold before the stream counts as steady.
        public var steadyAfter = 20
        /// Weight of one measurement in the timeline (per period).
        public var smoothing = 0.05
        /// Tests: stop writing after this many frames (an unpaced sink would fill a disk).
        public var stopAfterFrames: Int?
        /// Start the writer thread in `open`; when false, call `start()` (tests schedule
        /// first, so an unpaced sink cannot run past the clicks' times before they exist).
        public var startImmediately = true

        public init() {}
    }

    /// One sound put into the stream: `acousticOnset` is when its first sample is expected
    /// to be heard (what `beats.tsv` records for an audible beat).
    public struct Placement: Sendable, Equatable {
        public var beat: Beat?
        public var kind: ClickKind
        public var scheduled: MonoTime
        public var acousticOnset: MonoTime
    }

    public struct OpenFailure: Error, CustomStringConvertible, Sendable {
        public var device: String
        public var call: String
        public var code: Int32
        public var description: String {
            "ALSA device '\(device)': \(call) failed: \(String(cString: snd_strerror(code)))"
        }
    }

    public let device: String
    public let sampleRate: Int
    public let periodFrames: Int
    public let bufferFrames: Int
    public let configuration: Configuration

    private let pcm: OpaquePointer
    private let lock = NSLock()
    private var track: ClickTrack
    private var placements: [Placement] = []
    private var droppedClicks: [ScheduledClick] = []
    private var underrunCount = 0
    private var reanchorCount = 0
    private var lastDelay: Int = 0
    private var framesWrittenCount = 0
    private var isRealtime = false
    private var stopping = false
    private var writerFailure: String?
    private var thread: pthread_t?
    private var closed = false
    private var steadyCount = 0
    /// Tests: the writer sleeps this long once before its next write (forces an underrun).
    private var injectedStall: Span?

    /// Opens `device` (an ALSA PCM name: `default`, `pulse`, `hw:0`, `file:FILE=/x.raw,FORMAT=raw`…)
    /// and starts the writer thread; the failure says why no sound is possible, so the caller
    /// can fall back to the terminal bell.
    public static func open(device: String = "default", configuration: Configuration = Configuration())
        -> Result<AlsaMetronome, OpenFailure>
    {
        tapnirs_alsa_silence_errors()
        var handle: OpaquePointer?
        var rc = snd_pcm_open(&handle, device, SND_PCM_STREAM_PLAYBACK, 0)
        guard rc >= 0, let pcm = handle else {
            return .failure(OpenFailure(device: device, call: "snd_pcm_open", code: rc))
        }
        func fail(_ call: String, _ code: Int32) -> Result<AlsaMetronome, OpenFailure> {
            snd_pcm_close(pcm)
            return .failure(OpenFailure(device: device, call: call, code: code))
        }

        var hw: OpaquePointer?
        snd_pcm_hw_params_malloc(&hw)
        defer { snd_pcm_hw_params_free(hw) }
        var rate = UInt32(configuration.sampleRate)
        var period = snd_pcm_uframes_t(configuration.periodFrames)
        var buffer = snd_pcm_uframes_t(configuration.periodFrames * max(2, configuration.bufferPeriods))
        var dir: Int32 = 0
        rc = snd_pcm_hw_params_any(pcm, hw)
        if rc < 0 { return fail("snd_pcm_hw_params_any", rc) }
        rc = snd_pcm_hw_params_set_access(pcm, hw, SND_PCM_ACCESS_RW_INTERLEAVED)
        if rc < 0 { return fail("snd_pcm_hw_params_set_access", rc) }
        rc = snd_pcm_hw_params_set_format(pcm, hw, SND_PCM_FORMAT_S16_LE)
        if rc < 0 { return fail("snd_pcm_hw_params_set_format(S16_LE)", rc) }
        rc = snd_pcm_hw_params_set_channels(pcm, hw, 1)
        if rc < 0 { return fail("snd_pcm_hw_params_set_channels(1)", rc) }
        rc = snd_pcm_hw_params_set_rate_near(pcm, hw, &rate, &dir)
        if rc < 0 { return fail("snd_pcm_hw_params_set_rate_near", rc) }
        rc = snd_pcm_hw_params_set_period_size_near(pcm, hw, &period, &dir)
        if rc < 0 { return fail("snd_pcm_hw_params_set_period_size_near", rc) }
        rc = snd_pcm_hw_params_set_buffer_size_near(pcm, hw, &buffer)
        if rc < 0 { return fail("snd_pcm_hw_params_set_buffer_size_near", rc) }
        rc = snd_pcm_hw_params(pcm, hw)
        if rc < 0 { return fail("snd_pcm_hw_params", rc) }
        snd_pcm_hw_params_get_period_size(hw, &period, &dir)
        snd_pcm_hw_params_get_buffer_size(hw, &buffer)

        var sw: OpaquePointer?
        snd_pcm_sw_params_malloc(&sw)
        defer { snd_pcm_sw_params_free(sw) }
        rc = snd_pcm_sw_params_current(pcm, sw)
        if rc < 0 { return fail("snd_pcm_sw_params_current", rc) }
        // Start once the buffer is full of (silent) frames: the first measured period is then
        // already running, and the writer is never further than one buffer ahead.
        snd_pcm_sw_params_set_start_threshold(pcm, sw, buffer)
        snd_pcm_sw_params_set_avail_min(pcm, sw, period)
        rc = snd_pcm_sw_params(pcm, sw)
        if rc < 0 { return fail("snd_pcm_sw_params", rc) }
        rc = snd_pcm_prepare(pcm)
        if rc < 0 { return fail("snd_pcm_prepare", rc) }

        let metronome = AlsaMetronome(pcm: pcm, device: device, sampleRate: Int(rate), periodFrames: Int(period),
                                      bufferFrames: Int(buffer), configuration: configuration)
        if configuration.startImmediately { metronome.start() }
        return .success(metronome)
    }

    private init(pcm: OpaquePointer, device: String, sampleRate: Int, periodFrames: Int, bufferFrames: Int,
                 configuration: Configuration) {
        self.pcm = pcm
        self.device = device
        self.sampleRate = sampleRate
        self.periodFrames = periodFrames
        self.bufferFrames = bufferFrames
        self.configuration = configuration
        track = ClickTrack(sampleRate: sampleRate, volume: configuration.volume,
                           accentFirstBeat: configuration.accentFirstBeat)
    }

    deinit { close() }

    // MARK: The event loop's side (any thread)

    /// Schedules the audible beats among `beats` (each once, however often it is passed):
    /// the click's acoustic onset is placed at `beat.time`, so pass beats ahead of time
    /// (more than the device latency, e.g. 0.5 s).
    public func schedule(_ beats: [Beat]) {
        lock.lock(); defer { lock.unlock() }
        track.schedule(beats: beats)
    }

    /// A cue tone (`.cueStart`/`.cueStop`) or any other sound at `time`.
    public func schedule(_ kind: ClickKind, at time: MonoTime) {
        lock.lock(); defer { lock.unlock() }
        track.schedule(ScheduledClick(time: time, kind: kind))
    }

    /// Forgets every click not yet written (a sounding click finishes).
    public func clear() {
        lock.lock(); defer { lock.unlock() }
        track.clear()
    }

    public var volume: Double {
        get { lock.lock(); defer { lock.unlock() }; return track.volume }
        set { lock.lock(); defer { lock.unlock() }; track.volume = newValue }
    }

    /// The sounds written since the last call, in order, with their expected acoustic onsets.
    public func takePlacements() -> [Placement] {
        lock.lock(); defer { lock.unlock() }
        let taken = placements
        placements.removeAll()
        return taken
    }

    /// Clicks not played because their buffer was written more than 100 ms after their time
    /// (after an underrun or a stall), since the last call.
    public func takeDropped() -> [ScheduledClick] {
        lock.lock(); defer { lock.unlock() }
        let taken = droppedClicks
        droppedClicks.removeAll()
        return taken
    }

    /// Underruns recovered so far (the stream went on after each).
    public var underruns: Int { lock.lock(); defer { lock.unlock() }; return underrunCount }
    /// Times the timeline was restarted from a measurement (underruns included).
    public var reanchors: Int { lock.lock(); defer { lock.unlock() }; return reanchorCount }
    /// The last `snd_pcm_delay`, as a duration.
    public var lastMeasuredDelay: Span {
        lock.lock(); defer { lock.unlock() }
        return ClickTrack.span(ofFrames: lastDelay, rate: sampleRate)
    }
    public var framesWritten: Int { lock.lock(); defer { lock.unlock() }; return framesWrittenCount }
    /// Whether the writer thread got SCHED_FIFO.
    public var realtime: Bool { lock.lock(); defer { lock.unlock() }; return isRealtime }
    /// The timeline has matched the device's delay for `steadyAfter` periods in a row (some
    /// sinks stall for a second or more after starting; clicks due then are dropped).
    public var isSteady: Bool {
        lock.lock(); defer { lock.unlock() }
        return configuration.timing != .measured || steadyCount >= configuration.steadyAfter
    }

    /// Waits (polling) until `isSteady`; call after `open`, before the first beat is due.
    @discardableResult
    public func waitUntilSteady(timeout: Span = .seconds(5)) -> Bool {
        let deadline = MonotonicClock.now() + timeout
        while !isSteady {
            if MonotonicClock.now() > deadline || failure != nil { return false }
            usleep(5000)
        }
        return true
    }

    /// Tests: make the writer miss its deadline once, as a descheduled thread would.
    func injectStall(_ span: Span) {
        lock.lock(); defer { lock.unlock() }
        injectedStall = span
    }

    /// Set when the writer hit an error it could not recover from (the stream has stopped).
    public var failure: String? { lock.lock(); defer { lock.unlock() }; return writerFailure }

    /// Stops the writer thread and waits for it; false if the metronome was already closed.
    private func stopWriter() -> Bool {
        lock.lock()
        if closed { lock.unlock(); return false }
        closed = true
        stopping = true
        let thread = self.thread
        lock.unlock()
        if let thread { pthread_join(thread, nil) }
        return true
    }

    /// Stops the writer, drops what is queued and closes the device. Idempotent.
    public func close() {
        guard stopWriter() else { return }
        snd_pcm_drop(pcm)
        snd_pcm_close(pcm)
    }

    /// Like `close`, but lets what was written play out first: waits for the device's delay,
    /// then drops. (`snd_pcm_drain` can block for minutes on some plugins, e.g. pulse.)
    public func drainAndClose() {
        guard stopWriter() else { return }
        var delay: snd_pcm_sframes_t = 0
        if snd_pcm_delay(pcm, &delay) == 0, delay > 0 {
            let wait = min(Int(delay), sampleRate) * 1_000_000 / sampleRate
            usleep(UInt32(wait + 20_000))
        }
        snd_pcm_drop(pcm)
        snd_pcm_close(pcm)
    }

    // MARK: The writer thread

    /// Starts the writer thread (once; `open` does it unless told not to).
    public func start() {
        lock.lock()
        defer { lock.unlock() }
        guard thread == nil, !closed, writerFailure == nil else { return }
        var handle = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        let rc = pthread_create(&handle, nil, { raw in
            let metronome = Unmanaged<AlsaMetronome>.fromOpaque(raw!).takeRetainedValue()
            metronome.writerMain()
            return nil
        }, context)
        if rc == 0 {
            thread = handle
        } else {
            Unmanaged<AlsaMetronome>.fromOpaque(context).release()
            writerFailure = "pthread_create failed: \(String(cString: strerror(rc)))"
        }
    }

    private func writerMain() {
        if let priority = configuration.realtimePriority {
            let realtime = tapnirs_make_current_thread_realtime(priority) == 0
            lock.lock(); isRealtime = realtime; lock.unlock()
        }
        var buffer = [Int16](repeating: 0, count: periodFrames)
        // The timeline: frame `framesSinceAnchor` of the stream is heard at anchor + framesSinceAnchor / rate.
        var anchor: MonoTime?
        var framesSinceAnchor = 0
        if case .virtual(let origin) = configuration.timing { anchor = origin }
        var total = 0

        while true {
            lock.lock()
            let stop = stopping
            lock.unlock()
            if stop { break }
            if let limit = configuration.stopAfterFrames, total >= limit {
                usleep(1000)
                continue
            }

            var renderClicks = true
            if configuration.timing == .measured {
                if let (measured, delay) = measure() {
                    lock.lock(); lastDelay = delay; lock.unlock()
                    if let current = anchor {
                        let predicted = current + ClickTrack.span(ofFrames: framesSinceAnchor, rate: sampleRate)
                        let error = measured - predicted
                        if error.nanoseconds.magnitude > configuration.reanchorThreshold.nanoseconds.magnitude {
                            anchor = measured
                            framesSinceAnchor = 0
                            lock.lock(); reanchorCount += 1; steadyCount = 0; lock.unlock()
                        } else {
                            let correction = Span.seconds(error.seconds * configuration.smoothing)
                            anchor = current + correction
                            lock.lock(); steadyCount += 1; lock.unlock()
                        }
                    } else {
                        anchor = measured
                        framesSinceAnchor = 0
                    }
                } else if anchor == nil {
                    // Not running yet (the buffer is being filled): silence, no clicks.
                    renderClicks = false
                }
            }

            for i in 0..<buffer.count { buffer[i] = 0 }
            if renderClicks, let anchor {
                let firstFrameTime = anchor + ClickTrack.span(ofFrames: framesSinceAnchor, rate: sampleRate)
                lock.lock()
                let report = track.render(into: &buffer, firstFrameTime: firstFrameTime)
                for placed in report.placed {
                    placements.append(Placement(beat: placed.click.beat, kind: placed.click.kind,
                                                scheduled: placed.click.time, acousticOnset: placed.onset))
                }
                droppedClicks.append(contentsOf: report.dropped)
                lock.unlock()
            }

            lock.lock()
            let stall = injectedStall
            injectedStall = nil
            lock.unlock()
            if let stall { usleep(UInt32(max(0, stall.nanoseconds / 1000))) }

            switch write(buffer) {
            case .written:
                framesSinceAnchor += buffer.count
                total += buffer.count
                lock.lock(); framesWrittenCount = total; lock.unlock()
            case .recovered:
                // The frames after the gap are heard later than the timeline said: measure again.
                if configuration.timing == .measured {
                    anchor = nil
                    lock.lock(); steadyCount = 0; lock.unlock()
                }
                framesSinceAnchor += buffer.count
                total += buffer.count
                lock.lock(); underrunCount += 1; framesWrittenCount = total; lock.unlock()
            case .failed(let message):
                lock.lock(); writerFailure = message; lock.unlock()
                return
            }
        }
    }

    /// When the next written frame will be heard, or nil when the stream is not running.
    private func measure() -> (MonoTime, Int)? {
        guard snd_pcm_state(pcm) == SND_PCM_STATE_RUNNING else { return nil }
        for _ in 0..<3 {
            var delay: snd_pcm_sframes_t = 0
            let before = MonotonicClock.now()
            let rc = snd_pcm_delay(pcm, &delay)
            let after = MonotonicClock.now()
            if rc < 0 { return nil }
            // Preempted between the clock reads: the pairing is unreliable, try again.
            if (after - before) > .microseconds(500) { continue }
            let now = before + Span(nanoseconds: (after - before).nanoseconds / 2)
            return (now + ClickTrack.span(ofFrames: Int(delay), rate: sampleRate), Int(delay))
        }
        return nil
    }

    private enum WriteOutcome {
        case written, recovered, failed(String)
    }

    private func write(_ buffer: [Int16]) -> WriteOutcome {
        var offset = 0
        var recovered = false
        while offset < buffer.count {
            let rc = buffer.withUnsafeBufferPointer { samples in
                snd_pcm_writei(pcm, samples.baseAddress! + offset, snd_pcm_uframes_t(buffer.count - offset))
            }
            if rc >= 0 {
                offset += Int(rc)
                continue
            }
            let code = Int32(rc)
            if code == -EAGAIN || code == -EINTR { continue }
            // -EPIPE (underrun) or -ESTRPIPE (suspended): prepare/resume and go on.
            if snd_pcm_recover(pcm, code, 1) < 0 {
                return .failed("snd_pcm_writei: \(String(cString: snd_strerror(code)))")
            }
            recovered = true
        }
        return recovered ? .recovered : .written
    }
}
