import TapCore

/// The clinician's view while a block runs: cue, countdown, beat, and the tapping figures.
enum LiveScreen {
    static func draw(_ view: SessionView, into canvas: inout Canvas) {
        let w = canvas.width, h = canvas.height, g = canvas.glyphs
        // Header and session progress
        canvas.put(" tapnirs · \(view.protocolName) · sub-\(view.subjectID)", x: 0, y: 0, style: .bold, maxWidth: w - 22)
        canvas.putRight("session \(SessionProtocol.clock(view.elapsedSeconds)) / \(SessionProtocol.clock(view.totalSeconds)) ",
                        right: w, y: 0, style: .bold)
        canvas.put(" " + Widgets.bar(view.totalSeconds > 0 ? view.elapsedSeconds / view.totalSeconds : 0, width: w - 2, glyphs: g),
                   x: 0, y: 1, style: .dim)
        // Block line
        let block = view.block
        canvas.put(" Block \(view.blockNumber)/\(view.blockCount)  " + (block.map(paceText) ?? ""), x: 0, y: 2, style: .bold)
        if let next = view.nextBlock {
            canvas.putRight("next: \(next.cue) in \(Widgets.clock(view.blockRemainingSeconds)) ", right: w, y: 2, style: .dim)
        } else {
            canvas.putRight("last block ", right: w, y: 2, style: .dim)
        }
        // Cue with the beat and tap lamps beside it
        let cueTop = h >= 22 ? 4 : 3
        let hasBeat = block?.metronome.visual == true && block?.beatPeriod != nil
        CueArea.draw(cue: block?.cue ?? "", top: cueTop, view: view, hasBeat: hasBeat, into: &canvas)
        if let hand = view.hand { HandBanner.draw(hand, detail: view.trialText, y: cueTop - 1, into: &canvas) }  // issue 16
        // Countdown and block progress
        let countdownRow = cueTop + BigText.rows + 1
        let remaining = Widgets.clock(view.blockRemainingSeconds)
        canvas.put(" \(remaining) left ", x: 0, y: countdownRow, style: .bold)
        let fraction = (block?.durationSeconds ?? 0) > 0 ? view.blockElapsedSeconds / (block?.durationSeconds ?? 1) : 0
        canvas.put(Widgets.bar(fraction, width: w - 14, glyphs: g), x: 12, y: countdownRow, style: .accent)
        if view.paused {
            canvas.putCentered("  PAUSED — p to resume  ", y: countdownRow - 1, style: .warn)
        }
        // Tapping figures
        let statsTop = countdownRow + 2
        canvas.put(String(repeating: g.rule, count: w), x: 0, y: statsTop - 1, style: .dim)
        drawFigures(view, top: statsTop, into: &canvas)
        // Event log fills the rest
        var logTop = statsTop + 4  // two rows of figures, one for the auto-repeat warning, one rule
        canvas.put(String(repeating: g.rule, count: w), x: 0, y: logTop - 1, style: .dim)
        if let nirs = view.nirs {
            // fNIRS takes the rows above the log: figures, plot (3–10 rows), channel strip; at
            // least one log line stays.
            let free = h - 2 - logTop
            let rows = min(12, max(0, free - 1))
            NirsArea.draw(nirs, top: logTop, rows: rows, into: &canvas)
            logTop += rows
        }
        let logRows = max(0, h - 2 - logTop)
        for (index, line) in view.logLines.prefix(logRows).enumerated() {
            canvas.put(" " + line, x: 0, y: logTop + index, style: line.hasPrefix("DISK") ? .warn : (index == 0 ? .normal : .dim),
                       maxWidth: w)
        }
        Footer.draw(view, into: &canvas)
    }

    static func paceText(_ block: Block) -> String {
        switch block.pace {
        case .hz(let hz): return block.cue + " · " + FixedDecimal.format(seconds: hz, digits: 2) + " Hz"
        case .selfPaced: return block.cue + " · as fast as you can"
        case .none: return block.cue
        }
    }

