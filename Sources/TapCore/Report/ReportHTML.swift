/// `report.html`: one self-contained page (inline CSS, inline SVG, no script, no network) made
/// from a `ReportInput`. Pure and deterministic: the same input gives the same bytes.
public enum ReportHTML {
    /// Written into `<meta name="generator">`, so `tapnirs report` knows a report it may replace.
    public static let generator = "tapnirs report"

    /// `sub-P01/ses-20261125T101500`: the session a report belongs to (`<meta name="tapnirs-session">`).
    public static func sessionKey(subject: String, session: String) -> String { "sub-\(subject)/\(session)" }

    /// True when `html` is a report tapnirs wrote for this session (then it may be replaced).
    public static func isOwnReport(_ html: String, subject: String, session: String) -> Bool {
        html.contains("<meta name=\"generator\" content=\"\(generator)\">")
            && html.contains("<meta name=\"tapnirs-session\" content=\"\(HTMLText.escape(sessionKey(subject: subject, session: session)))\">")
    }

    static let palette = ["#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#9c755f", "#ff9da7"]
    static let hboColour = "#d62728"
    static let hbrColour = "#1f77b4"
    static let flagColour = "#d62728"
    static let behindColour = "#ff7f0e"
    static let width = 1000.0

    public static func render(_ input: ReportInput) -> String {
        let colours = labelColours(input)
        let h = input.header
        var body: [String] = []
        body.append("<h1>Finger-tapping session report</h1>")
        body.append(headerTable(h, participant: participantRows(input)))  // issue 16: who, which hand
        if !input.notes.isEmpty {
            body.append("<ul class=\"notes\">" + input.notes.map { "<li>\(HTMLText.escape($0))</li>" }.joined() + "</ul>")
        }
        body.append("<h2>Readings</h2>")
        if input.summaries.isEmpty {
            body.append("<p class=\"note\">No tapping block was reached.</p>")
        } else {
            body.append("<ul class=\"readings\">" + input.summaries.map { "<li>\(HTMLText.escape(input.reading(for: $0)))</li>" }.joined() + "</ul>")
        }

        body += clinicalSections(input)  // issue 16 (ReportHTML+Clinical.swift)

        body.append("<h2>1. Tap rate over time</h2>")
        body.append(tapRatePlot(input, colours))
        body.append("<p class=\"method\">Grey bars: counted taps (in a tapping block, auto-repeat excluded) per 1 s bin from session zero. "
                    + "Black line: the live rate the clinician saw (1 / median of the last 5 inter-tap intervals, falling while "
                    + "the open interval runs late; every 0.25 s). Shaded: tapping blocks; dashed: the metronome pace of paced blocks; red: tap fade flags from the flag's "
                    + "estimated onset to when it was cleared (the line marks when it was raised); orange: behind-the-beat flags.</p>")

        body.append("<h2>2. Inter-tap intervals and asynchrony</h2>")
        body.append(itiPlot(input, colours))
        if let asynchrony = asynchronyPlot(input, colours) {
            body.append(asynchrony)
        } else {
            body.append("<p class=\"note\">No paced block with beats: no asynchrony to plot.</p>")
        }
        body.append("<p class=\"method\">One dot per counted tap; bars: the block's mean. Asynchrony: signed offset from "
                    + "the nearest metronome beat (negative = before the beat).</p>")

        body.append("<h2>3. HbO/HbR motor average</h2>")
        if let hemo = input.hemo, !hemo.times.isEmpty {
            body.append(hemoPlot(input, hemo, colours))
            let good = hemo.channels.filter(\.good).count
            body.append("<p class=\"method\">Mean ΔHbO/ΔHbR over the \(good) good channel\(good == 1 ? "" : "s") of channels.tsv "
                        + "(of \(hemo.channels.count)): the HbO signal the clinician saw live (hemo.tsv, no filter; from 5 s before "
                        + "each tapping block to 5 s before the next, referenced to its mean over the 5 s before the block's onset; "
                        + "docs/optics.md). Red bands: motor-average HbO flags, from the estimated onset to when cleared; grey bands: "
                        + "motion artefacts.</p>")
        } else {
            body.append("<p class=\"note\">This session has no fNIRS recording (no hemo.tsv): the HbO/HbR plots and the channel map are left out.</p>")
        }

        if !input.conditions.isEmpty {
            body.append("<h2>4. HbO per condition</h2>")
            body.append("<ul class=\"readings\">" + ConditionReading.lines(input.conditions, input.contrasts)
                .map { "<li>\(HTMLText.escape($0))</li>" }.joined() + "</ul>")
            body.append(conditionPlot(input, colours))
            body.append("<p class=\"method\">Block-averaged time courses over the motor channels (good channels, short-separation "
                        + "channels regressed out and left out): per block and channel, the HbO signal in 1 s bins from 5 s before "
                        + "the onset to 15 s after the block, minus its mean over the 5 s before the onset; averaged over channels, "
                        + "then over the condition's blocks. Solid: HbO; dashed: HbR; bands: 95 % confidence interval over blocks "
                        + "(t distribution). Amplitude: mean over [5 s, end of block) minus the mean over the 5 s before the onset. "
                        + "Per Hz: the amplitude divided by the condition's mean tap rate, so a weaker response can be told from "
                        + "slower tapping to first order (HbO is not linear in rate). fast − slow: difference of the means with "
                        + "Welch's 95 % interval over blocks. The same figures as summary.json's conditions and contrasts "
                        + "(checked against MNE-Python's Epochs average in make test).</p>")
        }

        body.append("<h2>\(input.conditions.isEmpty ? 4 : 5). Per-block figures, slow vs fast</h2>")
        body.append(barsPlot(input, colours))
        body.append("<p class=\"method\">Rate: (n − 1) / (t<sub>last</sub> − t<sub>first</sub>) over counted taps (dashed: target pace). "
                    + "HbO amplitude: the block's mean over [5 s, end) minus its 5 s before the onset, motor channels (as per condition).</p>")

        if let hemo = input.hemo, !hemo.channels.isEmpty {
            body.append("<h2>\(input.conditions.isEmpty ? 5 : 6). Channel map</h2>")
            body.append(channelMap(input, hemo))
            body.append("<p class=\"method\">One cell per channel, rows by source, columns by detector. Colour: mean ΔHbO over each "
                        + "tapping block minus its mean over the 5 s before the block, averaged over the tapping blocks (µM, unfiltered). "
                        + "Grey, crossed: channels marked bad in channels.tsv.</p>")
        }

        body.append("<h2>Blocks</h2>")
        for summary in input.summaries { body.append(blockTable(input, summary)) }
        if !input.flags.isEmpty { body.append(flagTable(input)) }
        body.append("<footer>Written by tapnirs \(HTMLText.escape(h.softwareVersion)) from the session folder's files. Times are seconds from session zero unless marked “into the block”.</footer>")

        let key = HTMLText.escape(sessionKey(subject: h.subject, session: h.session))
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            + "<meta name=\"generator\" content=\"\(generator)\">\n"
            + "<meta name=\"tapnirs-session\" content=\"\(key)\">\n"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            + "<title>tapnirs report — \(HTMLText.escape(h.subject)) \(HTMLText.escape(h.session))</title>\n"
            + "<style>\n\(css)</style>\n</head>\n<body>\n"
            + body.joined(separator: "\n") + "\n</body>\n</html>\n"
    }

