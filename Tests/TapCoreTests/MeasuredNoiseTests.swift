import XCTest
@testable import TapCore

/// The `measured` noise model against the real recording it was calibrated to (docs/simulator.md,
/// "Real heads"): simulated rest, converted back with MNE's optics, measured with the definitions of
/// `scripts/real-noise.py` (`NoiseStatistics`).
final class MeasuredNoiseTests: XCTestCase {
    typealias Configuration = PhysiologySimulator.Configuration

    /// `scripts/real-noise.py` on Tests/Fixtures/neuro_run01.snirf, clean stretches (139 s free of
    /// motion on good channels, stimulus responses regressed out), median over the 7 good channels
    /// unless said [computed].
    enum Real {
        static let dropSDHbO = 0.944, dropSDHbR = 0.381
        static let bandSDHbO = 0.867, bandSDHbR = 0.385
        static let veryLowBandSD = 1.07, mayerBandSD = 0.228, respirationBandSD = 0.224
        static let slope = 2.94
        static let interChannelCorrelation = 0.704
        static let hboHbrCorrelation = -0.772
        /// Channel average, CBSI (Cui 2010) with α = SD(HbO)/SD(HbR) in 0.01–0.2 Hz: the signal
        /// the HbO fade detector judges.
        static let averageCbsiDropSD = 0.713
    }

    struct Figures: CustomStringConvertible {
        var dropHbO = 0.0, dropHbR = 0.0, bandHbO = 0.0, bandHbR = 0.0
        var veryLow = 0.0, mayer = 0.0, respiration = 0.0, slope = 0.0
        var interChannel = 0.0, hboHbr = 0.0, averageCbsiDrop = 0.0
        var description: String {
            String(format: "D %.3f / %.3f, band %.3f / %.3f, very-low %.3f, Mayer %.3f, respiration %.3f, slope %.2f, r(ch) %.3f, r(HbO,HbR) %.3f, average CBSI D %.3f",
                   dropHbO, dropHbR, bandHbO, bandHbR, veryLow, mayer, respiration, slope, interChannel, hboHbr, averageCbsiDrop)
        }
    }

    /// Rest of `seconds`, converted with MNE's law (reference: the whole run's mean intensity, as MNE),
    /// statistics over the channels that are not poorly coupled (the script's scalp-coupling ≥ 0.7).
    static func restFigures(_ configuration: Configuration, seconds: Double) throws -> Figures {
        var sim = PhysiologySimulator(configuration)
        let count = Int(seconds * configuration.rateHz)
        var samples: [[Double]] = []
        samples.reserveCapacity(count)
        for _ in 0..<count { samples.append(sim.nextSample(activity: .rest)) }
        let law = try BeerLambert(wavelengthsNanometres: configuration.wavelengths,
                                  distanceMetres: configuration.distanceCentimetres / 100)
        let coupled = sim.channels.indices.filter { sim.channels[$0].quality != .poorlyCoupled && !sim.channels[$0].isShortSeparation }
        var hbo: [[Double]] = [], hbr: [[Double]] = []
        for ch in coupled {
            let r1 = NoiseStatistics.mean(samples.map { $0[2 * ch] }), r2 = NoiseStatistics.mean(samples.map { $0[2 * ch + 1] })
            let x = samples.map { law.concentrations(od1: OpticalDensity.od(intensity: $0[2 * ch], reference: r1),
                                                     od2: OpticalDensity.od(intensity: $0[2 * ch + 1], reference: r2)) }
            hbo.append(x.map(\.hbo))
            hbr.append(x.map(\.hbr))
        }
        let stats = NoiseStatistics(rateHz: configuration.rateHz)
        let median = NoiseStatistics.median
        var f = Figures()
        f.dropHbO = median(hbo.map(stats.dropSD))
        f.dropHbR = median(hbr.map(stats.dropSD))
        let bandO = hbo.map(stats.banded), bandR = hbr.map(stats.banded)
        f.bandHbO = median(bandO.map(NoiseStatistics.sd))
        f.bandHbR = median(bandR.map(NoiseStatistics.sd))
        let spectra = hbo.map { stats.welch($0) }
        f.veryLow = median(spectra.map { NoiseStatistics.bandSD($0, from: 0.01, to: 0.07) })
        f.mayer = median(spectra.map { NoiseStatistics.bandSD($0, from: 0.07, to: 0.14) })
        f.respiration = median(spectra.map { NoiseStatistics.bandSD($0, from: 0.15, to: 0.45) })
        f.slope = median(spectra.map(NoiseStatistics.slope))
        f.interChannel = NoiseStatistics.meanPairwiseCorrelation(bandO)
        f.hboHbr = median(zip(bandO, bandR).map { NoiseStatistics.correlation($0, $1) })
        let averageO = (0..<count).map { i in hbo.reduce(0) { $0 + $1[i] } / Double(hbo.count) }
        let averageR = (0..<count).map { i in hbr.reduce(0) { $0 + $1[i] } / Double(hbr.count) }
        let alpha = NoiseStatistics.sd(stats.banded(averageO)) / NoiseStatistics.sd(stats.banded(averageR))
        f.averageCbsiDrop = stats.dropSD(zip(averageO, averageR).map { ($0 - alpha * $1) / 2 })
        return f
    }

