#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A simulated fNIRS session with a known HbO truth, run through the live code path on a virtual
/// clock: `PhysiologySimulator` → raw intensities (+ optional motion artefacts and slow drift)
/// → `HemoPipeline` (the live conversion, channel quality, the HbO signal's baseline before each
/// tapping block) → `DetectionSignal` (the detectors' 0.2 Hz low-pass): the HbO/HbR a detector
/// sees in a session.
///
/// How the fade is controlled: the simulator's only task input is `TaskActivity`, whose measured
/// tap rate sets the neural drive A(r) = A_max · r / (r + k) (`NeuralDrive`). The session asks for
/// a drive of nominal · (1 − depth · smoothstep((t − onset) / ramp)) in the fading blocks and
/// passes the rate that gives it, r = k · a / (A_max − a). The simulator's profile stays
/// `healthy`, so the HbO is the SPM response to that drive: it falls towards (1 − depth) of the
/// healthy response, with the hemodynamic lag (`FadeDomain.drive`). The evaluation's default,
/// `FadeDomain.hbo`, fades the task HbO itself: the session adds −(1 − f(t)) × the simulator's
/// noise-free task HbO/HbR of each channel (`lastTaskResponse`) to the optical densities, so the
/// task response is exactly f(t) × the healthy one and the truth onset is when HbO starts to fall.
///
/// Design [choice]: `initialRestSeconds` of rest, then `cycles` × [slow 30 s paced at 1 Hz, rest
/// 30 s, fast 30 s self-paced, rest 30 s] — the Gentile 2019 reconstruction (SCIENCE.md §1)
/// with a shorter first rest. Fades apply to fast blocks only.
public struct SimulatedHemoSession: Sendable {
    public struct Artefacts: Equatable, Sendable {
        /// Motion-like spikes per minute on one random channel each (SCIENCE.md §4: 2/min), size
        /// |spikeScale · N(0, 1)| × 0.1 µM HbO, width 0.1–2 s (the toolbox uses 25; a spike of
        /// 2.5 µM is common in real data but we keep them milder so channel quality keeps the
        /// channel) [choice].
        public var spikesPerMinute = 0.0
        public var spikeScale = 10.0
        /// A slow sinusoidal drift common to all channels: amplitude (µM HbO) and period (s).
        public var driftMicromolar = 0.0
        public var driftPeriodSeconds = 240.0
        public init() {}
    }

    public enum FadeDomain: String, Equatable, Sendable { case hbo, drive }

    public struct Scenario: Equatable, Sendable {
        public var seed: UInt64 = 1
        public var channelCount = 8
        public var rateHz = 7.8125
        public var initialRestSeconds = 30.0
        public var cycles = 5
        public var blockSeconds = 30.0
        public var restSeconds = 30.0
        /// Where the fade is applied: to the task HbO itself (the default: its onset is when HbO
        /// starts to fall) or to the neural drive (HbO follows with the hemodynamic lag).
        public var fadeDomain = FadeDomain.hbo
        /// Fast-block fade (0 = none), its onset (s into the block) and ramp.
        public var fadeDepth = 0.0
        public var fadeOnsetSeconds = 12.0
        public var fadeRampSeconds = 2.0
        /// Slow blocks silent (drive 0): a subject whose cortex does not respond, for no_activation.
        public var silentSlowBlocks = false
        public var artefacts = Artefacts()
        /// The simulator calibrated to a real head (`PhysiologySimulator.Configuration.realistic`:
        /// measured noise, real-size motion, the systemic response to tapping, two short channels)
        /// instead of the textbook one (docs/simulator.md).
        public var realistic = false
        public init() {}

        /// The simulator this scenario runs.
        var configuration: PhysiologySimulator.Configuration {
            realistic ? .realistic(channelCount: channelCount, rateHz: rateHz, profile: .healthy, seed: seed)
                      : .init(channelCount: channelCount, rateHz: rateHz, profile: .healthy, seed: seed)
        }
    }

    /// One block of the design with its start on the virtual clock.
    public struct TimedBlock: Equatable, Sendable {
        public var block: Block
        public var start: MonoTime
        public var fades: Bool
    }

    public let scenario: Scenario
    public let blocks: [TimedBlock]
    public let channels: [String]

