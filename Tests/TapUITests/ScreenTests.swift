import Foundation
import XCTest
import TapCore
@testable import TapUI

/// Screens drawn from hand-made views, read back as text.
final class ScreenTests: XCTestCase {
    func render(_ view: SessionView, width: Int = 80, height: Int = 24, glyphs: Glyphs = .unicode) -> Canvas {
        var canvas = Canvas(width: width, height: height, glyphs: glyphs)
        drawSession(view, into: &canvas)
        return canvas
    }

    var slow: Block { Block(kind: .tap, label: "slow", durationSeconds: 30, pace: .hz(1), metronome: .on) }
    var fast: Block { Block(kind: .tap, label: "fast", durationSeconds: 30, pace: .selfPaced) }

    func liveView() -> SessionView {
        var view = SessionView()
        view.screen = .live
        view.protocolName = "demo"
        view.subjectID = "P07"
        view.elapsedSeconds = 42
        view.totalSeconds = 120
        view.blockNumber = 2
        view.blockCount = 9
        view.block = slow
        view.blockElapsedSeconds = 12
        view.blockRemainingSeconds = 18
        view.nextBlock = Block(kind: .rest, label: "rest", durationSeconds: 10)
        view.beatFlash = false
        view.beatIndex = 13
        view.blockTaps = 12
        view.liveRateHz = 1.02
        view.targetRateHz = 1
        view.rateHistory = [0, 0.5, 0.9, 1.0, 1.0, 1.1, 1.0]
        view.itiMeanSeconds = 0.98
        view.itiCV = 0.041
        view.meanAsynchronySeconds = -0.028
        view.lastBeatOffsetSeconds = 0.012
        view.logLines = ["0:30.0  block 2/9 TAP SLOW", "0:10.0  block 1/9 REST"]
        view.soundOn = true
        return view
    }

    func testTheLiveScreenAt80x24() {
        let lines = render(liveView()).lines()
        if ProcessInfo.processInfo.environment["PRINT_SNAPSHOT"] != nil { print(lines.map { "|" + $0 }.joined(separator: "\n")) }
        let expected = [
            " tapnirs · demo · sub-P07                                   session 0:42 / 2:00",
            " ███████████████████████████░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░",
            " Block 2/9  TAP SLOW · 1.00 Hz                               next: REST in 0:18",
            "",
            "  ░░░░░░░░      █████  ███  ████         ████ █      ███  █   █       ░░░░░░░░",
            "  ░░░░░░░░        █   █   █ █   █       █     █     █   █ █   █       ░░░░░░░░",
            "  ░░░░░░░░        █   █████ ████         ███  █     █   █ █ █ █       ░░░░░░░░",
            "  ░░░░░░░░        █   █   █ █               █ █     █   █ ██ ██       ░░░░░░░░",
            "  tap             █   █   █ █           ████  █████  ███  █   █       beat 13",
            "",
            " 0:18 left  ██████████████████████████░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░░",
            "────────────────────────────────────────────────────────────────────────────────",
            " Taps     12   Rate    1.02 Hz  target 1.00 Hz    ▁▄▆▇▇▇▇",
            " ITI  980 ms   CV        4.1 %  async     -28 ms  last +12 ms",
            "",
            "────────────────────────────────────────────────────────────────────────────────",
            " 0:30.0  block 2/9 TAP SLOW",
            " 0:10.0  block 1/9 REST",
            "", "", "", "", "",
            " space tap · p pause · m marker · v subject view · ? help · q quit",
        ]
        XCTAssertEqual(lines.count, expected.count)
        for (index, (got, want)) in zip(lines, expected).enumerated() {
            XCTAssertEqual(got, want, "row \(index)")
        }
    }

    func testTheBeatLampLightsOnlyWithTheFlash() {
        var view = liveView()
        view.beatFlash = true
        let canvas = render(view)
        XCTAssertEqual(canvas[72, 4].character, "█")
        XCTAssertEqual(canvas[72, 4].style, .accent)
        view.beatFlash = false
        XCTAssertEqual(render(view)[72, 4].character, "░")
    }

    func testSelfPacedBlocksShowMaxAndNoBeatOrAsynchrony() {
        var view = liveView()
        view.block = fast
        view.targetRateHz = nil
        view.meanAsynchronySeconds = nil
        let text = render(view).text
        XCTAssertTrue(text.contains("target max"))
        XCTAssertTrue(text.contains("as fast as you can"))
        XCTAssertFalse(text.contains("beat"))
        XCTAssertFalse(text.contains("async"))
    }

