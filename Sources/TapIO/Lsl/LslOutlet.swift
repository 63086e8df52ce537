import Foundation
import Glibc
import TapCore

/// `--lsl-out`: publishes the session on the Lab Streaming Layer while it runs — a `Markers`
/// stream (`LslMarkerStream`: rows, block ends, counted taps, beats) and, once an fNIRS source
/// converts, a `NIRS` stream of the live ΔHbO/ΔHbR (`LslOutletStream.hemoglobin`).
///
/// Every sample carries its event's own time: liblsl's clock is CLOCK_MONOTONIC on Linux, the
/// session's clock, so a `MonoTime` is an LSL timestamp as it is. The event loop only formats
/// the markers and appends them to a bounded queue under a lock — it does not even wake the
/// pusher: a thread of its own takes the queue every `pushInterval`, creates the outlets and
/// pushes, so liblsl never runs on the loop (a push is late by at most 20 ms; its timestamp is not).
public final class LslOutlet: @unchecked Sendable {
    enum Item {
        case marker(LslMarker)
        case startHemoglobin(NirsLayout)
        case hemoglobin(HemoSample)
    }

    /// Items waiting beyond this are dropped, oldest first (and counted): the loop never waits.
    static let queueCapacity = 65_536
    /// How often the thread takes what the loop queued (and looks at its consumers).
    static let pushInterval = 0.02

    let lsl: Liblsl
    let subject: String
    let session: String
    /// Loop side only: the marker texts' state (which block is open).
    var markerStream: LslMarkerStream
    let condition = NSCondition()
    /// Under `condition`.
    var queue: [Item] = []
    var head = 0
    var stopping = false
    var consumers = false
    var droppedCount = 0
    var failures: [String] = []
    var thread: pthread_t?

    public init(lsl: Liblsl, subject: String, session: String, origin: MonoTime) {
        self.lsl = lsl
        self.subject = subject
        self.session = session
        markerStream = LslMarkerStream(origin: origin)
        start()
    }

    deinit { close() }

    /// The marker stream as published (its source ID names subject and session).
    public var markers: LslOutletStream { .markers(subject: subject, session: session) }

    /// True once something (LabRecorder…) is connected to the marker stream.
    public var hasConsumers: Bool {
        condition.lock(); defer { condition.unlock() }
        return consumers
    }

    /// Items dropped because the queue was full, and outlets that could not be created.
    public var problems: (dropped: Int, failures: [String]) {
        condition.lock(); defer { condition.unlock() }
        return (droppedCount, failures)
    }

    // MARK: - The loop's side: cheap, never waits

    /// The session's effects, in order, as the recorder gets them.
    public func publish(_ effects: [Effect]) {
        var items = markerStream.markers(for: effects).map(Item.marker)
        for effect in effects {
            switch effect {
            case .nirsStarted(let layout, let constants) where constants != nil: items.append(.startHemoglobin(layout))
            case .recordHemo(let rows): items += rows.map(Item.hemoglobin)
            default: break
            }
        }
        enqueue(items)
    }

    /// A beat as `beats.tsv` records it (emitted when, or skipped).
    public func beat(_ beat: Beat, emittedAt: MonoTime?) {
        enqueue([.marker(LslMarkerStream.beat(beat, emitted: emittedAt))])
    }

    func enqueue(_ items: [Item]) {
        guard !items.isEmpty else { return }
        condition.lock()
        queue += items
        let waiting = queue.count - head
        if waiting > Self.queueCapacity {
            droppedCount += waiting - Self.queueCapacity
            head += waiting - Self.queueCapacity
        }
        condition.unlock()
    }

    // MARK: - The pushing thread

    func start() {
        do {
            thread = try Syscalls.startThread { self.pusherMain() }
        } catch {
            failures.append("cannot start the LSL outlet thread: \(error)")
        }
    }

    func pusherMain() {
        let markerOutlet = makeOutlet(markers)
        var hemoglobinOutlet: OpaquePointer?
        while true {
            condition.lock()
            if !stopping { _ = condition.wait(until: Date(timeIntervalSinceNow: Self.pushInterval)) }
            let items = Array(queue[head...])
            queue.removeAll(keepingCapacity: true)
            head = 0
            let stop = stopping
            condition.unlock()
            for item in items {
                switch item {
                case .marker(let marker):
                    guard let markerOutlet else { continue }
                    marker.text.withCString { text in
                        var fields: [UnsafePointer<CChar>?] = [text]
                        _ = lsl.pushStrings(markerOutlet, &fields, Self.lslSeconds(marker.time))
                    }
                case .startHemoglobin(let layout):
                    if hemoglobinOutlet == nil {
                        hemoglobinOutlet = makeOutlet(.hemoglobin(layout, subject: subject, session: session))
                    }
                case .hemoglobin(let row):
                    guard let hemoglobinOutlet else { continue }
                    let values = LslOutletStream.hemoglobinSample(row)
                    _ = lsl.pushDoubles(hemoglobinOutlet, values, Self.lslSeconds(row.time))
                }
            }
            let connected = markerOutlet.map { lsl.haveConsumers($0) != 0 } ?? false
            condition.lock()
            consumers = connected
            condition.unlock()
            if stop { break }
        }
        // A moment for what was pushed last to reach the consumers before the outlets go.
        usleep(200_000)
        if let markerOutlet { lsl.destroyOutlet(markerOutlet) }
        if let hemoglobinOutlet { lsl.destroyOutlet(hemoglobinOutlet) }
    }

    func makeOutlet(_ stream: LslOutletStream) -> OpaquePointer? {
        guard let info = lsl.makeInfo(stream) else {
            note("cannot describe LSL stream \(stream.name)")
            return nil
        }
        defer { lsl.destroy(info: info) }
        // One sample per chunk (markers go out at once); liblsl keeps 360 s (or 36 000 markers) for a slow consumer.
        guard let outlet = lsl.createOutlet(info, 1, 360) else {
            note("cannot open LSL outlet \(stream.name)")
            return nil
        }
        return outlet
    }

    func note(_ failure: String) {
        condition.lock()
        failures.append(failure)
        condition.unlock()
    }

    /// liblsl's `local_clock()` reads CLOCK_MONOTONIC in seconds: a session time is an LSL time.
    static func lslSeconds(_ time: MonoTime) -> Double { Double(time.nanoseconds) / 1e9 }

    /// Pushes what is queued, then closes the outlets. Idempotent.
    public func close() {
        condition.lock()
        stopping = true
        let thread = self.thread
        self.thread = nil
        condition.signal()
        condition.unlock()
        if let thread { pthread_join(thread, nil) }
    }
}