    static let css = """
        body { font-family: sans-serif; color: #222; margin: 24px auto; max-width: 1040px; padding: 0 16px; background: #fff; }
        h1 { font-size: 22px; margin: 0 0 12px; } h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #ccc; }
        h3 { font-size: 15px; margin: 18px 0 4px; }
        table { border-collapse: collapse; font-size: 13px; } td, th { padding: 3px 10px; border-bottom: 1px solid #eee; text-align: left; }
        td.num { text-align: right; font-variant-numeric: tabular-nums; }
        table.header th { color: #555; font-weight: normal; }
        .method, .note, footer { font-size: 12px; color: #555; max-width: 1000px; }
        .note { color: #8a4b00; } .reading { font-weight: bold; } ul.readings li { margin: 3px 0; }
        ul.norms li.beyond { color: #b00000; font-weight: bold; } ul.meaning li { margin: 3px 0; font-size: 13px; }
        svg.plot { display: block; margin: 6px 0; background: #fff; }
        section.block { display: inline-block; vertical-align: top; margin: 0 16px 12px 0; }

        """

    // MARK: header and tables

    static func headerTable(_ h: ReportInput.Header, participant: [(String, String)] = []) -> String {
        var rows: [(String, String)] = [
            ("Subject", h.subject)] + participant + [("Session", h.session), ("Date", h.startTime),
            ("Protocol", h.protocolName + (h.protocolFile.isEmpty ? "" : " (\(h.protocolFile))")),
            ("Status", h.status + (h.endReason.map { " — \($0)" } ?? "")),
            ("fNIRS source", h.source ?? "none"), ("Input", h.input),
        ]
        rows = rows.filter { !$0.1.isEmpty }
        return "<table class=\"header\">" + rows.map { "<tr><th>\($0.0)</th><td>\(HTMLText.escape($0.1))</td></tr>" }.joined() + "</table>"
    }

