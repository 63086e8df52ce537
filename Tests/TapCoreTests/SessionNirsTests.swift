import XCTest
@testable import TapCore

/// The session's fNIRS side on a virtual clock: headers, samples, rejections, loss, resets.
final class SessionNirsTests: XCTestCase {
    /// baseline 10 s → fast 10 s (self-paced) → rest 5 s.
    let definition = SessionProtocol(name: "n", blocks: [
        Block(kind: .rest, label: "baseline", durationSeconds: 10, isBaseline: true),
        Block(kind: .tap, label: "fast", durationSeconds: 10, pace: .selfPaced),
        Block(kind: .rest, label: "rest", durationSeconds: 5),
    ])
    let layout = NirsLayout(kind: .intensity, rateHz: 10, wavelengths: [760, 850], channels: ["S1-D1", "S2-D1"])

    func session() -> Session {
        Session(definition: definition, origin: .zero, subjectID: "t", nirsSource: "test")
    }

    /// Sample `index` at 10 Hz: intensities that vary gently (no two equal).
    func sample(_ index: Int, scale: Double = 1) -> NirsSample {
        let t = Double(index) / 10
        let wobble = 1 + 0.001 * sin(2 * .pi * 1.0 * t)
        return NirsSample(hostTime: .seconds(t), deviceTimeMilliseconds: t * 1000,
                          values: [1000 * wobble * scale, 2000 * wobble, 1500 * wobble, 2500 * wobble * scale])
    }

    func effects<T>(_ effects: [Effect], _ pick: (Effect) -> T?) -> [T] { effects.compactMap(pick) }

    func testTheFirstHeaderOpensTheRecordsWithTheConversionConstants() throws {
        var s = session()
        let out = s.handle(.nirsHeader(layout, at: .seconds(0)))
        let started = effects(out) { if case .nirsStarted(let l, let c) = $0 { return (l, c) } else { return nil } }
        XCTAssertEqual(started.count, 1)
        XCTAssertEqual(started.first?.0, layout)
        let constants = try XCTUnwrap(started.first?.1)
        XCTAssertEqual(constants.distancesMetres, [0.03, 0.03])
        XCTAssertEqual(constants.pathlengthFactors, [6, 6])
        XCTAssertEqual(constants.absorptionFactor, 0.2303)
        XCTAssertEqual(constants.extinction, [[586, 1548.52], [1058, 691.32]])  // SCIENCE.md §3, Prahl via MNE
        XCTAssertNotNil(s.hemo)
        XCTAssertEqual(s.nirsSource?.layout, layout)
    }

    func testRawSamplesAreRecordedAtOnceAndHemoglobinOnceTheReferenceIsKnown() {
        var s = session()
        _ = s.handle(.nirsHeader(layout, at: .zero))
        var raw = 0, hemo: [HemoSample] = []
        for i in 0..<60 {
            let out = s.handle(.nirsSamples([sample(i)], at: .seconds(Double(i) / 10)))
            raw += effects(out) { if case .recordNirs(let r) = $0 { return r.count } else { return nil } }.reduce(0, +)
            hemo += effects(out) { if case .recordHemo(let h) = $0 { return h } else { return nil } }.flatMap { $0 }
            if i < 50 { XCTAssertTrue(hemo.isEmpty, "no HbO before the 5 s reference is complete (sample \(i))") }
        }
        XCTAssertEqual(raw, 60)
        XCTAssertEqual(hemo.count, 60, "every sample converted exactly once")
        XCTAssertEqual(hemo.map(\.time), (0..<60).map { .seconds(Double($0) / 10) })
        XCTAssertEqual(s.nirsSource?.samplesReceived, 60)
    }

    /// A motion artefact on a motor channel: its `motion_artefact` row, and the log line the
    /// clinician sees (which never showed while the pipeline ran outside the session).
    func testAMotionArtefactOnAMotorChannelIsRecordedAndLogged() {
        var s = session()
        _ = s.handle(.nirsHeader(layout, at: .zero))
        var rows: [EventRecord] = []
        for i in 0..<100 {  // S1-D1 760 and S2-D1 850 drop a thousandfold at 4 s and stay there (ΔOD 6.9 > Homer3's 5)
            let out = s.handle(.nirsSamples([sample(i, scale: i < 40 ? 1 : 0.001)], at: .seconds(Double(i) / 10)))
            rows += effects(out) { if case .recordEvent(let e) = $0, e.trialType == "motion_artefact" { return e } else { return nil } }
        }
        XCTAssertEqual(rows.compactMap { $0.value?.split(separator: ";").first }, ["channel=S1-D1", "channel=S2-D1"])
        for channel in ["S1-D1", "S2-D1"] {
            XCTAssertEqual(s.log.filter { $0.contains("motion artefact \(channel)") }.count, 1, "\(s.log)")
        }
    }

