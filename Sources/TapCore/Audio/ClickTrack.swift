#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a click sounds like: a sine burst with a raised-cosine attack and release.
///
/// The acoustic onset of a click is its first sample; the envelope's first sample is already
/// non-zero (it is the window's second point), so "the first non-silent sample" of a
/// recording is the onset, with no hidden lead-in.
public struct ClickSound: Sendable, Equatable {
    public var frequency: Double
    public var duration: Span
    public var attack: Span
    public var release: Span

    public init(frequency: Double, duration: Span, attack: Span, release: Span) {
        self.frequency = frequency
        self.duration = duration
        self.attack = attack
        self.release = release
    }

    /// The ordinary beat: 1 kHz, 15 ms, 1 ms attack, 5 ms release.
    public static let beat = ClickSound(frequency: 1000, duration: .milliseconds(15),
                                        attack: .milliseconds(1), release: .milliseconds(5))
    /// The first beat of a block: same shape, 1.5 kHz.
    public static let accent = ClickSound(frequency: 1500, duration: .milliseconds(15),
                                          attack: .milliseconds(1), release: .milliseconds(5))
    /// "Start tapping": a 150 ms tone at 660 Hz.
    public static let cueStart = ClickSound(frequency: 660, duration: .milliseconds(150),
                                            attack: .milliseconds(5), release: .milliseconds(30))
    /// "Stop": a 300 ms tone at 440 Hz.
    public static let cueStop = ClickSound(frequency: 440, duration: .milliseconds(300),
                                           attack: .milliseconds(5), release: .milliseconds(60))

    /// The samples at full scale (−1…1).
    public func waveform(sampleRate: Int) -> [Float] {
        let rate = Double(sampleRate)
        let count = max(1, Int((duration.seconds * rate).rounded()))
        let attackCount = min(count, max(0, Int((attack.seconds * rate).rounded())))
        let releaseCount = min(count, max(0, Int((release.seconds * rate).rounded())))
        var samples = [Float](repeating: 0, count: count)
        for i in 0..<count {
            var envelope = 1.0
            if i < attackCount {
                envelope = 0.5 * (1 - cos(Double.pi * Double(i + 1) / Double(attackCount + 1)))
            }
            let fromEnd = count - 1 - i
            if fromEnd < releaseCount {
                envelope = min(envelope, 0.5 * (1 - cos(Double.pi * Double(fromEnd + 1) / Double(releaseCount + 1))))
            }
            samples[i] = Float(envelope * cos(2 * Double.pi * frequency * Double(i) / rate))
        }
        return samples
    }
}

/// The sounds a track can play.
public enum ClickKind: Sendable, Hashable, CaseIterable {
    case beat, accent, cueStart, cueStop
}

/// One sound to play with its acoustic onset at `time`; `beat` when it is a metronome beat.
public struct ScheduledClick: Sendable, Equatable {
    public var time: MonoTime
    public var kind: ClickKind
    public var beat: Beat?

    public init(time: MonoTime, kind: ClickKind, beat: Beat? = nil) {
        self.time = time
        self.kind = kind
        self.beat = beat
    }
}

/// A click that was written into a buffer: its acoustic onset is `onset` (the time of the
/// sample it starts on), `onset − click.time` is its rounding (≤ half a sample) or lateness.
public struct ClickPlacement: Sendable, Equatable {
    public var click: ScheduledClick
    public var onset: MonoTime

    public init(click: ScheduledClick, onset: MonoTime) {
        self.click = click
        self.onset = onset
    }
}

/// What one `render` call did.
public struct ClickRenderReport: Sendable, Equatable {
    /// Clicks that started in this buffer.
    public var placed: [ClickPlacement] = []
    /// Clicks whose onset had already passed by more than `lateTolerance`: not played.
    public var dropped: [ScheduledClick] = []

    public init(placed: [ClickPlacement] = [], dropped: [ScheduledClick] = []) {
        self.placed = placed
        self.dropped = dropped
    }
}

/// The metronome's sound, sample by sample: a list of scheduled clicks mixed into
/// consecutive PCM buffers, each click starting at the sample nearest its time.
///
/// Pure and deterministic: the caller says when each buffer's first frame will be heard
/// (`firstFrameTime`), the track never reads a clock. A click whose onset falls in a buffer
/// starts at sample `round((T − firstFrameTime) · rate)`; its remaining samples go into the
/// following buffers whatever their `firstFrameTime` says, so a click is never cut or
/// stretched by a re-estimated timeline.
public struct ClickTrack: Sendable {
    public let sampleRate: Int
    /// Linear gain 0…1; 1 is a full-scale peak.
    public var volume: Double {
        didSet { volume = min(max(volume, 0), 1) }
    }
    /// A click found already in the past when its buffer is rendered is played at once if it
    /// is at most this late, else dropped (and reported).
    public var lateTolerance: Span
    /// First beat of a block uses the accent sound.
    public var accentFirstBeat: Bool

    private var waveforms: [ClickKind: [Float]]
    /// Sorted by time (stable for equal times).
    private var pending: [ScheduledClick] = []
    private var active: [(kind: ClickKind, played: Int)] = []
    /// Beats already pending or placed, so overlapping look-ahead windows schedule each once.
    private var knownBeats: Set<BeatKey> = []

