import XCTest
@testable import TapCore

/// `ChannelQuality`: flat / noisy / poor coupling (scalp coupling index, Pollonini 2014) / good,
/// judged once a second over the last 10 s. Signals are built by hand at 10 Hz unless noted.
final class ChannelQualityTests: XCTestCase {
    static let rate = 10.0

    func intensityLayout(channels: Int, rateHz: Double = rate) -> NirsLayout {
        NirsLayout(kind: .intensity, rateHz: rateHz, wavelengths: [760, 850],
                   channels: (0..<channels).map { "S\($0 + 1)-D1" })
    }

    /// A well coupled channel: a 1 Hz cardiac pulse in the OD of both wavelengths (same sign, as
    /// HbO dominates it) plus small independent instrument noise.
    static func coherent(_ n: Int, rng: inout SeededGenerator, rateHz: Double = rate) -> [Double] {
        let t = Double(n) / rateHz
        let pulse = sin(2 * Double.pi * 1.0 * t)
        let od1 = 0.010 * pulse + rng.normal(mean: 0, sd: 0.001)
        let od2 = 0.015 * pulse + rng.normal(mean: 0, sd: 0.001)
        return [1000 * exp(-od1), 2000 * exp(-od2)]
    }

    /// An optode off the scalp: two unrelated noises of 1 % and no pulse.
    static func independent(rng: inout SeededGenerator) -> [Double] {
        [1000 * (1 + rng.normal(mean: 0, sd: 0.01)), 2000 * (1 + rng.normal(mean: 0, sd: 0.01))]
    }

    /// Feeds `seconds` of samples made by `make(n)` (n counting from `start`); returns every `add` result.
    @discardableResult
    func feed(_ quality: inout ChannelQuality, seconds: Double, from start: Int = 0,
              _ make: (Int) -> [Double]) -> [[Int]] {
        let count = Int((seconds * quality.layout.rateHz).rounded())
        return (start..<(start + count)).map { quality.add(make($0)) }
    }

    func testEveryChannelIsMeasuringUntilOneFullWindow() {
        var quality = ChannelQuality(layout: intensityLayout(channels: 2))
        XCTAssertEqual(quality.windowSamples, 100)
        var rng = SeededGenerator(seed: 1)
        for n in 0..<99 {
            let a = Self.coherent(n, rng: &rng), b = Self.coherent(n, rng: &rng)
            XCTAssertEqual(quality.add(a + b), [], "sample \(n)")
        }
        XCTAssertEqual(quality.assessments.map(\.status), [.measuring, .measuring])
        XCTAssertNil(quality.assessments[0].sci)
        let a = Self.coherent(99, rng: &rng), b = Self.coherent(99, rng: &rng)
        XCTAssertEqual(quality.add(a + b), [0, 1], "the 100th sample completes the window")
        XCTAssertEqual(quality.assessments.map(\.status), [.good, .good])
    }

    func testConstantLightIsFlat() {
        var quality = ChannelQuality(layout: intensityLayout(channels: 1))
        feed(&quality, seconds: 12) { _ in [1000, 2000] }
        XCTAssertEqual(quality.assessments[0].status, .flat)
        XCTAssertEqual(quality.assessments[0].variation, 0)
    }

    func testOneDeadWavelengthMakesTheChannelFlat() {
        var quality = ChannelQuality(layout: intensityLayout(channels: 1))
        var rng = SeededGenerator(seed: 2)
        feed(&quality, seconds: 12) { n in [Self.coherent(n, rng: &rng)[0], 4095] }
        XCTAssertEqual(quality.assessments[0].status, .flat)
    }

    func testSwingsOfMoreThanTenPercentAreNoisy() {
        var quality = ChannelQuality(layout: intensityLayout(channels: 2))
        // Channel 0 swings ±20 % (CV 0.2); channel 1 ±5 % (CV 0.05) at both wavelengths, in phase.
        feed(&quality, seconds: 12) { n in
            let s = n % 2 == 0 ? 1.0 : -1.0
            return [1000 * (1 + 0.2 * s), 2000 * (1 + 0.2 * s), 1000 * (1 + 0.05 * s), 2000 * (1 + 0.05 * s)]
        }
        XCTAssertEqual(quality.assessments[0].status, .noisy)
        XCTAssertEqual(try XCTUnwrap(quality.assessments[0].variation), 0.2, accuracy: 1e-12)
        XCTAssertNotEqual(quality.assessments[1].status, .noisy)
        XCTAssertEqual(try XCTUnwrap(quality.assessments[1].variation), 0.05, accuracy: 1e-12)
    }

