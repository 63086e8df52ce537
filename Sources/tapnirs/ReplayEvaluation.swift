import TapCore
import TapIO

/// `tapnirs evaluate --replay FILE.snirf`: a recording's stimuli become tapping blocks, and the
/// whole session — conversion, filters, baselines, detectors — runs on a virtual clock over the
/// file's samples, as a live replay would, in a fraction of a second.
enum ReplayEvaluation {
    struct BlockResult {
        var label: String
        var onsetSeconds: Double
        /// Motor-average filtered HbO: mean over 2–12 s after onset minus the mean of the 5 s before (µM).
        var activationMicromolar: Double?
        var reading: String
    }

    struct Result {
        var blocks: [BlockResult]
        var flags: [EventRecord]
        var samples: Int
        var channelsInAverage: Int
    }

    /// The stimuli (all groups, in time order) as self-paced tapping blocks between rests.
    static func protocolFrom(_ recording: SnirfRecording) -> SessionProtocol {
        let start = recording.timesSeconds.first ?? 0
        let end = recording.timesSeconds.last ?? start
        let stims = recording.stims.flatMap { stim in
            zip(stim.onsetsSeconds, stim.durationsSeconds).map { (name: stim.name, onset: $0 - start, duration: $1) }
        }.sorted { $0.onset < $1.onset }
        var blocks: [Block] = []
        var t = 0.0
        for stim in stims where stim.onset >= t && stim.duration > 0 {
            if stim.onset > t {
                blocks.append(Block(kind: .rest, label: blocks.isEmpty ? "baseline" : "rest", durationSeconds: stim.onset - t,
                                    isBaseline: blocks.isEmpty))
            }
            blocks.append(Block(kind: .tap, label: "stim" + stim.name, durationSeconds: stim.duration, pace: .selfPaced))
            t = stim.onset + stim.duration
        }
        if end - start > t { blocks.append(Block(kind: .rest, label: "rest", durationSeconds: end - start - t)) }
        return SessionProtocol(name: "replay of " + (recording.path.split(separator: "/").last.map(String.init) ?? ""),
                               blocks: blocks)
    }

    static func run(_ recording: SnirfRecording) -> Result {
        let definition = protocolFrom(recording)
        let driver = SessionDriver(definition: definition, subject: "replay", nirsSource: "replay")
        var flags: [EventRecord] = []
        func keep(_ effects: [Effect]) {
            for case .recordEvent(let event) in effects
            where event.trialType == FadeFlag.Kind.fadeHbO.rawValue || event.trialType == FadeFlag.Kind.noActivationHbO.rawValue {
                flags.append(event)
            }
        }
        keep(driver.handle(.nirsHeader(recording.layout, at: .zero)))
        keep(driver.handle(.keyPressed(.enter, at: .zero)))
        let t0 = recording.timesSeconds.first ?? 0
        var history: [(t: Double, hbo: Double)] = []
        var index = 0
        while index < recording.samples.count {
            let batch = (index..<min(index + 4, recording.samples.count)).map { i in
                NirsSample(hostTime: .seconds(recording.timesSeconds[i] - t0), deviceTimeMilliseconds: recording.timesSeconds[i] * 1000,
                           values: recording.samples[i])
            }
            index += batch.count
            let now = batch[batch.count - 1].hostTime
            keep(driver.handle(.nirsSamples(batch, at: now)))
            keep(driver.advance(to: now))
            if let hbo = driver.motorHbONow { history.append(((now - .zero).seconds, hbo)) }
        }
        keep(driver.handle(.deadlineReached(at: .seconds((recording.timesSeconds.last ?? t0) - t0 + 1))))
        var onset = 0.0
        var blocks: [BlockResult] = []
        // A recording has no taps: only the HbO side of each block is read.
        let readings = Dictionary(uniqueKeysWithValues: driver.session.detections.map { detection -> (Int, String) in
            var hboOnly = detection
            hboOnly.tap = nil
            return (detection.block, hboOnly.reading)
        })
        for (i, block) in definition.blocks.enumerated() {
            defer { onset += block.durationSeconds }
            guard block.kind == .tap else { continue }
            func mean(_ range: ClosedRange<Double>) -> Double? {
                let values = history.filter { range.contains($0.t) }.map(\.hbo)
                return values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
            }
            var activation: Double?
            if let after = mean((onset + 2)...(onset + 12)), let before = mean((onset - 5)...onset) { activation = after - before }
            blocks.append(BlockResult(label: block.label, onsetSeconds: onset, activationMicromolar: activation,
                                      reading: readings[i + 1] ?? ""))
        }
        return Result(blocks: blocks, flags: flags, samples: recording.samples.count,
                      channelsInAverage: driver.session.hemo?.motorChannels.count ?? 0)
    }

    static func render(_ result: Result, path: String) -> String {
        var lines = ["Replay of \(path): \(result.samples) samples, motor average over \(result.channelsInAverage) channels", "",
                     "| block | onset (s) | ΔHbO 2–12 s after onset (µM) | detectors |", "|---|---:|---:|---|"]
        for block in result.blocks {
            lines.append("| \(block.label) | \(FixedDecimal.format(seconds: block.onsetSeconds, digits: 1)) | "
                         + (block.activationMicromolar.map { FixedDecimal.format(seconds: $0, digits: 3) } ?? "n/a")
                         + " | \(block.reading) |")
        }
        let raised = result.flags.filter { $0.value?.hasPrefix("state=raised") == true }
        lines.append("")
        lines.append("HbO flags raised: \(raised.count)" + (raised.isEmpty ? "" : " — "
            + raised.map { "\($0.trialType) at \(FixedDecimal.format(seconds: $0.onset.seconds, digits: 1)) s" }.joined(separator: ", ")))
        return lines.joined(separator: "\n")
    }
}
