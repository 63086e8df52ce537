import XCTest
@testable import TapCore

/// The physiological fNIRS simulator (docs/simulator.md): determinism, recoverability through
/// MNE's optics, the two profiles, HbR/HbO, cardiac coherence, layout and timing.
final class PhysiologySimulatorTests: XCTestCase {
    typealias Configuration = PhysiologySimulator.Configuration

    /// One simulated run: activities per sample, the intensities and the ground truth.
    struct Run {
        var simulator: PhysiologySimulator
        var activities: [TaskActivity] = []
        var samples: [[Double]] = []
        var truth: [[PhysiologySimulator.Hemoglobin]] = []
        var rate: Double { simulator.configuration.rateHz }

        init(_ configuration: Configuration) { simulator = PhysiologySimulator(configuration) }

        mutating func run(seconds: Double, _ activity: (Double) -> TaskActivity) {
            let count = Int((seconds * rate).rounded())
            for i in 0..<count {
                let a = activity(Double(i) / rate)
                activities.append(a)
                samples.append(simulator.nextSample(activity: a))
                truth.append(simulator.lastTaskResponse)
            }
        }

        mutating func rest(_ seconds: Double) { run(seconds: seconds) { _ in .rest } }

        mutating func tap(_ seconds: Double, fast: Bool, rateHz: Double? = nil) {
            run(seconds: seconds) { TaskActivity(tapping: true, fast: fast, secondsIntoBlock: $0, tapRateHz: rateHz) }
        }

        /// Sample index of a time since the start of the run.
        func index(_ seconds: Double) -> Int { Int((seconds * rate).rounded()) }

        /// HbO and HbR (µM) converted back with MNE's law, the reference being each wavelength's
        /// mean intensity over `reference` samples.
        /// (Each channel at its own layout distance, so short-separation channels convert as MNE would.)
        func converted(reference: Range<Int>) throws -> (hbo: [[Double]], hbr: [[Double]]) {
            let c = simulator.configuration
            let laws = try simulator.layout.distancesCentimetres.map {
                try BeerLambert(wavelengthsNanometres: c.wavelengths, distanceMetres: ($0 ?? c.distanceCentimetres) / 100)
            }
            let n = simulator.channels.count
            var refs = [Double](repeating: 0, count: 2 * n)
            for s in reference { for v in 0..<(2 * n) { refs[v] += samples[s][v] / Double(reference.count) } }
            var hbo = [[Double]](repeating: [], count: n), hbr = [[Double]](repeating: [], count: n)
            for sample in samples {
                for ch in 0..<n {
                    let x = laws[ch].concentrations(od1: OpticalDensity.od(intensity: sample[2 * ch], reference: refs[2 * ch]),
                                               od2: OpticalDensity.od(intensity: sample[2 * ch + 1], reference: refs[2 * ch + 1]))
                    hbo[ch].append(x.hbo)
                    hbr[ch].append(x.hbr)
                }
            }
            return (hbo, hbr)
        }
    }

    static func mean(_ xs: ArraySlice<Double>) -> Double { xs.reduce(0, +) / Double(xs.count) }
    static func mean(_ xs: [Double]) -> Double { mean(xs[...]) }

    static func correlation(_ a: [Double], _ b: [Double]) -> Double {
        let ma = mean(a), mb = mean(b)
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for (x, y) in zip(a, b) { sab += (x - ma) * (y - mb); saa += (x - ma) * (x - ma); sbb += (y - mb) * (y - mb) }
        return sab / (saa * sbb).squareRoot()
    }

    /// A mixed activity sequence: rest, slow with and without a measured rate, fast fading rate.
    static func mixed(_ t: Double) -> TaskActivity {
        switch t {
        case ..<20: return .rest
        case ..<50: return TaskActivity(tapping: true, fast: false, secondsIntoBlock: t - 20, tapRateHz: t < 22 ? nil : 1.0)
        case ..<70: return .rest
        default: return TaskActivity(tapping: true, fast: true, secondsIntoBlock: t - 70, tapRateHz: 5.5 - 0.05 * (t - 70))
        }
    }

    // MARK: Determinism