    static func blockTable(_ input: ReportInput, _ s: BlockTapSummary) -> String {
        func num(_ v: Double?, _ digits: Int, scale: Double = 1) -> String { v.map { ReportNumber.fixed($0 * scale, digits) } ?? "n/a" }
        var rows: [(String, String, String)] = [
            ("kind", s.kind.rawValue, ""), ("duration", num(s.durationSeconds, 1), "s"),
            ("target pace", s.targetRateHz.map { ReportNumber.fixed($0, 2) } ?? "self-paced", s.targetRateHz == nil ? "" : "Hz"),
            ("taps (counted)", String(s.taps), ""), ("auto-repeats", String(s.autorepeats), ""),
            ("rate", num(s.rateHz, 2), "Hz"), ("mean ITI", num(s.itiMeanSeconds, 0, scale: 1000), "ms"),
            ("ITI CV", num(s.itiCV, 1, scale: 100), "%"),
            ("mean asynchrony", num(s.meanAsynchronySeconds, 0, scale: 1000), "ms"),
            ("SD asynchrony", num(s.sdAsynchronySeconds, 0, scale: 1000), "ms"),
            ("first-third rate", num(s.firstThirdRateHz, 2), "Hz"), ("last-third rate", num(s.lastThirdRateHz, 2), "Hz"),
            ("fatigue index", num(s.fatigueIndex, 1, scale: 100), "%"),
        ]
        let detection = input.detection(block: s.blockIndex + 1)
        if let tap = detection?.tap {
            rows += [
                ("tap detector", tap.method.label, ""), ("reference rate", num(tap.referenceRateHz, 2), "Hz"),
                ("fade index", num(tap.fadeIndex, 1, scale: 100), "%"),
                ("tap fade onset", num(tap.onsetSeconds, 1), "s into block"), ("tap fade magnitude", num(tap.magnitude, 0, scale: 100), "%"),
                ("tap fade flags", String(tap.fadeFlags), ""), ("flagged time", num(tap.flaggedSeconds, 1), "s"),
                ("behind-beat flags", String(tap.behindBeatCount), ""), ("missed beats", String(tap.missedBeats), ""),
            ]
            if let decline = tap.decline {
                rows += [
                    ("decline at block end", num(decline.declineFraction, 0, scale: 100), "% (1 − rate now / rate 2–6 s in)"),
                    ("healthy decline by then", num(decline.healthyMeanFraction, 0, scale: 100) + " ± "
                        + num(decline.healthySdFraction, 0, scale: 100), "%"),
                    ("decline z", num(decline.z, 1), tap.declineZLimit.map { "flag above " + ReportNumber.fixed($0, 1) } ?? ""),
                ]
            }
            if let norm = tap.norm {
                rows.append(("healthy norm", norm.rangeText() + " over a block, " + norm.ageBand
                                + (norm.ageAssumed ? " (age not given)" : ""), norm.source))
            }
        }
        if let hbo = detection?.hbo {
            rows += [
                ("HbO detector", hbo.method.label + " (" + hbo.signal.rawValue + ")", ""),
                ("HbO peak", num(hbo.peakMicromolar, 2), "µM"), ("HbO mean", num(hbo.meanMicromolar, 2), "µM"),
                ("HbO area", num(hbo.areaMicromolarSeconds, 2), "µM·s"), ("time to peak", num(hbo.timeToPeakSeconds, 1), "s into block"),
                ("HbO amplitude", num(hbo.amplitudeMicromolar, 2), "µM"),
                ("HbO fade onset", num(hbo.fadeOnsetSeconds, 1), "s into block"), ("HbO fade magnitude", num(hbo.fadeMagnitude, 0, scale: 100), "%"),
                ("no activation", hbo.noActivation ? "yes" : "no", ""),
                ("faded channels", hbo.fadedChannels.isEmpty ? "none" : hbo.fadedChannels.joined(separator: ", "), ""),
                ("silent channels", hbo.silentChannels.isEmpty ? "none" : hbo.silentChannels.joined(separator: ", "), ""),
            ]
        }
        let title = "\(s.label) — block \(s.blockIndex + 1)"
        return "<section class=\"block\"><h3>\(HTMLText.escape(title))</h3><p class=\"reading\">\(HTMLText.escape(input.reading(for: s)))</p>"
            + "<table><tr><th>figure</th><th>value</th><th>unit</th></tr>"
            + rows.map { "<tr><td>\($0.0)</td><td class=\"num\">\(HTMLText.escape($0.1))</td><td>\(HTMLText.escape($0.2))</td></tr>" }.joined()
            + "</table></section>"
    }

    static func flagTable(_ input: ReportInput) -> String {
        var html = "<h3>Fade flags (events.tsv)</h3><table><tr><th>flag</th><th>block</th><th>channel</th><th>onset (s)</th><th>raised (s)</th><th>cleared (s)</th><th>magnitude</th></tr>"
        for f in input.flags {
            let magnitude: String
            if let m = f.magnitude {
                magnitude = f.kind == "fade_tap" || f.kind == "fade_hbo" ? ReportNumber.signed(m * 100, 0) + " %" : ReportNumber.fixed(m, 3)
            } else { magnitude = "n/a" }
            let cells = [f.kind, f.block.map(String.init) ?? "n/a", f.channel ?? "n/a", f.fadeOnset.map { ReportNumber.fixed($0, 1) } ?? "n/a",
                         ReportNumber.fixed(f.raisedAt, 1), f.clearedAt.map { ReportNumber.fixed($0, 1) } ?? "n/a", magnitude]
            html += "<tr>" + cells.map { "<td>\(HTMLText.escape($0))</td>" }.joined() + "</tr>"
        }
        return html + "</table>"
    }

    // MARK: shared pieces

