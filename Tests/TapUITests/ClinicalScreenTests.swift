import XCTest
import TapCore
@testable import TapUI

/// Issue 16 on screen: the ready screen's form, the hand banner on the clinician's view, the hand in
/// large letters on the subject's, the per-hand lines of the summary; and no size breaks them.
final class ClinicalScreenTests: XCTestCase {
    func render(_ view: SessionView, width: Int = 80, height: Int = 24) -> [String] {
        var canvas = Canvas(width: width, height: height, glyphs: .unicode)
        drawSession(view, into: &canvas)
        return canvas.lines()
    }

    func trialView() -> SessionView {
        var view = SessionView()
        view.screen = .live
        view.protocolName = "ftt"
        view.subjectID = "P07"
        view.block = Block(kind: .tap, label: "trial", cue: "TAP FAST", durationSeconds: 10, pace: .selfPaced, hand: .left)
        view.blockNumber = 4
        view.blockCount = 21
        view.blockRemainingSeconds = 6
        view.hand = .left
        view.trialText = "trial 2 of 5"
        return view
    }

    func testTheReadyScreenShowsTheFormWithTheFieldBeingEdited() {
        var view = SessionView()
        view.protocolName = "ftt"
        view.participantText = "52 y · sex not given · right-handed · hand not given"
        view.form = [.init(name: "sex", value: "", choices: "f female · m male · o other", focused: true, invalid: false),
                     .init(name: "hand tested", value: "left", choices: "r right · l left", focused: false, invalid: false)]
        let lines = render(view)
        XCTAssertEqual(lines[3], " Participant: 52 y · sex not given · right-handed · hand not given")
        XCTAssertEqual(lines[5].trimmingCharacters(in: .whitespaces), "▶ sex         not given     f female · m male · o other")
        XCTAssertEqual(lines[6].trimmingCharacters(in: .whitespaces), "hand tested left          r right · l left")
    }

    func testTheClinicianSeesABannerAndTheSubjectSeesTheHandInLargeLetters() throws {
        let live = render(trialView())
        XCTAssertTrue(live[3].contains("▶▶  LEFT HAND · trial 2 of 5  ◀◀"), live[3])
        var subject = trialView()
        subject.subjectView = true
        let lines = render(subject)
        // L E F T   H A N D, top rows of the 5-row letters, above the cue's.
        let hand = try XCTUnwrap(lines.firstIndex { $0.contains("█     █████ █████ █████       █   █  ███  █   █ ████") })
        let cue = try XCTUnwrap(lines.firstIndex { $0.contains("█████  ███  ████        █████  ███   ████ █████") })
        XCTAssertLessThan(hand, cue)
        // In a rest before a trial, the next hand, marked as next.
        var rest = subject
        rest.block = Block(kind: .rest, label: "rest", durationSeconds: 20)
        rest.hand = nil
        rest.nextHand = .right
        let restLines = render(rest)
        XCTAssertTrue(restLines.contains { $0.trimmingCharacters(in: .whitespaces) == "next:" })
        XCTAssertTrue(restLines.contains { $0.contains("████  █████  ████ █   █ █████       █   █  ███  █   █ ████") })
    }

    func testTheSummaryGivesOneLinePerHand() {
        var view = SessionView()
        view.screen = .summary
        view.status = .completed
        view.participantText = "52 y · female · right-handed · tested: right and left hand"
        view.handLines = ["right hand: FTT 53.2 taps per 10 s (mean of trials 1, 2, 3, 4, 5 of 5)",
                          "left hand: FTT 51.0 taps per 10 s (mean of trials 2, 3, 4, 5, 6 of 6; 1 added live)"]
        let lines = render(view)
        let who = lines.firstIndex { $0.hasPrefix(" Participant: 52 y · female · right-handed · tested: right and left hand") }
        let right = lines.firstIndex { $0.hasPrefix(" right hand: FTT") }
        XCTAssertNotNil(who, lines.joined(separator: "\n"))
        XCTAssertEqual(who.map { $0 + 1 }, right, "who was tested, then the result per hand")
        XCTAssertTrue(lines.contains { $0.hasPrefix(" right hand: FTT 53.2 taps per 10 s (mean of trials 1, 2, 3, 4, 5 of 5)") })
        XCTAssertTrue(lines.contains { $0.hasPrefix(" left hand: FTT 51.0 taps per 10 s") })
    }

    func testNoSizeBreaksThem() {
        var ready = SessionView()
        ready.participantText = "age not given · sex not given · handedness not given · hand not given"
        ready.form = [.init(name: "age", value: "", choices: "digits", focused: true, invalid: true)]
        var subject = trialView()
        subject.subjectView = true
        for view in [ready, trialView(), subject] {
            for (w, h) in [(1, 1), (60, 18), (61, 19), (200, 60)] { _ = render(view, width: w, height: h) }
        }
    }
}
