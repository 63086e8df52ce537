import Foundation
import XCTest
import TapCore
@testable import TapUI

/// The fNIRS part of the live screen, drawn from hand-made panels.
final class NirsAreaTests: XCTestCase {
    func panel() -> NirsPanel {
        var panel = NirsPanel()
        panel.source = "sim healthy seed 1"
        panel.kind = "intensity"
        panel.rateHz = 7.8125
        panel.samples = 1234
        panel.hbo = 0.42
        panel.hboChange = 0.31
        panel.hbr = -0.12
        panel.hbrChange = -0.08
        // A minute of a slow rise: HbO up to 0.5 µM, HbR down to −0.15 µM.
        panel.points = stride(from: 60.0, through: 0, by: -0.25).map { ago in
            let x = (60 - ago) / 60
            return NirsPanel.PlotPoint(secondsAgo: ago, hbo: 0.5 * x, hbr: -0.15 * x)
        }
        panel.spans = [NirsPanel.BlockSpan(startSecondsAgo: 30, endSecondsAgo: 10, label: "fast")]
        panel.channels = [
            .init(name: "S1-D1", hboChange: 0.5, status: .good, inMotorAverage: true),
            .init(name: "S1-D2", hboChange: 0.2, status: .poorCoupling, inMotorAverage: false),
            .init(name: "S2-D2", hboChange: -0.3, status: .good, inMotorAverage: true),
            .init(name: "S2-D3", hboChange: 0.0, status: .good, inMotorAverage: true),
        ]
        panel.motorChannelCount = 3
        return panel
    }

    func draw(_ panel: NirsPanel, width: Int = 80, rows: Int = 5, glyphs: Glyphs = .unicode) -> Canvas {
        var canvas = Canvas(width: width, height: rows, glyphs: glyphs)
        NirsArea.draw(panel, top: 0, rows: rows, into: &canvas)
        return canvas
    }

    func testFiguresPlotAndChannelStripAt80Columns() {
        let canvas = draw(panel())
        let lines = canvas.lines()
        if ProcessInfo.processInfo.environment["PRINT_SNAPSHOT"] != nil { print(lines.map { "|" + $0 }.joined(separator: "\n")) }
        XCTAssertEqual(lines[0], " HbO    +0.42 µM Δ+0.31    HbR    -0.12 µM Δ-0.08    motor avg 3/4 ch")
        XCTAssertTrue(lines[1].hasPrefix(" +0.50 "), "scale: 0.5 µM, the smallest nice step holding 0.5: \(lines[1])")
        XCTAssertTrue(lines[3].hasPrefix(" -0.50 "))
        XCTAssertTrue(lines[2].hasPrefix("  0 µM "))
        // HbO rises to the top right corner; HbR ends below the middle.
        let plotRows = lines[1...3].map { String($0.dropFirst(7)) }
        XCTAssertTrue(plotRows[0].last.map { $0.unicodeScalars.first!.value >= 0x2800 } ?? false, "HbO reaches the top right")
        // The tapping block 30–10 s ago is shaded (before the lines are drawn over it).
        let shadeColumn = 7 + NirsArea.column(secondsAgo: 20, window: 60, width: 80 - 8)
        XCTAssertEqual(canvas.cells[3 * 80 + shadeColumn].character, "░")
        let before = 7 + NirsArea.column(secondsAgo: 45, window: 60, width: 80 - 8)
        XCTAssertNotEqual(canvas.cells[3 * 80 + before].character, "░")
        // One cell per channel: tall red for +0.5, `x` for the bad channel, blue for the fall.
        XCTAssertTrue(lines[4].hasPrefix(" ch █x▅▁"), lines[4])
        XCTAssertEqual(canvas.cells[4 * 80 + 4].style, .hbo)
        XCTAssertEqual(canvas.cells[4 * 80 + 6].style, .hbr)
        XCTAssertTrue(lines[4].hasSuffix("7.81 Hz · 1234 samples · 1 bad ch · sim healthy seed 1"), lines[4])
    }

