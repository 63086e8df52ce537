import TapCore

/// The fNIRS part of the live screen: a line of figures, the motor-cortex HbO/HbR plot over the
/// last minute with tapping blocks shaded, and a strip with one cell per channel.
enum NirsArea {
    /// Smallest plot scale (µM either side of zero), so noise does not fill the plot at rest.
    static let minimumScale = 0.25

    static func draw(_ panel: NirsPanel, top: Int, rows: Int, into canvas: inout Canvas) {
        guard rows >= 1 else { return }
        let w = canvas.width, g = canvas.glyphs
        drawFigures(panel, y: top, into: &canvas)
        guard rows >= 3 else { return }
        let plotRows = rows - 2
        drawPlot(panel, top: top + 1, rows: plotRows, into: &canvas)
        drawStrip(panel, y: top + rows - 1, into: &canvas)
        _ = (w, g)
    }

    static func drawFigures(_ panel: NirsPanel, y: Int, into canvas: inout Canvas) {
        if let lost = panel.lostAtSeconds {
            canvas.put(" fNIRS SIGNAL LOST since \(clockLabel(lost))" + (panel.lostReason.map { " (\($0))" } ?? ""),
                       x: 0, y: y, style: .warn, maxWidth: canvas.width)
            return
        }
        if let problem = panel.problem {
            canvas.put(" fNIRS raw only: \(problem)", x: 0, y: y, style: .warn, maxWidth: canvas.width)
            return
        }
        if panel.samples == 0 {
            canvas.put(" fNIRS: waiting for samples from \(panel.source)", x: 0, y: y, style: .dim, maxWidth: canvas.width)
            return
        }
        if panel.waitingForReference {
            canvas.put(" fNIRS: measuring the intensity reference (first \(Widgets.number(panel.referenceSeconds, digits: 0)) s)",
                       x: 0, y: y, style: .dim, maxWidth: canvas.width)
            return
        }
        canvas.put(" HbO", x: 0, y: y, style: .hbo)
        canvas.putRight(Widgets.signed(panel.hbo, digits: 2) + " µM", right: 16, y: y, style: .bold)
        canvas.put("Δ" + Widgets.signed(panel.hboChange, digits: 2), x: 17, y: y, style: .hbo)
        canvas.put("HbR", x: 27, y: y, style: .hbr)
        canvas.putRight(Widgets.signed(panel.hbr, digits: 2) + " µM", right: 42, y: y, style: .bold)
        canvas.put("Δ" + Widgets.signed(panel.hbrChange, digits: 2), x: 43, y: y, style: .hbr)
        var x = 53
        let motor = "motor avg \(panel.motorChannelCount)/\(panel.channels.count) ch"
        canvas.put(motor, x: x, y: y, style: .dim, maxWidth: max(0, canvas.width - x))
        x += motor.count
        // What this block can show: a fall smaller than the session's noise cannot be seen.
        var notes: [(String, CellStyle)] = []
        if !panel.artefactChannels.isEmpty {
            notes.append(("MOTION " + panel.artefactChannels.joined(separator: " ") + ": not judged", .warn))
        }
        if let fall = panel.detectableFallMicromolar {
            notes.append(("falls < " + Widgets.number(fall, digits: 2) + " µM not seen", .dim))
        } else if let why = panel.notJudged {
            notes.append(("HbO " + why, .dim))
        }
        for (text, style) in notes where x + 3 < canvas.width {
            canvas.put(" · " + text, x: x, y: y, style: style, maxWidth: max(0, canvas.width - x))
            x += 3 + text.count
        }
    }