    static func drawFigures(_ view: SessionView, top: Int, into canvas: inout Canvas) {
        guard view.block?.kind == .tap else {
            canvas.put(" Rest: no tapping asked for.", x: 0, y: top, style: .dim)
            if let next = view.nextBlock, next.kind == .tap {
                canvas.put(" Next: \(LiveScreen.paceText(next))" + (view.nextHand.map { " · " + $0.cueText } ?? "")
                           + " for \(SessionProtocol.clock(next.durationSeconds))", x: 0, y: top + 1, style: .dim)
            }
            return
        }
        let w = canvas.width
        let target = view.targetRateHz.map { FixedDecimal.format(seconds: $0, digits: 2) + " Hz" } ?? "max"
        let rate = Widgets.number(view.liveRateHz, digits: 2)
        let onPace: CellStyle = {
            guard let live = view.liveRateHz, let goal = view.targetRateHz, goal > 0 else { return .bold }
            return abs(live - goal) / goal <= 0.1 ? .good : .warn
        }()
        canvas.put(" Taps", x: 0, y: top, style: .dim)
        canvas.putRight(String(view.blockTaps), right: 12, y: top, style: .bold)
        canvas.put("Rate", x: 15, y: top, style: .dim)
        canvas.putRight(rate + " Hz", right: 30, y: top, style: onPace)
        canvas.put("target " + target, x: 32, y: top, style: .dim)
        let sparkWidth = max(0, w - 52)
        let top2 = max(view.targetRateHz ?? 0, view.rateHistory.max() ?? 0) * 1.1
        canvas.put(Widgets.sparkline(view.rateHistory, width: sparkWidth, top: top2, glyphs: canvas.glyphs),
                   x: 50, y: top, style: .accent)

        canvas.put(" ITI", x: 0, y: top + 1, style: .dim)
        canvas.putRight(Widgets.number(view.itiMeanSeconds.map { $0 * 1000 }, digits: 0) + " ms", right: 12, y: top + 1)
        canvas.put("CV", x: 15, y: top + 1, style: .dim)
        canvas.putRight(Widgets.number(view.itiCV.map { $0 * 100 }, digits: 1) + " %", right: 30, y: top + 1)
        if view.targetRateHz != nil {
            canvas.put("async", x: 32, y: top + 1, style: .dim)
            canvas.putRight(Widgets.signed(view.meanAsynchronySeconds.map { $0 * 1000 }, digits: 0) + " ms", right: 48, y: top + 1)
            canvas.put("last " + Widgets.signed(view.lastBeatOffsetSeconds.map { $0 * 1000 }, digits: 0) + " ms",
                       x: 50, y: top + 1, style: .dim)
        } else if let decline = view.decline {
            // The decline so far against what healthy people show by now: the number behind a flag.
            canvas.put(decline, x: 32, y: top + 1, style: view.declineBeyond ? .warn : .normal, maxWidth: max(0, w - 32))
        }
        if !view.flags.isEmpty {
            // Fade flags take the third row the moment they are raised (clinician view only).
            canvas.put(" " + view.flags.joined(separator: " · "), x: 0, y: top + 2, style: .warn, maxWidth: w)
        } else if view.blockAutorepeats > 0 {
            canvas.put(" auto-repeat presses ignored: \(view.blockAutorepeats) (key held down?)", x: 0, y: top + 2, style: .warn)
        }
    }
}

/// The large cue, with a beat lamp on the right and a tap lamp on the left when they fit.
enum CueArea {
    static let lampWidth = 8

    static func draw(cue: String, top: Int, view: SessionView, hasBeat: Bool, into canvas: inout Canvas) {
        let w = canvas.width, g = canvas.glyphs
        let cueWidth = BigText.width(cue)
        if cueWidth <= w - 2, let big = BigText.render(cue, fill: g.full) {
            let x = (w - cueWidth) / 2
            for (row, line) in big.enumerated() { canvas.put(line, x: x, y: top + row, style: .accent) }
        } else {
            canvas.putCentered(cue, y: top + 2, style: .accent)
        }
        let lampsBeside = cueWidth + 2 * (lampWidth + 3) <= w
        if lampsBeside {
            if hasBeat { lamp(label: "beat \(view.beatIndex)", lit: view.beatFlash, x: w - lampWidth - 2, top: top, into: &canvas) }
            lamp(label: "tap", lit: view.tapFlash, x: 2, top: top, into: &canvas)
        } else {
            let beat = hasBeat ? (view.beatFlash ? "\(g.dot) BEAT" : "  beat") : ""
            let tap = view.tapFlash ? "\(g.dot) TAP" : "  tap"
            canvas.put(tap, x: 1, y: top + BigText.rows, style: view.tapFlash ? .good : .dim)
            canvas.putRight(beat, right: w - 1, y: top + BigText.rows, style: view.beatFlash ? .accent : .dim)
        }
    }

    static func lamp(label: String, lit: Bool, x: Int, top: Int, into canvas: inout Canvas) {
        if lit {
            canvas.fill(x: x, y: top, width: lampWidth, height: BigText.rows - 1, character: canvas.glyphs.full, style: .accent)
        } else {
            canvas.fill(x: x, y: top, width: lampWidth, height: BigText.rows - 1, character: canvas.glyphs.empty, style: .dim)
        }
        canvas.put(label, x: x, y: top + BigText.rows - 1, style: lit ? .bold : .dim, maxWidth: lampWidth + 2)
    }
}

/// The key line at the bottom and the status line above it.
enum Footer {
    static func draw(_ view: SessionView, into canvas: inout Canvas) {
        let w = canvas.width, h = canvas.height
        var status: [String] = []
        if !view.soundOn { status.append("sound off") }
        if let profile = view.autotapProfile { status.append("autotap: \(profile)") }
        if view.paused { status.append("PAUSED") }
        canvas.putRight(status.joined(separator: " · ") + " ", right: w, y: h - 2, style: view.paused ? .warn : .dim)
        let keys = view.tapKeyNames.joined(separator: "/")
        canvas.fill(x: 0, y: h - 1, width: w, height: 1, style: .reverse)
        canvas.put(" \(keys) tap · p pause · m marker · v subject view · ? help · q quit", x: 0, y: h - 1, style: .reverse)
    }
}