    func testTheSameSeedGivesBitIdenticalSamplesAndOtherSeedsDiffer() {
        for profile in SimulationProfile.allCases {
            var a = Run(Configuration(profile: profile, seed: 42)), b = Run(Configuration(profile: profile, seed: 42))
            var c = Run(Configuration(profile: profile, seed: 43))
            a.run(seconds: 100, Self.mixed); b.run(seconds: 100, Self.mixed); c.run(seconds: 100, Self.mixed)
            XCTAssertEqual(a.samples, b.samples, "bit-identical with one seed")
            XCTAssertEqual(a.truth, b.truth)
            XCTAssertEqual(a.simulator.channels, b.simulator.channels)
            XCTAssertEqual(a.simulator.sampleIndex, 781, "100 s × 7.8125 Hz")
            XCTAssertNotEqual(a.samples[0], c.samples[0])
            let differing = zip(a.samples, c.samples).filter { $0 != $1 }.count
            XCTAssertEqual(differing, a.samples.count, "another seed differs at every sample")
            XCTAssertNotEqual(a.simulator.channels.map(\.baseIntensities), c.simulator.channels.map(\.baseIntensities))
        }
    }

    func testSamplesArePositiveFiniteAndNearTheBaseIntensity() {
        var run = Run(Configuration(channelCount: 16, seed: 7))
        run.run(seconds: 120, Self.mixed)
        for sample in run.samples {
            XCTAssertEqual(sample.count, 32)
            XCTAssertTrue(sample.allSatisfy { $0.isFinite && $0 > 0 })
        }
        for (ch, channel) in run.simulator.channels.enumerated() {
            for w in 0..<2 {
                let m = Self.mean(run.samples.map { $0[2 * ch + w] })
                XCTAssertEqual(m / channel.baseIntensities[w], 1, accuracy: 0.1, "\(channel.name) λ\(w + 1)")
            }
        }
        let all = run.simulator.channels.flatMap(\.baseIntensities).filter { $0 > 3000 }
        XCTAssertEqual(Self.mean(all), 1e4, accuracy: 2500, "I₀ ≈ 1e4 counts")
    }

    // MARK: Layout and timing

    func testTheLayoutIsAnIntensityChainWithOnePoorlyCoupledAndOneNoisyChannel() {
        let sim = PhysiologySimulator(Configuration())
        XCTAssertEqual(sim.layout.kind, .intensity)
        XCTAssertEqual(sim.layout.rateHz, 7.8125)
        XCTAssertEqual(sim.layout.wavelengths, [760, 850])
        XCTAssertEqual(sim.layout.channels, ["S1-D1", "S1-D2", "S2-D2", "S2-D3", "S3-D3", "S3-D4", "S4-D4", "S4-D5"])
        XCTAssertEqual(sim.layout.distancesCentimetres, Array(repeating: 3.0, count: 8))
        XCTAssertEqual(sim.layout.valuesPerSample, 16)
        XCTAssertEqual(sim.lastTaskResponse, Array(repeating: .init(hbo: 0, hbr: 0), count: 8))
        for seed: UInt64 in 0..<20 {
            let channels = PhysiologySimulator(Configuration(seed: seed)).channels
            XCTAssertEqual(channels.filter { $0.quality == .poorlyCoupled }.count, 1)
            XCTAssertEqual(channels.filter { $0.quality == .noisy }.count, 1)
            XCTAssertEqual(channels[3].quality, .good, "the centre channel (over C3) is always good")
            XCTAssertEqual(channels[3].gain, 1)
            for c in channels where c.quality != .poorlyCoupled { XCTAssertTrue((0.3...1).contains(c.gain), "\(c.gain)") }
            XCTAssertLessThan(channels.first { $0.quality == .poorlyCoupled }!.gain, 0.31)
        }
        let big = PhysiologySimulator(Configuration(channelCount: 128, rateHz: 100, wavelengths: (690, 830),
                                                    distanceCentimetres: 2.5))
        XCTAssertEqual(big.layout.channels.last, "S64-D65")
        XCTAssertEqual(big.layout.wavelengths, [690, 830])
        XCTAssertEqual(big.channels.filter { $0.quality == .noisy }.count, 16)
        XCTAssertEqual(Set(big.layout.channels).count, 128)
        XCTAssertEqual(PhysiologySimulator(Configuration(channelCount: 1)).channels.map(\.quality), [.good])
    }

