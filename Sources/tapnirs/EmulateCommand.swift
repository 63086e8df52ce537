import ArgumentParser
import Glibc
import TapCore
import TapIO

/// `tapnirs emulate`: a pretend fNIRS device. Writes the simulator's stream in tapnirs' serial
/// line format to a serial port or pty, paced in real time, so a set-up (or a test) can be
/// checked without hardware: `socat pty,raw,echo=0,link=/tmp/nirs-dev pty,raw,echo=0,link=/tmp/nirs-host`,
/// then `tapnirs emulate --port /tmp/nirs-dev` and `tapnirs run --source serial:/tmp/nirs-host`.
struct Emulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulate",
        abstract: "Pretend to be an fNIRS device: stream simulated samples in the serial line format.",
        discussion: """
            Samples follow the simulator (docs/simulator.md) through a repeating rest/slow/rest/fast cycle \
            (20 s each), or through --protocol's blocks. --garbage mixes in corrupt lines of every kind \
            the reader must skip. Runs until --duration or Ctrl-C, then prints what it sent.
            """)

    @Option(help: ArgumentHelp("Serial port or pty to write to.", valueName: "path"))
    var port: String

    @Option(help: ArgumentHelp("Baud rate.", valueName: "baud"))
    var baud = SerialPort.defaultBaud

    @Option(help: ArgumentHelp("healthy or fading.", valueName: "profile"))
    var simProfile: SimulationProfile = .healthy

    @Option(help: ArgumentHelp("textbook (quiet) or measured (a real head at rest).", valueName: "model"))
    var simNoise: NoiseModel = .textbook

    @Option(help: ArgumentHelp("Samples per second.", valueName: "hz"))
    var rate = 10.0

    @Option(help: ArgumentHelp("Channels (source–detector pairs).", valueName: "n"))
    var channels = 8

    @Option(help: ArgumentHelp("Fraction of lines that are corrupt (0–1).", valueName: "fraction"))
    var garbage = 0.0

    @Option(help: ArgumentHelp("Seed for the simulator and the garbage.", valueName: "n"))
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("Stop after this many seconds (default: run until stopped).", valueName: "s"))
    var duration: Double?

    @Option(name: .customLong("protocol"), help: ArgumentHelp("Follow this protocol's blocks instead of the built-in cycle.",
                                                             valueName: "file"))
    var protocolPath: String?

    @Flag(help: "Append an NMEA-style *HH checksum to every data line.")
    var checksum = false

    func validate() throws {
        var configuration = PhysiologySimulator.Configuration(channelCount: channels, rateHz: rate)
        configuration.profile = simProfile
        if let problem = configuration.problem { throw ValidationError(problem) }
        guard garbage >= 0, garbage <= 1 else { throw ValidationError("--garbage \(garbage): use a fraction from 0 to 1.") }
        if let duration, !(duration > 0) { throw ValidationError("--duration \(duration): use a positive number of seconds.") }
        guard SerialPort.supportedBauds.contains(baud) else {
            throw ValidationError("--baud \(baud): use one of \(SerialPort.supportedBauds.map(String.init).joined(separator: ", ")).")
        }
    }

    func run() throws {
        let blocks: [Block]
        if let protocolPath {
            do { blocks = try ProtocolFile.load(path: protocolPath).blocks } catch { throw RunFailure("\(error)") }
        } else {
            blocks = Self.cycle
        }
        let signals: SignalChannel
        do { signals = try SignalChannel() } catch { throw RunFailure("\(error)") }
        let configuration = PhysiologySimulator.Configuration(channelCount: channels, rateHz: rate, profile: simProfile, seed: seed,
                                                              noiseModel: simNoise)
        var emulator = DeviceEmulator(configuration: configuration, blocks: blocks, repeatBlocks: protocolPath == nil,
                                      garbage: garbage, checksum: checksum, seed: seed)
        let output = SerialPort(path: port, baud: baud)
        do { try output.open() } catch { throw RunFailure(error.description) }
        let start = MonotonicClock.now()
        var sentHeader = false
        var retryAt: MonoTime?
        var stopped = false
        while !stopped {
            let offset = emulator.nextOffset
            if let duration, offset.seconds >= duration { break }
            let due = start + offset
            stopped = !Self.sleep(until: retryAt.map { max($0, due) } ?? due, signals: signals)
            if stopped { break }
            if output.fd == nil {
                do { try output.open(); sentHeader = false; retryAt = nil } catch {
                    retryAt = MonotonicClock.now() + SerialPort.reconnectInterval
                    continue
                }
            }
            var text = sentHeader ? "" : emulator.header()
            text += emulator.nextLines()
            sentHeader = true
            if let fd = output.fd, !Self.write(text, to: fd) {
                output.close()
                emulator.lost += 1
                retryAt = MonotonicClock.now() + SerialPort.reconnectInterval
                FileHandleError.print("emulate: \(port) went away; retrying every second")
            }
        }
        output.close()
        print(emulator.report(seconds: (MonotonicClock.now() - start).seconds))
    }

    /// rest / slow 1 Hz / rest / fast, 20 s each, repeating.
    static let cycle = [
        Block(kind: .rest, label: "rest", durationSeconds: 20),
        Block(kind: .tap, label: "slow", durationSeconds: 20, pace: .hz(1)),
        Block(kind: .rest, label: "rest", durationSeconds: 20),
        Block(kind: .tap, label: "fast", durationSeconds: 20, pace: .selfPaced),
    ]

    /// Sleeps until `time` on the monotonic clock (absolute, so lines never drift); false when a
    /// signal asked us to stop.
    static func sleep(until time: MonoTime, signals: SignalChannel) -> Bool {
        while true {
            let now = MonotonicClock.now()
            if !signals.drain().isEmpty { return false }
            if now >= time { return true }
            let left = time - now
            Syscalls.waitFor(signals.fd, timeout: left < .milliseconds(1) ? .zero : min(.seconds(1), left))
        }
    }

    /// Writes all of `text`, waiting for the port to drain when it is full; false on error.
    static func write(_ text: String, to fd: Int32) -> Bool {
        Syscalls.writeEverything(fd, Array(text.utf8))
    }
}

enum FileHandleError {
    static func print(_ message: String) {
        Syscalls.writeEverything(STDERR_FILENO, Array((message + "\n").utf8))
    }
}
