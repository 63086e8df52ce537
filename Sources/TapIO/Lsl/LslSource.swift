import Foundation
import Glibc
import TapCore

/// `--source lsl[:PREDICATE]`: an fNIRS device publishing on the Lab Streaming Layer (NIRx
/// Aurora, Artinis OxySoft, or any stream following the XDF NIRS meta-data convention).
///
/// `connect` (before the screen, may wait) finds the stream and maps its description to a
/// layout (`LslNirsMapping`), or fails with one clear line. From `start` on, a reader thread
/// does everything that waits — pulling samples, `lsl_time_correction`, finding the stream
/// again — and hands the loop messages through a lock and a wake pipe (`descriptor`), so the
/// event loop never waits on liblsl. Each sample is placed on the session clock at its own LSL
/// timestamp + the latest time-correction offset (liblsl's clock is CLOCK_MONOTONIC on Linux);
/// the timestamp itself goes to `nirs_raw.tsv` as `device_time_ms`.
///
/// A stream that goes away (its sender closed, or silent for `silence`) is reported like a
/// pulled serial cable and looked for again with the same predicate.
public final class LslSource: SampleSource, @unchecked Sendable {
    /// Why `--source lsl` could not start; one line each.
    public enum Failure: Error, CustomStringConvertible {
        case notFound(predicate: String, seconds: Double)
        case ambiguous(predicate: String, streams: [String])
        case noDescription(stream: String)
        case layout(LslLayoutError)
        case system(String)

        public var description: String {
            switch self {
            case .notFound(let predicate, let seconds):
                return "--source lsl: no LSL stream matches \(predicate) (looked for \(NirsRecordFormat.number(seconds)) s); "
                    + "is the device streaming on this network? (docs/lsl.md)"
            case .ambiguous(let predicate, let streams):
                return "--source lsl: \(streams.count) LSL streams match \(predicate): " + streams.joined(separator: ", ")
                    + "; name one, e.g. --source \"lsl:name='\(streams.first.map { $0.prefix { $0 != "@" } } ?? "Aurora")'\""
            case .noDescription(let stream):
                return "--source lsl: stream \(stream) did not send its description within 5 s"
            case .layout(let error):
                return "--source lsl: \(error.description)"
            case .system(let problem):
                return "--source lsl: \(problem)"
            }
        }
    }

    enum Message {
        case found(NirsLayout, at: MonoTime)
        case samples([NirsSample])
        case lost(String, at: MonoTime)
        case back(at: MonoTime)
    }

    /// How often the clock offset is measured again (LabRecorder's interval).
    static let correctionInterval = 5.0
    /// How long `connect` looks for the stream.
    public static let connectSeconds = 10.0

    public let kind = "lsl"
    public let description: String
    public let predicate: String
    let lsl: Liblsl
    let wake: (read: Int32, write: Int32)
    let lock = NSLock()
    /// Under `lock`: filled by the reader thread, emptied by `poll`.
    var inbox: [Message] = []
    var record: LslStreamManifest
    var stopping = false
    var thread: pthread_t?
    /// The inlet from `connect`, handed to the reader thread at `start`.
    var initialInlet: OpaquePointer?
    var mapping: LslNirsMapping
    var header: LslStreamHeader
    var origin: MonoTime = .zero
    var announced = false
    /// What `connect` found: the session's first header.
    public let layout: NirsLayout

    /// Finds the one stream matching `predicate` and reads its description (blocking, before
    /// the session starts).
    public static func connect(predicate: String, lsl: Liblsl, seconds: Double = connectSeconds) throws(Failure) -> LslSource {
        let infos = lsl.resolve(predicate: predicate, timeout: seconds)
        defer { infos.forEach(lsl.destroy(info:)) }
        guard let info = infos.first else { throw .notFound(predicate: predicate, seconds: seconds) }
        guard infos.count == 1 else {
            throw .ambiguous(predicate: predicate, streams: infos.map { let h = lsl.header(of: $0); return "\(h.name)@\(h.hostname)" })
        }
        let wake: (read: Int32, write: Int32)
        do { wake = try Syscalls.makeWakePipe() } catch { throw .system("\(error)") }
        let (inlet, header, mapping): (OpaquePointer, LslStreamHeader, LslNirsMapping)
        do { (inlet, header, mapping) = try open(info, lsl: lsl) } catch {
            Syscalls.closeQuietly(wake.read)
            Syscalls.closeQuietly(wake.write)
            throw error
        }
        return LslSource(predicate: predicate, lsl: lsl, inlet: inlet, info: info, header: header, mapping: mapping, wake: wake)
    }