    /// The number behind a tap flag, live: the decline so far against the healthy range, on the
    /// clinician's screen beside the rate (warning style once beyond the range), never on the subject's.
    func testTheDeclineAgainstTheHealthyRangeIsOnTheClinicianViewOnly() throws {
        var view = liveView()
        view.block = fast
        view.targetRateHz = nil
        view.meanAsynchronySeconds = nil
        view.decline = "rate −12 % · healthy −7 ± 3 % · z 1.6"
        let canvas = render(view)
        let row = try XCTUnwrap(canvas.lines().first { $0.contains("rate −12 %") })
        XCTAssertTrue(row.hasPrefix(" ITI"), row)
        XCTAssertTrue(row.hasSuffix("rate −12 % · healthy −7 ± 3 % · z 1.6"), row)
        view.subjectView = true
        XCTAssertFalse(render(view).text.contains("healthy"), "never on the subject view")
    }

    func testRestBlocksShowNoTappingFigures() {
        var view = liveView()
        view.block = Block(kind: .rest, label: "rest", durationSeconds: 30)
        view.nextBlock = fast
        view.targetRateHz = nil
        let text = render(view).text
        XCTAssertTrue(text.contains("Rest: no tapping asked for."))
        XCTAssertTrue(text.contains("Next: TAP FAST · as fast as you can for 0:30"))
        XCTAssertFalse(text.contains("target"))
        XCTAssertFalse(text.contains("ITI"))
    }

    func testTheSubjectViewShowsOnlyCueTimeAndBeat() {
        var view = liveView()
        view.subjectView = true
        view.logLines = ["0:30.0  marker 3"]
        let text = render(view).text
        XCTAssertTrue(text.contains("█████  ███  ████"), "big cue")
        XCTAssertTrue(text.contains("0:18"))
        for hidden in ["Taps", "Rate", "ITI", "marker", "1.02", "sub-P07"] {
            XCTAssertFalse(text.contains(hidden), "subject view shows \(hidden)")
        }
    }

    func testPausedHelpAndQuitOverlays() {
        var view = liveView()
        view.paused = true
        XCTAssertTrue(render(view).text.contains("PAUSED — p to resume"))
        view.helpVisible = true
        XCTAssertTrue(render(view).text.contains("drop a marker"))
        view.confirmingQuit = true
        let text = render(view).text
        XCTAssertTrue(text.contains("End the session?"))
        XCTAssertFalse(text.contains("drop a marker"), "the confirmation replaces help")
    }

    func testTheReadyScreenListsTheBlocks() {
        var view = SessionView()
        view.protocolName = "gentile2019"
        view.protocolDescription = "Rest, slow and fast tapping."
        view.subjectID = "P01"
        view.blockCount = 30
        view.totalSeconds = 690
        view.protocolLines = (1...30).map { "  \($0)  block" }
        let canvas = render(view)
        let text = canvas.text
        XCTAssertTrue(text.contains("gentile2019"))
        XCTAssertTrue(text.contains("30 blocks · 11:30 total · tap key: space"))
        XCTAssertTrue(text.contains("Press Enter to start"))
        XCTAssertTrue(text.contains("more"), "a long list says how many are not shown")
        XCTAssertEqual(canvas.lines().count, 24)
    }

