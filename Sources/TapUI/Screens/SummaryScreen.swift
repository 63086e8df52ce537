import TapCore

/// After the session: one row of figures per tapping block.
enum SummaryScreen {
    static let columns: [(title: String, width: Int)] = [
        ("#", 3), ("block", 8), ("taps", 5), ("rate Hz", 7), ("target", 6), ("ITI ms", 6), ("CV %", 5),
        ("async", 6), ("decline", 7), ("healthy", 8), ("z", 4),
    ]

    static func draw(_ view: SessionView, into canvas: inout Canvas) {
        let w = canvas.width, h = canvas.height
        let title = view.status == .completed ? " Session completed" : " Session ended early (\(view.status.rawValue))"
        canvas.put(title, x: 0, y: 0, style: view.status == .completed ? .good : .warn)
        canvas.putRight("\(view.protocolName) · sub-\(view.subjectID) · \(SessionProtocol.clock(view.elapsedSeconds)) ",
                        right: w, y: 0, style: .bold)
        canvas.put(String(repeating: canvas.glyphs.rule, count: w), x: 0, y: 1, style: .dim)
        canvas.put(row(columns.map(\.title)), x: 0, y: 2, style: .dim)
        var y = 3
        if view.summaries.isEmpty {
            canvas.put(" No tapping block was reached.", x: 0, y: y)
        }
        let room = h - 3 - y
        for summary in view.summaries.prefix(room) {
            let decline = view.declines[summary.blockIndex]
            let beyond = decline.map { $0.z > view.declineZLimit } ?? false
            canvas.put(row(cells(summary, decline: decline)), x: 0, y: y, style: beyond ? .warn : .normal)
            y += 1
        }
        if view.summaries.count > room, room >= 0 {
            canvas.put(" … \(view.summaries.count - room) more blocks in summary.json", x: 0, y: h - 3, style: .dim)
        }
        // Issue 16: who was tested, then per hand (the FTT score under a trial rule), as room allows.
        if !view.participantText.isEmpty || !view.handLines.isEmpty, y + 2 < h - 2 {
            y += 1
            if !view.participantText.isEmpty {
                canvas.put(" Participant: " + view.participantText, x: 0, y: y, style: .bold, maxWidth: w)
                y += 1
            }
            for line in view.handLines where y < h - 2 {
                for (index, part) in ReadyScreen.wrap(line, width: max(1, w - 3)).enumerated() where y < h - 2 {
                    canvas.put((index == 0 ? " " : "   ") + part, x: 0, y: y, style: .bold, maxWidth: w)
                    y += 1
                }
            }
        }
        // The study's measure: HbO per condition and the fast − slow contrast.
        if !view.conditionReadings.isEmpty, y + 2 < h - 2 {
            y += 1
            canvas.put(" HbO per condition (mean over [5 s, end) − mean over the 5 s before, motor channels)", x: 0, y: y,
                       style: .dim, maxWidth: w)
            y += 1
            for reading in view.conditionReadings where y < h - 2 {
                let lower = reading.contains("raised HbO less")
                for (index, line) in ReadyScreen.wrap(reading, width: max(1, w - 3)).enumerated() where y < h - 2 {
                    canvas.put((index == 0 ? " " : "   ") + line, x: 0, y: y, style: lower ? .warn : .normal, maxWidth: w)
                    y += 1
                }
            }
        }
        // What the fade detectors found, one plain line per tapping block, as room allows.
        if !view.detectionReadings.isEmpty, y + 2 < h - 2 {
            y += 1
            canvas.put(" Fade detection", x: 0, y: y, style: .dim)
            y += 1
            for reading in view.detectionReadings where y < h - 2 {
                let faded = reading.contains("fell") || reading.contains("did not rise") || reading.contains("behind")
                    || reading.contains("beyond")
                // Wrapped, so the numbers at the end of a reading are not cut off.
                for (index, line) in ReadyScreen.wrap(reading, width: max(1, w - 3)).enumerated() where y < h - 2 {
                    canvas.put((index == 0 ? " " : "   ") + line, x: 0, y: y, style: faded ? .warn : .normal, maxWidth: w)
                    y += 1
                }
            }
        }
        canvas.putCentered("Press Enter or q to exit", y: h - 1, style: .accent)
    }

    /// A block's row; `decline` (self-paced blocks judged against the healthy range) fills the last
    /// three columns: the rate's change since 2–6 s in, the healthy range by the block's end, z.
    static func cells(_ s: BlockTapSummary, decline: TapDeclineReading? = nil) -> [String] {
        var cells = [
            String(s.blockIndex + 1), s.label, String(s.taps), na(s.rateHz, 2),
            s.targetRateHz.map { FixedDecimal.format(seconds: $0, digits: 2) } ?? "max",
            na(s.itiMeanSeconds.map { $0 * 1000 }, 0), na(s.itiCV.map { $0 * 100 }, 1),
            s.meanAsynchronySeconds.map { Widgets.signed($0 * 1000, digits: 0) } ?? "–",
        ]
        if let d = decline {
            cells += [Widgets.signed(-d.declineFraction * 100, digits: 0) + "%",
                      "−" + FixedDecimal.format(seconds: d.healthyMeanFraction * 100, digits: 0) + "±"
                        + FixedDecimal.format(seconds: d.healthySdFraction * 100, digits: 0) + "%",
                      FixedDecimal.format(seconds: d.z, digits: 1)]
        } else {
            cells += ["–", "–", "–"]
        }
        return cells
    }

    static func na(_ value: Double?, _ digits: Int) -> String {
        value.map { FixedDecimal.format(seconds: $0, digits: digits) } ?? "n/a"
    }

    /// Right-aligned numbers, left-aligned block label.
    static func row(_ fields: [String]) -> String {
        zip(fields, columns).enumerated().map { index, pair in
            let (text, column) = pair
            let cut = String(text.prefix(column.width))
            let pad = String(repeating: " ", count: column.width - cut.count)
            return index == 1 ? cut + pad : pad + cut
        }.joined(separator: " ")
    }
}
