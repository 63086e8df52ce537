import XCTest
@testable import TapCore

/// The systemic (scalp) response to tapping (`TaskSystemicResponse`, docs/simulator.md): size and
/// time course as documented, exposed apart from the cortical truth, and exactly what the samples carry.
final class TaskSystemicResponseTests: XCTestCase {
    typealias Configuration = PhysiologySimulator.Configuration
    typealias Run = PhysiologySimulatorTests.Run

    func testEffortFollowsTheTapRate() {
        let s = TaskSystemicResponse.standard
        XCTAssertEqual(s.maximalTappingMicromolar, 0.25)
        XCTAssertEqual(s.effort(for: .rest), 0)
        XCTAssertEqual(s.effort(for: TaskActivity(tapping: true, fast: true, secondsIntoBlock: 3)), 1)
        XCTAssertEqual(s.effort(for: TaskActivity(tapping: true, fast: false, secondsIntoBlock: 3)), 0.2)
        XCTAssertEqual(s.effort(for: TaskActivity(tapping: true, fast: true, secondsIntoBlock: 3, tapRateHz: 2.5)), 0.5)
        XCTAssertEqual(s.effort(for: TaskActivity(tapping: true, fast: true, secondsIntoBlock: 3, tapRateHz: 7)), 1)
        XCTAssertEqual(s.effort(for: TaskActivity(tapping: true, fast: true, secondsIntoBlock: 3, tapRateHz: 0)), 0)
        XCTAssertEqual(s.drive(for: TaskActivity(tapping: true, fast: true, secondsIntoBlock: 3, tapRateHz: 5)), 0.25)
        XCTAssertEqual(TaskSystemicResponse.none.drive(for: TaskActivity(tapping: true, fast: true, secondsIntoBlock: 3)), 0)
    }

    /// A 30 s fast block: the systemic HbO of every good long channel follows the SPM response to
    /// 0.25 µM (peak ≈ 1.145 × at ≈ 12 s, 0.25 at block end), poorly coupled × 0.3, HbR = 0.1 × HbO;
    /// the cortical truth is the same as without it.
    func testAFastBlockRaisesEveryChannelWithTheCorticalTimeCourse() {
        var with = Run(Configuration(seed: 2, taskSystemicResponse: .standard))
        var without = Run(Configuration(seed: 2))
        with.rest(30); with.tap(30, fast: true); with.rest(40)
        without.rest(30); without.tap(30, fast: true); without.rest(40)
        XCTAssertEqual(with.truth, without.truth, "the cortical truth does not hold the systemic response")
        let systemic = with.simulator.lastSystemicResponse
        XCTAssertEqual(systemic.count, 8)
        var series: [[PhysiologySimulator.Hemoglobin]] = []
        var sim = PhysiologySimulator(Configuration(seed: 2, taskSystemicResponse: .standard))
        for i in 0..<Int(100 * 7.8125) {
            let t = Double(i) / 7.8125
            _ = sim.nextSample(activity: t >= 30 && t < 60 ? TaskActivity(tapping: true, fast: true, secondsIntoBlock: t - 30) : .rest)
            series.append(sim.lastSystemicResponse)
        }
        let end = series[Int(60 * 7.8125) - 1], peak = series.map { $0[3].hbo }.max()!
        for (ch, channel) in sim.channels.enumerated() {
            let factor = channel.quality == .poorlyCoupled ? SimulatedMontage.poorCouplingTissue : 1
            XCTAssertEqual(end[ch].hbo, 0.25 * factor, accuracy: 0.005, channel.name)
            XCTAssertEqual(end[ch].hbr, 0.1 * end[ch].hbo, accuracy: 1e-12)
        }
        XCTAssertEqual(peak, 0.25 * 1.145, accuracy: 0.005)
        XCTAssertEqual(series[Int(29 * 7.8125)][3].hbo, 0, "nothing before the block")
        XCTAssertLessThan(abs(series.last![3].hbo), 0.02, "back near 0 after 40 s of rest")
        XCTAssertEqual(Configuration().taskSystemicResponse, .none)
        XCTAssertTrue(PhysiologySimulator(Configuration()).lastSystemicResponse.allSatisfy { $0.hbo == 0 && $0.hbr == 0 })
    }

    /// The samples carry exactly the exposed response: converted back, the difference between runs
    /// with and without it (same seed, so the same noise) is `lastSystemicResponse`, in µM.
    func testTheSamplesCarryExactlyTheExposedSystemicResponse() throws {
        for model in NoiseModel.allCases {
            var with = Run(Configuration(seed: 8, noiseModel: model, taskSystemicResponse: .standard,
                                         shortChannels: ShortSeparationChannels(count: 2)))
            var without = Run(Configuration(seed: 8, noiseModel: model, shortChannels: ShortSeparationChannels(count: 2)))
            var truth: [[PhysiologySimulator.Hemoglobin]] = []
            for i in 0..<Int(120 * 7.8125) {
                let a = PhysiologySimulatorTests.mixed(Double(i) / 7.8125)
                with.samples.append(with.simulator.nextSample(activity: a))
                without.samples.append(without.simulator.nextSample(activity: a))
                truth.append(with.simulator.lastSystemicResponse)
            }
            let a = try with.converted(reference: 0..<100), b = try without.converted(reference: 0..<100)
            var worst = 0.0
            for ch in 0..<with.simulator.channels.count {
                for i in truth.indices {
                    // The reference (first 100 samples, before any tapping) is the same in both runs.
                    worst = max(worst, abs((a.hbo[ch][i] - b.hbo[ch][i]) - truth[i][ch].hbo),
                                abs((a.hbr[ch][i] - b.hbr[ch][i]) - truth[i][ch].hbr))
                }
            }
            XCTAssertLessThan(worst, 1e-9, "\(model)")
            let gain = ShortSeparationChannels(count: 2).systemicGain(longDistanceCentimetres: 3)
            XCTAssertEqual(gain, 3.75, accuracy: 1e-12)
            XCTAssertEqual(truth.map { $0[8].hbo }.max()!, gain * truth.map { $0[3].hbo }.max()!, accuracy: 1e-12,
                           "short channels see the systemic response × their gain")
        }
    }

    func testBadSettingsAreRefused() {
        XCTAssertNil(Configuration(taskSystemicResponse: .standard).problem)
        XCTAssertNotNil(Configuration(taskSystemicResponse: TaskSystemicResponse(maximalTappingMicromolar: -1)).problem)
        XCTAssertNotNil(Configuration(taskSystemicResponse: TaskSystemicResponse(maximalTappingMicromolar: 0.2,
                                                                                  maximalRateHz: 0)).problem)
        XCTAssertNotNil(Configuration(taskSystemicResponse: TaskSystemicResponse(maximalTappingMicromolar: 0.2,
                                                                                  slowEffort: 1.5)).problem)
    }
}