    /// An inlet on `info` with the stream's full description, and its mapping.
    static func open(_ info: OpaquePointer, lsl: Liblsl) throws(Failure)
        -> (OpaquePointer, LslStreamHeader, LslNirsMapping)
    {
        let brief = lsl.header(of: info)
        let name = "'\(brief.name)'@\(brief.hostname)"
        // 360 s of buffer (liblsl's default); recover = 0, so a vanished sender is reported, not hidden.
        guard let inlet = lsl.createInlet(info, 360, 0, 0) else { throw .noDescription(stream: name) }
        var code: Int32 = 0
        guard let full = lsl.getFullInfo(inlet, 5.0, &code), code == 0 else {
            lsl.destroyInlet(inlet)
            throw .noDescription(stream: name)
        }
        defer { lsl.destroy(info: full) }
        let header = lsl.header(of: full)
        do {
            return (inlet, header, try LslNirsMapping(header))
        } catch {
            lsl.destroyInlet(inlet)
            throw .layout(error)
        }
    }

    init(predicate: String, lsl: Liblsl, inlet: OpaquePointer, info: OpaquePointer, header: LslStreamHeader,
         mapping: LslNirsMapping, wake: (read: Int32, write: Int32)) {
        self.predicate = predicate
        self.lsl = lsl
        self.header = header
        self.mapping = mapping
        layout = mapping.layout
        initialInlet = inlet
        record = LslStreamManifest(predicate: predicate, header: header, uid: lsl.uid(of: info), mapping: mapping)
        description = "lsl \(header.name)@\(header.hostname) (\(mapping.format.rawValue))"
        self.wake = wake
    }

    deinit {
        close()
        Syscalls.closeQuietly(wake.read)
        Syscalls.closeQuietly(wake.write)
    }

    /// The stream's channels left out, and what the user should know about the mapping.
    public var ignoredChannels: [String] { lslStream?.ignoredChannels ?? [] }
    public var notes: [String] { lslStream?.notes ?? [] }

    /// The reader thread's wake pipe: readable when it has handed something over.
    public var descriptor: Int32? { wake.read }
    public var nextDeadline: MonoTime? { nil }

    public var lslStream: LslStreamManifest? {
        lock.lock(); defer { lock.unlock() }
        return record
    }

    /// Starts the reader thread; samples count on the session clock from `origin`.
    public func start(origin: MonoTime) {
        lock.lock()
        defer { lock.unlock() }
        guard thread == nil, let inlet = initialInlet else { return }
        self.origin = origin
        initialInlet = nil
        do {
            thread = try Syscalls.startThread { self.readerMain(inlet: inlet) }
        } catch {
            lsl.destroyInlet(inlet)
            inbox.append(.lost("cannot start the LSL reader: \(error)", at: origin))
        }
    }

    public func poll(now: MonoTime, readable: Bool, session: Session) -> [Event] {
        if readable { Syscalls.drain(wake.read) }
        lock.lock()
        let messages = inbox
        inbox = []
        lock.unlock()
        var events: [Event] = []
        if !announced {
            announced = true
            events.append(.nirsHeader(layout, at: now))
        }
        for message in messages {
            switch message {
            case .found(let layout, let time):
                // The stream came back (a restarted sender is a new stream): like a device
                // re-sending its header after a reconnect.
                events.append(.nirsBack(at: time))
                events.append(.nirsHeader(layout, at: time))
            case .samples(let samples): events.append(.nirsSamples(samples, at: now))
            case .lost(let reason, let time): events.append(.nirsLost(reason: reason, at: time))
            case .back(let time): events.append(.nirsBack(at: time))
            }
        }
        return events
    }

    /// Stops the reader thread (it notices within a few hundred ms) and closes the inlet.
    public func close() {
        lock.lock()
        stopping = true
        let thread = self.thread
        self.thread = nil
        let unused = initialInlet
        initialInlet = nil
        lock.unlock()
        if let thread { pthread_join(thread, nil) }
        if let unused { lsl.destroyInlet(unused) }
    }

    func post(_ message: Message) {
        lock.lock()
        inbox.append(message)
        lock.unlock()
        Syscalls.poke(wake.write)
    }

    var isStopping: Bool {
        lock.lock(); defer { lock.unlock() }
        return stopping
    }
}