    func testIndependentNoiseAtTheTwoWavelengthsIsPoorCoupling() throws {
        var quality = ChannelQuality(layout: intensityLayout(channels: 1))
        var rng = SeededGenerator(seed: 3)
        feed(&quality, seconds: 20) { _ in Self.independent(rng: &rng) }
        let assessment = quality.assessments[0]
        XCTAssertEqual(assessment.status, .poorCoupling)
        let sci = try XCTUnwrap(assessment.sci)
        XCTAssertLessThan(abs(sci), 0.3, "unrelated noises: SCI near 0")
        XCTAssertLessThan(try XCTUnwrap(assessment.variation), 0.03)
    }

    func testACoherentCardiacPulseIsGood() throws {
        var quality = ChannelQuality(layout: intensityLayout(channels: 1))
        var rng = SeededGenerator(seed: 4)
        feed(&quality, seconds: 20) { n in Self.coherent(n, rng: &rng) }
        let assessment = quality.assessments[0]
        XCTAssertEqual(assessment.status, .good)
        XCTAssertGreaterThan(try XCTUnwrap(assessment.sci), 0.95, "the pulse at both wavelengths: SCI near 1")
    }

    func testAPulseOutsideTheCardiacBandDoesNotCount() throws {
        // A shared 0.1 Hz Mayer-like wave is removed by the 0.5–2.5 Hz band; what is left is the noise.
        var quality = ChannelQuality(layout: intensityLayout(channels: 1))
        var rng = SeededGenerator(seed: 5)
        feed(&quality, seconds: 30) { n in
            let wave = 0.01 * sin(2 * Double.pi * 0.1 * Double(n) / Self.rate)
            return [1000 * exp(-(wave + rng.normal(mean: 0, sd: 0.001))), 2000 * exp(-(wave + rng.normal(mean: 0, sd: 0.001)))]
        }
        XCTAssertEqual(quality.assessments[0].status, .poorCoupling)
        XCTAssertLessThan(try XCTUnwrap(quality.assessments[0].sci), 0.5)
    }

    func testOpticalDensityStreamsAreJudgedToo() throws {
        let layout = NirsLayout(kind: .od, rateHz: 10, wavelengths: [760, 850], channels: ["S1-D1", "S1-D2"])
        var quality = ChannelQuality(layout: layout)
        var rng = SeededGenerator(seed: 6)
        feed(&quality, seconds: 20) { n in
            let pulse = sin(2 * Double.pi * Double(n) / Self.rate)
            return [0.01 * pulse + rng.normal(mean: 0, sd: 0.001), 0.015 * pulse + rng.normal(mean: 0, sd: 0.001),
                    rng.normal(mean: 0, sd: 0.01), rng.normal(mean: 0, sd: 0.01)]
        }
        XCTAssertEqual(quality.assessments.map(\.status), [.good, .poorCoupling])
        XCTAssertGreaterThan(try XCTUnwrap(quality.assessments[0].sci), 0.95)
    }

    func testAStatusChangeIsReportedOnceOnly() {
        var quality = ChannelQuality(layout: intensityLayout(channels: 2))
        var rng = SeededGenerator(seed: 7)
        // Both good for 20 s, then channel 1 starts swinging ±30 % for 20 s.
        let results = feed(&quality, seconds: 40) { n in
            let a = Self.coherent(n, rng: &rng)
            var b = Self.coherent(n, rng: &rng)
            if n >= 200 { b = b.map { $0 * (n % 2 == 0 ? 1.3 : 0.7) } }
            return a + b
        }
        let reports = results.enumerated().filter { !$0.element.isEmpty }
        XCTAssertEqual(reports.map(\.element), [[0, 1], [1]])
        XCTAssertEqual(reports.first?.offset, 99, "the first full window")
        if let second = reports.dropFirst().first {
            XCTAssertGreaterThan(second.offset, 200)
            XCTAssertLessThanOrEqual(second.offset, 229, "judged once a second")
            XCTAssertEqual((second.offset - 99) % 10, 0, "judged on the once-a-second grid")
        }
        XCTAssertEqual(quality.assessments.map(\.status), [.good, .noisy])
    }

