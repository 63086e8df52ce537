import XCTest
@testable import TapCore

/// HbO fade and no-activation on noise-free synthetic responses with exact onsets.
final class HbOFadeDetectorTests: XCTestCase {
    let rate = 7.8125
    let start = MonoTime.seconds(100)
    let fast = Block(kind: .tap, label: "fast", durationSeconds: 30, pace: .selfPaced)

    /// Feeds `value(t)` as the motor average and both channels for the block; returns the events.
    func run(settings: HbOFadeSettings = HbOFadeSettings(), _ value: (Double) -> Double) -> [FadeEvent] {
        var detector = HbOFadeDetector(settings: settings, block: fast, blockStart: start,
                                       channels: ["S1-D1", "S1-D2"], sampleRateHz: rate)
        var events: [FadeEvent] = []
        for i in 0..<Int(30 * rate) {
            let t = Double(i) / rate
            let v = value(t)
            events += detector.sample(at: start + .seconds(t), average: v, channels: [v, v])
        }
        return events
    }

    func expected(_ t: Double) -> Double {
        ExpectedResponse(sampleRateHz: rate, durationSeconds: 40, highPassHz: 0)
            .value(atSeconds: t)
    }

    func testCleanSPMBlockRaisesNothing() {
        let model = ExpectedResponse(sampleRateHz: rate, durationSeconds: 40, highPassHz: 0)
        XCTAssertEqual(run { 0.7 * model.value(atSeconds: $0) }, [])
    }

    func testHealthyDeclineAfterPeakIsNotAFadeButThePeakRuleSaysSo() {
        // Without a high-pass the SPM block peaks at 1.145 × plateau and ends at 1.0 (SCIENCE.md §4).
        var s = HbOFadeSettings()
        let model = ExpectedResponse(sampleRateHz: rate, durationSeconds: 40, highPassHz: 0)
        XCTAssertEqual(model.values.max() ?? 0, 1.145, accuracy: 0.01)
        XCTAssertEqual(run(settings: s) { 0.7 * model.value(atSeconds: $0) }, [])
    }

    func testResponseFallingByHalfIsAFadeWithOnsetNearTheTruth() throws {
        let model = ExpectedResponse(sampleRateHz: rate, durationSeconds: 40, highPassHz: 0)
        let trueOnset = 16.0
        for method in HbOFadeSettings.Method.allCases {
            var s = HbOFadeSettings()
            s.method = method
            let events = run(settings: s) { t in 0.7 * model.value(atSeconds: t) * (t >= trueOnset ? 0.5 : 1) }
            let flags = events.compactMap { if case .raised(let f) = $0, f.kind == .fadeHbO { return f }; return nil }
            XCTAssertEqual(flags.map(\.channel), [nil, "S1-D1", "S1-D2"], "\(method)")
            let flag = try XCTUnwrap(flags.first)
            XCTAssertEqual((flag.onset - start).seconds, trueOnset, accuracy: 1.0, "\(method)")
            XCTAssertLessThan((flag.raisedAt - start).seconds, trueOnset + 8)
            XCTAssertLessThan(flag.magnitude, -0.3)
        }
        // The default's magnitude is the ratio to the model: −50 % once the window is all past the drop.
        var sensitive = HbOFadeSettings()
        var detector = HbOFadeDetector(settings: sensitive, block: fast, blockStart: start, channels: [],
                                       sampleRateHz: rate)
        for i in 0..<Int(30 * rate) {
            let t = Double(i) / rate
            _ = detector.sample(at: start + .seconds(t), average: 0.7 * model.value(atSeconds: t) * (t >= trueOnset ? 0.5 : 1),
                                channels: [])
        }
        let summary = detector.summary(blockEnd: start + .seconds(30))
        XCTAssertEqual(try XCTUnwrap(summary.fadeOnsetSeconds), trueOnset, accuracy: 1.0)
        XCTAssertEqual(try XCTUnwrap(summary.amplitudeMicromolar), 0.7, accuracy: 1e-6)
        XCTAssertFalse(summary.noActivation)
        XCTAssertNoThrow(try JSONEncoder().encode(summary))
    }

    func testFlatResponseIsNoActivationAtTheConfiguredTime() throws {
        let events = run { _ in 0 }
        let flags = events.compactMap { if case .raised(let f) = $0 { return f }; return nil }
        XCTAssertEqual(flags.map(\.kind), [.noActivationHbO])  // the motor average only, by default
        let flag = try XCTUnwrap(flags.first)
        XCTAssertEqual(flag.onset, start)
        let at = (flag.raisedAt - start).seconds
        XCTAssertGreaterThanOrEqual(at, 15)
        XCTAssertLessThan(at, 15 + 1 / rate)
    }