    /// Tapping-block labels in order of first appearance → a colour each.
    static func labelColours(_ input: ReportInput) -> [(label: String, colour: String)] {
        var result: [(String, String)] = []
        let labels = input.blocks.filter { $0.kind == .tap && !$0.isBaseline }.map(\.label) + input.summaries.map(\.label)
        for label in labels where !result.contains(where: { $0.0 == label }) {
            result.append((label, palette[result.count % palette.count]))
        }
        return result
    }

    static func colour(_ label: String, _ colours: [(label: String, colour: String)]) -> String {
        colours.first { $0.label == label }?.colour ?? "#888"
    }

    static func tappingBlocks(_ input: ReportInput) -> [ReportInput.TimelineBlock] {
        input.blocks.filter { $0.kind == .tap && !$0.isBaseline }
    }

    /// Block shading and labels over a time axis.
    static func shadeBlocks(_ svg: inout SVG, _ f: PlotFrame, _ input: ReportInput, _ colours: [(label: String, colour: String)]) {
        for block in tappingBlocks(input) where block.onset < f.x1 {
            let x0 = f.cx(block.onset), x1 = f.cx(min(block.end, input.timeSpan))
            svg.rect(x0, f.plotTop, x1 - x0, f.plotBottom - f.plotTop, fill: colour(block.label, colours), opacity: 0.14,
                     tooltip: "\(block.label) (block \(block.number))")
            svg.text((x0 + x1) / 2, f.plotTop - 6, "\(block.label) \(block.number)", anchor: "middle", size: 11,
                     fill: colour(block.label, colours), weight: "bold")
        }
    }

    /// Flag bands (estimated onset → cleared) and a line where each was raised.
    static func drawFlags(_ svg: inout SVG, _ f: PlotFrame, _ flags: [ReportInput.Flag], _ input: ReportInput) {
        for flag in flags {
            let colour = flag.kind == "behind_beat" ? behindColour : flagColour
            let start = flag.fadeOnset ?? flag.raisedAt
            let blockEnd = input.blocks.first { $0.number == flag.block }?.end
            let end = flag.clearedAt ?? blockEnd ?? input.timeSpan
            let x0 = f.cx(start), x1 = f.cx(max(end, start))
            svg.rect(x0, f.plotTop, x1 - x0, f.plotBottom - f.plotTop, fill: colour, opacity: 0.16,
                     tooltip: "\(flag.kind) \(flag.channel ?? "")")
            let xr = f.cx(flag.raisedAt)
            svg.line(xr, f.plotTop, xr, f.plotBottom, stroke: colour, width: 1.5, dash: "4 3")
            svg.add("<path d=\"M\(ReportNumber.c(xr - 5)) \(ReportNumber.c(f.plotTop)) L\(ReportNumber.c(xr + 5)) \(ReportNumber.c(f.plotTop)) L\(ReportNumber.c(xr)) \(ReportNumber.c(f.plotTop + 8)) Z\" fill=\"\(colour)\"/>")
            svg.text(xr + 4, f.plotTop + 20, flagLabel(flag), size: 11, fill: colour, weight: "bold")
        }
    }

    static func flagLabel(_ flag: ReportInput.Flag) -> String {
        let percent = flag.magnitude.map { ReportNumber.signed($0 * 100, 0) + "%" } ?? ""
        switch flag.kind {
        case "fade_tap": return "TAP FADE " + percent
        case "fade_hbo": return "HbO FADE " + percent
        case "low_activation_hbo": return "LOW HbO vs SLOW"
        case "no_activation_hbo": return "NO HbO RISE"
        case "behind_beat": return "BEHIND BEAT"
        default: return flag.kind
        }
    }

    static func legend(_ svg: inout SVG, x: Double, y: Double, _ items: [(String, String, Bool)]) {
        var cx = x
        for (text, colour, dashed) in items {
            svg.line(cx, y - 4, cx + 22, y - 4, stroke: colour, width: 2.5, dash: dashed ? "6 4" : nil)
            svg.text(cx + 26, y, text, size: 11, fill: "#333")
            cx += 34 + Double(text.count) * 6.2
        }
    }

    // MARK: (1) tap rate

