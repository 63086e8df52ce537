import TapCore

/// Before the session: what will run, and "press Enter".
enum ReadyScreen {
    static func draw(_ view: SessionView, into canvas: inout Canvas) {
        let w = canvas.width, h = canvas.height
        canvas.put(" tapnirs · ready", x: 0, y: 0, style: .bold)
        canvas.putRight("subject \(view.subjectID) ", right: w, y: 0, style: .bold)
        canvas.put(String(repeating: canvas.glyphs.rule, count: w), x: 0, y: 1, style: .dim)
        canvas.put(" " + view.protocolName, x: 0, y: 2, style: .accent)
        var y = 3
        for line in wrap(view.protocolDescription, width: w - 2).prefix(3) {
            canvas.put(" " + line, x: 0, y: y)
            y += 1
        }
        y = ParticipantArea.draw(view, top: y, into: &canvas)  // issue 16
        y += 1
        let keys = view.tapKeyNames.joined(separator: ", ")
        canvas.put(" \(view.blockCount) blocks · \(SessionProtocol.clock(view.totalSeconds)) total · tap key: \(keys)",
                   x: 0, y: y, style: .bold)
        y += 1
        canvas.put("   #  start  cue           length   pace", x: 0, y: y, style: .dim)
        y += 1
        let room = max(0, h - 3 - y - (view.nirs == nil ? 0 : 1))
        let lines = view.protocolLines
        let shown = lines.count > room ? max(0, room - 1) : lines.count
        for line in lines.prefix(shown) {
            canvas.put(" " + line, x: 0, y: y)
            y += 1
        }
        if shown < lines.count { canvas.put("   … \(lines.count - shown) more", x: 0, y: y, style: .dim) }
        if let nirs = view.nirs {
            // Is the device talking before the subject starts? (The clinician checks here.)
            canvas.put(" " + fnirsStatus(nirs), x: 0, y: h - 3, style: nirs.lostAtSeconds != nil || nirs.samples == 0 ? .warn : .good,
                       maxWidth: w)
        }
        canvas.putCentered("Press Enter to start · q to quit · ? keys", y: h - 2, style: .accent)
    }

    static func fnirsStatus(_ nirs: NirsPanel) -> String {
        if nirs.lostAtSeconds != nil { return "fNIRS: no signal from \(nirs.source)" + (nirs.lostReason.map { " (\($0))" } ?? "") }
        if nirs.samples == 0 { return "fNIRS: waiting for samples from \(nirs.source)" }
        let bad = nirs.channels.filter { $0.status.bidsStatus == "bad" }.count
        return "fNIRS: \(nirs.source) · \(Widgets.number(nirs.rateHz, digits: 2)) Hz · \(nirs.samples) samples"
            + (nirs.channels.isEmpty ? "" : " · \(nirs.channels.count) ch") + (bad > 0 ? " (\(bad) bad)" : "")
            + (nirs.rejected > 0 ? " · \(nirs.rejected) lines rejected" : "")
    }

    /// Greedy word wrap.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        var current = ""
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            if current.isEmpty { current = String(word) } else if current.count + 1 + word.count <= width {
                current += " " + word
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines.map { String($0.prefix(width)) }
    }
}
