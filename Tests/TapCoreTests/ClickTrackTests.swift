import XCTest
@testable import TapCore

final class ClickTrackTests: XCTestCase {
    let rate = 48_000

    private func beat(_ index: Int, at seconds: Double, block: Int = 0, audible: Bool = true) -> Beat {
        Beat(blockIndex: block, index: index, time: .seconds(seconds), audible: audible, visual: true)
    }

    /// Renders `count` consecutive buffers of `frames` from `start`, concatenated.
    private func renderStream(_ track: inout ClickTrack, start: MonoTime, frames: Int, count: Int) -> ([Int16], [ClickPlacement]) {
        var out: [Int16] = []
        var placed: [ClickPlacement] = []
        for k in 0..<count {
            var buffer = [Int16](repeating: 0, count: frames)
            let first = start + ClickTrack.span(ofFrames: k * frames, rate: rate)
            placed += track.render(into: &buffer, firstFrameTime: first).placed
            out += buffer
        }
        return (out, placed)
    }

    private func expected(_ track: ClickTrack, _ kind: ClickKind, volume: Double) -> [Int16] {
        track.waveform(kind).map { Int16(($0 * Float(volume * 32767)).rounded()) }
    }

    func testWaveformStartsOnItsFirstSampleAndHasTheRightLength() {
        let wave = ClickSound.beat.waveform(sampleRate: rate)
        XCTAssertEqual(wave.count, 720)  // 15 ms
        XCTAssertGreaterThan(wave[0], 0)
        XCTAssertLessThan(wave[0], 0.01)
        XCTAssertLessThanOrEqual(wave.map(abs).max()!, 1)
        XCTAssertGreaterThan(wave.map(abs).max()!, 0.99)
        XCTAssertLessThan(abs(wave.last!), 0.01)
    }

    func testClickLandsAtTheRoundedSampleOffset() {
        let start = MonoTime.seconds(10)
        for offset in [0.0, 1.0, 10.4, 10.5, 100.49, 239.0] {
            var track = ClickTrack(sampleRate: rate, volume: 1)
            let time = start + Span(nanoseconds: Int64((offset * 1e9 / Double(rate)).rounded()))
            track.schedule(ScheduledClick(time: time, kind: .beat))
            let (samples, placed) = renderStream(&track, start: start, frames: 240, count: 6)
            let want = Int(offset.rounded(.toNearestOrAwayFromZero))
            XCTAssertEqual(samples.firstIndex { $0 != 0 }, want, "offset \(offset)")
            XCTAssertEqual(Array(samples[want..<(want + 720)]), expected(track, .beat, volume: 1))
            XCTAssertTrue(samples[(want + 720)...].allSatisfy { $0 == 0 })
            XCTAssertEqual(placed.count, 1)
            XCTAssertEqual(placed[0].onset, start + ClickTrack.span(ofFrames: want, rate: rate))
            XCTAssertLessThanOrEqual(abs((placed[0].onset - time).nanoseconds), 10_417)  // half a sample
        }
    }

    func testClicksSpanningBuffersEqualOneLongRender() {
        let start = MonoTime.seconds(1)
        var clicks: [ScheduledClick] = []
        for k in 0..<20 {
            clicks.append(ScheduledClick(time: start + .milliseconds(Double(k) * 37.3 + 2.9), kind: k % 4 == 0 ? .accent : .beat))
        }
        clicks.append(ScheduledClick(time: start + .milliseconds(100), kind: .cueStart))
        var whole = ClickTrack(sampleRate: rate, volume: 0.7)
        var pieces = ClickTrack(sampleRate: rate, volume: 0.7)
        var odd = ClickTrack(sampleRate: rate, volume: 0.7)
        for c in clicks.shuffled() {
            whole.schedule(c); pieces.schedule(c); odd.schedule(c)
        }
        let (a, pa) = renderStream(&whole, start: start, frames: 48_000, count: 1)
        let (b, pb) = renderStream(&pieces, start: start, frames: 240, count: 200)
        let (c, pc) = renderStream(&odd, start: start, frames: 7, count: 48_000 / 7 + 1)
        XCTAssertEqual(a, b)
        XCTAssertEqual(Array(c[0..<48_000]), a)
        // Onsets agree to the nanosecond rounding of each buffer's start time.
        for other in [pb, pc] {
            XCTAssertEqual(other.map(\.click), pa.map(\.click))
            for (x, y) in zip(pa, other) { XCTAssertLessThanOrEqual(abs((x.onset - y.onset).nanoseconds), 1) }
        }
        XCTAssertEqual(pa.count, 21)
        XCTAssertEqual(pa.map(\.click.time), pa.map(\.click.time).sorted())
    }

    func testAClickContinuesIntoTheNextBufferWhateverItsTime() {
        // A re-estimated timeline (the next buffer said to start 1 ms later) never cuts a click.
        var track = ClickTrack(sampleRate: rate, volume: 1)
        track.schedule(ScheduledClick(time: .seconds(0) + ClickTrack.span(ofFrames: 200, rate: rate), kind: .beat))
        var first = [Int16](repeating: 0, count: 240)
        var second = [Int16](repeating: 0, count: 240)
        var third = [Int16](repeating: 0, count: 480)
        _ = track.render(into: &first, firstFrameTime: .seconds(0))
        _ = track.render(into: &second, firstFrameTime: .seconds(0.006))
        _ = track.render(into: &third, firstFrameTime: .seconds(0.0105))
        XCTAssertEqual(Array((first + second + third)[200..<920]), expected(track, .beat, volume: 1))
    }

