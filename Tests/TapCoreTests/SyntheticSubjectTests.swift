import XCTest
@testable import TapCore

/// The `--autotap` subject: realistic, seeded, never mistaken for auto-repeat; and its generator.
final class SyntheticSubjectTests: XCTestCase {
    let paced = Block(kind: .tap, label: "slow", durationSeconds: 30, pace: .hz(1), metronome: .on)
    let fast = Block(kind: .tap, label: "fast", durationSeconds: 30, pace: .selfPaced)
    let rest = Block(kind: .rest, label: "rest", durationSeconds: 30)
    let start = MonoTime.seconds(100)

    /// All taps of one block, asked for one after another as the event loop does; seconds from its start.
    func taps(_ profile: AutotapProfile, seed: UInt64, block: Block, index: Int = 1) -> [Double] {
        var subject = SyntheticSubject(profile: profile, seed: seed)
        return taps(&subject, block: block, index: index, start: start)
    }

    func taps(_ subject: inout SyntheticSubject, block: Block, index: Int, start: MonoTime) -> [Double] {
        var times: [Double] = []
        var previous: MonoTime?
        while let next = subject.nextTap(in: block, blockIndex: index, blockStart: start, after: previous) {
            if let previous { XCTAssertGreaterThan(next, previous) }
            times.append((next - start).seconds)
            previous = next
            if times.count > 100_000 { XCTFail("runaway"); break }
        }
        return times
    }

    func summary(_ block: Block, _ times: [Double]) -> BlockTapSummary {
        TapStatistics.summarize(block: block, blockIndex: 1, tapTimes: times, beatOffsets: [], autorepeats: 0)
    }

    // MARK: Generator

    func testTheGeneratorIsSplitMix64() {
        // Reference outputs for seed 1234567 (Vigna's splitmix64.c; Rosetta Code "Splitmix64").
        var g = SeededGenerator(seed: 1_234_567)
        XCTAssertEqual((0..<5).map { _ in g.next() },
                       [6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
                        4_593_380_528_125_082_431, 16_408_922_859_458_223_821])
    }

    func testStreamsAreRepeatableAndDistinct() {
        func first(_ seed: UInt64, _ stream: UInt64) -> [UInt64] {
            var g = SeededGenerator(seed: seed, stream: stream)
            return (0..<4).map { _ in g.next() }
        }
        XCTAssertEqual(first(7, 3), first(7, 3))
        let all = [first(7, 0), first(7, 1), first(7, 2), first(8, 0), first(8, 1), first(0, 0)]
        XCTAssertEqual(Set(all.flatMap { $0 }).count, 24, "no stream repeats or shifts another")
    }

    func testDeviatesHaveTheirMeanAndSpread() {
        // 200,000 draws: the standard error of the mean is 1/√200000 = 0.0022, of the SD ≈ 0.0016.
        var g = SeededGenerator(seed: 11)
        let normals = (0..<200_000).map { _ in g.normal(mean: 0, sd: 1) }
        XCTAssertEqual(TapStatistics.mean(normals)!, 0, accuracy: 0.01)
        XCTAssertEqual(TapStatistics.sampleSD(normals)!, 1, accuracy: 0.007)
        XCTAssertEqual(Double(normals.count(where: { abs($0) < 1.959964 })) / 200_000, 0.95, accuracy: 0.003)
        // Lognormal ITIs: mean 0.2 s and CV 7 % by construction (SE of the mean 0.2 × 0.07 / √200000 ≈ 3e-5).
        let intervals = (0..<200_000).map { _ in g.lognormal(mean: 0.2, cv: 0.07) }
        XCTAssertEqual(TapStatistics.mean(intervals)!, 0.2, accuracy: 2e-4)
        XCTAssertEqual(TapStatistics.coefficientOfVariation(intervals)!, 0.07, accuracy: 0.001)
        XCTAssertTrue(intervals.allSatisfy { $0 > 0 })
        let units = (0..<10_000).map { _ in g.unit() }
        XCTAssertTrue(units.allSatisfy { $0 >= 0 && $0 < 1 })
        XCTAssertEqual(TapStatistics.mean(units)!, 0.5, accuracy: 0.012)
    }

    // MARK: Determinism

    func testTheSameSeedGivesTheSameTapsAndAnotherSeedOthers() {
        for profile in AutotapProfile.allCases {
            for block in [paced, fast] {
                let a = taps(profile, seed: 5, block: block)
                XCTAssertFalse(a.isEmpty)
                XCTAssertEqual(a, taps(profile, seed: 5, block: block), "\(profile) \(block.label)")
                XCTAssertNotEqual(a, taps(profile, seed: 6, block: block), "\(profile) \(block.label)")
            }
        }
    }