    static func tapRatePlot(_ input: ReportInput, _ colours: [(label: String, colour: String)]) -> String {
        let span = input.timeSpan
        let bins = ReportAnalysis.tapRate(input.taps, span: span)
        let paces = tappingBlocks(input).compactMap(\.paceHz)
        let top = max(1, (bins.map(\.rate) + paces).max() ?? 1) * 1.15
        var f = PlotFrame(width: width, height: 310, x: (0, span), y: Ticks.niceRange(0, top))
        f.top = 44
        var svg = SVG(width: width, height: 310, title: "Tap rate over time")
        shadeBlocks(&svg, f, input, colours)
        svg.axes(f, xLabel: "time from session start (s)", yLabel: "tap rate (taps/s)")
        drawFlags(&svg, f, input.flags.filter(\.isTapFlag), input)
        for block in tappingBlocks(input) {
            guard let pace = block.paceHz else { continue }
            svg.line(f.cx(block.onset), f.y(pace), f.cx(min(block.end, span)), f.y(pace), stroke: "#333", width: 1.5, dash: "6 4")
        }
        for bin in bins where bin.rate > 0 {
            let x0 = f.x(bin.start), x1 = f.cx(bin.start + ReportAnalysis.rateBinSeconds)
            svg.rect(x0 + 0.5, f.y(bin.rate), x1 - x0 - 1, f.plotBottom - f.y(bin.rate), fill: "#9a9a9a", opacity: 0.45)
        }
        for block in tappingBlocks(input) {
            let points = ReportAnalysis.liveRate(input.taps, block: block, end: span)
            var d = RowText(capacity: 16 * points.count)
            for (k, p) in points.enumerated() {
                d.append(k == 0 ? "M" : " L")
                d.appendFixed(f.x(p.time), digits: 1)
                d.append(" ")
                d.appendFixed(f.cy(p.rate), digits: 1)
            }
            svg.path(d.string, stroke: "#111", width: 2)
        }
        legend(&svg, x: f.plotRight - 560, y: 14, [("live rate", "#111", false), ("target pace", "#333", true), ("fade flag", flagColour, false)])
        svg.rect(f.plotRight - 110, 5, 14, 10, fill: "#9a9a9a", opacity: 0.45)
        svg.text(f.plotRight - 92, 14, "taps per 1 s", size: 11, fill: "#333")
        return svg.rendered
    }

    // MARK: (2) ITI and asynchrony strip plots

    /// Deterministic jitter in [−0.5, 0.5) from the tap's index (golden-ratio sequence).
    static func jitter(_ index: Int) -> Double {
        let v = Double(index) * 0.6180339887498949
        return v - v.rounded(.down) - 0.5
    }

    static func stripPlot(title: String, yLabel: String, blocks: [ReportInput.TimelineBlock], values: [[Double]],
                          range: (Double, Double), zeroLine: Bool, colours: [(label: String, colour: String)]) -> String {
        let height = 280.0
        let f = PlotFrame(width: width, height: height, x: (0, Double(max(blocks.count, 1))), y: range)
        var svg = SVG(width: width, height: height, title: title)
        svg.axes(f, xLabel: nil, yLabel: yLabel)
        if zeroLine && f.y0 < 0 && f.y1 > 0 { svg.line(f.plotLeft, f.y(0), f.plotRight, f.y(0), stroke: "#555", width: 1) }
        let band = (f.plotRight - f.plotLeft) / Double(max(blocks.count, 1))
        for (i, block) in blocks.enumerated() {
            let centre = f.x(Double(i) + 0.5)
            let c = colour(block.label, colours)
            for (k, v) in values[i].enumerated() {
                svg.circle(centre + jitter(k) * band * 0.5, f.cy(v), r: 2.6, fill: c, opacity: 0.7)
            }
            if !values[i].isEmpty {
                let mean = values[i].reduce(0, +) / Double(values[i].count)
                svg.line(centre - band * 0.32, f.cy(mean), centre + band * 0.32, f.cy(mean), stroke: "#111", width: 2)
            }
            svg.text(centre, f.plotBottom + 18, "\(block.label) (block \(block.number))", anchor: "middle", size: 12, fill: c, weight: "bold")
            svg.text(centre, f.plotBottom + 34, "n = \(values[i].count)", anchor: "middle", size: 11, fill: "#555")
        }
        svg.text(f.plotLeft + 6, f.plotTop - 10, title, size: 12, fill: "#222", weight: "bold")
        return svg.rendered
    }

    static func itiPlot(_ input: ReportInput, _ colours: [(label: String, colour: String)]) -> String {
        let blocks = tappingBlocks(input)
        let values = blocks.map { b in input.taps.filter { $0.counted && $0.block == b.number }.compactMap(\.iti).map { $0 * 1000 } }
        let top = max(100, values.flatMap { $0 }.max() ?? 100) * 1.1
        return stripPlot(title: "Inter-tap intervals per block", yLabel: "inter-tap interval (ms)", blocks: blocks, values: values,
                         range: Ticks.niceRange(0, top), zeroLine: false, colours: colours)
    }

    static func asynchronyPlot(_ input: ReportInput, _ colours: [(label: String, colour: String)]) -> String? {
        let blocks = tappingBlocks(input).filter { $0.paceHz != nil }
        let values = blocks.map { b in input.taps.filter { $0.counted && $0.block == b.number }.compactMap(\.beatOffset).map { $0 * 1000 } }
        guard !blocks.isEmpty, values.contains(where: { !$0.isEmpty }) else { return nil }
        let reach = max(50, values.flatMap { $0 }.map(abs).max() ?? 50) * 1.1
        return stripPlot(title: "Asynchrony per paced block (negative = before the beat)", yLabel: "tap − beat (ms)", blocks: blocks,
                         values: values, range: Ticks.niceRange(-reach, reach), zeroLine: true, colours: colours)
    }

    // MARK: (3) HbO/HbR motor average

