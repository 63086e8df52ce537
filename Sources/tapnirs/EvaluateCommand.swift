import Glibc
import ArgumentParser
import TapCore
import TapIO

extension FadeEvaluation.Preset: ExpressibleByArgument {}
extension TapFadeEvaluation.SeedSet: ExpressibleByArgument {}
extension FadeEvaluation.Simulator: ExpressibleByArgument {}

/// Which detectors `tapnirs evaluate` measures.
enum EvaluatedDetectors: String, ExpressibleByArgument, CaseIterable { case all, tap, hbo }

/// `tapnirs evaluate`: the fade detectors' measured accuracy on simulated scenarios with known
/// truth (docs/fade-detection.md), on a virtual clock, far faster than real time.
struct Evaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Measure the fade detectors on simulated sessions with known fades (docs/fade-detection.md).",
        discussion: """
            Runs healthy sessions, tap-rate and HbO fades of 10–50 % at several onsets, noisy channels, \
            motion spikes, drifts and irregular tappers through the same detector code as a live session, \
            and prints per detector and method: detection rate by depth, median and p90 latency from the \
            true onset, and false flags per hour of non-fading tapping.
            """)

    @Option(help: ArgumentHelp("full (the published table) or quick.", valueName: "preset"))
    var preset: FadeEvaluation.Preset = .full

    @Option(help: ArgumentHelp("Replicates per scenario (default: the preset's).", valueName: "n"))
    var seeds: Int?

    @Option(name: .customLong("seed-set"),
            help: ArgumentHelp("held-out (the published tables) or tuning (what the defaults were chosen on).",
                               valueName: "set"))
    var seedSet: TapFadeEvaluation.SeedSet = .heldOut

    @Option(help: ArgumentHelp("all, tap (tap-rate rules) or hbo.", valueName: "detectors"))
    var only: EvaluatedDetectors = .all

    @Option(name: .customLong("sim"),
            help: ArgumentHelp("HbO scenarios from the textbook or the realistic simulator (default: both).", valueName: "simulator"))
    var simulator: FadeEvaluation.Simulator?

    @Option(name: .customLong("protocol"),
            help: ArgumentHelp("Take the detector settings from this protocol's `detectors:` section.", valueName: "file"))
    var protocolPath: String?

    @Option(help: ArgumentHelp("Instead: replay a SNIRF recording with its stimuli as tapping blocks.", valueName: "file"))
    var replay: String?

    @Option(name: .customLong("pseudo-blocks"), parsing: .upToNextOption,
            help: ArgumentHelp("Instead: false HbO flags per hour on real SNIRF recordings under made-up slow/fast blocks.",
                               valueName: "file"))
    var pseudoBlocks: [String] = []

    @Option(name: .customLong("dump-hbo"), help: .hidden)
    var dumpHbO: String?

    func validate() throws {
        if let seeds, !(1...1000).contains(seeds) { throw ValidationError("--seeds \(seeds): use 1 to 1000.") }
    }

    func run() throws {
        if !pseudoBlocks.isEmpty {
            var results: [PseudoBlockEvaluation.Result] = []
            for path in pseudoBlocks {
                let recording: SnirfRecording
                do { recording = try SnirfFile.read(path: path) } catch { throw RunFailure("\(error)") }
                results.append(PseudoBlockEvaluation.run(recording, path: path))
            }
            print(PseudoBlockEvaluation.render(results))
            return
        }
        if let replay {
            let recording: SnirfRecording
            do { recording = try SnirfFile.read(path: replay) } catch { throw RunFailure("\(error)") }
            print(ReplayEvaluation.render(ReplayEvaluation.run(recording), path: replay))
            return
        }
        if let dumpHbO {
            var text = ""
            FadeEvaluation.dumpHbO(seeds: seeds, preset: preset) { row in
                text += row.map { String($0) }.joined(separator: "\t") + "\n"
            }
            do { try text.write(toFile: dumpHbO, atomically: true, encoding: .utf8) } catch {
                throw RunFailure("cannot write \(dumpHbO): \(error.localizedDescription)")
            }
            return
        }
        var settings = DetectorSettings()
        if let protocolPath {
            do { settings = try ProtocolFile.load(path: protocolPath).detectors } catch { throw RunFailure("\(error)") }
        }
        let start = MonotonicClock.now()
        if only != .hbo {
            print(TapFadeEvaluation.run(preset: preset, seedSet: seedSet, settings: settings.tap).markdownTable)
        }
        if only != .tap {
            for sim in simulator.map({ [$0] }) ?? FadeEvaluation.Simulator.allCases {
                let report = FadeEvaluation.run(seeds: seeds, preset: preset, settings: settings, simulator: sim, seedSet: seedSet)
                print(report.markdownTable)
            }
        }
        print("\n(\(preset.rawValue) preset; "
              + FixedDecimal.format(seconds: (MonotonicClock.now() - start).seconds, digits: 1) + " s)")
    }
}