    func testBlocksDrawFromTheirOwnStreams() {
        // Block 3's taps do not depend on whether block 1 was tapped first (block 3 starts 60 s later),
        // and two identical blocks at different positions are tapped differently.
        let later = start + .seconds(60)
        var a = SyntheticSubject(profile: .steady, seed: 3)
        _ = taps(&a, block: fast, index: 1, start: start)
        let afterBlock1 = taps(&a, block: fast, index: 3, start: later)
        var b = SyntheticSubject(profile: .steady, seed: 3)
        XCTAssertEqual(afterBlock1, taps(&b, block: fast, index: 3, start: later))
        XCTAssertNotEqual(afterBlock1, taps(.steady, seed: 3, block: fast, index: 1))
    }

    func testAPauseShiftsTheRemainingTapsWithoutChangingThem() {
        // The loop asks again at resume with the shifted block start and `after: now`; the taps still
        // due keep their block times. Here: pause at 12.05 s block time for 20 s.
        let all = taps(.fading, seed: 4, block: fast)
        var subject = SyntheticSubject(profile: .fading, seed: 4)
        var previous: MonoTime?
        var before: [Double] = []
        while let next = subject.nextTap(in: fast, blockIndex: 1, blockStart: start, after: previous),
              next - start < .seconds(12.05) {
            before.append((next - start).seconds)
            previous = next
        }
        let shifted = start + .seconds(20)
        let resumedAt = shifted + .seconds(12.05)
        var after = [Double]()
        previous = resumedAt
        while let next = subject.nextTap(in: fast, blockIndex: 1, blockStart: shifted, after: previous) {
            after.append((next - shifted).seconds)
            previous = next
        }
        let due = all.filter { $0 >= 12.15 - 1e-9 }  // 100 ms after the resume at least
        XCTAssertEqual(before, all.filter { $0 < 12.05 })
        XCTAssertEqual(after.count, due.count)
        for (x, y) in zip(after, due) { XCTAssertEqual(x, y, accuracy: 1e-9) }
    }

    // MARK: Paced blocks

    func testPacedTapsFollowEveryBeatSlightlyAhead() {
        // 1.7 Hz for 999.9 s: beats 0 … 1699 (beat 1700 would be at 1000.0 s), one tap each. Asynchrony
        // N(−20 ms, 30 ms): over 1700 taps the mean is within 3 ms (4 standard errors of 0.73 ms) and the
        // SD within 3 ms of 30 ms; the clamp at ±150 ms (−4.3 / +5.7 SD) and the folded beat 0 barely show.
        let block = Block(kind: .tap, label: "slow", durationSeconds: 999.9, pace: .hz(1.7), metronome: .on)
        let period = block.beatPeriod!
        for profile in AutotapProfile.allCases {
            var subject = SyntheticSubject(profile: profile, seed: 1)
            var offsets: [Double] = []
            var beats: [Int64] = []
            var previous: MonoTime?
            while let tap = subject.nextTap(in: block, blockIndex: 2, blockStart: start, after: previous) {
                let offset = TapStatistics.nearestBeatOffset(tapTime: tap, blockStart: start, period: period)
                offsets.append(offset.seconds)
                beats.append(((tap - offset) - start).nanoseconds / period.nanoseconds)
                previous = tap
            }
            XCTAssertEqual(beats, Array(0..<1700), "one tap per beat, in order")
            XCTAssertTrue(offsets.allSatisfy { abs($0) <= 0.150 }, "\(offsets.map(abs).max()!)")
            XCTAssertGreaterThanOrEqual(offsets[0], 0, "beat 0 cannot be anticipated")
            XCTAssertEqual(TapStatistics.mean(offsets)!, -0.020, accuracy: 0.003, "\(profile)")
            XCTAssertEqual(TapStatistics.sampleSD(offsets)!, 0.030, accuracy: 0.003, "\(profile)")
        }
    }

    func testFastPacesKeepOneTapPerBeatAndTheirDistance() {
        // At 10 Hz (the parser's limit) the clamp is (100 − 100) / 2 = 0: taps land on the beats.
        // At 4 Hz it is (250 − 100) / 2 = 75 ms.
        for (hz, limit) in [(10.0, 0.0), (4.0, 0.075)] {
            let block = Block(kind: .tap, label: "quick", durationSeconds: 10, pace: .hz(hz), metronome: .on)
            let times = taps(.steady, seed: 8, block: block)
            XCTAssertEqual(times.count, Int(10 * hz), "\(hz) Hz")
            for (k, t) in times.enumerated() {
                XCTAssertEqual(t, Double(k) / hz, accuracy: limit + 1e-6, "\(hz) Hz beat \(k)")
            }
            XCTAssertTrue(TapStatistics.intervals(times).allSatisfy { $0 >= 0.1 - 1e-9 }, "\(hz) Hz")
        }
    }

    // MARK: Self-paced blocks