    /// A 0.3 µM Mayer-like wave in HbO with 0.3 × it in HbR, on a clean response: with the CBSI
    /// weight the session learnt in the rest before the block (`CbsiWeight`) the detector sees the
    /// response only.
    func testCBSIWithTheSessionWeightCancelsASystemicWave() throws {
        let model = ExpectedResponse(sampleRateHz: rate, durationSeconds: 40, highPassHz: 0)
        func wave(_ t: Double) -> Double { 0.3 * sin(2 * Double.pi * 0.1 * t + 2) }
        var book = HbOReferenceBook()
        let rest = Int(60 * rate)
        for i in 0..<rest {
            let w = wave(Double(i) / rate - 60)
            book.weights.observe(hbo: w, hbr: 0.3 * w, channelsHbO: [w], channelsHbR: [0.3 * w])
        }
        // SD(ΔHbO)/SD(ΔHbR) = 1/0.3, shrunk towards 3 with the prior's weight.
        let n = Double(rest - 1), n0 = Double(CbsiWeight.priorDifferences)
        XCTAssertEqual(try XCTUnwrap(book.weights.alpha), (n0 * 3 + n / 0.3) / (n0 + n), accuracy: 1e-9)
        book.weights.blockStarted()
        var detector = book.detector(settings: HbOFadeSettings(), block: fast, blockStart: start, channels: [],
                                     sampleRateHz: rate)
        var events: [FadeEvent] = []
        for i in 0..<Int(30 * rate) {
            let t = Double(i) / rate
            let task = 0.7 * model.value(atSeconds: t)
            events += detector.sample(at: start + .seconds(t), average: task + wave(t), channels: [],
                                      hbrAverage: -0.33 * task + 0.3 * wave(t), hbrChannels: [])
        }
        XCTAssertEqual(events, [])
    }

    /// The rest noise is the RMS of the drop statistic from 12 s into each rest: on a ramp of
    /// 0.1 µM/s every 4 s change is 0.4 µM; a new rest (time going back) starts its windows afresh.
    func testRestNoiseMeasuresTheDropStatisticInRests() throws {
        var noise = RestNoise(smoothingSeconds: 1.5, lagSeconds: 4, fromSeconds: 12)
        for rest in 0..<2 {
            for i in 0..<(20 * 8) {
                let t = Double(i) / 8
                noise.add(t: t, z: 0.1 * t + Double(rest) * 5)
            }
        }
        XCTAssertEqual(noise.count, 2 * (20 - 12) * 8)
        XCTAssertEqual(try XCTUnwrap(noise.rms), 0.4, accuracy: 1e-9)
        var book = HbOReferenceBook()
        XCTAssertNil(book.restNoise?.rms)
        for i in 0..<(30 * 8) {
            book.observeRest(secondsIntoRest: Double(i) / 8, hbo: 0.2 * Double(i) / 8, hbr: 0, settings: HbOFadeSettings())
        }
        // CBSI halves the HbO (HbR 0): 0.1 µM/s.
        XCTAssertEqual(try XCTUnwrap(book.restNoise?.rms), 0.4, accuracy: 1e-9)
    }

    /// The weight counts differences within a block only, and only over the same averaged channels.
    func testCbsiWeightSkipsBlockStartsAndChannelChanges() throws {
        var weight = CbsiWeight()
        XCTAssertNil(weight.alpha)
        for i in 0..<60 {
            let x = Double(i % 2)
            weight.observe(hbo: 2 * x, hbr: x, channelsHbO: [2 * x, 4 * x], channelsHbR: [x, x], averagedOver: [0, 1])
        }
        XCTAssertEqual(weight.average.count, 59)
        XCTAssertEqual(weight.channels.map(\.count), [59, 59])
        weight.blockStarted()
        weight.observe(hbo: 100, hbr: 0, channelsHbO: [0, 0], channelsHbR: [0, 0], averagedOver: [0, 1])
        XCTAssertEqual(weight.average.count, 59, "no difference across a block start")
        weight.observe(hbo: 100, hbr: 0, channelsHbO: [0, 0], channelsHbR: [0, 0], averagedOver: [1])
        XCTAssertEqual(weight.average.count, 59, "no difference across a change of the averaged channels")
        XCTAssertEqual(weight.channels.map(\.count), [60, 60])
        let n = 59.0, n0 = Double(CbsiWeight.priorDifferences)
        XCTAssertEqual(try XCTUnwrap(weight.alpha), (n0 * 3 + n * 2) / (n0 + n), accuracy: 1e-12)
    }