    /// 20 min of simulated rest, three seeds (three simulated heads, each as singular as the one real
    /// head), at the default montage (8 channels, 7.8125 Hz, 3 cm) and at the real recording's
    /// geometry (20 Hz, 690/830 nm, 2 cm). Tolerances [choice], set from the calibrated model's
    /// analytic figures (`real-noise.py --calibrate`: D 0.93, band 0.87, Mayer band 0.35) and the
    /// spread between seeds (about ±20 %): what the model was fitted to — the detector's 4 s change,
    /// the 0.01–0.2 Hz size, the CBSI average's 4 s change — within ±35 %; the Welch bands within a
    /// factor of 2 (the fit traded them: the Mayer band comes out ≈ 1.5× the real one, a known
    /// error); the 0.1–0.6 Hz slope within ±0.7 (the model's 2.4 against the real 2.9, known too);
    /// correlations within ±0.15.
    func testSimulatedRestMatchesTheRealRecording() throws {
        let geometries: [(String, Configuration)] = [
            ("default 8 ch 7.8125 Hz 3 cm", Configuration(noiseModel: .measured)),
            ("neuro_run01-like 9 ch 20 Hz 2 cm", Configuration(channelCount: 9, rateHz: 20, wavelengths: (690, 830),
                                                               distanceCentimetres: 2, noiseModel: .measured)),
        ]
        print("real (neuro_run01, clean): D 0.944 / 0.381, band 0.867 / 0.385, very-low 1.07, Mayer 0.228, "
              + "respiration 0.224, slope 2.94, r(ch) 0.704, r(HbO,HbR) -0.772, average CBSI D 0.713")
        for (label, base) in geometries {
            for seed: UInt64 in [1, 2, 3] {
                var configuration = base
                configuration.seed = seed
                let f = try Self.restFigures(configuration, seconds: 1200)
                print("simulated \(label) seed \(seed): \(f)")
                func close(_ value: Double, _ real: Double, _ name: String) {
                    XCTAssertEqual(value, real, accuracy: 0.35 * real, "\(label) seed \(seed): \(name)")
                }
                func within(_ value: Double, _ real: Double, factor: Double, _ name: String) {
                    XCTAssertTrue(value >= real / factor && value <= real * factor,
                                  "\(label) seed \(seed): \(name) \(value) against real \(real) (× \(factor))")
                }
                close(f.dropHbO, Real.dropSDHbO, "D HbO")
                close(f.dropHbR, Real.dropSDHbR, "D HbR")
                close(f.bandHbO, Real.bandSDHbO, "band HbO")
                close(f.bandHbR, Real.bandSDHbR, "band HbR")
                close(f.averageCbsiDrop, Real.averageCbsiDropSD, "average CBSI D")
                within(f.veryLow, Real.veryLowBandSD, factor: 2, "0.01–0.07 Hz")
                within(f.mayer, Real.mayerBandSD, factor: 2, "0.07–0.14 Hz")
                within(f.respiration, Real.respirationBandSD, factor: 2, "0.15–0.45 Hz")
                XCTAssertEqual(f.slope, Real.slope, accuracy: 0.7, "\(label) seed \(seed): slope")
                XCTAssertEqual(f.interChannel, Real.interChannelCorrelation, accuracy: 0.15, "\(label) seed \(seed)")
                XCTAssertEqual(f.hboHbr, Real.hboHbrCorrelation, accuracy: 0.15, "\(label) seed \(seed)")
            }
        }
    }

    /// The textbook model, measured the same way: the gap the issue reports — its CBSI average
    /// changes ≈ 20× less in 4 s than the real head's.
    func testTheTextbookModelIsMuchQuieterThanTheRealHead() throws {
        let f = try Self.restFigures(Configuration(seed: 1), seconds: 1200)
        print("textbook seed 1: \(f)")
        XCTAssertLessThan(f.averageCbsiDrop, Real.averageCbsiDropSD / 5)
        XCTAssertLessThan(f.bandHbO, Real.bandSDHbO / 2)
    }

