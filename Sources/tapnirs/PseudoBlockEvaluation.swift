import TapCore
import TapIO

/// `tapnirs evaluate --pseudo-blocks FILE.snirf...`: false HbO flags on real heads. Each recording
/// is replayed through the session (conversion, HbO signal, detectors) on a virtual clock under a
/// made-up Gentile-like timeline — 30 s baseline, then slow/fast 30 s blocks with 30 s rests —
/// started at several offsets into the file. Nobody tapped to that timeline, so every HbO flag
/// (`fade_hbo`, `no_activation_hbo`, `low_activation_hbo`) it raises is a false one; the rate is
/// flags per hour of pseudo-block.
enum PseudoBlockEvaluation {
    static let blockSeconds = 30.0
    static let offsets: [Double] = [0, 10, 20, 30, 40, 50]

    struct Result {
        var path: String
        var sessions = 0
        var blocks = 0
        var hours = 0.0
        var flags: [String: Int] = [:]
        var judgedBlocks = 0
        var floors: [Double] = []
    }

    static func timeline(recordingSeconds: Double, offset: Double) -> SessionProtocol {
        var blocks = [Block(kind: .rest, label: "baseline", durationSeconds: blockSeconds + offset, isBaseline: true)]
        var t = blockSeconds + offset, r = 1
        while t + 2 * blockSeconds <= recordingSeconds {
            let label = blocks.count % 4 == 1 ? "slow" : "fast"
            blocks.append(Block(kind: .tap, label: label, durationSeconds: blockSeconds,
                                pace: label == "slow" ? .hz(1) : .selfPaced, metronome: .off, repetition: r))
            blocks.append(Block(kind: .rest, label: "rest", durationSeconds: blockSeconds, repetition: r))
            t += 2 * blockSeconds
            if label == "fast" { r += 1 }
        }
        return SessionProtocol(name: "pseudo-blocks", blocks: blocks)
    }

    static func run(_ recording: SnirfRecording, path: String) -> Result {
        var result = Result(path: path)
        let t0 = recording.timesSeconds.first ?? 0
        let span = (recording.timesSeconds.last ?? t0) - t0
        let kinds: Set<String> = [FadeFlag.Kind.fadeHbO.rawValue, FadeFlag.Kind.noActivationHbO.rawValue,
                                  FadeFlag.Kind.lowActivationHbO.rawValue]
        for offset in offsets {
            let definition = timeline(recordingSeconds: span, offset: offset)
            guard definition.blocks.contains(where: { $0.kind == .tap }) else { continue }
            let driver = SessionDriver(definition: definition, subject: "pseudo", nirsSource: "replay")
            func keep(_ effects: [Effect]) {
                for case .recordEvent(let event) in effects
                where kinds.contains(event.trialType) && event.value?.hasPrefix("state=raised") == true {
                    result.flags[event.trialType, default: 0] += 1
                }
            }
            keep(driver.handle(.nirsHeader(recording.layout, at: .zero)))
            keep(driver.handle(.keyPressed(.enter, at: .zero)))
            for i in recording.samples.indices {
                let now = MonoTime.seconds(recording.timesSeconds[i] - t0)
                keep(driver.handle(.nirsSamples([NirsSample(hostTime: now, deviceTimeMilliseconds: recording.timesSeconds[i] * 1000,
                                                             values: recording.samples[i])], at: now)))
                keep(driver.advance(to: now))
            }
            keep(driver.advance(to: .seconds(span + 1)))
            result.sessions += 1
            for detection in driver.session.detections {
                guard let hbo = detection.hbo else { continue }
                result.blocks += 1
                result.hours += blockSeconds / 3600
                if hbo.fadeJudged == true { result.judgedBlocks += 1 }
                if let floor = hbo.smallestDetectableFallMicromolar { result.floors.append(floor) }
            }
        }
        return result
    }

    static func render(_ results: [Result]) -> String {
        var lines = ["False HbO flags on real recordings under made-up 30 s slow/fast blocks (offsets "
                     + offsets.map { FixedDecimal.format(seconds: $0, digits: 0) }.joined(separator: ", ") + " s)", "",
                     "| recording | pseudo-blocks | hours | fade_hbo | no_activation_hbo | low_activation_hbo | false flags / h | fade judged | smallest detectable fall, median (µM) |",
                     "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for r in results {
            let total = r.flags.values.reduce(0, +)
            let sorted = r.floors.sorted()
            let median = sorted.isEmpty ? "n/a" : FixedDecimal.format(seconds: sorted[sorted.count / 2], digits: 2)
            lines.append("| \(r.path.split(separator: "/").last.map(String.init) ?? r.path) | \(r.blocks) | "
                         + FixedDecimal.format(seconds: r.hours, digits: 2) + " | \(r.flags["fade_hbo"] ?? 0) | "
                         + "\(r.flags["no_activation_hbo"] ?? 0) | \(r.flags["low_activation_hbo"] ?? 0) | "
                         + (r.hours > 0 ? FixedDecimal.format(seconds: Double(total) / r.hours, digits: 2) : "n/a")
                         + " | \(r.judgedBlocks) of \(r.blocks) | \(median) |")
        }
        return lines.joined(separator: "\n")
    }
}