    private struct BeatKey: Hashable, Sendable {
        var block: Int
        var index: Int
    }

    public init(sampleRate: Int = 48_000, volume: Double = 0.5, lateTolerance: Span = .milliseconds(100),
                accentFirstBeat: Bool = true,
                sounds: [ClickKind: ClickSound] = [.beat: .beat, .accent: .accent, .cueStart: .cueStart, .cueStop: .cueStop]) {
        precondition(sampleRate > 0, "sample rate must be positive")
        self.sampleRate = sampleRate
        self.volume = min(max(volume, 0), 1)
        self.lateTolerance = lateTolerance
        self.accentFirstBeat = accentFirstBeat
        var waveforms: [ClickKind: [Float]] = [:]
        for kind in ClickKind.allCases {
            waveforms[kind] = (sounds[kind] ?? ClickSound.beat).waveform(sampleRate: sampleRate)
        }
        self.waveforms = waveforms
    }

    /// The full-scale samples of a kind (for tests and detectors).
    public func waveform(_ kind: ClickKind) -> [Float] { waveforms[kind] ?? [] }

    /// Clicks waiting for their buffer.
    public var pendingClicks: [ScheduledClick] { pending }

    /// Schedules the audible beats among `beats` (each once, however often it is passed).
    public mutating func schedule(beats: [Beat]) {
        for beat in beats where beat.audible {
            let key = BeatKey(block: beat.blockIndex, index: beat.index)
            guard !knownBeats.contains(key) else { continue }
            knownBeats.insert(key)
            schedule(ScheduledClick(time: beat.time, kind: accentFirstBeat && beat.isAccent ? .accent : .beat, beat: beat))
        }
    }

    public mutating func schedule(_ click: ScheduledClick) {
        var low = 0
        var high = pending.count
        while low < high {
            let mid = (low + high) / 2
            if pending[mid].time <= click.time { low = mid + 1 } else { high = mid }
        }
        pending.insert(click, at: low)
    }

    /// Forgets every pending click (a click already sounding finishes).
    public mutating func clear() {
        for click in pending {
            if let beat = click.beat { knownBeats.remove(BeatKey(block: beat.blockIndex, index: beat.index)) }
        }
        pending.removeAll()
    }

    /// Mixes (adds, saturating) into `buffer` the continuation of clicks already sounding and
    /// every pending click whose onset falls before the buffer's end.
    public mutating func render(into buffer: inout [Int16], firstFrameTime: MonoTime) -> ClickRenderReport {
        var report = ClickRenderReport()
        let frames = buffer.count
        let gain = Float(volume * 32767)

        var stillActive: [(kind: ClickKind, played: Int)] = []
        for var sounding in active {
            let wave = waveforms[sounding.kind] ?? []
            let count = min(wave.count - sounding.played, frames)
            mix(wave, from: sounding.played, count: count, at: 0, gain: gain, into: &buffer)
            sounding.played += count
            if sounding.played < wave.count { stillActive.append(sounding) }
        }
        active = stillActive

        let toleranceFrames = Self.frames(in: lateTolerance, rate: sampleRate)
        var consumed = 0
        while consumed < pending.count {
            let click = pending[consumed]
            var offset = Self.frames(in: click.time - firstFrameTime, rate: sampleRate)
            if offset >= frames { break }
            consumed += 1
            if offset < 0 {
                if -offset > toleranceFrames {
                    report.dropped.append(click)
                    continue
                }
                offset = 0
            }
            let wave = waveforms[click.kind] ?? []
            let count = min(wave.count, frames - offset)
            mix(wave, from: 0, count: count, at: offset, gain: gain, into: &buffer)
            if count < wave.count { active.append((click.kind, count)) }
            report.placed.append(ClickPlacement(click: click, onset: firstFrameTime + Self.span(ofFrames: offset, rate: sampleRate)))
        }
        pending.removeFirst(consumed)
        return report
    }

    /// `round(span · rate)` frames, half away from zero, in integer arithmetic (saturating).
    public static func frames(in span: Span, rate: Int) -> Int {
        let (product, overflow) = span.nanoseconds.multipliedReportingOverflow(by: Int64(rate))
        if overflow { return span.nanoseconds < 0 ? Int.min / 2 : Int.max / 2 }
        let half: Int64 = 500_000_000
        let frames = product >= 0 ? (product + half) / 1_000_000_000 : -((-product + half) / 1_000_000_000)
        return Int(frames)
    }

    /// The duration of `frames` frames, rounded to the nanosecond.
    public static func span(ofFrames frames: Int, rate: Int) -> Span {
        let numerator = Int64(frames) * 1_000_000_000
        let r = Int64(rate)
        let rounded = numerator >= 0 ? (numerator + r / 2) / r : -((-numerator + r / 2) / r)
        return Span(nanoseconds: rounded)
    }

    private func mix(_ wave: [Float], from start: Int, count: Int, at offset: Int, gain: Float, into buffer: inout [Int16]) {
        guard count > 0 else { return }
        for i in 0..<count {
            let value = Int32(buffer[offset + i]) + Int32((wave[start + i] * gain).rounded())
            buffer[offset + i] = Int16(min(max(value, Int32(Int16.min)), Int32(Int16.max)))
        }
    }
}