    func testSamplesOfTheWrongWidthAreIgnoredAndCounted() {
        var s = session()
        _ = s.handle(.nirsHeader(layout, at: .zero))
        let bad = NirsSample(hostTime: .zero, deviceTimeMilliseconds: 0, values: [1, 2, 3])
        let out = s.handle(.nirsSamples([bad, sample(1)], at: .seconds(0.1)))
        XCTAssertEqual(effects(out) { if case .recordNirs(let r) = $0 { return r.count } else { return nil } }, [1])
        XCTAssertEqual(s.nirsSource?.samplesIgnored, 1)
    }

    func testRejectedLinesAreCountedPerReason() {
        var s = session()
        _ = s.handle(.nirsRejected(.badChecksum, at: .seconds(1)))
        _ = s.handle(.nirsRejected(.badChecksum, at: .seconds(2)))
        _ = s.handle(.nirsRejected(.notANumber, at: .seconds(3)))
        XCTAssertEqual(s.nirsSource?.rejected, [.badChecksum: 2, .notANumber: 1])
        XCTAssertEqual(s.nirsSource?.rejectedText, "bad_checksum=2;not_a_number=1")
        XCTAssertEqual(s.view(at: .seconds(3)).nirs?.rejected, 3)
    }

    func testSignalLossIsLoggedOnceAndItsReturnWithTheGap() {
        var s = session()
        let lost = s.handle(.nirsLost(reason: "end of file", at: .seconds(12)))
        XCTAssertEqual(lost, [.recordEvent(EventRecord(onset: .seconds(12), duration: nil, trialType: "nirs_signal_lost",
                                                       value: "reason=end of file"))])
        XCTAssertEqual(s.handle(.nirsLost(reason: "not found", at: .seconds(13))), [], "already lost: no second row")
        XCTAssertEqual(s.view(at: .seconds(13)).nirs?.lostAtSeconds, 12)
        let back = s.handle(.nirsBack(at: .seconds(15.5)))
        XCTAssertEqual(back, [.recordEvent(EventRecord(onset: .seconds(15.5), duration: nil, trialType: "nirs_signal_back",
                                                       value: "gap_s=3.500"))])
        XCTAssertNil(s.nirsSource?.lostAt)
        XCTAssertEqual(s.nirsSource?.gaps, 1)
    }

    func testADeviceResetWithTheSameLayoutCarriesOnAndADifferentOneIsRefused() {
        var s = session()
        _ = s.handle(.nirsHeader(layout, at: .zero))
        let same = s.handle(.nirsHeader(layout, at: .seconds(1)))
        XCTAssertEqual(same, [.recordEvent(EventRecord(onset: .seconds(1), duration: nil, trialType: "nirs_reset",
                                                       value: "layout=same"))])
        XCTAssertFalse(s.handle(.nirsSamples([sample(11)], at: .seconds(1.1))).isEmpty)
        var other = layout
        other.channels = ["S9-D9", "S9-D8"]
        _ = s.handle(.nirsHeader(other, at: .seconds(2)))
        XCTAssertEqual(s.handle(.nirsSamples([sample(21)], at: .seconds(2.1))), [])
        XCTAssertEqual(s.nirsSource?.samplesIgnored, 1)
        XCTAssertEqual(s.nirsSource?.resets, 2)
        XCTAssertEqual(s.nirsSource?.layout, layout, "the files keep the first layout")
    }

    func testAStreamThatCannotBeConvertedIsStillRecordedRaw() {
        var s = session()
        let three = NirsLayout(kind: .intensity, rateHz: 10, wavelengths: [690, 760, 850], channels: ["S1-D1"])
        let out = s.handle(.nirsHeader(three, at: .zero))
        XCTAssertTrue(out.contains(.nirsStarted(three, nil)))
        XCTAssertNil(s.hemo)
        let samples = s.handle(.nirsSamples([NirsSample(hostTime: .zero, deviceTimeMilliseconds: 0, values: [1, 2, 3])], at: .zero))
        XCTAssertEqual(samples.count, 1)
        XCTAssertEqual(s.view(at: .zero).nirs?.problem, "the stream has 3 wavelength(s); HbO and HbR need exactly 2")
    }

