import TapCore

/// The minimum terminal the screens are laid out for.
public enum ScreenSize {
    public static let minimumColumns = 60
    public static let minimumLines = 18
}

/// Draws the whole frame for `view`: picks the screen, then any overlay. Pure: the canvas is
/// the only output, so every screen is tested as text.
public func drawSession(_ view: SessionView, into canvas: inout Canvas) {
    guard canvas.width >= ScreenSize.minimumColumns, canvas.height >= ScreenSize.minimumLines else {
        TooSmallScreen.draw(into: &canvas)
        return
    }
    switch view.screen {
    case .ready: ReadyScreen.draw(view, into: &canvas)
    case .live: view.subjectView ? SubjectScreen.draw(view, into: &canvas) : LiveScreen.draw(view, into: &canvas)
    case .summary: SummaryScreen.draw(view, into: &canvas)
    }
    if view.confirmingQuit {
        Overlay.draw(title: "End the session?", lines: ["", "  y  end the session now", "  n  continue", ""],
                     into: &canvas)
    } else if view.helpVisible {
        Overlay.draw(title: "Keys", lines: Overlay.helpLines(tapKeys: view.tapKeyNames), into: &canvas)
    }
}

/// Said instead of drawing a garbled layout.
enum TooSmallScreen {
    static func draw(into canvas: inout Canvas) {
        let message = "Terminal too small: need \(ScreenSize.minimumColumns)×\(ScreenSize.minimumLines), "
            + "have \(canvas.width)×\(canvas.height). Enlarge the window."
        var y = 0
        var rest = Substring(message)
        while !rest.isEmpty, y < canvas.height, canvas.width > 0 {
            canvas.put(String(rest.prefix(canvas.width)), x: 0, y: y, style: .warn)
            rest = rest.dropFirst(canvas.width)
            y += 1
        }
    }
}

/// A centred box over the screen (help, quit confirmation).
enum Overlay {
    static func helpLines(tapKeys: [String]) -> [String] {
        [
            "",
            "  " + Widgets.fit(tapKeys.joined(separator: ", "), 9) + "  tap",
            "  Enter      start (ready screen) / exit (summary)",
            "  p          pause / resume",
            "  m          drop a marker",
            "  v          subject view: only the cue and the beat",
            "  ?          this help",
            "  q  Esc     end the session (asks first)",
            "",
        ]
    }

    static func draw(title: String, lines: [String], into canvas: inout Canvas) {
        let boxWidth = min(canvas.width - 4, max(title.count + 6, (lines.map(\.count).max() ?? 0) + 4))
        let boxHeight = min(canvas.height - 2, lines.count + 2)
        let x = (canvas.width - boxWidth) / 2, y = (canvas.height - boxHeight) / 2
        canvas.fill(x: x, y: y, width: boxWidth, height: boxHeight, style: .reverse)
        canvas.put(" " + title + " ", x: x + 2, y: y, style: .reverse)
        for (index, line) in lines.prefix(boxHeight - 2).enumerated() {
            canvas.put(line, x: x + 1, y: y + 1 + index, style: .reverse, maxWidth: boxWidth - 2)
        }
    }
}
