import TapCore

/// `--source sim`: the physiological simulator (docs/simulator.md), sampled on an exact grid
/// from session time zero and driven by what the session says the subject is doing.
///
/// Each sample's time is its grid time, not the loop's wake time, so a simulated session's
/// samples are evenly spaced however late the loop wakes.
public final class SimulatedSource: SampleSource {
    public let kind = "sim"
    public let description: String
    public let descriptor: Int32? = nil
    var simulator: PhysiologySimulator
    let start: MonoTime
    var announced = false

    public init(configuration: PhysiologySimulator.Configuration, start: MonoTime) {
        simulator = PhysiologySimulator(configuration)
        self.start = start
        description = "sim \(configuration.profile.rawValue) seed \(configuration.seed)"
    }

    public var nextDeadline: MonoTime? { start + simulator.offsetOfSample(simulator.sampleIndex) }

    public func poll(now: MonoTime, readable: Bool, session: Session) -> [Event] {
        var events: [Event] = []
        if !announced {
            announced = true
            events.append(.nirsHeader(simulator.layout, at: now))
        }
        var samples: [NirsSample] = []
        while true {
            let offset = simulator.offsetOfSample(simulator.sampleIndex)
            let time = start + offset
            guard time <= now else { break }
            let values = simulator.nextSample(activity: session.taskActivity(at: time))
            samples.append(NirsSample(hostTime: time, deviceTimeMilliseconds: offset.seconds * 1000, values: values))
        }
        if !samples.isEmpty { events.append(.nirsSamples(samples, at: now)) }
        return events
    }
}
