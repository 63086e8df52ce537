import XCTest
@testable import TapCore

/// Homer3's motion rule offline (`MotionArtefactRule`) and live (`MotionArtefactDetector`) on
/// constructed signals with known answers. (Against a transliteration of Homer3's MATLAB code
/// on a real recording: ArtefactCrossCheckTests in TapIOTests.)
final class MotionArtefactTests: XCTestCase {
    static let rateHz = 10.0
    /// At 10 Hz: tMotion 0.5 s = 5 samples, tMask 1 s = 10 samples.
    static let amplitudeOnly = MotionArtefactSettings(standardDeviationThreshold: 1e9, amplitudeThresholdOD: 0.3)

    func testAStepAboveAMPthreshMasksTMaskAroundTheChangesThatCrossIt() {
        // Channel 1's second wavelength steps by 0.5 OD at sample 100: the samples j = 95…99
        // see it within tMotion, and each masks j + 1 ± 10.
        let od = measurements(channels: 2, samples: 300) { m, t in m == 3 && t >= 100 ? 0.5 : 0 }
        let found = MotionArtefactRule.artefacts(opticalDensity: od, wavelengthsPerChannel: 2,
                                                 sampleRateHz: Self.rateHz, settings: Self.amplitudeOnly)
        XCTAssertEqual(found.map { [$0.channel, $0.firstSample, $0.lastSample] }, [[1, 86, 110]])
        XCTAssertEqual(found.first?.largestChangeOD, 0.5)
        XCTAssertEqual(found.first?.firstTime, .seconds(8.6))
        XCTAssertEqual(found.first?.lastTime, .seconds(11.0))
        XCTAssertEqual(found.first?.sampleCount, 25)
    }

    func testAChangeBelowBothThresholdsIsNoArtefact() {
        let od = measurements(channels: 1, samples: 200) { _, t in t >= 100 ? 0.29 : 0 }
        XCTAssertEqual(MotionArtefactRule.artefacts(opticalDensity: od, wavelengthsPerChannel: 2,
                                                    sampleRateHz: Self.rateHz, settings: Self.amplitudeOnly), [])
    }

    /// A NaN threshold is never crossed; the other one still is (the live detector's one-compare
    /// rejection must not let the NaN hide it).
    func testANaNThresholdLeavesTheOtherOneWorking() {
        let settings = MotionArtefactSettings(standardDeviationThreshold: 5, amplitudeThresholdOD: .nan)
        var detector = MotionArtefactDetector(channelCount: 1, wavelengthsPerChannel: 2, sampleRateHz: Self.rateHz,
                                              settings: settings, differenceStandardDeviations: [0.01, 0.01])
        var ended: [MotionArtefact] = []
        for t in 0..<100 {
            ended += detector.add(values: [0, t >= 50 ? 0.2 : 0], at: .seconds(Double(t) / Self.rateHz)).compactMap(\.ended)
        }
        XCTAssertEqual(ended.map(\.channel), [0], "a 0.2 OD step is 20 SDs of 0.01")
    }

    func testTheLiveDetectorAnnouncesAtTheChangeAndEndsWhenNoLaterChangeCanExtendIt() {
        var detector = MotionArtefactDetector(channelCount: 2, wavelengthsPerChannel: 2, sampleRateHz: Self.rateHz,
                                              settings: Self.amplitudeOnly)
        var log: [(Int, MotionArtefactDetector.Event)] = []
        for t in 0..<200 {
            let events = detector.add(values: [0, 0, 0, t >= 100 ? 0.5 : 0], at: .seconds(Double(t) / Self.rateHz))
            log += events.map { (t, $0) }
            if t == 100 { XCTAssertTrue(detector.isInArtefact(channel: 1)); XCTAssertFalse(detector.isInArtefact(channel: 0)) }
        }
        XCTAssertEqual(log.count, 2)
        XCTAssertEqual(log.first?.0, 100, "announced when the step arrives")
        XCTAssertEqual(log.first?.1, .began(channel: 1, firstSample: 86, firstTime: .seconds(8.6)))
        // Last masked sample 110; a change found at 111 or later has j ≥ 106 and masks from 97 on,
        // so sample 110 + tMotion (5) + tMask (10) = 125 is the first that can close it.
        XCTAssertEqual(log.last?.0, 125)
        XCTAssertEqual(log.last?.1.ended.map { [$0.channel, $0.firstSample, $0.lastSample] }, [1, 86, 110])
        XCTAssertEqual(log.last?.1.ended?.lastTime, .seconds(11.0))
        XCTAssertFalse(detector.isInArtefact(channel: 1))
        XCTAssertEqual(detector.finish(), [])
    }

