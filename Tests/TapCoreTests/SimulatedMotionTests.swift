import XCTest
@testable import TapCore

/// Simulated motion artefacts (`SimulatedMotion`, docs/simulator.md "Motion"): rates and sizes as
/// measured, exposed truth that matches the samples, and independence from everything else.
final class SimulatedMotionTests: XCTestCase {
    typealias Configuration = PhysiologySimulator.Configuration
    typealias Run = PhysiologySimulatorTests.Run

    func testNoMotionByDefault() {
        var run = Run(Configuration())
        run.rest(300)
        XCTAssertTrue(run.simulator.motionArtefacts.isEmpty)
        XCTAssertEqual(Configuration().motion, .none)
    }

    /// Two hours of rest: rates, sizes, durations and reach as configured (Poisson counts within
    /// ±20 %, medians within ±20 %, the whole-head fraction within ±0.1). (What a detector finds of
    /// them is `SimulatedNoiseScriptTests`' business.)
    func testRatesAndSizesAreTheMeasuredOnes() {
        var sim = PhysiologySimulator(Configuration(seed: 3, motion: .measured))
        for _ in 0..<Int(7200 * 7.8125) { _ = sim.nextSample(activity: .rest) }
        let artefacts = sim.motionArtefacts
        let spikes = artefacts.filter { $0.kind == .spike }, shifts = artefacts.filter { $0.kind == .baselineShift }
        print("motion over 2 h: \(spikes.count) spikes, \(shifts.count) shifts")
        XCTAssertEqual(Double(spikes.count), 2 * 120, accuracy: 0.2 * 2 * 120)
        XCTAssertEqual(Double(shifts.count), 4 * 120, accuracy: 0.2 * 4 * 120)
        func median(_ x: [Double]) -> Double { NoiseStatistics.median(x) }
        // The size of an event is its first channel's OD at the first wavelength over its jitter:
        // whole-head events vary ±25 % between channels, so take single-channel events for the size.
        let single = artefacts.filter { $0.channels.count == 1 }
        XCTAssertEqual(median(single.filter { $0.kind == .spike }.map { abs($0.opticalDensities[0][0]) }), 0.18, accuracy: 0.036)
        XCTAssertEqual(median(single.filter { $0.kind == .baselineShift }.map { abs($0.opticalDensities[0][0]) }), 0.04,
                       accuracy: 0.008)
        XCTAssertEqual(median(artefacts.map(\.durationSeconds)), 1.7, accuracy: 0.34)
        XCTAssertTrue(shifts.allSatisfy { $0.transitionSeconds == min(0.3, $0.durationSeconds) && (0...1).contains($0.overshootFraction) })
        XCTAssertTrue(spikes.allSatisfy { $0.transitionSeconds == 0 && $0.overshootFraction == 0 })
        XCTAssertTrue(artefacts.allSatisfy { (0.1...10).contains($0.durationSeconds) })
        let wholeHead = Double(artefacts.filter { $0.channels.count == sim.channels.count }.count) / Double(artefacts.count)
        XCTAssertEqual(wholeHead, 0.3, accuracy: 0.1)
        let ratios = artefacts.flatMap { $0.opticalDensities.map { $0[1] / $0[0] } }
        XCTAssertTrue(ratios.allSatisfy { (0.4...1.0).contains($0) }, "second wavelength 0.4–1 × the first")
        let up = Double(artefacts.filter { $0.opticalDensities[0][0] > 0 }.count) / Double(artefacts.count)
        XCTAssertEqual(up, 0.57, accuracy: 0.1)
        let starts = artefacts.map(\.startSeconds)
        XCTAssertEqual(starts, starts.sorted(), "in start order")
    }

    /// The truth is what happened: with and without motion (same seed, so the same noise), each
    /// sample's OD differs by exactly the exposed artefacts' OD at that time.
    func testTheExposedArtefactsAreExactlyWhatTheSamplesCarry() {
        for model in NoiseModel.allCases {
            var still = Run(Configuration(seed: 11, noiseModel: model))
            var moving = Run(Configuration(seed: 11, noiseModel: model, motion: .measured))
            still.run(seconds: 600, PhysiologySimulatorTests.mixed)
            moving.run(seconds: 600, PhysiologySimulatorTests.mixed)
            let artefacts = moving.simulator.motionArtefacts
            XCTAssertGreaterThan(artefacts.count, 15, "\(model)")
            var worst = 0.0, nonzero = 0
            for (i, (a, b)) in zip(still.samples, moving.samples).enumerated() {
                let t = Double(i) / 7.8125
                var expected = [Double](repeating: 0, count: a.count)
                for artefact in artefacts where artefact.startSeconds <= t {
                    for (k, ch) in artefact.channels.enumerated() {
                        let od = artefact.opticalDensity(index: k, secondsAfterStart: t - artefact.startSeconds)
                        expected[2 * ch] += od.0
                        expected[2 * ch + 1] += od.1
                    }
                }
                for v in a.indices {
                    let measured = -log(b[v] / a[v])
                    worst = max(worst, abs(measured - expected[v]))
                    if expected[v] != 0 { nonzero += 1 }
                }
            }
            XCTAssertLessThan(worst, 1e-9, "\(model)")
            XCTAssertGreaterThan(nonzero, 1000)
        }
    }

