import ArgumentParser
import Foundation
import TapCore
import TapIO

/// `tapnirs bench-nirs` (for `make bench`): how much of one core the fNIRS path costs.
///
/// Simulated intensities are made first (not timed); then the session's own code handles them
/// as the live loop would — conversion, channel quality, filtering, baselines, the motor
/// average — and every `nirs_raw.tsv`/`hemo.tsv` row is formatted (not written: disk speed is
/// not the program's). Reports samples per second on one core and the share of a core the
/// given rate needs.
struct BenchNirs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-nirs", abstract: "Measure the fNIRS processing cost (used by make bench).",
        shouldDisplay: false)

    @Option(help: "Channels (source–detector pairs, 2 wavelengths each).")
    var channels = 128

    @Option(help: "Sample rate in Hz.")
    var rate = 100.0

    @Option(help: "Seconds of data to process.")
    var seconds = 120.0

    @Option(help: "Write the figures as JSON to this file.")
    var json: String?

    func run() throws {
        let blocks = [Block(kind: .rest, label: "baseline", durationSeconds: seconds / 4, isBaseline: true),
                      Block(kind: .tap, label: "fast", durationSeconds: seconds / 4, pace: .selfPaced),
                      Block(kind: .rest, label: "rest", durationSeconds: seconds / 2)]
        let definition = SessionProtocol(name: "bench", blocks: blocks)
        let configuration = PhysiologySimulator.Configuration(channelCount: channels, rateHz: rate, seed: 1)
        var simulator = PhysiologySimulator(configuration)
        let count = Int(seconds * rate)
        var samples: [NirsSample] = []
        samples.reserveCapacity(count)
        for i in 0..<count {
            let t = simulator.offsetOfSample(i)
            let tapping = t.seconds >= seconds / 4 && t.seconds < seconds / 2
            let activity = tapping ? TaskActivity(tapping: true, fast: true, secondsIntoBlock: t.seconds - seconds / 4) : .rest
            samples.append(NirsSample(hostTime: MonoTime(nanoseconds: t.nanoseconds), deviceTimeMilliseconds: t.seconds * 1000,
                                      values: simulator.nextSample(activity: activity)))
        }

        let driver = SessionDriver(definition: definition, subject: "bench", nirsSource: "bench")
        _ = driver.handle(.nirsHeader(simulator.layout, at: .zero))
        _ = driver.handle(.keyPressed(.enter, at: .zero))
        var bytes = 0
        let start = ContinuousClock.now
        // In batches of 4 samples, as the live loop gets them at 30 frames a second and 100 Hz.
        var index = 0
        while index < samples.count {
            let batch = Array(samples[index..<min(index + 4, samples.count)])
            index += batch.count
            for effect in driver.handle(.nirsSamples(batch, at: batch[batch.count - 1].hostTime)) {
                switch effect {
                case .recordNirs(let rows): for row in rows { bytes += NirsRecordFormat.rawLine(row, origin: .zero).utf8.count }
                case .recordHemo(let rows): for row in rows { bytes += NirsRecordFormat.hemoLine(row, origin: .zero).utf8.count }
                default: break
                }
            }
        }
        let elapsed = ContinuousClock.now - start
        let elapsedSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let perSecond = Double(count) / elapsedSeconds
        let share = rate / perSecond
        print("fNIRS processing, \(channels) channels × 2 wavelengths at \(NirsRecordFormat.number(rate)) Hz "
              + "(\(count) samples, \(bytes / 1_000_000) MB of rows formatted):")
        print("  \(Int(perSecond)) samples/s on one core; the live rate needs "
              + FixedDecimal.format(seconds: share * 100, digits: 2) + " % of a core")
        if let json {
            let figures: [String: Double] = ["channels": Double(channels), "rate_hz": rate, "samples": Double(count),
                                             "samples_per_second": perSecond, "core_fraction": share]
            let data = try JSONSerialization.data(withJSONObject: figures, options: [.sortedKeys, .prettyPrinted])
            try data.write(to: URL(fileURLWithPath: json))
        }
    }
}
