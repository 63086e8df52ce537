import TapCore

/// What the subject sees: the cue, the time left and the beat. No numbers, no log, no flags.
enum SubjectScreen {
    static func draw(_ view: SessionView, into canvas: inout Canvas) {
        let w = canvas.width, h = canvas.height, g = canvas.glyphs
        let cue = view.block?.cue ?? ""
        var top = max(1, (h - BigText.rows - 8) / 2)
        // Issue 16: which hand, in the same large letters, above the cue (a rest names the next hand).
        if let hand = view.hand ?? (view.block?.kind == .rest ? view.nextHand : nil) {
            top = HandBanner.drawLarge(hand, next: view.hand == nil, top: top, canvas: &canvas)
        }
        if let big = BigText.render(cue, fill: g.full), BigText.width(cue) <= w - 2 {
            let x = (w - BigText.width(cue)) / 2
            for (row, line) in big.enumerated() { canvas.put(line, x: x, y: top + row, style: .accent) }
        } else {
            canvas.putCentered(cue, y: top + 2, style: .accent)
        }
        canvas.putCentered(Widgets.clock(view.blockRemainingSeconds), y: top + BigText.rows + 1, style: .bold)
        let hasBeat = view.block?.metronome.visual == true && view.block?.beatPeriod != nil
        if hasBeat {
            let lampWidth = 16
            let x = (w - lampWidth) / 2
            let lit = view.beatFlash
            canvas.fill(x: x, y: top + BigText.rows + 3, width: lampWidth, height: 3,
                        character: lit ? g.full : g.empty, style: lit ? .accent : .dim)
        }
        if view.paused { canvas.putCentered("PAUSED", y: top + BigText.rows + 7, style: .warn) }
        canvas.put(" v: clinician view", x: 0, y: h - 1, style: .dim)
    }
}
