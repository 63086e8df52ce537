import XCTest
@testable import TapCore

/// Every decision has a deadline: the same keys give the same records whether the session is
/// woken every frame, exactly at its deadlines, or late for each (within the beat tolerance).
final class DeadlineCadenceTests: XCTestCase {
    let space = Key.character(" ")

    func definition(_ method: TapFadeSettings.Method) -> SessionProtocol {
        var definition = SessionProtocol(name: "cadence", blocks: [
            Block(kind: .rest, label: "baseline", durationSeconds: 1, isBaseline: true),
            Block(kind: .tap, label: "slow", durationSeconds: 6, pace: .hz(2), metronome: .on),
            Block(kind: .tap, label: "fast", durationSeconds: 14, pace: .selfPaced),
        ])
        definition.detectors.tap.method = method
        return definition
    }

    /// On the beat for 2 s of the paced block, then nothing (missed beats, a stop); 5 Hz for 7 s of
    /// the self-paced block, 2 Hz for 3 s (a fade), then nothing (a stop).
    func keys() -> [MonoTime] {
        var times: [Double] = [1.0]  // Enter
        times += (0..<4).map { 1.0 + 0.5 * Double($0) + 0.01 }
        for k in 0..<35 {
            let jitter: Double = k % 3 == 0 ? 0.013 : 0
            times.append(7.0 + 0.2 * Double(k) + jitter)
        }
        times += (0..<6).map { 14.0 + 0.5 * Double($0) }
        return times.map { .seconds($0) }
    }

    enum Cadence { case everyFrame, atDeadlines, late }

    func records(_ method: TapFadeSettings.Method, _ cadence: Cadence) -> [String] {
        var session = Session(definition: definition(method), origin: .zero, subjectID: "t")
        var lines: [String] = []
        func keep(_ effects: [Effect]) {
            for effect in effects {
                switch effect {
                case .recordEvent(let e): lines.append(RecordFormat.eventLine(e))
                case .recordTap(let t), .amendLastTap(let t): lines.append(RecordFormat.tapLine(t))
                default: break
                }
            }
        }
        var frame = MonoTime.zero
        let end = MonoTime.seconds(30)
        let inputs = keys().enumerated().map { ($0.offset, $0.element) } + [(Int.max, end)]
        for (i, key) in inputs {
            // Wake for deadlines (and frames) until the next key.
            while true {
                var wake: MonoTime?
                switch cadence {
                case .everyFrame:
                    frame = frame + .milliseconds(33)
                    wake = frame
                case .atDeadlines:
                    wake = session.nextDeadline
                case .late:
                    wake = session.nextDeadline.map { $0 + .milliseconds(37) }
                }
                guard let at = wake, at < key, session.phase == .running || cadence == .everyFrame, at < end else { break }
                if cadence == .everyFrame || (session.nextDeadline.map { $0 <= at } ?? false) {
                    keep(session.handle(.deadlineReached(at: at)))
                }
            }
            if i == Int.max { break }
            keep(session.handle(.keyPressed(i == 0 ? .enter : space, at: key)))
        }
        return lines
    }

    func testTheRecordsDoNotDependOnHowOftenOrHowLateTheSessionIsWoken() {
        for method in TapFadeSettings.Method.allCases {
            let reference = records(method, .atDeadlines)
            let flags = reference.filter { $0.contains("state=raised") }
            XCTAssertTrue(flags.contains { $0.contains("behind_beat") }, "\(method): the paced block's misses are flagged")
            XCTAssertGreaterThanOrEqual(flags.filter { $0.contains("fade_tap") }.count, 2,
                                        "\(method): a stop in each tapping block at least: \(flags)")
            XCTAssertEqual(records(method, .everyFrame), reference, "\(method): woken every frame")
            XCTAssertEqual(records(method, .late), reference, "\(method): woken 37 ms late each time")
        }
    }

    func testAStopIsStampedAtItsLimitWithTheFiguresOfThatMoment() {
        // The paced block's last tap is at 2.51 s; the stop limit is max(1.5 s, 3 × 0.5 s) = 1.5 s.
        for cadence in [Cadence.late, .everyFrame] {
            let stop = records(.healthyRange, cadence).first { $0.contains("fade_tap") && $0.contains("reason=stop") }
            XCTAssertTrue(stop?.hasPrefix("4.010000\t") == true, stop ?? "no stop flag")
            XCTAssertTrue(stop?.contains("fade_onset=2.510;delay_s=1.500;") == true, stop ?? "")
            XCTAssertTrue(stop?.contains("no_tap_s=1.500;limit_s=1.500") == true, stop ?? "")
        }
    }
}