    func testSteadyFastTappingIsRealisticAndDoesNotFade() {
        // r(t) = 5.5 × (1 − 0.08 t/30) averages ≈ 5.28 Hz. Expected taps: ∫ r from the ≈ 0.33 s reaction to
        // 10 s = 52.6 (5.26 Hz), ∫ r over 20–30 s = 51.3 (5.13 Hz): a last/first ratio of ≈ 0.976, to
        // within a tap (0.02) or two. The block's ITI CV is the 7 % draw widened by the 8 % trend:
        // √(0.07² + (0.087/√12)²) ≈ 0.074.
        for seed: UInt64 in 1...5 {
            let times = taps(.steady, seed: seed, block: fast)
            let s = summary(fast, times)
            XCTAssertTrue((0.25...0.40).contains(times[0]), "reaction time \(times[0])")
            XCTAssertEqual(s.rateHz!, 5.28, accuracy: 0.12, "seed \(seed)")
            XCTAssertTrue((4.5...6.5).contains(s.rateHz!))
            let ratio = s.lastThirdRateHz! / s.firstThirdRateHz!
            XCTAssertGreaterThanOrEqual(ratio, 0.88, "seed \(seed)")
            XCTAssertEqual(ratio, 0.976, accuracy: 0.04, "seed \(seed)")
            XCTAssertEqual(s.itiCV!, 0.074, accuracy: 0.012, "seed \(seed)")
        }
    }

    func testTheFadingSubjectLosesAboutAThirdAfterTenToFifteenSeconds() {
        // First third ≈ 5.25 Hz (steady, less the reaction time); last third, long after the fade,
        // ≈ 5.5 × (1 − 0.08 × 25/30) × ⅔ = 3.42 Hz: a ratio of ≈ 0.65.
        for seed: UInt64 in 1...10 {
            let fading = taps(.fading, seed: seed, block: fast)
            let s = summary(fast, fading)
            let ratio = s.lastThirdRateHz! / s.firstThirdRateHz!
            XCTAssertTrue((0.55...0.78).contains(ratio), "seed \(seed): \(ratio)")
            XCTAssertEqual(ratio, 0.65, accuracy: 0.05, "seed \(seed)")
            // Steady and fading share the stream, so they tap alike until the onset, drawn in 10–15 s.
            let steady = taps(.steady, seed: seed, block: fast)
            // The first tap whose interval was drawn after the onset is fading[same − 1], so the onset
            // lies between fading[same − 2] and fading[same − 1].
            let same = zip(steady, fading).prefix { $0 == $1 }.count
            guard same >= 2, same < fading.count else { return XCTFail("seed \(seed): diverged at tap \(same)") }
            XCTAssertGreaterThan(fading[same - 1], 10, "seed \(seed)")
            XCTAssertLessThan(fading[same - 2], 15, "seed \(seed)")
            // From onset + ramp on (≥ 17 s), the rate is two-thirds of the steady one's.
            let lateFading = fading.filter { $0 >= 18 }, lateSteady = steady.filter { $0 >= 18 }
            let r = TapStatistics.rate(lateFading)! / TapStatistics.rate(lateSteady)!
            XCTAssertEqual(r, 2.0 / 3, accuracy: 0.04, "seed \(seed)")
        }
    }

    // MARK: Safety

    func testNoTwoTapsCloserThanAHumanCouldAndNoneOutsideTheBlock() {
        for profile in AutotapProfile.allCases {
            for block in [paced, fast] {
                for seed: UInt64 in 1...20 {
                    let times = taps(profile, seed: seed, block: block)
                    XCTAssertTrue(TapStatistics.intervals(times).allSatisfy { $0 >= 0.1 }, "\(profile) \(block.label)")
                    XCTAssertTrue(times.allSatisfy { $0 >= 0 && $0 < block.durationSeconds })
                }
            }
        }
    }

    func testRestBlocksAndTimesPastTheEndHaveNoTaps() {
        XCTAssertTrue(taps(.steady, seed: 1, block: rest).isEmpty)
        var subject = SyntheticSubject(profile: .fading, seed: 1)
        XCTAssertNil(subject.nextTap(in: fast, blockIndex: 1, blockStart: start, after: start + .seconds(29.95)))
        XCTAssertNil(subject.nextTap(in: paced, blockIndex: 1, blockStart: start, after: start + .seconds(400)))
        let empty = Block(kind: .tap, label: "fast", durationSeconds: 0, pace: .selfPaced)
        XCTAssertNil(subject.nextTap(in: empty, blockIndex: 5, blockStart: start, after: nil))
    }

    func testANewBlockKeepsItsDistanceFromThePreviousBlocksLastTap() {
        // A fast block followed at once by a paced one: beat 0's tap (folded asynchrony, usually < 100 ms
        // after the start) must not come within 100 ms of the fast block's last tap, or the session
        // would take it for auto-repeat.
        var subject = SyntheticSubject(profile: .steady, seed: 2)
        let first = taps(&subject, block: fast, index: 1, start: start)
        let lastTap = start + .seconds(first.last!)
        let next = subject.nextTap(in: paced, blockIndex: 2, blockStart: lastTap + .milliseconds(10), after: nil)!
        XCTAssertGreaterThanOrEqual(next - lastTap, .milliseconds(100))
        // A restart passes the new start as `previous`: the first tap is at least 100 ms into the block.
        var restarted = SyntheticSubject(profile: .steady, seed: 2)
        let again = restarted.nextTap(in: paced, blockIndex: 2, blockStart: start, after: start)!
        XCTAssertGreaterThanOrEqual(again - start, .milliseconds(100))
    }
}