    func testTheSummaryShowsEveryFigureAndNAForMissingOnes() {
        var view = SessionView()
        view.screen = .summary
        view.status = .completed
        view.summaries = [
            BlockTapSummary(blockIndex: 1, label: "slow", kind: .tap, durationSeconds: 30, targetRateHz: 1, taps: 30,
                            autorepeats: 0, rateHz: 1.01, itiMeanSeconds: 0.99, itiCV: 0.05, meanAsynchronySeconds: -0.025,
                            sdAsynchronySeconds: 0.02, firstThirdRateHz: 1.0, lastThirdRateHz: 1.0, fatigueIndex: 0),
            BlockTapSummary(blockIndex: 3, label: "fast", kind: .tap, durationSeconds: 30, targetRateHz: nil, taps: 1,
                            autorepeats: 2, rateHz: nil, itiMeanSeconds: nil, itiCV: nil, meanAsynchronySeconds: nil,
                            sdAsynchronySeconds: nil, firstThirdRateHz: 0.1, lastThirdRateHz: 0, fatigueIndex: 1),
        ]
        view.declines[3] = TapDeclineReading(atSeconds: 29.8, declineFraction: 0.38, healthyMeanFraction: 0.136,
                                             healthySdFraction: 0.055, standardErrorFraction: 0.02, z: 3.04, startRateHz: 5,
                                             nowRateHz: 3.1, startIntervals: 20, nowIntervals: 12)
        let lines = render(view).lines()
        XCTAssertTrue(lines[0].contains("Session completed"))
        XCTAssertEqual(lines[2], "  # block     taps rate Hz target ITI ms  CV %  async decline  healthy    z")
        XCTAssertEqual(lines[3], "  2 slow        30    1.01   1.00    990   5.0    -25       –        –    –")
        XCTAssertEqual(lines[4], "  4 fast         1     n/a    max    n/a   n/a      –    -38%   −14±6%  3.0")
        XCTAssertTrue(lines.allSatisfy { $0.count <= 80 })
    }

    func testAnyTerminalSizeIsSafeAndSmallOnesAreToldSo() {
        for (w, h) in [(0, 0), (1, 1), (20, 5), (59, 24), (80, 17), (60, 18), (200, 60), (300, 3)] {
            for screen in [SessionView.Screen.ready, .live, .summary] {
                var view = liveView()
                view.screen = screen
                view.helpVisible = true
                let canvas = render(view, width: w, height: h)
                XCTAssertEqual(canvas.lines().count, h)
                XCTAssertTrue(canvas.lines().allSatisfy { $0.count <= w })
            }
        }
        XCTAssertTrue(render(liveView(), width: 59, height: 24).text.contains("Terminal too small"))
        XCTAssertFalse(render(liveView(), width: 60, height: 18).text.contains("too small"))
    }

    func testAsciiGlyphsWhenTheTerminalHasNoUTF8() {
        let text = render(liveView(), glyphs: .ascii).text
        XCTAssertTrue(text.unicodeScalars.allSatisfy { $0.isASCII || "·–".unicodeScalars.contains($0) })
    }
}

final class WidgetTests: XCTestCase {
    func testBigTextWidthAndShape() {
        XCTAssertEqual(BigText.width("TAP FAST"), 47)
        let rows = BigText.render("TAP FAST", fill: "#")
        XCTAssertEqual(rows?.count, 5)
        XCTAssertTrue(rows?.allSatisfy { $0.count == 47 } == true)
        XCTAssertEqual(rows?[0].prefix(5), "#####")
        XCTAssertNil(BigText.render("Ω", fill: "#"))
    }

    func testSparklineScalesToTheTop() {
        XCTAssertEqual(Widgets.sparkline([0, 1, 2, 4, 8], width: 10, glyphs: .unicode), "▁▂▃▅█")
        XCTAssertEqual(Widgets.sparkline([1, 2, 3], width: 2, glyphs: .unicode), "▆█", "only the newest that fit")
        XCTAssertEqual(Widgets.sparkline([0, 0], width: 5, glyphs: .unicode), "▁▁")
    }

    func testBarsAndNumbers() {
        XCTAssertEqual(Widgets.bar(0.5, width: 10, glyphs: .ascii), "#####.....")
        XCTAssertEqual(Widgets.bar(2, width: 4, glyphs: .ascii), "####")
        XCTAssertEqual(Widgets.bar(.nan, width: 3, glyphs: .ascii), "...")
        XCTAssertEqual(Widgets.signed(12.4, digits: 0), "+12")
        XCTAssertEqual(Widgets.signed(-0.6, digits: 0), "-1")
        XCTAssertEqual(Widgets.number(nil, digits: 2), "–")
        XCTAssertEqual(Widgets.clock(17.2), "0:18", "a countdown rounds up")
    }

    func testCanvasClipsEverything() {
        var canvas = Canvas(width: 5, height: 2)
        canvas.put("hello world", x: -2, y: 0)
        canvas.put("x", x: 4, y: 5)
        canvas.putRight("ab", right: 5, y: 1)
        canvas.put("\u{1b}[2J", x: 0, y: 1)
        XCTAssertEqual(canvas.lines(), ["llo w", " [2Jb"], "escape characters never reach the terminal")
    }
}
