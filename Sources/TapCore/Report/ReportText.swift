/// The text summary `tapnirs report` prints: the session line, one row of figures per tapping
/// block (the columns of the end-of-session summary) and one plain sentence per block.
public enum ReportText {
    public static func render(_ input: ReportInput) -> String {
        let h = input.header
        var lines = ["tapnirs: session \(h.status)" + (h.endReason.map { " (\($0))" } ?? "")
                     + " — \(h.protocolName), subject \(h.subject), \(h.session)"]
        if input.summaries.isEmpty {
            lines.append("  no tapping block was reached")
        } else {
            lines.append("  " + row(["#", "block", "taps", "rate Hz", "target", "ITI ms", "CV %", "async ms", "fatigue %"]))
            for s in input.summaries {
                lines.append("  " + row([
                    String(s.blockIndex + 1), s.label, String(s.taps), number(s.rateHz, 2),
                    s.targetRateHz.map { ReportNumber.fixed($0, 2) } ?? "max",
                    number(s.itiMeanSeconds.map { $0 * 1000 }, 0), number(s.itiCV.map { $0 * 100 }, 1),
                    number(s.meanAsynchronySeconds.map { $0 * 1000 }, 0), number(s.fatigueIndex.map { $0 * 100 }, 0),
                ]))
            }
            lines.append("  readings:")
            for s in input.summaries { lines.append("    " + input.reading(for: s)) }
        }
        if !input.conditions.isEmpty {
            lines.append("  HbO per condition (mean over [5 s, end) − the 5 s before, motor channels):")
            for line in ConditionReading.lines(input.conditions, input.contrasts) { lines.append("    " + line) }
        }
        lines += clinicalLines(input)  // issue 16
        if input.hemo == nil { lines.append("  no fNIRS in this session") }
        for note in input.notes { lines.append("  note: " + note) }
        return lines.joined(separator: "\n")
    }

    static let widths = [3, 10, 6, 8, 7, 7, 6, 9, 10]

    /// One row of the per-block table printed after a session and by `tapnirs report`:
    /// numbers right-aligned, the block label left-aligned.
    public static func row(_ fields: [String]) -> String {
        zip(fields, widths).enumerated().map { index, pair in
            let (text, width) = pair
            let pad = String(repeating: " ", count: max(0, width - text.count))
            return index == 1 ? text + pad : pad + text
        }.joined(separator: " ")
    }

    static func number(_ value: Double?, _ digits: Int) -> String {
        value.map { ReportNumber.fixed($0, digits) } ?? "n/a"
    }
}