    static func seriesPath(_ f: PlotFrame, times: [Double], values: [Double]) -> String {
        // Thousands of points: printed into one buffer (`ReportNumber.c` in place).
        var d = RowText(capacity: 16 * min(times.count, values.count)), pen = false
        for (t, v) in zip(times, values) {
            guard v.isFinite, t >= f.x0, t <= f.x1 else { pen = false; continue }
            if !d.bytes.isEmpty { d.append(ascii: UInt8(ascii: " ")) }
            d.append(ascii: UInt8(ascii: pen ? "L" : "M"))
            d.appendFixed(f.x(t), digits: 1)
            d.append(ascii: UInt8(ascii: " "))
            d.appendFixed(f.cy(v), digits: 1)
            pen = true
        }
        return d.string
    }

    static func hemoPlot(_ input: ReportInput, _ hemo: ReportInput.Hemo, _ colours: [(label: String, colour: String)]) -> String {
        let (hbo, hbr) = ReportAnalysis.motorAverage(hemo, blocks: input.blocks)
        let finite = (hbo + hbr).filter(\.isFinite)
        let low = min(-0.1, finite.min() ?? -0.1), high = max(0.1, finite.max() ?? 0.1)
        let pad = (high - low) * 0.08
        var f = PlotFrame(width: width, height: 320, x: (0, input.timeSpan), y: Ticks.niceRange(low - pad, high + pad))
        f.top = 44
        var svg = SVG(width: width, height: 320, title: "HbO/HbR motor average")
        shadeBlocks(&svg, f, input, colours)
        svg.axes(f, xLabel: "time from session start (s)", yLabel: "Δ concentration (µM)")
        if f.y0 < 0 && f.y1 > 0 { svg.line(f.plotLeft, f.y(0), f.plotRight, f.y(0), stroke: "#999", width: 1) }
        for a in input.artefacts {
            let x0 = f.cx(a.onset), x1 = f.cx(a.onset + a.duration)
            svg.rect(x0, f.plotTop, max(1.5, x1 - x0), f.plotBottom - f.plotTop, fill: "#555555", opacity: 0.22,
                     tooltip: "motion artefact \(a.channel) at \(ReportNumber.fixed(a.onset, 1)) s")
        }
        drawFlags(&svg, f, input.flags.filter(\.isHbOAverageFlag), input)
        svg.path(seriesPath(f, times: hemo.times, values: hbr), stroke: hbrColour, width: 1.6)
        svg.path(seriesPath(f, times: hemo.times, values: hbo), stroke: hboColour, width: 1.8)
        legend(&svg, x: f.plotRight - 420, y: 14, [("ΔHbO", hboColour, false), ("ΔHbR", hbrColour, false), ("HbO flag", flagColour, true)]
               + (input.artefacts.isEmpty ? [] : [("motion artefact", "#999999", false)]))
        return svg.rendered
    }

    // MARK: (4) per-block bars

    static func barsPlot(_ input: ReportInput, _ colours: [(label: String, colour: String)]) -> String {
        let summaries = input.summaries
        var panels: [(title: String, unit: String, values: [Double?], targets: [Double?], digits: Int)] = [
            ("Tap rate", "taps/s", summaries.map(\.rateHz), summaries.map(\.targetRateHz), 2),
        ]
        if !input.conditions.isEmpty {
            var amplitude: [Int: Double] = [:]
            for c in input.conditions { for (n, v) in zip(c.blockNumbers, c.blockHboMicromolar) { amplitude[n] = v } }
            panels.append(("HbO amplitude", "µM", summaries.map { amplitude[$0.blockIndex + 1] }, summaries.map { _ in nil }, 2))
        }
        // One full-width panel per figure, stacked: ten blocks or more keep readable labels.
        let panelHeight = 230.0
        var svg = SVG(width: width, height: panelHeight * Double(panels.count), title: "Per-block figures")
        for (p, panel) in panels.enumerated() {
            let finite = (panel.values.compactMap { $0 } + panel.targets.compactMap { $0 }).filter(\.isFinite)
            let low = min(0, finite.min() ?? 0), high = max(low == 0 ? 0.1 : 0, finite.max() ?? 0.1)
            let range = Ticks.niceRange(low, high + (high - low) * 0.15)
            var f = PlotFrame(width: width, height: panelHeight, x: (0, Double(max(summaries.count, 1))), y: range, left: 68)
            f.right = 14
            var panelSVG = SVG(width: width, height: panelHeight, title: panel.title)
            panelSVG.axes(f, xLabel: nil, yLabel: panel.unit)
            if f.y0 < 0 && f.y1 > 0 { panelSVG.line(f.plotLeft, f.y(0), f.plotRight, f.y(0), stroke: "#555") }
            let band = (f.plotRight - f.plotLeft) / Double(max(summaries.count, 1))
            let fontSize = band < 60 ? 9.0 : 11.0
            for (i, summary) in summaries.enumerated() {
                let centre = f.x(Double(i) + 0.5), c = colour(summary.label, colours)
                if let v = panel.values[i], v.isFinite {
                    let y0 = f.y(max(min(0, f.y1), f.y0)), y1 = f.cy(v)
                    panelSVG.rect(centre - band * 0.3, min(y0, y1), band * 0.6, abs(y1 - y0), fill: c,
                                  tooltip: "\(summary.label) block \(summary.blockIndex + 1): \(ReportNumber.fixed(v, panel.digits)) \(panel.unit)")
                    panelSVG.text(centre, min(y0, y1) - 4, ReportNumber.fixed(v, panel.digits), anchor: "middle", size: fontSize, fill: "#222")
                } else {
                    panelSVG.text(centre, f.y(max(min(0, f.y1), f.y0)) - 4, "n/a", anchor: "middle", size: fontSize, fill: "#777")
                }
                if let t = panel.targets[i] {
                    panelSVG.line(centre - band * 0.42, f.cy(t), centre + band * 0.42, f.cy(t), stroke: "#222", width: 1.5, dash: "5 3")
                }
                panelSVG.text(centre, f.plotBottom + 16, summary.label, anchor: "middle", size: fontSize, fill: c, weight: "bold")
                panelSVG.text(centre, f.plotBottom + 30, "\(summary.blockIndex + 1)", anchor: "middle", size: fontSize, fill: "#555")
            }
            panelSVG.text(f.plotLeft + 4, f.plotTop - 10, panel.title + " per block (block number below)", size: 12, fill: "#222", weight: "bold")
            svg.add("<g transform=\"translate(0 \(ReportNumber.c(Double(p) * panelHeight)))\">" + panelSVG.body.string + "</g>")
        }
        return svg.rendered
    }