    func testCloseChangesMergeSampleZeroIsNeverMaskedAndTheEndCutsTheMask() {
        // Steps at 2 (mask would start at −8), 20 and 35 (masks overlap), and 295 (mask past the end).
        let od = measurements(channels: 1, samples: 300) { m, t in
            m == 0 ? 0.5 * Double([2, 20, 35, 295].filter { t >= $0 }.count) : 0
        }
        let found = MotionArtefactRule.artefacts(opticalDensity: od, wavelengthsPerChannel: 2,
                                                 sampleRateHz: Self.rateHz, settings: Self.amplitudeOnly)
        XCTAssertEqual(found.map { [$0.firstSample, $0.lastSample] }, [[1, 45], [281, 299]])
        XCTAssertEqual(found.map { [$0.channel, $0.firstSample, $0.lastSample] }, homer3(od, Self.amplitudeOnly))
    }

    func testOfflineEqualsABruteForceHomer3OnNoisySignalsWithMotion() {
        for (seed, settings) in [(1, MotionArtefactSettings(amplitudeThresholdOD: 0.1)),
                                 (2, MotionArtefactSettings(standardDeviationThreshold: 5, amplitudeThresholdOD: 100)),
                                 (3, MotionArtefactSettings(standardDeviationThreshold: 20, amplitudeThresholdOD: 0.05)),
                                 (4, MotionArtefactSettings(motionWindowSeconds: 2.5, maskSeconds: 0.5,
                                                            standardDeviationThreshold: 8, amplitudeThresholdOD: 100))] {
            var rng = SeededGenerator(seed: UInt64(seed))
            var od = measurements(channels: 3, samples: 1500) { _, _ in rng.normal(mean: 0, sd: 0.01) }
            for _ in 0..<12 {  // spikes and shifts of random size, place and channel
                let m = Int(rng.unit() * 6), at = Int(rng.unit() * 1400), size = rng.normal(mean: 0, sd: 0.2)
                let width = rng.unit() < 0.5 ? 1500 : 1 + Int(rng.unit() * 20)
                for t in at..<min(1500, at + width) { od[m][t] += size }
            }
            let found = MotionArtefactRule.artefacts(opticalDensity: od, wavelengthsPerChannel: 2,
                                                     sampleRateHz: Self.rateHz, settings: settings)
            let expected = homer3(od, settings)
            XCTAssertGreaterThanOrEqual(expected.count, 3, "seed \(seed): the construction should produce artefacts")
            XCTAssertEqual(found.map { [$0.channel, $0.firstSample, $0.lastSample] }, expected, "seed \(seed)")
        }
    }

    /// The quick test that skips a channel (`mayExceed`) must never skip one the full rule
    /// (`exceedances`) would find something on: from the first samples (a part-filled window)
    /// through the warm-up, with spikes, steps and NaNs, at every sample and channel.
    func testTheQuickRejectionNeverSkipsAChangeTheRuleFinds() {
        var rng = SeededGenerator(seed: 11)
        for settings in [MotionArtefactSettings(amplitudeThresholdOD: 0.1, warmUpSeconds: 5),
                         MotionArtefactSettings(motionWindowSeconds: 2.5, standardDeviationThreshold: 6,
                                                amplitudeThresholdOD: 100, warmUpSeconds: 3)] {
            var detector = MotionArtefactDetector(channelCount: 3, wavelengthsPerChannel: 2, sampleRateHz: Self.rateHz,
                                                  settings: settings)
            var found = 0, skipped = 0
            for n in 0..<600 {
                var values = (0..<6).map { _ in rng.normal(mean: 0, sd: 0.01) }
                if rng.unit() < 0.05 { values[Int(rng.unit() * 6)] += rng.normal(mean: 0, sd: 0.3) }
                if rng.unit() < 0.01 { values[Int(rng.unit() * 6)] = .nan }
                for channel in 0..<3 {
                    let real = !detector.exceedances(values, channel: channel, at: n).isEmpty
                    let quick = detector.mayExceed(values, channel: channel, at: n)
                    XCTAssertTrue(quick || !real, "sample \(n), channel \(channel): skipped a change the rule finds")
                    if real { found += 1 }
                    if !quick { skipped += 1 }
                }
                _ = detector.add(values: values, at: MonoTime.seconds(Double(n) / Self.rateHz))
            }
            XCTAssertGreaterThan(found, 20, "the construction should cross the thresholds")
            XCTAssertGreaterThan(skipped, 900, "and most channels should be skipped")
        }
    }

