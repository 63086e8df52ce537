import TapCore

/// `--source serial:PATH[@BAUD]`: a device speaking tapnirs' line format (docs/serial-format.md).
///
/// Read in the event loop (the port is non-blocking); every sample is stamped with the loop's
/// wake time, the moment its bytes were seen. A device that goes away is reported once, then
/// the path is tried again every `SerialPort.reconnectInterval` until it returns.
public final class SerialSource: SampleSource {
    public let kind = "serial"
    public let description: String
    let port: SerialPort
    var parser = SerialLineParser()
    var aligner = DeviceClockAligner()
    /// When to try opening again while the port is closed.
    var nextAttempt: MonoTime?
    var lost = false

    public init(path: String, baud: Int) {
        port = SerialPort(path: path, baud: baud)
        description = "serial \(path) @\(baud)"
    }

    public var descriptor: Int32? { port.fd }
    public var nextDeadline: MonoTime? { port.fd == nil ? nextAttempt ?? .zero : nil }
    public var deviceClock: DeviceClockFit? { aligner.fit }
    /// Lines skipped so far, per reason (also reported to the session one by one).
    public var rejectCounts: [SerialReject: Int] { parser.rejectCounts }

    public func poll(now: MonoTime, readable: Bool, session: Session) -> [Event] {
        var events: [Event] = []
        if port.fd == nil {
            guard now >= (nextAttempt ?? .zero) else { return [] }
            do {
                try port.open()
                parser.discardPartialLine()
                if lost {
                    lost = false
                    events.append(.nirsBack(at: now))
                }
            } catch {
                nextAttempt = now + SerialPort.reconnectInterval
                if !lost {
                    lost = true
                    events.append(.nirsLost(reason: error.description, at: now))
                }
                return events
            }
        }
        guard readable || events.contains(where: { if case .nirsBack = $0 { true } else { false } }) else { return events }
        switch port.readAvailable() {
        case .bytes(let bytes):
            if !bytes.isEmpty { decode(bytes, at: now, into: &events) }
        case .lost(let reason):
            nextAttempt = now + SerialPort.reconnectInterval
            if !lost {
                lost = true
                events.append(.nirsLost(reason: reason, at: now))
            }
        }
        return events
    }

    func decode(_ bytes: [UInt8], at now: MonoTime, into events: inout [Event]) {
        var samples: [NirsSample] = []
        func flush() {
            if !samples.isEmpty { events.append(.nirsSamples(samples, at: now)) }
            samples = []
        }
        for event in parser.feed(bytes) {
            switch event {
            case .header(let header):
                flush()
                aligner.reset()
                events.append(.nirsHeader(NirsLayout(header: header), at: now))
            case .sample(let sample):
                aligner.add(deviceMilliseconds: sample.deviceTimeMilliseconds, host: now)
                let fields = sample.text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingSpaces() }
                samples.append(NirsSample(hostTime: now, deviceTimeMilliseconds: sample.deviceTimeMilliseconds,
                                          values: sample.values, receivedFields: fields))
            case .rejected(let reason):
                flush()
                events.append(.nirsRejected(reason, at: now))
            }
        }
        flush()
    }
}
