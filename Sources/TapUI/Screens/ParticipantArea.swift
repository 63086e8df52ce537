import TapCore

/// Issue 16 on the ready screen: who is tested, and the short form for what the command line did
/// not give (editable until Enter).
enum ParticipantArea {
    /// Draws from row `top`; returns the next free row.
    static func draw(_ view: SessionView, top: Int, into canvas: inout Canvas) -> Int {
        let w = canvas.width
        var y = top
        guard !view.participantText.isEmpty else { return y }
        canvas.put(" Participant: " + view.participantText, x: 0, y: y, style: .bold, maxWidth: w)
        y += 1
        guard let rows = view.form else { return y }
        canvas.put("   Tab/↓ next field · ←/→ or first letter: choose · digits: age · Enter: start", x: 0, y: y, style: .dim,
                   maxWidth: w)
        y += 1
        for row in rows {
            let marker = row.focused ? " ▶ " : "   "
            let value = row.value.isEmpty ? "not given" : row.value
            let text = marker + pad(row.name, 12) + pad(value, 14) + (row.invalid ? "not an age (\(row.choices))" : row.choices)
            canvas.put(text, x: 0, y: y, style: row.invalid ? .warn : (row.focused ? .reverse : .normal), maxWidth: w)
            y += 1
        }
        return y
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}

/// Which hand taps, unmistakably: a reverse banner across the clinician's screen, large letters on
/// the subject's.
enum HandBanner {
    /// `▶▶  RIGHT HAND · trial 1 of 5  ◀◀` across the row above the cue.
    static func draw(_ hand: TappingHand, detail: String?, y: Int, into canvas: inout Canvas) {
        guard y >= 0 else { return }
        let text = "  ▶▶  " + hand.cueText + (detail.map { " · " + $0 } ?? "") + "  ◀◀  "
        let x = max(0, (canvas.width - text.count) / 2)
        canvas.put(text, x: x, y: y, style: .reverse)
    }

    /// `RIGHT HAND` (or `NEXT: LEFT HAND` in small letters over it during a rest) in the cue's large
    /// letters; returns the row where the cue goes.
    static func drawLarge(_ hand: TappingHand, next: Bool, top: Int, canvas: inout Canvas) -> Int {
        let text = hand.cueText
        var y = top
        if next {
            canvas.putCentered("next:", y: y, style: .dim)
            y += 1
        }
        if let big = BigText.render(text, fill: canvas.glyphs.full), BigText.width(text) <= canvas.width - 2,
           y + 2 * BigText.rows + 6 <= canvas.height {
            let x = (canvas.width - BigText.width(text)) / 2
            for (row, line) in big.enumerated() { canvas.put(line, x: x, y: y + row, style: next ? .dim : .bold) }
            return y + BigText.rows + 1
        }
        canvas.putCentered(text, y: y, style: .reverse)
        return y + 2
    }
}
