import TapCore

/// `--source replay:FILE.snirf`: a recording's first data block played in real time (or
/// `--speed` times faster) as if a device were sending it. Values are the file's doubles,
/// unchanged; each sample's host time is session zero + its file time / speed.
public final class ReplaySource: SampleSource {
    public let kind = "replay"
    public let description: String
    public let descriptor: Int32? = nil
    public let recording: SnirfRecording
    let speed: Double
    let start: MonoTime
    var next = 0
    var announced = false

    public init(recording: SnirfRecording, speed: Double, start: MonoTime) {
        self.recording = recording
        self.speed = speed
        self.start = start
        let name = recording.path.split(separator: "/").last.map(String.init) ?? recording.path
        description = "replay \(name)" + (speed == 1 ? "" : " ×\(NirsRecordFormat.number(speed))")
    }

    /// The layout as the session sees it: the file's, at the played-back rate.
    public var layout: NirsLayout {
        var layout = recording.layout
        layout.rateHz *= speed
        return layout
    }

    func hostTime(_ index: Int) -> MonoTime {
        start + .seconds((recording.timesSeconds[index] - recording.timesSeconds[0]) / speed)
    }

    public var nextDeadline: MonoTime? { next < recording.samples.count ? hostTime(next) : nil }

    public func poll(now: MonoTime, readable: Bool, session: Session) -> [Event] {
        var events: [Event] = []
        if !announced {
            announced = true
            events.append(.nirsHeader(layout, at: now))
        }
        var samples: [NirsSample] = []
        while next < recording.samples.count, hostTime(next) <= now {
            samples.append(NirsSample(hostTime: hostTime(next), deviceTimeMilliseconds: recording.timesSeconds[next] * 1000,
                                      values: recording.samples[next]))
            next += 1
        }
        if !samples.isEmpty { events.append(.nirsSamples(samples, at: now)) }
        return events
    }
}
