import ArgumentParser
import Foundation
import Glibc
import TapCore
import TapIO

/// `tapnirs bench-lsl` (for `make bench`, run inside scripts/lsl-sandbox.sh with a recorder
/// connected by bench/lsl_outlet.py): what the `--lsl-out` HbO/HbR stream costs.
///
/// The session's own code announces a simulated layout (so the outlet opens the stream exactly
/// as in a run), then rows of `channels` HbO/HbR pairs are published in real time at `rate`,
/// as the event loop would. The whole process's CPU time (every thread, liblsl's included) is
/// read with getrusage before and after, against the same pacing loop without an outlet; the
/// loop's own share (the `publish` calls) is timed separately.
struct BenchLsl: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-lsl", abstract: "Measure the --lsl-out HbO/HbR stream's cost (used by make bench).",
        shouldDisplay: false)

    @Option(help: "Channels (source–detector pairs): the stream carries HbO and HbR of each.")
    var channels = 64

    @Option(help: "Sample rate in Hz.")
    var rate = 50.0

    @Option(help: "Seconds to publish (after the same time without an outlet, the baseline).")
    var seconds = 30.0

    @Option(help: "Seconds to wait for a consumer of the marker stream.")
    var waitSeconds = 20.0

    @Option(help: "Write the figures as JSON to this file.")
    var json: String?

    func run() throws {
        do { try Syscalls.ignore(signal: SIGPIPE) } catch { throw RunFailure("\(error)") }
        let lsl: Liblsl
        switch Liblsl.load() {
        case .success(let library): lsl = library
        case .failure(let missing): throw RunFailure(missing.description)
        }
        let layout = PhysiologySimulator(.init(channelCount: channels, rateHz: rate, seed: 1)).layout
        let baseline = try measure(seconds: seconds / 3, outlet: nil, layout: layout)

        let origin = MonotonicClock.now()
        let outlet = LslOutlet(lsl: lsl, subject: "bench", session: "ses-bench", origin: origin)
        var session = Session(definition: SessionProtocol(name: "bench", blocks: [
            Block(kind: .rest, label: "baseline", durationSeconds: 1, isBaseline: true)]), origin: origin, subjectID: "bench")
        outlet.publish(session.handle(.nirsHeader(layout, at: origin)))
        // Unbuffered: bench/lsl_outlet.py starts the recorder when it reads this line.
        FileHandle.standardOutput.write(Data("waiting for a consumer of the marker stream…\n".utf8))
        let deadline = MonotonicClock.now() + .seconds(waitSeconds)
        while !outlet.hasConsumers, MonotonicClock.now() < deadline { Syscalls.pause(.milliseconds(20)) }
        guard outlet.hasConsumers else { throw RunFailure("bench-lsl: no consumer connected within \(waitSeconds) s") }
        Syscalls.pause(.seconds(1))  // the recorder opens the HbO/HbR stream too
        let published = try measure(seconds: seconds, outlet: outlet, layout: layout)
        outlet.close()

        let extra = published.coreFraction - baseline.coreFraction
        print("--lsl-out HbO/HbR stream, \(channels) channels × HbO/HbR at \(NirsRecordFormat.number(rate)) Hz, "
              + "a recorder connected, \(Int(seconds)) s:")
        print("  process CPU: " + percent(published.coreFraction) + " of a core publishing, " + percent(baseline.coreFraction)
              + " pacing alone: the outlet costs " + percent(extra))
        print("  on the event loop (publish calls): " + percent(published.loopFraction) + " of a core, "
              + FixedDecimal.format(seconds: published.loopMicrosecondsPerCall, digits: 1) + " µs a row")
        if let json {
            let figures: [String: Double] = [
                "channels": Double(channels), "rate_hz": rate, "seconds": seconds, "rows": Double(published.rows),
                "process_core_fraction": published.coreFraction, "baseline_core_fraction": baseline.coreFraction,
                "outlet_core_fraction": extra, "loop_core_fraction": published.loopFraction,
                "loop_microseconds_per_row": published.loopMicrosecondsPerCall,
            ]
            let data = try JSONSerialization.data(withJSONObject: figures, options: [.sortedKeys, .prettyPrinted])
            try data.write(to: URL(fileURLWithPath: json))
        }
    }

    struct Figures {
        var coreFraction: Double
        var loopFraction: Double
        var loopMicrosecondsPerCall: Double
        var rows: Int
    }

    /// Paces rows at `rate` for `seconds` on the monotonic clock, publishing each when there is an outlet.
    func measure(seconds: Double, outlet: LslOutlet?, layout: NirsLayout) throws -> Figures {
        let n = layout.channels.count
        let start = MonotonicClock.now(), cpuStart = Self.processCPUSeconds()
        var inPublish = Span.zero
        var rows = 0
        while true {
            let due = start + .seconds(Double(rows) / rate)
            if due - start >= .seconds(seconds) { break }
            let wait = due - MonotonicClock.now()
            Syscalls.pause(wait)
            let phase = Double(rows) / rate
            let row = HemoSample(time: due, hbo: (0..<n).map { sin(phase + Double($0)) * 0.3 },
                                 hbr: (0..<n).map { cos(phase + Double($0)) * 0.1 })
            if let outlet {
                let before = MonotonicClock.now()
                outlet.publish([.recordHemo([row])])
                inPublish = inPublish + (MonotonicClock.now() - before)
            }
            rows += 1
        }
        let wall = (MonotonicClock.now() - start).seconds
        let cpu = Self.processCPUSeconds() - cpuStart
        return Figures(coreFraction: cpu / wall, loopFraction: inPublish.seconds / wall,
                       loopMicrosecondsPerCall: rows == 0 ? 0 : inPublish.seconds * 1e6 / Double(rows), rows: rows)
    }

    /// User + system CPU time of the whole process (all threads), seconds.
    static func processCPUSeconds() -> Double {
        (try? Syscalls.processCPUSeconds()) ?? .nan
    }

    func percent(_ fraction: Double) -> String { FixedDecimal.format(seconds: fraction * 100, digits: 2) + " %" }
}