    // MARK: (4) HbO per condition

    /// Each condition's block-averaged HbO (solid) and HbR (dashed) with 95 % CI bands, overlaid
    /// (as MNE-NIRS' block-average figures draw them); onset at 0, the block's end marked.
    static func conditionPlot(_ input: ReportInput, _ colours: [(label: String, colour: String)]) -> String {
        let conditions = input.conditions
        var values: [Double] = [], end = 1.0, duration = 0.0
        for c in conditions {
            for (i, v) in c.hboMicromolar.enumerated() {
                guard let v else { continue }
                let h = c.hboCi95HalfWidthMicromolar[safe: i].flatMap { $0 } ?? 0
                values += [v - h, v + h]
            }
            for (i, v) in c.hbrMicromolar.enumerated() {
                guard let v else { continue }
                let h = c.hbrCi95HalfWidthMicromolar?[safe: i].flatMap { $0 } ?? 0
                values += [v - h, v + h]
            }
            end = max(end, (c.timeSeconds.last ?? 0) + BlockEpochs.binSeconds)
        }
        for block in input.blocks where block.kind == .tap && !block.isBaseline { duration = max(duration, block.duration) }
        let finite = values.filter(\.isFinite)
        let low = min(-0.1, finite.min() ?? -0.1), high = max(0.1, finite.max() ?? 0.1)
        let pad = (high - low) * 0.08
        let height = 320.0
        var f = PlotFrame(width: width, height: height, x: (-BlockEpochs.baselineSeconds, end), y: Ticks.niceRange(low - pad, high + pad))
        f.top = 44
        var svg = SVG(width: width, height: height, title: "HbO per condition")
        if duration > 0 {
            svg.rect(f.cx(0), f.plotTop, f.cx(duration) - f.cx(0), f.plotBottom - f.plotTop, fill: "#eeeeee")
        }
        svg.axes(f, xLabel: "time from block onset (s)", yLabel: "Δ concentration (µM)")
        if f.y0 < 0 && f.y1 > 0 { svg.line(f.plotLeft, f.y(0), f.plotRight, f.y(0), stroke: "#999", width: 1) }
        svg.line(f.cx(0), f.plotTop, f.cx(0), f.plotBottom, stroke: "#555", width: 1, dash: "4 3")
        var entries: [(String, String, Bool)] = []
        for c in conditions {
            let colour = colour(c.label, colours)
            // Bin centres.
            let times = c.timeSeconds.map { $0 + BlockEpochs.binSeconds / 2 }
            for (series, halves, dashed) in [(c.hboMicromolar, c.hboCi95HalfWidthMicromolar, false),
                                             (c.hbrMicromolar, c.hbrCi95HalfWidthMicromolar ?? [], true)] {
                var upper: [String] = [], lower: [String] = []
                for (i, t) in times.enumerated() {
                    guard let v = series[safe: i].flatMap({ $0 }), let h = halves[safe: i].flatMap({ $0 }) else { continue }
                    upper.append(ReportNumber.c(f.cx(t)) + " " + ReportNumber.c(f.cy(v + h)))
                    lower.append(ReportNumber.c(f.cx(t)) + " " + ReportNumber.c(f.cy(v - h)))
                }
                if upper.count >= 2 {
                    svg.add("<path d=\"M" + (upper + lower.reversed()).joined(separator: " L") + " Z\" fill=\"\(colour)\" fill-opacity=\"\(dashed ? "0.10" : "0.18")\" stroke=\"none\"/>")
                }
                svg.path(seriesPath(f, times: times, values: series.map { $0 ?? .nan }), stroke: colour, width: dashed ? 1.5 : 2.2,
                         dash: dashed ? "6 4" : nil)
            }
            entries.append(("\(c.label) (\(c.blocks) block\(c.blocks == 1 ? "" : "s"))", colour, false))
        }
        legend(&svg, x: f.plotLeft + 10, y: 14, entries + [("HbO solid, HbR dashed", "#555", false)])
        return svg.rendered
    }