    func testHemoglobinStreamsAreJudgedFlatOrNoisyByTheirStandardDeviation() throws {
        let layout = NirsLayout(kind: .hb, rateHz: 10, wavelengths: [], channels: ["S1-D1", "S1-D2", "S2-D2"])
        var quality = ChannelQuality(layout: layout)
        let changes = feed(&quality, seconds: 10) { n in
            let s = n % 2 == 0 ? 1.0 : -1.0
            return [0.25, -0.1,                                         // constant: flat
                    10 * s, -3 * s,                                     // ±10 µM: SD 10 > 5, noisy
                    sin(2 * Double.pi * 0.1 * Double(n) / Self.rate), 0]  // ±1 µM: good
        }
        XCTAssertEqual(changes.last, [0, 1, 2])
        XCTAssertEqual(quality.assessments.map(\.status), [.flat, .noisy, .good])
        XCTAssertEqual(quality.assessments.map(\.sci), [nil, nil, nil])
        XCTAssertEqual(try XCTUnwrap(quality.assessments[1].variation), 10, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(quality.assessments[2].variation), 0.5.squareRoot(), accuracy: 1e-9,
                       "SD of a sine over whole periods is 1/√2")
    }

    func testBelowThreeHertzThereIsNoCouplingIndex() {
        var quality = ChannelQuality(layout: intensityLayout(channels: 1, rateHz: 2))
        XCTAssertEqual(quality.windowSamples, 20)
        var rng = SeededGenerator(seed: 8)
        feed(&quality, seconds: 15) { _ in Self.independent(rng: &rng) }
        XCTAssertNil(quality.assessments[0].sci)
        XCTAssertEqual(quality.assessments[0].status, .good, "independent noise cannot be told from a pulse without SCI")
    }

    /// `judgeAll`'s usual case (intensity at two wavelengths, all channels four lanes at a time)
    /// gives every channel the bits of the general one-channel path: odd and even channel counts
    /// (rows padded or not), flat, noisy, coupled and uncoupled channels, at 7.8125 and 10 Hz.
    func testAllChannelsAtOnceGiveTheGeneralPathsBits() {
        var rng = SeededGenerator(seed: 7)
        for (channels, rate) in [(1, 10.0), (2, 7.8125), (3, 10.0), (8, 7.8125), (9, 10.0)] {
            var quality = ChannelQuality(layout: intensityLayout(channels: channels, rateHz: rate))
            var compared = 0
            for n in 0..<Int(25 * rate) {
                var values: [Double] = []
                for c in 0..<channels {
                    switch c % 4 {
                    case 0: values += Self.coherent(n, rng: &rng, rateHz: rate)
                    case 1: values += Self.independent(rng: &rng)
                    case 2: values += [1000, 2000]  // flat
                    default: values += [1000 * (1 + rng.normal(mean: 0, sd: 0.2)), -2000 * (1 + rng.normal(mean: 0, sd: 0.3))]
                    }
                }
                _ = quality.add(values)
                guard quality.written >= quality.windowSamples, n % 3 == 0 else { continue }
                let all = quality.judgeAll()
                for c in 0..<channels {
                    let one = quality.judge(channel: c)
                    XCTAssertEqual(all[c].status, one.status, "\(channels) channels, channel \(c), sample \(n)")
                    XCTAssertEqual(all[c].sci?.bitPattern, one.sci?.bitPattern, "\(channels) channels, channel \(c), sample \(n)")
                    XCTAssertEqual(all[c].variation?.bitPattern, one.variation?.bitPattern,
                                   "\(channels) channels, channel \(c), sample \(n)")
                }
                compared += 1
            }
            XCTAssertGreaterThan(compared, 20)
        }
    }

    func testBIDSStatusIsGoodOnlyForGoodAndMeasuring() {
        XCTAssertEqual(ChannelQuality.Status.allCases.map(\.bidsStatus), ["good", "good", "bad", "bad", "bad"])
        XCTAssertEqual(ChannelQuality.Status.poorCoupling.rawValue, "poor_coupling")
    }

    func testTheSimulatorsPoorlyCoupledChannelIsFoundAndItsGoodChannelsPass() throws {
        var simulator = PhysiologySimulator(.init(channelCount: 8, seed: 1))
        var quality = ChannelQuality(layout: simulator.layout)
        let count = Int(20 * simulator.configuration.rateHz)
        for _ in 0..<count { _ = quality.add(simulator.nextSample(activity: .rest)) }
        let poor = simulator.channels.indices.filter { simulator.channels[$0].quality == .poorlyCoupled }
        XCTAssertEqual(poor.count, 1)
        for (c, channel) in simulator.channels.enumerated() {
            let assessment = quality.assessments[c]
            switch channel.quality {
            case .poorlyCoupled:
                XCTAssertEqual(assessment.status, .poorCoupling, "\(channel.name) sci \(assessment.sci ?? .nan)")
            case .good:
                XCTAssertEqual(assessment.status, .good, "\(channel.name) sci \(assessment.sci ?? .nan)")
                XCTAssertGreaterThan(try XCTUnwrap(assessment.sci), 0.75)
            case .noisy:
                XCTAssertNotEqual(assessment.status, .flat, channel.name)
            }
        }
    }
}
