import XCTest
@testable import TapCore

/// The `--autotap` subject: realistic, seeded, never mistaken for auto-repeat.
final class SyntheticSubjectTests: XCTestCase {
    let paced = Block(kind: .tap, label: "slow", durationSeconds: 300, pace: .hz(1), metronome: .on)
    let fast = Block(kind: .tap, label: "fast", durationSeconds: 30, pace: .selfPaced)
    let start = MonoTime.seconds(100)

    func taps(_ profile: AutotapProfile, seed: UInt64, block: Block, index: Int = 1) -> [Double] {
        var subject = SyntheticSubject(profile: profile, seed: seed)
        var times: [Double] = []
        var previous: MonoTime?
        while let next = subject.nextTap(in: block, blockIndex: index, blockStart: start, after: previous) {
            XCTAssertGreaterThan(next, previous ?? .zero)
            times.append((next - start).seconds)
            previous = next
            if times.count > 10_000 { break }
        }
        return times
    }

    func testTheSameSeedGivesTheSameTapsAndAnotherSeedOthers() {
        XCTAssertEqual(taps(.fading, seed: 5, block: fast), taps(.fading, seed: 5, block: fast))
        XCTAssertNotEqual(taps(.fading, seed: 5, block: fast), taps(.fading, seed: 6, block: fast))
    }

    func testPacedTapsFollowTheBeatSlightlyAhead() {
        for profile in AutotapProfile.allCases {
            let times = taps(profile, seed: 1, block: paced)
            XCTAssertTrue((298...300).contains(times.count), "\(times.count)")
            let offsets = times.map { $0 - $0.rounded() }
            XCTAssertTrue(offsets.allSatisfy { abs($0) <= 0.150 + 1e-9 })
            let mean = offsets.reduce(0, +) / Double(offsets.count)
            XCTAssertEqual(mean, -0.020, accuracy: 0.006, "negative mean asynchrony")
        }
    }

    func testSteadyFastTappingIsRealisticAndDoesNotFade() {
        let times = taps(.steady, seed: 2, block: fast)
        let summary = TapStatistics.summarize(block: fast, blockIndex: 1, tapTimes: times, beatOffsets: [], autorepeats: 0)
        XCTAssertTrue((4.5...6.5).contains(summary.rateHz!), "\(summary.rateHz!)")
        XCTAssertGreaterThanOrEqual(summary.lastThirdRateHz! / summary.firstThirdRateHz!, 0.88)
        XCTAssertEqual(summary.itiCV!, 0.07, accuracy: 0.025)
    }

    func testTheFadingSubjectLosesAboutAThirdAfterTenToFifteenSeconds() {
        for seed: UInt64 in 1...5 {
            let times = taps(.fading, seed: seed, block: fast)
            let summary = TapStatistics.summarize(block: fast, blockIndex: 1, tapTimes: times, beatOffsets: [], autorepeats: 0)
            let ratio = summary.lastThirdRateHz! / summary.firstThirdRateHz!
            XCTAssertTrue((0.55...0.78).contains(ratio), "seed \(seed): \(ratio)")
            // Still at full speed for the first 10 s.
            let early = times.filter { $0 >= 2 && $0 < 10 }.count
            XCTAssertEqual(Double(early) / 8, 5.5, accuracy: 0.6)
        }
    }

    func testNoTwoTapsCloserThanAHumanCouldAndNoneOutsideTheBlock() {
        for profile in AutotapProfile.allCases {
            for block in [paced, fast] {
                let times = taps(profile, seed: 9, block: block)
                XCTAssertTrue(TapStatistics.intervals(times).allSatisfy { $0 >= 0.1 - 1e-9 }, "\(profile) \(block.label)")
                XCTAssertTrue(times.allSatisfy { $0 >= 0 && $0 < block.durationSeconds })
            }
        }
        XCTAssertTrue(taps(.steady, seed: 1, block: Block(kind: .rest, label: "rest", durationSeconds: 30)).isEmpty)
    }

    func testBlocksDrawFromTheirOwnStreams() {
        var a = SyntheticSubject(profile: .steady, seed: 3)
        var b = SyntheticSubject(profile: .steady, seed: 3)
        _ = a.nextTap(in: fast, blockIndex: 1, blockStart: start, after: nil)  // a taps block 1 first
        XCTAssertEqual(a.nextTap(in: fast, blockIndex: 3, blockStart: start, after: nil),
                       b.nextTap(in: fast, blockIndex: 3, blockStart: start, after: nil))
    }
}
