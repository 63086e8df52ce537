import Foundation
import Glibc

/// A socat process serving ptys to a test: the emulated serial cable of the serial tests.
///
/// socat creates each pty's link *before* it sets the pty's options (raw, echo=0) and before it
/// starts copying, so a test that starts as soon as the links exist can write through a pty still
/// in cooked mode (a "\n" sent arrives as "\r\n"). `start()` therefore waits for socat's own
/// "starting data transfer loop" notice (it runs with -d -d, its log read on a thread), which it
/// prints only once both ends are open and set.
///
/// `stop()` is the cable pulled: SIGTERM, after which socat removes its links. socat defers its
/// exit on SIGTERM to its main loop; should that never come, SIGKILL follows after a grace period
/// and the links are removed here, so a stuck socat cannot hang the suite.
public final class Socat: @unchecked Sendable {
    public let arguments: [String]
    /// The link paths socat creates (`link=` options): present while it runs, removed by stop().
    public let links: [String]
    private let input: Pipe?
    private var process: Process?
    private let lock = NSLock()
    private var logText = ""

    /// `arguments` are socat's addresses and options (without -d); `input` becomes its stdin.
    public init(_ arguments: [String], links: [String], input: Pipe? = nil) {
        self.arguments = arguments
        self.links = links
        self.input = input
    }

    /// A pty pair, raw and without echo: bytes written to one link's pty come out of the other's.
    public convenience init(ptyPair first: String, _ second: String) {
        self.init(["pty,raw,echo=0,link=\(first)", "pty,raw,echo=0,link=\(second)"], links: [first, second])
    }

    deinit { stop() }

    public static var executable: String? {
        ["/usr/bin/socat", "/bin/socat", "/usr/local/bin/socat"]
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// What socat has logged so far (for a failure message).
    public var log: String {
        lock.lock()
        defer { lock.unlock() }
        return logText
    }

    public var isRunning: Bool { process?.isRunning ?? false }

    /// Starts socat and returns once it copies data between both ends.
    public func start(timeout: Double = 10) throws {
        guard process == nil else { return }
        guard let executable = Self.executable else {
            throw SocatError("socat is not installed (Debian: apt-get install socat; make test installs it)")
        }
        lock.lock()
        logText = ""
        lock.unlock()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["-d", "-d"] + arguments
        if let input { process.standardInput = input }
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        self.process = process
        let reading = errors.fileHandleForReading
        Thread.detachNewThread { [weak self] in
            while true {
                let chunk = reading.availableData
                if chunk.isEmpty { break }
                guard let self else { continue }  // keep draining so socat never blocks on its log
                self.lock.lock()
                self.logText += String(decoding: chunk, as: UTF8.self)
                self.lock.unlock()
            }
            try? reading.close()
        }
        let deadline = Date().addingTimeInterval(timeout)
        while !log.contains("starting data transfer loop") {
            if !process.isRunning {
                throw SocatError("socat exited with status \(process.terminationStatus) before it was ready:\n\(log)")
            }
            if Date() > deadline {
                stop()
                throw SocatError("socat was not ready within \(timeout) s:\n\(log)")
            }
            usleep(5_000)
        }
    }

    /// Ends socat (SIGTERM, then SIGKILL after `grace` seconds) and waits until its links are gone.
    public func stop(grace: Double = 3) {
        guard let process else { return }
        self.process = nil
        if process.isRunning { process.terminate() }
        let deadline = Date().addingTimeInterval(grace)
        while process.isRunning && Date() < deadline { usleep(5_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            for link in links { unlink(link) }
        }
        process.waitUntilExit()
    }
}

public struct SocatError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
