import XCTest
@testable import TapCore

/// Short-separation channels in the simulator (`ShortSeparationChannels`, docs/simulator.md): the
/// layout says which channels are short, they leave the long channels' samples untouched, carry the
/// scalp signals and almost no cortex, and short-channel regression works on them as on real data.
final class ShortSeparationChannelTests: XCTestCase {
    typealias Configuration = PhysiologySimulator.Configuration
    typealias Run = PhysiologySimulatorTests.Run

    func testTheLayoutNamesTheShortChannelsAndGivesTheirDistances() {
        let sim = PhysiologySimulator(Configuration(shortChannels: ShortSeparationChannels(count: 2)))
        XCTAssertEqual(sim.layout.channels, ["S1-D1", "S1-D2", "S2-D2", "S2-D3", "S3-D3", "S3-D4", "S4-D4", "S4-D5",
                                             "S1-D6", "S3-D7"])
        XCTAssertEqual(sim.layout.distancesCentimetres, Array(repeating: 3.0, count: 8) + [0.8, 0.8])
        XCTAssertEqual(sim.layout.valuesPerSample, 20)
        XCTAssertEqual(sim.channels.map(\.isShortSeparation), Array(repeating: false, count: 8) + [true, true])
        XCTAssertEqual(sim.lastTaskResponse.count, 10)
        let short = sim.layout.distancesCentimetres.indices.filter { (sim.layout.distancesCentimetres[$0] ?? 3) <= 1.5 }
        XCTAssertEqual(short, [8, 9], "consumers find them by distance ≤ 1.5 cm")
        XCTAssertTrue(sim.channels[8...].allSatisfy { $0.quality == .good })
        XCTAssertEqual(sim.channels[8].gain, 0.05 * sim.channels[0].gain, accuracy: 1e-12, "S1-D6 beside S1-D1")
        XCTAssertEqual(sim.channels[9].gain, 0.05 * sim.channels[4].gain, accuracy: 1e-12, "S3-D7 beside S3-D3")
        let many = PhysiologySimulator(Configuration(channelCount: 16, shortChannels: ShortSeparationChannels(count: 8)))
        XCTAssertEqual(Set(many.layout.channels).count, 24, "names are unique")
        XCTAssertEqual(many.layout.channels[16...].first, "S1-D10")
        XCTAssertEqual(PhysiologySimulator(Configuration(channelCount: 1, shortChannels: ShortSeparationChannels(count: 1)))
                        .layout.channels, ["S1-D1", "S1-D2"])
        XCTAssertEqual(Configuration().shortChannels, .none)
    }

    func testBadShortChannelSettingsAreRefused() {
        XCTAssertNil(Configuration(shortChannels: ShortSeparationChannels(count: 4)).problem)
        XCTAssertNotNil(Configuration(shortChannels: ShortSeparationChannels(count: -1)).problem)
        XCTAssertNotNil(Configuration(shortChannels: ShortSeparationChannels(count: 65)).problem)
        XCTAssertNotNil(Configuration(shortChannels: ShortSeparationChannels(count: 2, distanceCentimetres: 2)).problem)
        XCTAssertNotNil(Configuration(shortChannels: ShortSeparationChannels(count: 2, corticalFraction: 1.5)).problem)
        XCTAssertNil(Configuration(shortChannels: ShortSeparationChannels(count: 0, distanceCentimetres: 9)).problem,
                     "no short channels, nothing to check")
    }

    /// Short channels draw from streams of their own: the long channels' samples are bit for bit the
    /// ones of the same configuration without them, in both noise models.
    func testAddingShortChannelsLeavesTheLongChannelsUntouched() {
        for model in NoiseModel.allCases {
            var plain = Run(Configuration(seed: 12, noiseModel: model, taskSystemicResponse: .standard))
            var short = Run(Configuration(seed: 12, noiseModel: model, taskSystemicResponse: .standard,
                                          shortChannels: ShortSeparationChannels(count: 3)))
            plain.run(seconds: 120, PhysiologySimulatorTests.mixed)
            short.run(seconds: 120, PhysiologySimulatorTests.mixed)
            XCTAssertEqual(plain.samples, short.samples.map { Array($0[0..<16]) }, "\(model)")
            XCTAssertEqual(plain.truth, short.truth.map { Array($0[0..<8]) }, "\(model)")
        }
    }