    // MARK: channel map

    /// White → red for a rise, white → blue for a fall, at `t` ∈ [−1, 1].
    static func diverging(_ t: Double) -> String {
        let t = min(max(t.isFinite ? t : 0, -1), 1)
        let (r, g, b): (Double, Double, Double) = t >= 0 ? (214, 39, 40) : (31, 119, 180)
        let a = abs(t)
        func channel(_ v: Double) -> String {
            let n = Int((255 + (v - 255) * a).rounded())
            let hex = String(n, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }
        return "#" + channel(r) + channel(g) + channel(b)
    }

    static func channelMap(_ input: ReportInput, _ hemo: ReportInput.Hemo) -> String {
        let activation = ReportAnalysis.activation(hemo, end: input.timeSpan)
        let sources = Array(Set(hemo.channels.map(\.source))).sorted()
        let detectors = Array(Set(hemo.channels.map(\.detector))).sorted()
        let cellW = min(110.0, (width - 200) / Double(max(detectors.count, 1))), cellH = 64.0
        let left = 90.0, top = 50.0
        let height = top + Double(sources.count) * cellH + 70
        var svg = SVG(width: width, height: height, title: "Channel map")
        let reach = max(0.05, hemo.channels.indices.compactMap { hemo.channels[$0].good ? activation[$0].map(abs) : nil }.max() ?? 0.05)
        for (j, d) in detectors.enumerated() {
            svg.text(left + (Double(j) + 0.5) * cellW, top - 8, "D\(d)", anchor: "middle", size: 12, fill: "#333", weight: "bold")
        }
        for (i, s) in sources.enumerated() {
            svg.text(left - 10, top + (Double(i) + 0.5) * cellH + 4, "S\(s)", anchor: "end", size: 12, fill: "#333", weight: "bold")
        }
        svg.text(left + Double(detectors.count) * cellW / 2, top - 28, "detector", anchor: "middle", size: 12)
        svg.text(24, top + Double(sources.count) * cellH / 2, "source", anchor: "middle", size: 12, rotate: true)
        for (c, channel) in hemo.channels.enumerated() {
            guard let i = sources.firstIndex(of: channel.source), let j = detectors.firstIndex(of: channel.detector) else { continue }
            let x = left + Double(j) * cellW, y = top + Double(i) * cellH
            let value = activation[c]
            let valueText = value.map { ReportNumber.signed($0, 2) + " µM" } ?? "n/a"
            if channel.good {
                svg.rect(x + 2, y + 2, cellW - 4, cellH - 4, fill: value.map { diverging($0 / reach) } ?? "#f4f4f4", stroke: "#666",
                         tooltip: "\(channel.name): \(valueText)")
            } else {
                svg.rect(x + 2, y + 2, cellW - 4, cellH - 4, fill: "#c8c8c8", stroke: "#666",
                         tooltip: "\(channel.name): bad (\(channel.statusDescription))")
                svg.line(x + 2, y + 2, x + cellW - 2, y + cellH - 2, stroke: "#777")
                svg.line(x + cellW - 2, y + 2, x + 2, y + cellH - 2, stroke: "#777")
            }
            svg.text(x + cellW / 2, y + 24, channel.name, anchor: "middle", size: 12, fill: "#111", weight: "bold")
            svg.text(x + cellW / 2, y + 42, channel.good ? valueText : "bad", anchor: "middle", size: 11, fill: "#111")
        }
        // Colour scale.
        let scaleY = top + Double(sources.count) * cellH + 24, scaleX = left, steps = 20, scaleW = 300.0
        for k in 0..<steps {
            let t = -1 + 2 * (Double(k) + 0.5) / Double(steps)
            svg.rect(scaleX + Double(k) * scaleW / Double(steps), scaleY, scaleW / Double(steps) + 0.5, 12, fill: diverging(t))
        }
        svg.text(scaleX, scaleY + 28, ReportNumber.signed(-reach, 2), anchor: "middle", size: 11)
        svg.text(scaleX + scaleW / 2, scaleY + 28, "0", anchor: "middle", size: 11)
        svg.text(scaleX + scaleW, scaleY + 28, ReportNumber.signed(reach, 2), anchor: "middle", size: 11)
        svg.text(scaleX + scaleW + 16, scaleY + 11, "mean ΔHbO, tapping − 5 s before (µM)", size: 12)
        svg.rect(scaleX + scaleW + 280, scaleY, 16, 12, fill: "#c8c8c8", stroke: "#666")
        svg.text(scaleX + scaleW + 300, scaleY + 11, "bad channel", size: 12)
        return svg.rendered
    }
}