    /// Motion draws from a stream of its own, by time: the same artefacts whatever the task, the
    /// profile or the noise model; and another seed gives others.
    func testMotionIsIndependentOfTaskProfileAndNoiseModel() {
        func artefacts(_ configuration: Configuration, tapping: Bool) -> [SimulatedMotionEvent] {
            var run = Run(configuration)
            if tapping { run.run(seconds: 300, PhysiologySimulatorTests.mixed) } else { run.rest(300) }
            return run.simulator.motionArtefacts
        }
        let reference = artefacts(Configuration(seed: 5, motion: .measured), tapping: false)
        XCTAssertFalse(reference.isEmpty)
        XCTAssertEqual(artefacts(Configuration(seed: 5, motion: .measured), tapping: true), reference)
        XCTAssertEqual(artefacts(Configuration(profile: .fading, seed: 5, motion: .measured), tapping: true), reference)
        XCTAssertEqual(artefacts(Configuration(seed: 5, noiseModel: .measured, motion: .measured), tapping: true), reference)
        XCTAssertNotEqual(artefacts(Configuration(seed: 6, motion: .measured), tapping: false), reference)
    }

    func testASpikeReturnsAndAShiftStays() {
        let spike = SimulatedMotionEvent(kind: .spike, startSeconds: 10, durationSeconds: 2, channels: [0], opticalDensities: [[0.2, 0.1]])
        XCTAssertEqual(spike.opticalDensity(index: 0, secondsAfterStart: 1).0, 0.2, accuracy: 1e-12)
        XCTAssertEqual(spike.opticalDensity(index: 0, secondsAfterStart: 1).1, 0.1, accuracy: 1e-12)
        XCTAssertEqual(spike.opticalDensity(index: 0, secondsAfterStart: 2).0, 0, accuracy: 1e-12)
        XCTAssertEqual(spike.opticalDensity(index: 0, secondsAfterStart: 5).0, 0)
        let shift = SimulatedMotionEvent(kind: .baselineShift, startSeconds: 10, durationSeconds: 2, channels: [0],
                                   opticalDensities: [[-0.06, -0.04]], overshootFraction: 0.5, transitionSeconds: 0.3)
        XCTAssertEqual(shift.opticalDensity(index: 0, secondsAfterStart: 0.15).0, -0.03 - 0.03 * pow(sin(Double.pi * 0.075), 2),
                       accuracy: 1e-12, "half-way through the step, the bump starting")
        XCTAssertEqual(shift.opticalDensity(index: 0, secondsAfterStart: 1).0, -0.06 - 0.03, accuracy: 1e-12, "the overshoot's peak")
        XCTAssertEqual(shift.opticalDensity(index: 0, secondsAfterStart: 1).1, -0.04 - 0.02, accuracy: 1e-12)
        XCTAssertEqual(shift.opticalDensity(index: 0, secondsAfterStart: 100).0, -0.06)
        XCTAssertTrue(shift.overlaps(fromSeconds: 11, toSeconds: 20))
        XCTAssertFalse(shift.overlaps(fromSeconds: 12.5, toSeconds: 20))
        XCTAssertEqual(shift.endSeconds, 12)
    }

    func testBadMotionSettingsAreRefused() {
        XCTAssertNil(Configuration(motion: .measured).problem)
        var bad = SimulatedMotion.measured
        bad.spikesPerMinute = -1
        XCTAssertNotNil(Configuration(motion: bad).problem)
        bad = .measured
        bad.wholeHeadFraction = 2
        XCTAssertNotNil(Configuration(motion: bad).problem)
        bad = .measured
        bad.shiftMedianOpticalDensity = .nan
        XCTAssertNotNil(Configuration(motion: bad).problem)
        XCTAssertNotEqual(Configuration(motion: .measured), Configuration())
    }

    /// What motion does to the detector's statistic: a real recording's motion-laden rest
    /// (neuro_run01's stimulus-free stretches, motion included: median good channel's D 1.44 µM,
    /// CBSI average's 0.83 µM; its clean stretches 0.94 and 0.71) against the measured model with
    /// measured motion. The real stretch holds 2.5 minutes of unusually heavy motion, so this is a
    /// loose check (within a factor of 2).
    func testMeasuredNoiseWithMotionIsAsRoughAsTheRealRestWithMotion() throws {
        let f = try MeasuredNoiseTests.restFigures(Configuration(seed: 1, noiseModel: .measured, motion: .measured),
                                                   seconds: 1200)
        print("measured noise + measured motion, seed 1: \(f)")
        XCTAssertTrue((1.44 / 2...1.44 * 2).contains(f.dropHbO), "D HbO \(f.dropHbO)")
        XCTAssertTrue((0.834 / 2...0.834 * 2).contains(f.averageCbsiDrop), "average CBSI D \(f.averageCbsiDrop)")
    }
}