    func testConfigurationsAreCheckedAndEquatable() {
        XCTAssertNil(Configuration().problem)
        XCTAssertNotNil(Configuration(channelCount: 0).problem)
        XCTAssertNotNil(Configuration(rateHz: 0).problem)
        XCTAssertNotNil(Configuration(rateHz: .nan).problem)
        XCTAssertNotNil(Configuration(wavelengths: (1200, 850)).problem)
        XCTAssertNotNil(Configuration(wavelengths: (760, 760)).problem)
        XCTAssertNotNil(Configuration(distanceCentimetres: 0).problem)
        XCTAssertEqual(Configuration(), Configuration(channelCount: 8, rateHz: 7.8125, wavelengths: (760, 850),
                                                      distanceCentimetres: 3, profile: .healthy, seed: 1))
        XCTAssertNotEqual(Configuration(), Configuration(wavelengths: (760, 830)))
        XCTAssertNotEqual(Configuration(), Configuration(profile: .fading))
    }

    func testOffsetsAreOnAnExactGridWithoutDrift() {
        var sim = PhysiologySimulator(Configuration())
        XCTAssertEqual(sim.offsetOfSample(0), .zero)
        XCTAssertEqual(sim.offsetOfSample(1).nanoseconds, 128_000_000)
        XCTAssertEqual(sim.offsetOfSample(1_000_000).nanoseconds, 128_000_000_000_000)
        XCTAssertEqual(sim.offsetOfSample(1_000_001) - sim.offsetOfSample(1_000_000), .milliseconds(128))
        XCTAssertEqual(sim.offsetOfSample(Int(Int32.max)).nanoseconds, Int64(Int32.max) * 128_000_000)
        _ = sim.nextSample(activity: .rest)
        XCTAssertEqual(sim.sampleIndex, 1)
        // A period that is not a whole number of nanoseconds: rounded per index, never accumulated.
        let third = PhysiologySimulator(Configuration(channelCount: 1, rateHz: 3))
        XCTAssertEqual(third.offsetOfSample(1).nanoseconds, 333_333_333)
        XCTAssertEqual(third.offsetOfSample(2).nanoseconds, 666_666_667)
        XCTAssertEqual(third.offsetOfSample(3_000_000).nanoseconds, 1_000_000_000_000_000)
        XCTAssertEqual(third.offsetOfSample(1_000_001).nanoseconds, 333_333_666_666_667)
        let odd = PhysiologySimulator(Configuration(channelCount: 1, rateHz: 7.81))
        XCTAssertEqual(odd.offsetOfSample(1_000_000).nanoseconds, 128_040_973_111_396, "1e15 / 7.81 rounded")
    }

    // MARK: Task response

    func testTheNeuralDriveGrowsWithRateAndSaturates() {
        XCTAssertEqual(NeuralDrive.amplitude(tapRateHz: 1), 0.4, accuracy: 1e-12)
        XCTAssertEqual(NeuralDrive.amplitude(tapRateHz: 5), 0.7, accuracy: 1e-12)
        XCTAssertEqual(NeuralDrive.halfSaturationHz, 15.0 / 13, accuracy: 1e-12)
        XCTAssertEqual(NeuralDrive.amplitude(tapRateHz: 0), 0)
        let rates = stride(from: 0.5, through: 10, by: 0.5).map { NeuralDrive.amplitude(tapRateHz: $0) }
        XCTAssertEqual(rates, rates.sorted(), "monotone")
        XCTAssertLessThan(NeuralDrive.amplitude(tapRateHz: 10) - NeuralDrive.amplitude(tapRateHz: 5), 0.1, "saturates")
        XCTAssertLessThan(NeuralDrive.amplitude(tapRateHz: 100), NeuralDrive.saturationAmplitude)
        XCTAssertEqual(NeuralDrive.drive(for: .rest, profile: .healthy), 0)
        let slow = TaskActivity(tapping: true, fast: false, secondsIntoBlock: 20)
        let fast = TaskActivity(tapping: true, fast: true, secondsIntoBlock: 20)
        XCTAssertEqual(NeuralDrive.drive(for: slow, profile: .healthy), 0.4)
        XCTAssertEqual(NeuralDrive.drive(for: fast, profile: .healthy), 0.7)
        XCTAssertEqual(NeuralDrive.drive(for: slow, profile: .fading), 0.4, "slow blocks do not fade")
        XCTAssertEqual(NeuralDrive.drive(for: fast, profile: .fading), 0.7 * (0.5 + 0.5 * exp(-2.0)), accuracy: 1e-12)
        XCTAssertEqual(NeuralDrive.fadeFactor(secondsIntoBlock: 8), 1)
    }

