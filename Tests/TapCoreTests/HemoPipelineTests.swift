import XCTest
@testable import TapCore

/// `HemoPipeline`: conversion → (short-channel regression) → the HbO signal (baseline before each
/// tapping block, no filter) → motor-cortex average → plot history; motion artefacts beside it.
/// Most tests use `hb` streams, whose values pass through the converter unchanged.
final class HemoPipelineTests: XCTestCase {
    /// Sample `index` at `rateHz`, on an exact nanosecond grid.
    func time(_ index: Int, rateHz: Double) -> MonoTime {
        MonoTime(nanoseconds: Int64((Double(index) * 1e9 / rateHz).rounded()))
    }

    func hbLayout(_ channels: [String], rateHz: Double = 10) -> NirsLayout {
        NirsLayout(kind: .hb, rateHz: rateHz, wavelengths: [], channels: channels)
    }

    struct Recorded {
        var time: MonoTime
        var hbo: [Double]
        var hbr: [Double]
    }

    /// Feeds samples `range` of `make(n)` and records each converted (corrected) row.
    @discardableResult
    func feed(_ pipeline: inout HemoPipeline, _ range: Range<Int>, _ make: (Int) -> [Double]) -> [Recorded] {
        range.flatMap { n -> [Recorded] in
            let t = time(n, rateHz: pipeline.layout.rateHz)
            return pipeline.add(NirsSample(hostTime: t, deviceTimeMilliseconds: nil, values: make(n))).corrected
                .map { Recorded(time: $0.time, hbo: $0.hbo, hbr: $0.hbr) }
        }
    }

    /// Three well-behaved hb channels (SD ≈ 1 µM: neither flat nor noisy), distinct per channel.
    static func wave(_ n: Int, channels: Int = 3, rateHz: Double = 10) -> [Double] {
        let t = Double(n) / rateHz
        return (0..<channels).flatMap { c -> [Double] in
            let hbo = Double(c + 1) * sin(2 * Double.pi * 0.05 * t + Double(c)) + 0.02 * t
            return [hbo, -0.3 * hbo + 0.1 * Double(c)]
        }
    }