    static func drawPlot(_ panel: NirsPanel, top: Int, rows: Int, into canvas: inout Canvas) {
        let w = canvas.width, labelWidth = 7
        let plotWidth = w - labelWidth - 1
        guard plotWidth >= 10 else { return }
        let window = NirsPanel.windowSeconds
        let largest = panel.points.reduce(0.0) { max($0, abs($1.hbo), abs($1.hbr)) }
        let scale = niceScale(max(minimumScale, largest))
        // Tapping blocks behind the lines.
        for span in panel.spans {
            let from = column(secondsAgo: span.startSecondsAgo, window: window, width: plotWidth)
            let to = column(secondsAgo: span.endSecondsAgo, window: window, width: plotWidth)
            guard to >= from else { continue }
            canvas.fill(x: labelWidth + from, y: top, width: to - from + 1, height: rows, character: canvas.glyphs.empty,
                        style: .dim)
        }
        canvas.putRight("+" + Widgets.number(scale, digits: 2), right: labelWidth - 1, y: top, style: .dim)
        canvas.putRight("-" + Widgets.number(scale, digits: 2), right: labelWidth - 1, y: top + rows - 1, style: .dim)
        if rows >= 3 { canvas.putRight("0 µM", right: labelWidth - 1, y: top + rows / 2, style: .dim) }
        let x = { (ago: Double) in 1 - min(1, max(0, ago / window)) }
        let hbo = BraillePlot.Series(points: panel.points.map { (x($0.secondsAgo), $0.hbo) }, style: .hbo, asciiMark: "o")
        let hbr = BraillePlot.Series(points: panel.points.map { (x($0.secondsAgo), $0.hbr) }, style: .hbr, asciiMark: "r")
        BraillePlot.draw([hbo, hbr], x: labelWidth, y: top, width: plotWidth, height: rows, low: -scale, high: scale,
                         unicode: canvas.glyphs == .unicode, into: &canvas)
        // Motion artefacts on motor channels: marked along the plot's bottom row.
        for span in panel.artefactSpans {
            let from = column(secondsAgo: span.upperBound, window: window, width: plotWidth)
            let to = column(secondsAgo: span.lowerBound, window: window, width: plotWidth)
            guard to >= from else { continue }
            for c in from...to { canvas.put("m", x: labelWidth + c, y: top + rows - 1, style: .warn) }
        }
    }

    static func drawStrip(_ panel: NirsPanel, y: Int, into canvas: inout Canvas) {
        canvas.put(" ch", x: 0, y: y, style: .dim)
        var x = 4
        for cell in panel.channels where x < canvas.width - 1 {
            let (character, style) = mark(cell, glyphs: canvas.glyphs)
            canvas.put(String(character), x: x, y: y, style: style)
            x += 1
        }
        let bad = panel.channels.filter { $0.status.bidsStatus == "bad" }.count
        // Counts first: a long device path is what gets cut, never the numbers.
        var status = "\(Widgets.number(panel.rateHz, digits: 2)) Hz · \(panel.samples) samples"
        if panel.rejected > 0 { status += " · \(panel.rejected) rejected" }
        if bad > 0 { status += " · \(bad) bad ch" }
        status += " · \(panel.source)"
        let room = canvas.width - x - 2
        if room > 8 {
            let text = Widgets.fit(status, min(room, status.count))
            canvas.putRight(text + " ", right: canvas.width, y: y, style: panel.rejected > 0 || bad > 0 ? .warn : .dim)
        }
    }

    /// One cell per channel: height by HbO change, red up / blue down, `x` for a bad channel.
    static func mark(_ cell: NirsPanel.ChannelCell, glyphs: Glyphs) -> (Character, CellStyle) {
        switch cell.status {
        case .flat, .noisy, .poorCoupling: return ("x", .dim)
        case .measuring, .good: break
        }
        guard let change = cell.hboChange else { return ("?", .dim) }
        let level = min(glyphs.spark.count - 1, Int((abs(change) / 0.5 * Double(glyphs.spark.count - 1)).rounded()))
        let style: CellStyle = change > 0.05 ? .hbo : change < -0.05 ? .hbr : .dim
        return (glyphs.spark[level], cell.inMotorAverage ? style : .dim)
    }

    static func column(secondsAgo: Double, window: Double, width: Int) -> Int {
        Int(((1 - min(1, max(0, secondsAgo / window))) * Double(width - 1)).rounded())
    }

    /// 0.25, 0.5, 1, 2, 5, 10 … µM: a scale that reads at a glance.
    static func niceScale(_ value: Double) -> Double {
        for step in [0.25, 0.5, 1, 2, 5, 10, 20, 50, 100] where value <= step { return step }
        return (value / 100).rounded(.up) * 100
    }

    static func clockLabel(_ seconds: Double) -> String {
        let tenths = max(0, Int((seconds * 10).rounded(.down)))
        let m = tenths / 600, s = (tenths % 600) / 10, t = tenths % 10
        return "\(m):\(s < 10 ? "0" : "")\(s).\(t)"
    }
}