    func testDuringTheWarmUpOnlyAMPthreshAppliesThenTheWarmUpsRobustScale() {
        // White noise (SD of differences √2 · 0.01 ≈ 0.0141) and steps of 1.0 OD, below
        // AMPthresh 5, at 10 s (inside the 30 s warm-up) and at 60 s: ≈ 70 SDs each.
        var rng = SeededGenerator(seed: 5)
        let noise = (0..<1000).map { _ in rng.normal(mean: 0, sd: 0.01) }
        let series = noise.indices.map { noise[$0] + ($0 >= 100 ? 1.0 : 0) + ($0 >= 600 ? 1.0 : 0) }
        var live = MotionArtefactDetector(channelCount: 1, wavelengthsPerChannel: 1, sampleRateHz: Self.rateHz)
        var found: [MotionArtefact] = []
        for (t, value) in series.enumerated() {
            found += live.add(values: [value], at: .seconds(Double(t) / Self.rateHz)).compactMap(\.ended)
            if t == 299 { XCTAssertNil(live.differenceScales[0], "still in the warm-up at 29.9 s") }
        }
        found += live.finish().compactMap(\.ended)
        // The warm-up's scale ignores the first step: the robust SD is the noise's.
        XCTAssertEqual(live.differenceScales[0] ?? 0, 0.01 * 2.0.squareRoot(), accuracy: 0.0015)
        XCTAssertEqual(found.map(\.firstSample), [586], "only the step after the warm-up")
        XCTAssertEqual(found.first?.largestChangeInDifferenceSDs ?? 0, 70, accuracy: 8)
        // Homer3 offline judges both steps by the whole series' SD, which they inflate to ≈ 0.047:
        // each is then ≈ 21 SDs, below STDEVthresh 50, and neither is found.
        XCTAssertEqual(MotionArtefactRule.differenceStandardDeviation(series), 0.047, accuracy: 0.002)
        XCTAssertEqual(MotionArtefactRule.artefacts(opticalDensity: [series], wavelengthsPerChannel: 1,
                                                    sampleRateHz: Self.rateHz), [])
    }

    func testAConstantWarmUpTurnsTheSDCriterionOff() {
        XCTAssertEqual(MotionArtefactDetector.scale(of: [0, 0, 0, 0, 0.1, 0, 0]), 0.1 / 7.0.squareRoot(), accuracy: 1e-12,
                       "MAD 0: the SD")
        XCTAssertEqual(MotionArtefactDetector.scale(of: [0, 0, 0]), .infinity)
        var detector = MotionArtefactDetector(channelCount: 1, wavelengthsPerChannel: 1, sampleRateHz: Self.rateHz,
                                              settings: MotionArtefactSettings(warmUpSeconds: 1))
        var events: [MotionArtefactDetector.Event] = []
        for t in 0..<100 { events += detector.add(values: [t >= 50 ? 1e-3 : 0], at: .seconds(Double(t) / 10)) }
        XCTAssertEqual(events, [], "a 0.001 OD step after a flat warm-up is no artefact")
    }