    func testTheHealthyFastBlockIsSustainedAndTheFadingOneFallsToUnderSixtyPercentOfItsPeak() {
        for profile in SimulationProfile.allCases {
            var run = Run(Configuration(profile: profile))
            run.rest(30); run.tap(30, fast: true); run.rest(30)
            let centre = run.truth.map { $0[3].hbo }   // gain 1
            let block = centre[run.index(30)..<run.index(60)]
            let peak = block.max()!
            let peakAt = Double(block.firstIndex(of: peak)! - run.index(30)) / run.rate
            let end = Self.mean(centre[run.index(55)..<run.index(60)]) / peak
            XCTAssertEqual(peakAt, profile == .healthy ? 12 : 11.3, accuracy: 0.6, "\(profile) peak time")
            if profile == .healthy {
                XCTAssertEqual(peak, 0.7 * 1.145, accuracy: 0.01)
                XCTAssertGreaterThanOrEqual(end, 0.8)
                XCTAssertEqual(centre[run.index(60) - 1], 0.7, accuracy: 0.01, "ends at the block amplitude")
            } else {
                XCTAssertLessThanOrEqual(end, 0.6)
                XCTAssertGreaterThanOrEqual(end, 0.35, "fades, does not vanish")
                XCTAssertEqual(Self.mean(block), 0.47, accuracy: 0.02, "block mean ≈ FM fast amplitude")
            }
        }
    }

    func testSlowBlocksAreIdenticalBetweenProfilesAndFastBlocksAreNot() {
        var healthy = Run(Configuration(profile: .healthy, seed: 9)), fading = Run(Configuration(profile: .fading, seed: 9))
        healthy.rest(20); fading.rest(20)
        healthy.tap(30, fast: false, rateHz: 1.02); healthy.rest(30)
        fading.tap(30, fast: false, rateHz: 1.02); fading.rest(30)
        XCTAssertEqual(healthy.truth, fading.truth, "noise-free task response equal in slow blocks")
        XCTAssertEqual(healthy.samples, fading.samples, "and, noise being profile-independent, the samples too")
        XCTAssertGreaterThan(healthy.truth.map { $0[3].hbo }.max()!, 0.4)
        healthy.tap(30, fast: true); fading.tap(30, fast: true)
        XCTAssertNotEqual(healthy.samples.last, fading.samples.last)
        XCTAssertLessThan(fading.truth.last![3].hbo, 0.6 * healthy.truth.last![3].hbo)
    }

    /// The same comparison on what a listener sees: HbO converted back from the intensities,
    /// averaged over five fast blocks and the good channels. Noise (Mayer waves 0.3 µM, slow AR
    /// noise) spreads the healthy ratio widely (≈ 0.43–0.81 over seeds 1–12, the peak of a noisy
    /// average being biased up), but both profiles of one seed share their noise exactly, so the
    /// fade shows as a paired difference (0.29–0.41 over seeds 1–12).
    func testTheFadeShowsInTheConvertedSignalAveragedOverBlocks() throws {
        for seed: UInt64 in [1, 2, 3] {
            var ratios: [SimulationProfile: Double] = [:]
            for profile in SimulationProfile.allCases {
                var run = Run(Configuration(profile: profile, seed: seed))
                run.rest(60)
                for _ in 0..<5 { run.tap(30, fast: true); run.rest(30) }
                let (hbo, _) = try run.converted(reference: 0..<run.index(60))
                let good = run.simulator.channels.indices.filter { run.simulator.channels[$0].quality != .poorlyCoupled }
                let length = run.index(30)
                var average = [Double](repeating: 0, count: length)
                for block in 0..<5 {
                    let onset = run.index(60 + 60 * Double(block))
                    for ch in good {
                        let baseline = Self.mean(hbo[ch][(onset - run.index(5))..<onset])
                        for i in 0..<length { average[i] += (hbo[ch][onset + i] - baseline) / Double(5 * good.count) }
                    }
                }
                ratios[profile] = Self.mean(average[run.index(25)..<length]) / average.max()!
            }
            let healthy = ratios[.healthy]!, fading = ratios[.fading]!
            print("seed \(seed): converted fast-block HbO, last 5 s / peak: healthy \(healthy), fading \(fading)")
            XCTAssertGreaterThan(healthy - fading, 0.2, "seed \(seed)")
            XCTAssertLessThan(fading, 0.6, "seed \(seed)")
            XCTAssertGreaterThan(healthy, 0.55, "seed \(seed)")
        }
    }

