import TapCore

/// The end-of-session summary printed to the terminal after the screen is restored, so it
/// stays in the scrollback with the folder's path.
enum SummaryText {
    static func render(_ session: Session, folder: String) -> String {
        var lines = ["tapnirs: session \(session.status.rawValue)" + (session.endReason.map { " (\($0))" } ?? "")
                     + " — \(session.definition.name), subject \(session.subjectID)"]
        let summaries = session.summaries
        if summaries.isEmpty {
            lines.append("  no tapping block was reached")
        } else {
            lines.append("  " + row(["#", "block", "taps", "rate Hz", "target", "ITI ms", "CV %", "async ms", "fatigue %"]))
            for s in summaries {
                lines.append("  " + row([
                    String(s.blockIndex + 1), s.label, String(s.taps), number(s.rateHz, 2),
                    s.targetRateHz.map { FixedDecimal.format(seconds: $0, digits: 2) } ?? "max",
                    number(s.itiMeanSeconds.map { $0 * 1000 }, 0), number(s.itiCV.map { $0 * 100 }, 1),
                    number(s.meanAsynchronySeconds.map { $0 * 1000 }, 0), number(s.fatigueIndex.map { $0 * 100 }, 0),
                ]))
            }
        }
        if !session.detections.isEmpty {
            lines.append("  fade detection:")
            for detection in session.detections.sorted(by: { $0.block < $1.block }) { lines.append("    " + detection.reading) }
        }
        let conditions = ConditionReading.lines(session.conditions, session.contrasts)
        if !conditions.isEmpty {
            lines.append("  HbO per condition (mean over [5 s, end) − the 5 s before, motor channels):")
            for line in conditions { lines.append("    " + line) }
        }
        lines.append("  records: \(folder)")
        return lines.joined(separator: "\n")
    }

    /// The same table as `tapnirs report` prints.
    static func row(_ fields: [String]) -> String { ReportText.row(fields) }

    static func number(_ value: Double?, _ digits: Int) -> String {
        value.map { FixedDecimal.format(seconds: $0, digits: digits) } ?? "n/a"
    }
}