    func testIntensityInputGivesTheArtefactsOfOpticalDensityWithAnyReference() {
        var rng = SeededGenerator(seed: 9)
        let intensities = (0..<600).map { t in
            [1e4 * exp(rng.normal(mean: 0, sd: 0.01)) * (t >= 300 ? 0.5 : 1), 2e4 * exp(rng.normal(mean: 0, sd: 0.01))]
        }
        var fromIntensity = MotionArtefactDetector(channelCount: 1, wavelengthsPerChannel: 2, sampleRateHz: Self.rateHz,
                                                   settings: Self.amplitudeOnly)
        var fromOD = fromIntensity
        var a: [MotionArtefactDetector.Event] = [], b: [MotionArtefactDetector.Event] = []
        for (t, row) in intensities.enumerated() {
            let time = MonoTime.seconds(Double(t) / Self.rateHz)
            a += fromIntensity.add(intensities: row, at: time)
            b += fromOD.add(values: [OpticalDensity.od(intensity: row[0], reference: 9e3),
                                     OpticalDensity.od(intensity: row[1], reference: 2.2e4)], at: time)
        }
        XCTAssertEqual(a.count, 2, "a halving of the light (ΔOD = ln 2) is an artefact")
        XCTAssertEqual(a.map { $0.ended?.firstSample }, b.map { $0.ended?.firstSample })
        XCTAssertEqual(a.map { $0.ended?.lastSample }, b.map { $0.ended?.lastSample })
    }

    func testASampleOfTheWrongWidthIsIgnored() {
        var detector = MotionArtefactDetector(channelCount: 2, wavelengthsPerChannel: 2, sampleRateHz: Self.rateHz)
        XCTAssertEqual(detector.add(values: [0, 0, 0], at: .zero), [])
        XCTAssertEqual(detector.sampleCount, 0)
        let layoutDetector = MotionArtefactDetector(layout: NirsLayout(kind: .intensity, rateHz: 7.8125, wavelengths: [760, 850],
                                                                       channels: ["S1-D1", "S2-D1", "S2-D2"]))
        XCTAssertEqual(layoutDetector.channelCount, 3)
        XCTAssertEqual(layoutDetector.motionWindowSamples, 4, "round(0.5 s × 7.8125 Hz)")
        XCTAssertEqual(layoutDetector.maskSamples, 8, "round(1 s × 7.8125 Hz)")
    }

    // MARK: - Construction and a brute-force Homer3

    private func measurements(channels: Int, samples: Int, _ value: (Int, Int) -> Double) -> [[Double]] {
        (0..<(channels * 2)).map { m in (0..<samples).map { t in value(m, t) } }
    }

    /// Homer3's hmrR_MotionArtifactByChannel written out directly for two wavelengths per
    /// channel (max change over the next tMotion per sample, thresholds from the whole series'
    /// SD of differences, mask, runs): [channel, first, last] per segment.
    private func homer3(_ od: [[Double]], _ settings: MotionArtefactSettings) -> [[Int]] {
        let length = od[0].count
        let window = settings.motionWindowSamples(sampleRateHz: Self.rateHz), mask = settings.maskSamples(sampleRateHz: Self.rateHz)
        var segments: [[Int]] = []
        for channel in 0..<(od.count / 2) {
            var bad = [Bool](repeating: false, count: length - 1)
            for m in [2 * channel, 2 * channel + 1] {
                let threshold = MotionArtefactRule.differenceStandardDeviation(od[m]) * settings.standardDeviationThreshold
                for j in 0..<(length - 1) {
                    let largest = (1...window).filter { j + $0 <= length - 1 }.map { abs(od[m][j + $0] - od[m][j]) }.max() ?? 0
                    if largest > threshold || largest > settings.amplitudeThresholdOD { bad[j] = true }
                }
            }
            var masked = [Bool](repeating: false, count: length)
            for j in bad.indices where bad[j] {
                for s in (j + 1 - mask)...(j + 1 + mask) where s >= 1 && s <= length - 1 { masked[s] = true }
            }
            var t = 0
            while t < length {
                guard masked[t] else { t += 1; continue }
                let first = t
                while t < length && masked[t] { t += 1 }
                segments.append([channel, first, t - 1])
            }
        }
        return segments
    }
}