    /// At rest a short channel carries the shared (scalp) background × its gain 3.75, so it tracks
    /// the long channels (band-passed correlation high), is larger in µM, and regressing the two
    /// short channels out of a long channel removes a good part of its background (the shared 70 %
    /// bounds it).
    func testShortChannelsCarryTheScalpSignalsAtRest() throws {
        for model in NoiseModel.allCases {
            var run = Run(Configuration(seed: 4, noiseModel: model, shortChannels: ShortSeparationChannels(count: 2)))
            run.rest(600)
            let (hbo, _) = try run.converted(reference: 0..<run.samples.count)
            let stats = NoiseStatistics(rateHz: 7.8125)
            let band = hbo.map(stats.banded)
            let long = (0..<8).filter { run.simulator.channels[$0].quality == .good }
            let ratio = NoiseStatistics.median([8, 9].map { NoiseStatistics.sd(band[$0]) })
                / NoiseStatistics.median(long.map { NoiseStatistics.sd(band[$0]) })
            let correlation = NoiseStatistics.median(long.map { NoiseStatistics.correlation(band[$0], band[8]) })
            var explained: [Double] = []
            for ch in long {
                let fit = Self.leastSquares(band[ch], [band[8], band[9], [Double](repeating: 1, count: band[ch].count)])
                explained.append(1 - fit.residualVariance / pow(NoiseStatistics.sd(band[ch]), 2))
            }
            let r2 = NoiseStatistics.median(explained)
            print("\(model): short/long band SD \(ratio), r(long, short) \(correlation), R² of short-channel regression \(r2)")
            if model == .measured {
                XCTAssertGreaterThan(ratio, 2.5)
                XCTAssertGreaterThan(correlation, 0.5)
                XCTAssertGreaterThan(r2, 0.4)
                XCTAssertLessThan(r2, 0.8, "the long channels' own 30 % stays")
            } else {
                XCTAssertGreaterThan(ratio, 2.5)
                XCTAssertGreaterThan(correlation, 0.3)
            }
        }
    }

    /// A block design with the systemic response on: a GLM of a long channel's HbO on the task shape
    /// alone takes the systemic response for cortex (≈ 0.7 + 0.25 µM); with the short channels as
    /// regressors (as MNE-NIRS `short_channel_regression` or a GLM with short-channel terms does)
    /// most of the 0.25 µM goes — not all: the short channels carry noise of their own, which
    /// attenuates their regression weights. Mean over seeds 1–8 (8 fast blocks each), realistic
    /// configuration without motion; the spread between seeds is the measured noise's.
    func testShortChannelRegressionSeparatesTheSystemicResponseFromTheCortex() throws {
        var without = 0.0, with = 0.0
        let seeds: [UInt64] = Array(1...8)
        for seed in seeds {
            var configuration = Configuration.realistic(seed: seed)
            configuration.motion = .none
            var run = Run(configuration)
            run.rest(60)
            for _ in 0..<8 { run.tap(30, fast: true); run.rest(30) }
            let (hbo, _) = try run.converted(reference: 0..<run.index(60))
            let centre = 3
            let shape = run.truth.map { $0[centre].hbo / 0.7 }   // the SPM response to a 0.7 µM drive, gain 1
            let ones = [Double](repeating: 1, count: shape.count)
            let a = Self.leastSquares(hbo[centre], [shape, ones]).coefficients[0]
            let b = Self.leastSquares(hbo[centre], [shape, hbo[8], hbo[9], ones]).coefficients[0]
            print("seed \(seed): task amplitude without short channels \(a) µM, with \(b) µM (cortex 0.7, systemic 0.25)")
            without += a / Double(seeds.count)
            with += b / Double(seeds.count)
        }
        print("mean over seeds: without \(without) µM, with \(with) µM")
        XCTAssertEqual(without, 0.95, accuracy: 0.2, "cortex + systemic")
        XCTAssertEqual(without - with, 0.25, accuracy: 0.12, "the regression removes about the systemic response")
        XCTAssertLessThan(abs(with - 0.7), abs(without - 0.7))
    }

    /// Ordinary least squares y ≈ Σ βᵢ xᵢ by the normal equations (Gaussian elimination).
    static func leastSquares(_ y: [Double], _ xs: [[Double]]) -> (coefficients: [Double], residualVariance: Double) {
        let k = xs.count
        var m = [[Double]](repeating: [Double](repeating: 0, count: k + 1), count: k)
        for i in 0..<k {
            for j in 0..<k { m[i][j] = zip(xs[i], xs[j]).reduce(0) { $0 + $1.0 * $1.1 } }
            m[i][k] = zip(xs[i], y).reduce(0) { $0 + $1.0 * $1.1 }
        }
        for c in 0..<k {
            let p = (c..<k).max { abs(m[$0][c]) < abs(m[$1][c]) }!
            m.swapAt(c, p)
            for r in 0..<k where r != c {
                let f = m[r][c] / m[c][c]
                for j in c...k { m[r][j] -= f * m[c][j] }
            }
        }
        let beta = (0..<k).map { m[$0][k] / m[$0][$0] }
        var sum = 0.0
        for i in y.indices {
            var fit = 0.0
            for j in 0..<k { fit += beta[j] * xs[j][i] }
            sum += (y[i] - fit) * (y[i] - fit)
        }
        return (beta, sum / Double(y.count))
    }
}