    /// `model_drop`: a response that falls by 40 % at 18 s over 2 s is flagged within a few seconds,
    /// with the onset at the fall and the size of the fall; the flag clears once the response is
    /// back, and a recovered block is not flagged again.
    func testModelDropRaisesAtTheFallAndClearsOnRecovery() throws {
        let model = ExpectedResponse(sampleRateHz: rate, durationSeconds: 40, highPassHz: 0)
        func factor(_ t: Double) -> Double {
            if t < 18 { return 1 }
            if t < 20 { return 1 - 0.4 * (t - 18) / 2 }
            return t < 24 ? 0.6 : 1
        }
        let events = run { t in 0.7 * model.value(atSeconds: t) * factor(t) }
        let average = events.filter { $0.flag.channel == nil }
        XCTAssertEqual(average.count, 2)
        guard case .raised(let flag) = try XCTUnwrap(average.first), case .cleared(_, let cleared) = try XCTUnwrap(average.last)
        else { return XCTFail("expected a raise, then a clear: \(average)") }
        XCTAssertEqual(flag.kind, .fadeHbO)
        XCTAssertEqual((flag.onset - start).seconds, 18, accuracy: 1.0)
        let delay = (flag.raisedAt - start).seconds - 18
        XCTAssertGreaterThan(delay, 0)
        XCTAssertLessThan(delay, 5)
        XCTAssertEqual(flag.magnitude, -0.4, accuracy: 0.12)
        XCTAssertTrue(flag.detail.contains("method=model_drop"))
        XCTAssertGreaterThan((cleared - start).seconds, 24)
        XCTAssertLessThan((cleared - start).seconds, 28)
        // With the noise measured in the session's rests at 0.2 µM the floor is 2 × 0.2 µM: the same
        // 0.28 µM fall is within the noise and not flagged.
        var noisy = HbOFadeDetector(settings: HbOFadeSettings(), block: fast, blockStart: start, channels: [],
                                    sampleRateHz: rate, restNoiseMicromolar: 0.2)
        var noisyEvents: [FadeEvent] = []
        for i in 0..<Int(30 * rate) {
            let t = Double(i) / rate
            noisyEvents += noisy.sample(at: start + .seconds(t), average: 0.7 * model.value(atSeconds: t) * factor(t), channels: [])
        }
        XCTAssertEqual(noisyEvents, [])
        // A drop below the µM floor (10 % of 0.7 µM) is not flagged.
        XCTAssertEqual(run { t in 0.7 * model.value(atSeconds: t) * (t < 18 ? 1 : 0.9) }.filter { $0.flag.channel == nil }, [])
    }

    /// A block that responds at half the session's earlier blocks: its own early fit alone sees a
    /// healthy response; the carried reference (blended with it) sees the fade. The book carries
    /// the early-rise amplitude of earlier blocks with the same label.
    func testCarriedReferenceFlagsAWeakBlockAndTheBookCarriesIt() throws {
        let model = ExpectedResponse(sampleRateHz: rate, durationSeconds: 40, highPassHz: 0)
        func feed(_ detector: inout HbOFadeDetector, gain: Double) -> [FadeFlag] {
            var flags: [FadeFlag] = []
            for i in 0..<Int(30 * rate) {
                let t = Double(i) / rate
                for e in detector.sample(at: start + .seconds(t), average: gain * model.value(atSeconds: t), channels: []) {
                    if case .raised(let f) = e { flags.append(f) }
                }
            }
            return flags
        }
        var book = HbOReferenceBook()
        XCTAssertNil(book.reference(for: fast))
        for _ in 0..<2 {
            var healthy = book.detector(settings: HbOFadeSettings(), block: fast, blockStart: start, channels: [],
                                        sampleRateHz: rate)
            XCTAssertEqual(feed(&healthy, gain: 0.7), [])
            let summary = healthy.summary(blockEnd: start + .seconds(30))
            XCTAssertEqual(try XCTUnwrap(summary.amplitudeMicromolar), 0.7, accuracy: 1e-9)
            book.record(summary, block: fast)
        }
        let carried = try XCTUnwrap(book.reference(for: fast))
        XCTAssertEqual(carried.amplitude, 0.7, accuracy: 1e-9)
        XCTAssertEqual(carried.blocks, 2)
        XCTAssertNil(book.reference(for: Block(kind: .tap, label: "slow", durationSeconds: 30, pace: .hz(1))))
        // Half the response from the start, judged against the model's level (`model_cusum`; the
        // default change detector, `model_drop`, looks for a fall within the block, which a block weak
        // from its start never has): no fade on its own fit, a fade against the book.
        var level = HbOFadeSettings()
        level.method = .modelCusum
        var alone = HbOFadeDetector(settings: level, block: fast, blockStart: start, channels: [], sampleRateHz: rate)
        XCTAssertEqual(feed(&alone, gain: 0.35).filter { $0.kind == .fadeHbO }, [])
        var weak = book.detector(settings: level, block: fast, blockStart: start, channels: [], sampleRateHz: rate)
        let flag = try XCTUnwrap(feed(&weak, gain: 0.35).first { $0.kind == .fadeHbO })
        XCTAssertLessThan((flag.raisedAt - start).seconds, 22)
        XCTAssertLessThan(flag.magnitude, -0.3)
        XCTAssertTrue(flag.detail.contains("method=model_cusum"))
    }
}