    func testTheBackgroundComponentsSumToTheCalibratedBandPowerAtAnyRate() {
        for rate in [1.0, 7.8125, 20, 100] {
            let spectrum = PowerLawSpectrum(exponent: MeasuredNoise.spectrumExponent, lowestCornerHz: MeasuredNoise.lowestCornerHz,
                                            bandSD: MeasuredNoise.backgroundBandSD, sampleRateHz: rate)
            var variance = 0.0
            for (corner, sd) in zip(spectrum.cornersHz, spectrum.componentSDs) {
                variance += sd * sd * PowerLawSpectrum.bandVariance(cornerHz: corner, sampleRateHz: rate)
            }
            XCTAssertEqual(variance.squareRoot(), MeasuredNoise.backgroundBandSD, accuracy: 1e-9, "\(rate) Hz")
            XCTAssertEqual(spectrum.cornersHz.first, MeasuredNoise.lowestCornerHz)
            XCTAssertLessThanOrEqual(spectrum.cornersHz.last!, min(1.28, rate / 5) * (1 + 1e-9))
            // Power per octave falls as f^(1−β): consecutive components' variance ratio 2^(1−β).
            for i in 1..<spectrum.componentSDs.count {
                let ratio = pow(spectrum.componentSDs[i] / spectrum.componentSDs[i - 1], 2)
                XCTAssertEqual(ratio, pow(2, 1 - MeasuredNoise.spectrumExponent), accuracy: 1e-12)
            }
        }
    }

    func testALowPassComponentHasUnitVarianceFromItsFirstSample() {
        // Stationary start: the variance over many independent starts is 1 at once, not after a burn-in.
        var rng = SeededGenerator(seed: 9)
        var first = [Double](), later = [Double]()
        for _ in 0..<4000 {
            var c = LowPassNoise(cornerHz: 0.04, sampleRateHz: 7.8125, using: &rng)
            first.append(c.next(rng.normal(mean: 0, sd: 1)))
            for _ in 0..<50 { _ = c.next(rng.normal(mean: 0, sd: 1)) }
            later.append(c.y)
        }
        XCTAssertEqual(NoiseStatistics.rms(first), 1, accuracy: 0.05)
        XCTAssertEqual(NoiseStatistics.rms(later), 1, accuracy: 0.05)
    }

    func testMeasuredNoiseIsSeededAndIndependentOfTheTaskAndProfile() {
        func run(_ profile: SimulationProfile, seed: UInt64, slowOnly: Bool) -> [[Double]] {
            var sim = PhysiologySimulator(Configuration(profile: profile, seed: seed, noiseModel: .measured))
            return (0..<Int(120 * 7.8125)).map { i in
                let t = Double(i) / 7.8125
                let fast = !slowOnly && t >= 60
                return sim.nextSample(activity: t < 20 ? .rest : TaskActivity(tapping: true, fast: fast, secondsIntoBlock: t - 20))
            }
        }
        XCTAssertEqual(run(.healthy, seed: 4, slowOnly: false), run(.healthy, seed: 4, slowOnly: false), "bit-identical")
        XCTAssertEqual(run(.healthy, seed: 4, slowOnly: true), run(.fading, seed: 4, slowOnly: true),
                       "profiles differ only where a fast block fades")
        XCTAssertNotEqual(run(.healthy, seed: 4, slowOnly: false).last, run(.fading, seed: 4, slowOnly: false).last)
        XCTAssertNotEqual(run(.healthy, seed: 4, slowOnly: true)[0], run(.healthy, seed: 5, slowOnly: true)[0])
        // The task response is the only thing the activity changes: rest vs slow tapping differ by
        // exactly the converted task response (checked through the truth in PhysiologySimulatorTests).
    }

    func testTheMeasuredModelKeepsTheHeartBeatCoherentForTheScalpCouplingIndex() {
        var run = PhysiologySimulatorTests.Run(Configuration(seed: 2, noiseModel: .measured))
        run.rest(120)
        for (ch, channel) in run.simulator.channels.enumerated() {
            let sci = PhysiologySimulatorTests.scalpCouplingIndex(run, channel: ch, samples: 0..<run.samples.count)
            switch channel.quality {
            case .good: XCTAssertGreaterThan(sci, 0.75, channel.name)
            case .noisy: XCTAssertGreaterThan(sci, 0.5, channel.name)
            case .poorlyCoupled: XCTAssertLessThan(sci, 0.3, channel.name)
            }
        }
    }

    func testARealisticHeadOfOneHundredTwentyEightChannelsAtOneHundredHertzRunsFasterThanRealTime() {
        var sim = PhysiologySimulator(Configuration.realistic(channelCount: 128, rateHz: 100, shortChannelCount: 16))
        let fast = TaskActivity(tapping: true, fast: true, secondsIntoBlock: 5, tapRateHz: 5)
        let start = Date()
        var checksum = 0.0
        for _ in 0..<1000 { checksum += sim.nextSample(activity: fast)[0] }   // 10 s of data
        let elapsed = Date().timeIntervalSince(start)
        print("realistic 144 ch × 100 Hz: 10 s simulated in \(elapsed) s")
        XCTAssertGreaterThan(checksum, 0)
        XCTAssertLessThan(elapsed, 10, "faster than real time even unoptimised")
    }
}