    public init(_ scenario: Scenario) {
        self.scenario = scenario
        var list: [TimedBlock] = []
        var t = 0.0
        func add(_ block: Block, fades: Bool = false) {
            list.append(TimedBlock(block: block, start: .seconds(t), fades: fades))
            t += block.durationSeconds
        }
        add(Block(kind: .rest, label: "baseline", durationSeconds: scenario.initialRestSeconds, isBaseline: true))
        for r in 1...max(1, scenario.cycles) {
            add(Block(kind: .tap, label: "slow", durationSeconds: scenario.blockSeconds, pace: .hz(1), metronome: .on,
                      repetition: r))
            add(Block(kind: .rest, label: "rest", durationSeconds: scenario.restSeconds, repetition: r))
            add(Block(kind: .tap, label: "fast", durationSeconds: scenario.blockSeconds, pace: .selfPaced, repetition: r),
                fades: scenario.fadeDepth > 0)
            add(Block(kind: .rest, label: "rest", durationSeconds: scenario.restSeconds, repetition: r))
        }
        blocks = list
        channels = PhysiologySimulator(scenario.configuration).layout.channels
    }

    public var durationSeconds: Double {
        blocks.reduce(0) { $0 + $1.block.durationSeconds }
    }

    /// The drive multiplier of a fading block `t` s in.
    public func fadeFactor(secondsIntoBlock t: Double) -> Double {
        let s = scenario
        guard s.fadeDepth > 0 else { return 1 }
        let x = s.fadeRampSeconds > 0 ? min(1, max(0, (t - s.fadeOnsetSeconds) / s.fadeRampSeconds))
                                      : (t >= s.fadeOnsetSeconds ? 1 : 0)
        return 1 - s.fadeDepth * x * x * (3 - 2 * x)
    }

    /// What one sample gave: the block it fell in and the HbO a detector is fed.
    public struct Step {
        public var time: MonoTime
        public var blockIndex: Int
        /// Filtered motor-average HbO minus its block baseline (µM).
        public var average: Double
        public var channels: [Double]
        /// The same for HbR.
        public var hbrAverage: Double
        public var hbrChannels: [Double]
        /// Noise-free task HbO of the montage's centre channel (µM), for plots and checks.
        public var truth: Double
        /// Motion artefacts on motor channels that began or ended with this sample (the session
        /// passes them to the running HbO detector: `Session.artefactForDetectors`).
        public var artefacts: [MotionArtefactDetector.Event] = []
    }