    func testTheTappingBlockTakesItsBaselineFromTheSecondsBeforeItsOnset() throws {
        var s = session()
        _ = s.handle(.nirsHeader(layout, at: .zero))
        for i in 0..<120 { _ = s.handle(.nirsSamples([sample(i)], at: .seconds(Double(i) / 10))) }
        XCTAssertEqual(s.hemo?.signal.referenceHbO, [0, 0], "no block yet")
        _ = s.handle(.keyPressed(.enter, at: .seconds(2)))
        XCTAssertEqual(s.hemo?.signal.referenceHbO, [0, 0], "the baseline rest is not a tapping block")
        for i in 120..<150 { _ = s.handle(.nirsSamples([sample(i)], at: .seconds(Double(i) / 10))) }
        // The tapping block starts at 12 s (2 s + the 10 s baseline); the samples to 14.9 s have arrived.
        let pipeline = try XCTUnwrap(s.hemo)
        XCTAssertEqual(pipeline.signal.segmentStart, .seconds(7))
        XCTAssertNotEqual(pipeline.signal.referenceHbO, [0, 0], "the block took the mean of the 5 s before its onset")
        XCTAssertEqual(s.blockEpochs?.epochs.map(\.label), ["fast"])
        XCTAssertEqual(s.blockEpochs?.epochs.first?.onset, .seconds(12))
    }

    func testTheLivePanelShowsTheSourceAndShadesTappingBlocks() throws {
        var s = session()
        _ = s.handle(.nirsHeader(layout, at: .zero))
        for i in 0..<300 {
            let t = Double(i) / 10
            if i == 10 { _ = s.handle(.keyPressed(.enter, at: .seconds(1))) }
            _ = s.handle(.nirsSamples([sample(i)], at: .seconds(t)))
        }
        // Enter at 1 s: baseline 1–11 s, fast 11–21 s, rest 21–26 s, session over at 26 s.
        let panel = try XCTUnwrap(s.view(at: .seconds(20)).nirs)
        XCTAssertEqual(panel.source, "test")
        XCTAssertEqual(panel.kind, "intensity")
        XCTAssertEqual(panel.channels.map(\.name), ["S1-D1", "S2-D1"])
        XCTAssertFalse(panel.points.isEmpty)
        XCTAssertTrue(panel.points.allSatisfy { $0.secondsAgo >= 0 && $0.secondsAgo <= NirsPanel.windowSeconds })
        XCTAssertEqual(s.phase, .finished)
        let during = try XCTUnwrap(s.tappingSpans(now: .seconds(26), window: 60).first)
        XCTAssertEqual(during.label, "fast")
        XCTAssertEqual(during.startSecondsAgo, 15, accuracy: 1e-9)
        XCTAssertEqual(during.endSecondsAgo, 5, accuracy: 1e-9)
    }

    func testTheSimulatorSeesTappingOnlyInsideTappingBlocks() {
        var s = session()
        XCTAssertEqual(s.taskActivity(at: .seconds(0.5)), .rest, "ready screen")
        _ = s.handle(.keyPressed(.enter, at: .seconds(1)))
        XCTAssertEqual(s.taskActivity(at: .seconds(5)), .rest, "baseline")
        _ = s.handle(.deadlineReached(at: .seconds(11)))
        let early = s.taskActivity(at: .seconds(12))
        XCTAssertTrue(early.tapping)
        XCTAssertTrue(early.fast)
        XCTAssertEqual(early.secondsIntoBlock, 1, accuracy: 1e-9)
        XCTAssertNil(early.tapRateHz, "nobody has tapped: the block's nominal response")
        for k in 0..<20 { _ = s.handle(.keyPressed(.character(" "), at: .seconds(12 + 0.2 * Double(k)))) }
        let tapping = s.taskActivity(at: .seconds(16))
        XCTAssertEqual(tapping.tapRateHz ?? 0, 5, accuracy: 0.3)
    }

    func testFastBlocksAreSelfPacedOrAtLeastThreeHertzOrLabelledFast() {
        XCTAssertTrue(Session.isFast(Block(kind: .tap, label: "x", durationSeconds: 1, pace: .selfPaced)))
        XCTAssertTrue(Session.isFast(Block(kind: .tap, label: "x", durationSeconds: 1, pace: .hz(3))))
        XCTAssertTrue(Session.isFast(Block(kind: .tap, label: "Fast2", durationSeconds: 1, pace: .hz(1))))
        XCTAssertFalse(Session.isFast(Block(kind: .tap, label: "slow", durationSeconds: 1, pace: .hz(1))))
    }
}
