import XCTest
@testable import TapCore

/// What `--lsl-out` publishes: the marker texts and times from a real session script, and the
/// hemoglobin stream's description (which tapnirs' own LSL reader must understand).
final class LslOutletStreamTests: XCTestCase {
    let origin = MonoTime.seconds(100)
    let space = Key.character(" ")

    func definition() -> SessionProtocol {
        SessionProtocol(name: "short", blocks: [
            Block(kind: .rest, label: "baseline", durationSeconds: 2, isBaseline: true),
            Block(kind: .tap, label: "slow", durationSeconds: 4, pace: .hz(2), metronome: .on),
        ])
    }

    func testEveryRowTapAndBlockEdgeBecomesAMarkerAtItsOwnTime() {
        var session = Session(definition: definition(), origin: origin, subjectID: "t")
        var stream = LslMarkerStream(origin: origin)
        var markers: [LslMarker] = []
        func feed(_ event: Event) { markers += stream.markers(for: session.handle(event)) }
        feed(.keyPressed(space, at: origin + .seconds(0.5)))  // on the ready screen: not counted
        feed(.keyPressed(.enter, at: origin + .seconds(1)))
        feed(.keyPressed(space, at: origin + .seconds(3.25)))  // in the slow block (3–7 s)
        feed(.keyPressed(Key.character("m"), at: origin + .seconds(4)))
        feed(.deadlineReached(at: origin + .seconds(7.001)))
        XCTAssertEqual(markers.map(\.text), [
            "baseline\tblock=1;cue=REST",
            "block_end\tblock=1;label=baseline",
            "slow\tblock=2;cue=TAP SLOW;pace_hz=2.0",
            "tap\tblock=2;block_label=slow;key=space",
            "marker\t1",
            // Nobody taps after 3.25 s: the detectors decide at their own deadlines.
            "behind_beat\tstate=raised;fade_onset=3.000;delay_s=1.175;magnitude=-3.000;block=2;channel=n/a;missed_beats=3;"
                + "tolerance_s=0.175",
            "fade_tap\tstate=raised;fade_onset=3.250;delay_s=1.500;magnitude=-0.667;block=2;channel=n/a;reason=stop;"
                + "no_tap_s=1.500;limit_s=1.500",
            "behind_beat\tstate=cleared;raised_at=4.175;reason=block ended;block=2;channel=n/a;missed_beats=3;tolerance_s=0.175",
            "fade_tap\tstate=cleared;raised_at=4.750;reason=block ended;block=2;channel=n/a;reason=stop;no_tap_s=1.500;"
                + "limit_s=1.500",
            "block_end\tblock=2;label=slow",
            "session_end\tcompleted",
        ])
        // The third missed beat (4.0 s) is a miss once its 175 ms tolerance has passed: 1 ns after 4.175 s.
        XCTAssertEqual(markers.map(\.time), [1, 3, 3, 3.25, 4, 4.175, 4.75, 7, 7, 7, 7].map { origin + .seconds($0) }
                       .enumerated().map { $0.offset == 5 ? $0.element + Span(nanoseconds: 1) : $0.element },
                       "each marker carries the event's time, not when it was handled")
    }

    func testAnAmendedTapIsMarkedAsAutoRepeatAtItsOwnTime() {
        var stream = LslMarkerStream(origin: origin)
        let tap = TapRecord(onset: .seconds(5), key: "space", blockIndex: 1, blockLabel: "slow", iti: nil, beatOffset: nil,
                            autorepeat: true, inBlock: true)
        XCTAssertEqual(stream.markers(for: [.amendLastTap(tap), .recordTap(tap)]),
                       [LslMarker(time: origin + .seconds(5), text: "tap_autorepeat\tblock=2;block_label=slow;key=space")],
                       "the repeat itself is not a counted tap")
    }

    func testBeatsAreMarkedAtTheirScheduledTime() {
        let beat = Beat(blockIndex: 1, index: 4, time: origin + .seconds(5), audible: true, visual: true)
        XCTAssertEqual(LslMarkerStream.beat(beat, emitted: origin + .seconds(5.0002)),
                       LslMarker(time: origin + .seconds(5), text: "beat\tblock=2;beat=5;status=emitted"))
        XCTAssertEqual(LslMarkerStream.beat(beat, emitted: nil).text, "beat\tblock=2;beat=5;status=skipped")
    }

    func testTheMarkerStreamNamesSubjectAndSession() {
        let stream = LslOutletStream.markers(subject: "P07", session: "ses-20261125T101500")
        XCTAssertEqual(stream.type, "Markers")
        XCTAssertEqual(stream.channelCount, 1)
        XCTAssertEqual(stream.nominalRateHz, 0, "irregular")
        XCTAssertEqual(stream.channelFormat, .string)
        XCTAssertEqual(stream.sourceID, "tapnirs_sub-P07_ses-20261125T101500_markers")
    }

    func testTheHemoglobinStreamFollowsTheXdfConventionAndReadsBackAsTheSameChannels() throws {
        let layout = NirsLayout(kind: .intensity, rateHz: 7.8125, wavelengths: [760, 850], channels: ["S1-D1", "S2-D1", "S1-D3"])
        let stream = LslOutletStream.hemoglobin(layout, subject: "P07", session: "ses-1")
        XCTAssertEqual(stream.channelCount, 6)
        XCTAssertEqual(stream.nominalRateHz, 7.8125)
        XCTAssertEqual(stream.header.channels.first?.value("label"), "S1-D1 HbO")
        let mapping = try LslNirsMapping(stream.header)
        XCTAssertEqual(mapping.format, .xdf)
        XCTAssertEqual(mapping.layout.kind, .hb)
        XCTAssertEqual(mapping.layout.channels, layout.channels)
        XCTAssertEqual(mapping.sampleIndices, Array(0..<6))
        let row = HemoSample(time: .zero, hbo: [0.1, 0.2, 0.3], hbr: [-0.1, -0.2, -0.3])
        XCTAssertEqual(LslOutletStream.hemoglobinSample(row), [0.1, -0.1, 0.2, -0.2, 0.3, -0.3])
    }
}