    /// Runs the whole session, calling `body` for every converted sample (in time order),
    /// with the block-start hook `blockStarted(index)` before a block's first sample.
    public func run(blockStarted: (Int) -> Void = { _ in }, _ body: (Step) -> Void) {
        let s = scenario
        var sim = PhysiologySimulator(s.configuration)
        var settings = NirsSettings()
        settings.referenceSeconds = 5
        // The constructor only throws on a bad layout, which the simulator never produces.
        var pipeline = try! HemoPipeline(layout: sim.layout, settings: settings)
        var signal = DetectionSignal(channelCount: sim.layout.channels.count, sampleRateHz: s.rateHz,
                                     lowPassHz: HbOFadeSettings().filterLowPassHz)
        let law = try! BeerLambert(wavelengthsNanometres: (760, 850), distanceMetres: 0.03,
                                   ppf: (BeerLambert.defaultPPF, BeerLambert.defaultPPF))
        var artefactRng = SeededGenerator(seed: s.seed, stream: 501)
        let n = s.channelCount
        var spikes: [(channel: Int, start: Double, width: Double, size: Double)] = []
        if s.artefacts.spikesPerMinute > 0 {
            var t = 0.0
            while true {
                t += -log(1 - artefactRng.unit()) * 60 / s.artefacts.spikesPerMinute
                if t >= durationSeconds { break }
                let channel = Int(artefactRng.next() % UInt64(n))
                let width = artefactRng.uniform(from: 0.1, to: 2)
                let size = abs(artefactRng.normal(mean: 0, sd: 1)) * s.artefacts.spikeScale * 0.1
                spikes.append((channel, t, width, size))
            }
        }
        let driftPhase = artefactRng.uniform(from: 0, to: 2 * Double.pi)
        var blockIndex = -1
        let total = Int((durationSeconds * s.rateHz).rounded(.down))
        let centre = (n - 1) / 2
        var extra = [Double](repeating: 0, count: n)
        var extraHbR = [Double](repeating: 0, count: n)
        /// The HbO-domain fade factor; a fading block's last value holds through the rest after it.
        var hboFactor = 1.0
        for i in 0..<total {
            let time = MonoTime.zero + sim.offsetOfSample(i)
            while blockIndex + 1 < blocks.count && blocks[blockIndex + 1].start <= time {
                blockIndex += 1
                if blocks[blockIndex].block.kind == .tap {
                    // As the session does (`Session.tappingBlockStartedNirs`).
                    pipeline.tappingBlockStarted(at: blocks[blockIndex].start)
                    signal.tappingBlockStarted(baselineHbO: pipeline.signal.referenceHbO,
                                               baselineHbR: pipeline.signal.referenceHbR)
                }
                blockStarted(blockIndex)
            }
            let timed = blocks[blockIndex]
            let into = (time - timed.start).seconds
            var activity = TaskActivity.rest
            if timed.block.kind == .tap {
                let fast = timed.block.label == "fast"
                var amplitude = fast ? NeuralDrive.fastAmplitude : NeuralDrive.slowAmplitude
                if !fast && s.silentSlowBlocks { amplitude = 0 }
                if timed.fades && s.fadeDomain == .drive { amplitude *= fadeFactor(secondsIntoBlock: into) }
                let rate = NeuralDrive.halfSaturationHz * amplitude / (NeuralDrive.saturationAmplitude - amplitude)
                activity = TaskActivity(tapping: true, fast: fast, secondsIntoBlock: into, tapRateHz: max(rate, 0))
                if amplitude <= 0 { activity = .rest }
            }
            var values = sim.nextSample(activity: activity)
            if timed.block.kind == .tap { hboFactor = timed.fades && s.fadeDomain == .hbo ? fadeFactor(secondsIntoBlock: into) : 1 }
            // Artefacts enter as HbO/HbR (HbR = HbO for motion: blood volume) turned into OD.
            let seconds = (time - MonoTime.zero).seconds
            for c in 0..<n {
                extra[c] = 0
                extraHbR[c] = 0
            }
            if hboFactor != 1 {
                for c in 0..<n {
                    extra[c] = -(1 - hboFactor) * sim.lastTaskResponse[c].hbo
                    extraHbR[c] = -(1 - hboFactor) * sim.lastTaskResponse[c].hbr
                }
            }
            if s.artefacts.driftMicromolar != 0 {
                let d = s.artefacts.driftMicromolar * sin(2 * Double.pi * seconds / s.artefacts.driftPeriodSeconds + driftPhase)
                for c in 0..<n { extra[c] += d }
            }
            for spike in spikes where seconds >= spike.start && seconds < spike.start + spike.width {
                extra[spike.channel] += spike.size
                extraHbR[spike.channel] += spike.size * 0.5
            }
            if s.artefacts.driftMicromolar != 0 {
                // Drift (blood volume) in HbR at half the HbO size.
                let d = s.artefacts.driftMicromolar * sin(2 * Double.pi * seconds / s.artefacts.driftPeriodSeconds + driftPhase)
                for c in 0..<n { extraHbR[c] += 0.5 * d }
            }
            for c in 0..<n where extra[c] != 0 || extraHbR[c] != 0 {
                let od = law.opticalDensities(hbo: extra[c], hbr: extraHbR[c])
                values[2 * c] *= exp(-od.od1)
                values[2 * c + 1] *= exp(-od.od2)
            }
            let output = pipeline.add(NirsSample(hostTime: time, deviceTimeMilliseconds: nil, values: values))
            guard !output.corrected.isEmpty else { continue }
            for row in output.corrected { signal.add(row) }
            let motor = pipeline.motorChannels
            let o = signal.hboChanges, r = signal.hbrChanges
            let motorArtefacts = output.artefacts.filter { event in
                switch event {
                case .began(let channel, _, _): return motor.contains(channel)
                case .ended(let artefact): return motor.contains(artefact.channel)
                }
            }
            body(Step(time: time, blockIndex: blockIndex, average: signal.average(o, over: motor), channels: o,
                      hbrAverage: signal.average(r, over: motor), hbrChannels: r,
                      truth: sim.lastTaskResponse[centre].hbo * hboFactor, artefacts: motorArtefacts))
        }
    }
}