    func testTaskHbRIsMinusAThirdOfHbO() {
        var run = Run(Configuration(seed: 5))
        run.rest(20); run.tap(30, fast: true); run.rest(40)
        for sample in run.truth {
            for (ch, x) in sample.enumerated() {
                XCTAssertEqual(x.hbr, -0.33 * x.hbo, accuracy: 1e-15)
                XCTAssertEqual(x.hbo, run.simulator.channels[ch].gain * sample[3].hbo, accuracy: 1e-12)
            }
        }
        XCTAssertEqual(Self.correlation(run.truth.map { $0[0].hbo }, run.truth.map { $0[0].hbr }), -1, accuracy: 1e-12)
    }

    /// The whole chain: intensities converted back with MNE's optics (reference = mean of the
    /// initial rest) give the simulated task amplitude of fast blocks, and HbR ≈ −0.33 × HbO.
    func testConvertingTheIntensitiesBackRecoversTheTaskResponse() throws {
        var worst = 0.0
        for seed: UInt64 in [1, 2, 3] {
            var run = Run(Configuration(seed: seed))
            run.rest(60)
            for _ in 0..<5 { run.tap(30, fast: true); run.rest(30) }
            let (hbo, hbr) = try run.converted(reference: 0..<run.index(60))
            let good = run.simulator.channels.indices.filter { run.simulator.channels[$0].quality != .poorlyCoupled }
            var measured = 0.0, truth = 0.0, measuredHbr = 0.0
            for block in 0..<5 {
                let onset = 60.0 + 60 * Double(block)
                let before = run.index(onset - 10)..<run.index(onset)
                let during = run.index(onset + 10)..<run.index(onset + 30)
                for ch in good {
                    measured += Self.mean(hbo[ch][during]) - Self.mean(hbo[ch][before])
                    measuredHbr += Self.mean(hbr[ch][during]) - Self.mean(hbr[ch][before])
                    let t = run.truth.map { $0[ch].hbo }
                    truth += Self.mean(t[during]) - Self.mean(t[before])
                }
            }
            let count = Double(5 * good.count)
            measured /= count; truth /= count; measuredHbr /= count
            XCTAssertGreaterThan(truth, 0.4, "seed \(seed): mean gain × 0.7 × ≈1.05")
            XCTAssertEqual(measured, truth, accuracy: 0.08, "seed \(seed)")
            XCTAssertEqual(measuredHbr / measured, -0.33, accuracy: 0.12, "seed \(seed)")
            worst = max(worst, abs(measured - truth))
            print("seed \(seed): fast block HbO measured \(measured) truth \(truth), HbR/HbO \(measuredHbr / measured)")
        }
        print("worst |measured − truth| = \(worst) µM")
    }

    // MARK: Noise

    /// Scalp coupling index (Pollonini 2014): correlation of the two wavelengths' OD in 0.5–2.5 Hz.
    static func scalpCouplingIndex(_ run: Run, channel ch: Int, samples range: Range<Int>) -> Double {
        var filtered: [[Double]] = [[], []]
        for w in 0..<2 {
            let values = run.samples[range].map { $0[2 * ch + w] }
            let reference = mean(values)
            var first = BandPass(sampleRateHz: run.rate, highPassHz: 0.5, lowPassHz: 2.5)
            var second = first
            filtered[w] = values.map { second.process(first.process(OpticalDensity.od(intensity: $0, reference: reference))) }
        }
        let settle = Int(10 * run.rate)
        return correlation(Array(filtered[0][settle...]), Array(filtered[1][settle...]))
    }

    func testTheCardiacPulseIsCoherentAtBothWavelengthsExceptOnThePoorlyCoupledChannel() {
        for seed: UInt64 in [1, 2, 3, 4] {
            var run = Run(Configuration(seed: seed))
            run.rest(30); run.tap(30, fast: true); run.rest(30); run.tap(30, fast: false); run.rest(30)
            for (ch, channel) in run.simulator.channels.enumerated() {
                let sci = Self.scalpCouplingIndex(run, channel: ch, samples: 0..<run.samples.count)
                switch channel.quality {
                case .good: XCTAssertGreaterThan(sci, 0.9, "seed \(seed) \(channel.name)")
                case .noisy: XCTAssertGreaterThan(sci, 0.75, "seed \(seed) \(channel.name)")
                case .poorlyCoupled: XCTAssertLessThan(sci, 0.3, "seed \(seed) \(channel.name)")
                }
                if seed == 1 { print("SCI \(channel.name) \(channel.quality): \(sci)") }
            }
        }
    }