    static func mean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(v.count) }

    func testBeforeAnyTappingBlockTheSignalIsTheConvertedRowsAsTheyAre() throws {
        var pipeline = try HemoPipeline(layout: hbLayout(["S1-D1"]), settings: NirsSettings())
        let records = feed(&pipeline, 0..<300) { Self.wave($0, channels: 1) }
        for (n, record) in records.enumerated() {
            XCTAssertEqual(record.hbo[0], Self.wave(n, channels: 1)[0], "no filter: sample \(n)")
        }
        XCTAssertEqual(pipeline.signal.referenceHbO, [0])
        XCTAssertNil(pipeline.signal.segmentStart)
        XCTAssertEqual(pipeline.samplesConverted, 300)
        XCTAssertEqual(pipeline.lastSampleTime, time(299, rateHz: 10))
        XCTAssertNil(pipeline.shortChannels)
    }

    func testATappingBlockTakesTheMeanOfTheFiveSecondsBeforeItsOnset() throws {
        var pipeline = try HemoPipeline(layout: hbLayout(["S1-D1", "S1-D2", "S2-D2"]), settings: NirsSettings())
        let records = feed(&pipeline, 0..<300) { Self.wave($0) }
        let onset = time(300, rateHz: 10)
        pipeline.tappingBlockStarted(at: onset)
        // Rows at t ∈ [onset − 5 s, onset): 25.0 … 29.9 s, 50 rows.
        let window = records.filter { $0.time < onset && onset - $0.time <= .seconds(5) }
        XCTAssertEqual(window.count, 50)
        for c in 0..<3 {
            XCTAssertEqual(pipeline.signal.referenceHbO[c], Self.mean(window.map { $0.hbo[c] }), accuracy: 1e-12, "channel \(c)")
            XCTAssertEqual(pipeline.signal.referenceHbR[c], Self.mean(window.map { $0.hbr[c] }), accuracy: 1e-12, "channel \(c)")
        }
        XCTAssertEqual(pipeline.signal.segmentStart, onset - .seconds(5))
        // The same rule offline, on the recorded series.
        let offline = HbOSignal.referenced(records.map { $0.hbo[1] }, times: records.map { ($0.time - MonoTime.zero).seconds },
                                           tappingOnsets: [(onset - MonoTime.zero).seconds])
        XCTAssertEqual(offline.last!, records.last!.hbo[1] - pipeline.signal.referenceHbO[1], accuracy: 1e-12)
        XCTAssertEqual(offline[0], records[0].hbo[1], "before the first segment the baseline is 0")
    }

    func testEachTappingBlockGetsItsOwnBaseline() throws {
        var pipeline = try HemoPipeline(layout: hbLayout(["S1-D1"]), settings: NirsSettings())
        var records = feed(&pipeline, 0..<300) { Self.wave($0, channels: 1) }
        pipeline.tappingBlockStarted(at: time(300, rateHz: 10))
        let first = pipeline.signal.referenceHbO[0]
        records += feed(&pipeline, 300..<600) { Self.wave($0, channels: 1) }
        let onset = MonoTime(nanoseconds: 59_950_000_000)  // between two samples
        pipeline.tappingBlockStarted(at: onset)
        let window = records.filter { $0.time < onset && onset - $0.time <= .seconds(5) }
        XCTAssertEqual(window.count, 50, "55.0 … 59.9 s")
        XCTAssertEqual(pipeline.signal.referenceHbO[0], Self.mean(window.map { $0.hbo[0] }), accuracy: 1e-12)
        XCTAssertNotEqual(pipeline.signal.referenceHbO[0], first, accuracy: 1e-3)
    }

    func testTheScreenShowsTheLastSecondOfTheSignalOverTheMotorChannels() throws {
        var pipeline = try HemoPipeline(layout: hbLayout(["S1-D1", "S1-D2", "S2-D2"]), settings: NirsSettings())
        feed(&pipeline, 0..<300) { Self.wave($0) }
        pipeline.tappingBlockStarted(at: time(300, rateHz: 10))
        let records = feed(&pipeline, 300..<400) { Self.wave($0) }
        XCTAssertEqual(pipeline.quality.assessments.map(\.status), [.good, .good, .good])
        XCTAssertEqual(pipeline.motorChannels, [0, 1, 2])
        let lastSecond = records.suffix(10)  // 10 Hz: the rows less than 1 s before the last
        let ref = pipeline.signal.referenceHbO, refR = pipeline.signal.referenceHbR
        let motor = pipeline.motorNow
        XCTAssertEqual(motor.hboChange, Self.mean(lastSecond.map { r in Self.mean((0..<3).map { r.hbo[$0] - ref[$0] }) }), accuracy: 1e-12)
        XCTAssertEqual(motor.hbrChange, Self.mean(lastSecond.map { r in Self.mean((0..<3).map { r.hbr[$0] - refR[$0] }) }), accuracy: 1e-12)
        XCTAssertEqual(motor.hbo, Self.mean(lastSecond.map { Self.mean($0.hbo) }), accuracy: 1e-12)
        XCTAssertNotEqual(motor.hboChange, 0, accuracy: 1e-3)
        for c in 0..<3 {
            XCTAssertEqual(pipeline.channelChanges[c], Self.mean(lastSecond.map { $0.hbo[c] - ref[c] }), accuracy: 1e-12)
        }
    }

    func testMotorChannelsInTheSettingsRestrictTheAverageAndUnknownNamesAreListed() throws {
        var settings = NirsSettings()
        settings.motorChannels = ["S2-D2", "S9-D9", "S1-D2", "C3"]
        var pipeline = try HemoPipeline(layout: hbLayout(["S1-D1", "S1-D2", "S2-D2"]), settings: settings)
        XCTAssertEqual(pipeline.motorSelection, [2, 1])
        XCTAssertEqual(pipeline.unknownMotorChannels, ["S9-D9", "C3"])
        let last = feed(&pipeline, 0..<200) { Self.wave($0) }.suffix(10)
        XCTAssertEqual(Set(pipeline.motorChannels), [1, 2])
        XCTAssertEqual(pipeline.motorNow.hbo, Self.mean(last.map { ($0.hbo[1] + $0.hbo[2]) / 2 }), accuracy: 1e-12)
    }

    func testBadChannelsLeaveTheAverage() throws {
        var pipeline = try HemoPipeline(layout: hbLayout(["S1-D1", "S1-D2", "S2-D2"]), settings: NirsSettings())
        let records = feed(&pipeline, 0..<200) { n in
            var v = Self.wave(n)
            v[2] = n % 2 == 0 ? 10 : -10  // channel 1 HbO swings ±10 µM: noisy
            return v
        }
        XCTAssertEqual(pipeline.quality.assessments.map(\.status), [.good, .noisy, .good])
        XCTAssertEqual(pipeline.motorChannels, [0, 2])
        XCTAssertEqual(pipeline.motorNow.hbo, Self.mean(records.suffix(10).map { ($0.hbo[0] + $0.hbo[2]) / 2 }), accuracy: 1e-12)
    }

    func testIfEveryChannelIsBadAllAreAveraged() throws {
        var pipeline = try HemoPipeline(layout: hbLayout(["S1-D1", "S1-D2"]), settings: NirsSettings())
        feed(&pipeline, 0..<200) { _ in [1, -1, 2, -2] }
        XCTAssertEqual(pipeline.quality.assessments.map(\.status), [.flat, .flat])
        XCTAssertEqual(pipeline.motorChannels, [0, 1])
    }

    func testHistoryBinsAreQuarterSecondMeansAndAreReReferencedAtATappingOnset() throws {
        // 20 Hz: five rows per 0.25 s bin.
        var pipeline = try HemoPipeline(layout: hbLayout(["S1-D1", "S1-D2"], rateHz: 20), settings: NirsSettings())
        let records = feed(&pipeline, 0..<400) { Self.wave($0, channels: 2, rateHz: 20) }
        XCTAssertEqual(pipeline.history.count, 79, "the bin being filled is not in the history yet")
        for (k, point) in pipeline.history.enumerated() {
            XCTAssertEqual(point.time, time(5 * k, rateHz: 20))
            let rows = records[(5 * k)..<(5 * k + 5)]
            XCTAssertEqual(point.hbo, Self.mean(rows.map { ($0.hbo[0] + $0.hbo[1]) / 2 }), accuracy: 1e-12, "bin \(k)")
        }
        let before = pipeline.history
        let onset = time(400, rateHz: 20)
        pipeline.tappingBlockStarted(at: onset)
        let shift = (pipeline.signal.referenceHbO[0] + pipeline.signal.referenceHbO[1]) / 2
        for (old, new) in zip(before, pipeline.history) {
            // The 5 s before the onset belong to the block's segment; what came earlier keeps its baseline.
            XCTAssertEqual(new.hbo, old.time >= onset - .seconds(5) ? old.hbo - shift : old.hbo, accuracy: 1e-12)
        }
        XCTAssertNotEqual(shift, 0, accuracy: 1e-3)
    }

    func testHistoryPointsAreAQuarterSecondApartAtTenHertzAndCappedAtAboutTwoMinutes() throws {
        var pipeline = try HemoPipeline(layout: hbLayout(["S1-D1"], rateHz: 10), settings: NirsSettings())
        feed(&pipeline, 0..<600) { Self.wave($0, channels: 1) }
        let times = pipeline.history.map(\.time)
        XCTAssertEqual((times.last! - times.first!).seconds / Double(times.count - 1), HemoPipeline.plotBinSeconds, accuracy: 0.02)
        var long = try HemoPipeline(layout: hbLayout(["S1-D1"], rateHz: 20), settings: NirsSettings())
        let capacity = Int(HemoPipeline.historySeconds / HemoPipeline.plotBinSeconds)
        for chunk in 0..<20 {  // 400 s
            feed(&long, (chunk * 400)..<((chunk + 1) * 400)) { Self.wave($0, channels: 1, rateHz: 20) }
            XCTAssertLessThanOrEqual(long.history.count, capacity + capacity / 4)
        }
        XCTAssertGreaterThanOrEqual((long.history.last!.time - long.history.first!.time).seconds,
                                    HemoPipeline.historySeconds - HemoPipeline.plotBinSeconds)
    }

    /// The reason the signal has no filter: a sustained step in light (+1 µM HbO, −0.33 µM HbR)
    /// stays a step; the former 0.003 Hz high-pass would have taken a third of it back within 30 s.
    func testASustainedStepInLightStaysASustainedStep() throws {
        let layout = NirsLayout(kind: .intensity, rateHz: 10, wavelengths: [760, 850], channels: ["S1-D1"])
        let law = try BeerLambert(wavelengthsNanometres: (760, 850), distanceMetres: 0.03)
        var pipeline = try HemoPipeline(layout: layout, settings: NirsSettings())
        func intensities(_ n: Int) -> [Double] {
            let on = n >= 300
            let od = law.opticalDensities(hbo: on ? 1 : 0, hbr: on ? -0.33 : 0)
            let cardiac = 0.002 * sin(2 * Double.pi * Double(n) / 10)  // keeps the channel from being flat
            return [10_000 * exp(-(od.od1 + cardiac)), 8_000 * exp(-(od.od2 + cardiac))]
        }
        feed(&pipeline, 0..<300) { intensities($0) }
        XCTAssertEqual(pipeline.samplesConverted, 300, "every sample converted after the 5 s reference")
        pipeline.tappingBlockStarted(at: time(300, rateHz: 10))
        feed(&pipeline, 300..<600) { intensities($0) }
        XCTAssertEqual(pipeline.quality.assessments[0].status, .good)
        XCTAssertEqual(pipeline.motorNow.hboChange, 1, accuracy: 0.01, "30 s after the step")
        XCTAssertEqual(pipeline.motorNow.hbrChange, -0.33, accuracy: 0.01)
    }

    /// Three hand-built intensity channels: a 1 Hz pulse at both wavelengths plus small noise.
    static func lightOfThreeChannels(_ n: Int, rng: inout SeededGenerator) -> [Double] {
        let pulse = sin(2 * Double.pi * Double(n) / 10)
        return (0..<3).flatMap { c -> [Double] in
            [10_000 * exp(-(0.01 * pulse + rng.normal(mean: 0, sd: 0.001))),
             8_000 * exp(-(0.015 * pulse + rng.normal(mean: 0, sd: 0.001)))]
        }
    }

    /// One sample of zero light (a dropout, or a zero in a replayed SNIRF file) gives OD = +∞: the
    /// channel keeps its last value, and the average and plot stay finite.
    func testOneSampleOfZeroLightDoesNotPoisonTheChannel() throws {
        let layout = NirsLayout(kind: .intensity, rateHz: 10, wavelengths: [760, 850], channels: ["S1-D1", "S1-D2", "S2-D2"])
        var pipeline = try HemoPipeline(layout: layout, settings: NirsSettings())
        var rng = SeededGenerator(seed: 9)
        feed(&pipeline, 0..<600) { n in
            var v = Self.lightOfThreeChannels(n, rng: &rng)
            if n == 200 { v[0] = 0 }
            return v
        }
        XCTAssertEqual(pipeline.quality.assessments.map(\.status), [.good, .good, .good], "40 s after the dropout")
        XCTAssertTrue(pipeline.latestHbO.allSatisfy(\.isFinite))
        XCTAssertTrue(pipeline.motorNow.hbo.isFinite)
        XCTAssertTrue(pipeline.history.allSatisfy { $0.hbo.isFinite && $0.hbr.isFinite })
    }

    /// A jump in one channel's light is a motion artefact (Homer3's amplitude rule) on that channel.
    func testAJumpInLightIsAMotionArtefactOnItsChannel() throws {
        let layout = NirsLayout(kind: .intensity, rateHz: 10, wavelengths: [760, 850], channels: ["S1-D1", "S1-D2", "S2-D2"])
        var pipeline = try HemoPipeline(layout: layout, settings: NirsSettings())
        var rng = SeededGenerator(seed: 9)
        var events: [MotionArtefactDetector.Event] = []
        for n in 0..<700 {
            var v = Self.lightOfThreeChannels(n, rng: &rng)
            if (400..<405).contains(n) { v[2] *= exp(-6); v[3] *= exp(-6) }  // channel 1: a 6 OD spike for 0.5 s
            events += pipeline.add(NirsSample(hostTime: time(n, rateHz: 10), deviceTimeMilliseconds: nil, values: v)).artefacts
        }
        let ended = events.compactMap(\.ended)
        XCTAssertEqual(ended.map(\.channel), [1])
        XCTAssertEqual(pipeline.artefacts, ended)
        let artefact = try XCTUnwrap(ended.first)
        XCTAssertLessThanOrEqual(artefact.firstTime, time(400, rateHz: 10))
        XCTAssertGreaterThanOrEqual(artefact.lastTime, time(405, rateHz: 10))
    }

    /// With a short-separation channel, the shared scalp signal is regressed out of the long one
    /// before the HbO signal (after the regressor's warm-up), the cortex-only response kept; the
    /// short channel is never in the motor average; `hemo.tsv` keeps MNE's conversion as is.
    func testAShortChannelTakesTheScalpOutOfTheLongOne() throws {
        let layout = NirsLayout(kind: .intensity, rateHz: 10, wavelengths: [760, 850], channels: ["S1-D1", "S1-D2"],
                                distancesCentimetres: [3, 0.8])
        var pipeline = try HemoPipeline(layout: layout, settings: NirsSettings())
        XCTAssertEqual(pipeline.shortChannels?.shortChannels, [1])
        XCTAssertEqual(pipeline.motorChannels, [0])
        let long = try BeerLambert(wavelengthsNanometres: (760, 850), distanceMetres: 0.03)
        let short = try BeerLambert(wavelengthsNanometres: (760, 850), distanceMetres: 0.008)
        func sample(_ n: Int) -> [Double] {
            let t = Double(n) / 10
            let scalp = 0.5 * sin(2 * Double.pi * 0.1 * t)             // a Mayer wave, in both channels
            let cortex = t >= 90 && t < 120 ? 0.7 : 0                    // a block, in the long channel only
            let cardiac = 0.05 * sin(2 * Double.pi * 1.1 * t)
            let a = long.opticalDensities(hbo: cortex + scalp + cardiac, hbr: -0.3 * cortex + 0.3 * scalp)
            let b = short.opticalDensities(hbo: 2 * (scalp + cardiac), hbr: 0.6 * scalp)
            return [10_000 * exp(-a.od1), 8_000 * exp(-a.od2), 12_000 * exp(-b.od1), 9_000 * exp(-b.od2)]
        }
        var raw: [HemoSample] = [], corrected: [HemoSample] = []
        for n in 0..<1300 {
            if n == 900 { pipeline.tappingBlockStarted(at: time(900, rateHz: 10)) }
            let out = pipeline.add(NirsSample(hostTime: time(n, rateHz: 10), deviceTimeMilliseconds: nil, values: sample(n)))
            raw += out.hemo
            corrected += out.corrected
        }
        // Mayer wave left in the long channel's HbO, 60–85 s (after the 30 s warm-up, before the block).
        func swing(_ rows: [HemoSample]) -> Double {
            let part = rows.filter { $0.time >= .seconds(60) && $0.time < .seconds(85) }.map { $0.hbo[0] }
            return (part.max() ?? 0) - (part.min() ?? 0)
        }
        XCTAssertGreaterThan(swing(raw), 0.9, "MNE's conversion keeps the scalp wave")
        XCTAssertLessThan(swing(corrected), 0.2 * swing(raw), "≥ 80 % of it regressed out")
        // The block's response is kept: mean over 100–118 s minus the 5 s before the onset.
        let value = HbOSignal.referenced(corrected.map { $0.hbo[0] }, times: corrected.map { ($0.time - MonoTime.zero).seconds }, tappingOnsets: [90])
        let during = zip(corrected, value).filter { $0.0.time >= .seconds(100) && $0.0.time < .seconds(118) }.map(\.1)
        XCTAssertEqual(Self.mean(during), 0.7, accuracy: 0.1)
    }
}