    func testSignalLossTakesTheFiguresLineInWarningStyle() {
        var p = panel()
        p.lostAtSeconds = 83.45
        p.lostReason = "end of file"
        let canvas = draw(p)
        XCTAssertEqual(canvas.lines()[0], " fNIRS SIGNAL LOST since 1:23.4 (end of file)")
        XCTAssertEqual(canvas.cells[1].style, .warn)
    }

    func testBeforeTheReferenceIsKnownTheScreenSaysWhy() {
        var p = panel()
        p.waitingForReference = true
        p.referenceSeconds = 5
        XCTAssertEqual(draw(p).lines()[0], " fNIRS: measuring the intensity reference (first 5 s)")
        p.samples = 0
        XCTAssertEqual(draw(p).lines()[0], " fNIRS: waiting for samples from sim healthy seed 1")
        p.samples = 3
        p.problem = "the stream has 3 wavelength(s); HbO and HbR need exactly 2"
        XCTAssertTrue(draw(p).lines()[0].hasPrefix(" fNIRS raw only: the stream has 3 wavelength(s)"))
    }

    func testAsciiTerminalsGetLettersInsteadOfBraille() {
        let lines = draw(panel(), glyphs: .ascii).lines()
        XCTAssertTrue(lines[1...3].joined().contains("o"), "HbO marks")
        XCTAssertTrue(lines[1...3].joined().contains("r"), "HbR marks")
        XCTAssertFalse(lines.joined().unicodeScalars.contains { $0.value >= 0x2800 && $0.value < 0x2900 })
    }

    func testTinyAreasDoNotCrash() {
        for (w, rows) in [(1, 1), (5, 3), (12, 2), (20, 6)] { _ = draw(panel(), width: w, rows: rows) }
    }

    func testTheLiveScreenGivesTheFnirsPanelRowsAndKeepsALogLine() {
        var view = SessionView()
        view.screen = .live
        view.block = Block(kind: .tap, label: "fast", durationSeconds: 30, pace: .selfPaced)
        view.blockNumber = 2
        view.blockCount = 3
        view.logLines = ["0:30.0  block 2/3 TAP FAST"]
        view.nirs = panel()
        var canvas = Canvas(width: 80, height: 24)
        drawSession(view, into: &canvas)
        let lines = canvas.lines()
        XCTAssertTrue(lines[16].hasPrefix(" HbO"), lines[16])
        XCTAssertTrue(lines[20].hasPrefix(" ch "), lines[20])
        XCTAssertEqual(lines[21], " 0:30.0  block 2/3 TAP FAST")
        var small = Canvas(width: 60, height: 18)
        drawSession(view, into: &small)  // the minimum size still draws without crashing
    }

    func testTheReadyScreenSaysWhetherTheDeviceIsTalking() {
        var view = SessionView()
        view.screen = .ready
        view.protocolName = "demo"
        view.nirs = panel()
        var canvas = Canvas(width: 80, height: 24)
        drawSession(view, into: &canvas)
        XCTAssertEqual(canvas.lines()[21], " fNIRS: sim healthy seed 1 · 7.81 Hz · 1234 samples · 4 ch (1 bad)")
        XCTAssertEqual(canvas.cells[21 * 80 + 2].style, .good)
        view.nirs?.lostAtSeconds = 3
        view.nirs?.lostReason = "serial port /dev/ttyUSB0 not found (is the device plugged in?)"
        canvas = Canvas(width: 80, height: 24)
        drawSession(view, into: &canvas)
        XCTAssertTrue(canvas.lines()[21].hasPrefix(" fNIRS: no signal from sim healthy seed 1 (serial port"), canvas.lines()[21])
        XCTAssertEqual(canvas.cells[21 * 80 + 2].style, .warn)
    }
}