    func testVolumeScalesTheSamplesAndMixingSaturates() {
        let start = MonoTime.zero
        for volume in [0.0, 0.1, 0.25, 0.5, 1.0] {
            var track = ClickTrack(sampleRate: rate, volume: volume)
            track.schedule(ScheduledClick(time: start, kind: .beat))
            let (samples, _) = renderStream(&track, start: start, frames: 960, count: 1)
            XCTAssertEqual(Array(samples[0..<720]), expected(track, .beat, volume: volume))
            let peak = Double(samples.map { abs(Int($0)) }.max()!)
            XCTAssertEqual(peak, volume * 32767, accuracy: 0.01 * 32767 + 1)
        }
        var loud = ClickTrack(sampleRate: rate, volume: 1)
        loud.schedule(ScheduledClick(time: start, kind: .beat))
        loud.schedule(ScheduledClick(time: start, kind: .beat))
        let (samples, _) = renderStream(&loud, start: start, frames: 960, count: 1)
        XCTAssertEqual(samples.max(), Int16.max)
        XCTAssertEqual(samples.min(), Int16.min)
    }

    func testBeatsAreScheduledOnceWithAccentsAndWithoutSilentBeats() {
        var track = ClickTrack(sampleRate: rate, volume: 0.5)
        let beats = [beat(0, at: 0.10), beat(1, at: 0.35), beat(2, at: 0.60, audible: false), beat(3, at: 0.85)]
        track.schedule(beats: Array(beats[0..<2]))
        track.schedule(beats: beats)  // overlapping look-ahead windows
        track.schedule(beats: beats)
        XCTAssertEqual(track.pendingClicks.map(\.kind), [.accent, .beat, .beat])
        XCTAssertEqual(track.pendingClicks.map(\.beat?.index), [0, 1, 3])
        let (_, placed) = renderStream(&track, start: .zero, frames: 240, count: 200)
        XCTAssertEqual(placed.map(\.click.beat?.index), [0, 1, 3])
        XCTAssertEqual(placed.map(\.onset), [MonoTime.seconds(0.10), .seconds(0.35), .seconds(0.85)])
        track.schedule(beats: beats)  // already placed: not again
        XCTAssertTrue(track.pendingClicks.isEmpty)

        var plain = ClickTrack(sampleRate: rate, accentFirstBeat: false)
        plain.schedule(beats: [beat(0, at: 1)])
        XCTAssertEqual(plain.pendingClicks.map(\.kind), [.beat])
    }

    func testClearForgetsPendingClicksButLetsASoundingOneFinish() {
        var track = ClickTrack(sampleRate: rate, volume: 1)
        track.schedule(beats: [beat(0, at: 0.001), beat(1, at: 0.5)])
        var buffer = [Int16](repeating: 0, count: 240)
        _ = track.render(into: &buffer, firstFrameTime: .zero)
        track.clear()
        XCTAssertTrue(track.pendingClicks.isEmpty)
        var rest = [Int16](repeating: 0, count: 48_000)
        let report = track.render(into: &rest, firstFrameTime: .seconds(0.005))
        XCTAssertTrue(report.placed.isEmpty)
        XCTAssertEqual(Array((buffer + rest)[48..<768]), expected(track, .accent, volume: 1))
        XCTAssertTrue(rest[768...].allSatisfy { $0 == 0 })
        // A cleared beat can be scheduled again.
        track.schedule(beats: [beat(1, at: 0.6)])
        XCTAssertEqual(track.pendingClicks.count, 1)
    }

    func testLateClicksPlayAtOnceWithinToleranceElseAreDropped() {
        var track = ClickTrack(sampleRate: rate, volume: 1, lateTolerance: .milliseconds(100))
        track.schedule(ScheduledClick(time: .seconds(0.95), kind: .beat))   // 50 ms late
        track.schedule(ScheduledClick(time: .seconds(0.85), kind: .accent)) // 150 ms late
        var buffer = [Int16](repeating: 0, count: 240)
        let report = track.render(into: &buffer, firstFrameTime: .seconds(1))
        XCTAssertEqual(report.dropped.map(\.kind), [.accent])
        XCTAssertEqual(report.placed.map(\.click.kind), [.beat])
        XCTAssertEqual(report.placed.first?.onset, .seconds(1))
        XCTAssertNotEqual(buffer[0], 0)
    }

    func testFrameArithmeticRoundsHalfAwayFromZeroAndSaturates() {
        XCTAssertEqual(ClickTrack.frames(in: .milliseconds(5), rate: 48_000), 240)
        XCTAssertEqual(ClickTrack.frames(in: Span(nanoseconds: 10_416), rate: 48_000), 0)   // 0.49968 frames
        XCTAssertEqual(ClickTrack.frames(in: Span(nanoseconds: 10_417), rate: 48_000), 1)   // 0.50002 frames
        XCTAssertEqual(ClickTrack.frames(in: Span(nanoseconds: -10_417), rate: 48_000), -1)
        XCTAssertGreaterThan(ClickTrack.frames(in: Span(nanoseconds: .max), rate: 48_000), 1 << 40)
        XCTAssertEqual(ClickTrack.span(ofFrames: 1, rate: 48_000), Span(nanoseconds: 20_833))
        XCTAssertEqual(ClickTrack.span(ofFrames: 48_000, rate: 48_000), .seconds(1))
    }
}