    func testTheCardiacPeakStandsOutOfTheSpectrumOfAGoodChannel() throws {
        var run = Run(Configuration(seed: 11))
        run.rest(120)
        let (hbo, _) = try run.converted(reference: 0..<run.samples.count)
        let x = hbo[3].map { $0 - Self.mean(hbo[3]) }
        func power(_ f: Double) -> Double {   // periodogram at f
            var re = 0.0, im = 0.0
            for (n, v) in x.enumerated() {
                let phase = 2 * Double.pi * f * Double(n) / run.rate
                re += v * cos(phase); im -= v * sin(phase)
            }
            return (re * re + im * im) / Double(x.count)
        }
        let heart = run.simulator.cardiacFrequencyHz
        XCTAssertEqual(heart, 1, accuracy: 0.3)
        let grid = stride(from: 0.5, through: 2.5, by: 1.0 / 120).map { $0 }
        let peak = grid.max { power($0) < power($1) }!
        XCTAssertEqual(peak, heart, accuracy: 0.03, "the strongest line in 0.5–2.5 Hz is the heart's")
        let background = grid.filter { abs($0 - heart) > 0.2 }.map(power).sorted()[grid.count / 2]
        XCTAssertGreaterThan(power(peak) / background, 100)
    }

    func testRestNoiseHasThePlannedSize() throws {
        var run = Run(Configuration(seed: 3))
        run.rest(600)
        let (hbo, hbr) = try run.converted(reference: 0..<run.samples.count)
        var sds: [Double] = []
        for (ch, channel) in run.simulator.channels.enumerated() where channel.quality == .good {
            let m = Self.mean(hbo[ch])
            let sd = (hbo[ch].map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(hbo[ch].count)).squareRoot()
            let mr = Self.mean(hbr[ch])
            let sdr = (hbr[ch].map { ($0 - mr) * ($0 - mr) }.reduce(0, +) / Double(hbr[ch].count)).squareRoot()
            sds.append(sd)
            // AR 0.1, drift 0.05, sines 0.3/0.1/0.1 (× 0.8–1.2): √(0.01 + 0.0025 + 0.055 s²) ≈ 0.2–0.3 µM.
            XCTAssertTrue((0.15...0.4).contains(sd), "\(channel.name) HbO SD \(sd)")
            XCTAssertLessThan(sdr, sd, "HbR quieter than HbO")
        }
        print("rest HbO SD on good channels: \(sds)")
    }

    func testTheARVarianceMatchesYuleWalker() {
        XCTAssertEqual(AutoregressiveModel.stationaryVariance(coefficients: [0.5]), 4.0 / 3, accuracy: 1e-12)
        let a1 = 0.5, a2 = 0.3
        XCTAssertEqual(AutoregressiveModel.stationaryVariance(coefficients: [a1, a2]),
                       (1 - a2) / ((1 + a2) * ((1 - a2) * (1 - a2) - a1 * a1)), accuracy: 1e-12)
        var rng = SeededGenerator(seed: 4)
        let a = AutoregressiveModel.randomCoefficients(order: 10, using: &rng)
        XCTAssertEqual(a.reduce(0, +), 0.99, accuracy: 1e-12)
        XCTAssertEqual(a, a.sorted(by: >), "decreasing, as the toolbox draws them")
        // Simulate and compare.
        var history = [Double](repeating: 0, count: 10), sum2 = 0.0, count = 0
        for n in 0..<400_000 {
            var x = rng.normal(mean: 0, sd: 1)
            for i in 0..<10 { x += a[i] * history[i] }
            history.insert(x, at: 0); history.removeLast()
            if n >= 5000 { sum2 += x * x; count += 1 }
        }
        XCTAssertEqual(sum2 / Double(count) / AutoregressiveModel.stationaryVariance(coefficients: a), 1, accuracy: 0.15)
    }

    // MARK: Cost

    func testOneHundredTwentyEightChannelsAtOneHundredHertzRunFasterThanRealTime() {
        var sim = PhysiologySimulator(Configuration(channelCount: 128, rateHz: 100))
        let fast = TaskActivity(tapping: true, fast: true, secondsIntoBlock: 5, tapRateHz: 5)
        let start = Date()
        var checksum = 0.0
        for _ in 0..<1000 { checksum += sim.nextSample(activity: fast)[0] }   // 10 s of data
        let elapsed = Date().timeIntervalSince(start)
        #if DEBUG
        let build = "debug"
        #else
        let build = "release"
        #endif
        print("128 ch × 100 Hz: 10 s simulated in \(elapsed) s (\(build) build)")
        XCTAssertGreaterThan(checksum, 0)
        XCTAssertLessThan(elapsed, 10, "faster than real time even unoptimised")
    }
}
