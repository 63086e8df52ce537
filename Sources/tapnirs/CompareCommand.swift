import ArgumentParser
import TapCore
import TapIO

/// `tapnirs compare SESSION...`: one subject's sessions side by side, per kind of block, for
/// follow-up visits (is the fast-block fade worse than last time?).
struct Compare: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Put several sessions of one subject side by side (per-block tapping and HbO figures).",
        discussion: "Reads each session's summary.json; blocks with the same label (slow, fast, …) are averaged per session.")

    @Argument(help: ArgumentHelp("Session folders, oldest first.", valueName: "session"))
    var sessions: [String]

    @Option(help: ArgumentHelp("A norms file (tapnirs norms build) searched before the published norms.", valueName: "file"))
    var norms: String?

    func validate() throws {
        guard sessions.count >= 1 else { throw ValidationError("give at least one session folder") }
    }

    func run() throws {
        var columns: [(label: String, subject: String, summary: SessionSummaryFile)] = []
        var clinical: [CompareClinical.Column] = []  // issue 16
        let table: NormTable
        do { table = try NormsFile.forSession(localPath: norms) } catch { throw RunFailure("--norms: \(error)") }
        for folder in sessions {
            do {
                let manifest = try SessionReading.manifest(folder: folder)
                if manifest.status == .running {
                    throw RunFailure("\(folder) is unfinished (status running): close it with tapnirs recover \(folder)")
                }
                let summary = try SessionReading.summary(folder: folder)
                columns.append((manifest.session, manifest.subject, summary))
                clinical.append(CompareClinical.column(session: manifest.session, manifest: manifest, summary: summary))
            } catch let failure as RunFailure {
                throw failure
            } catch {
                throw RunFailure("\(error)")
            }
        }
        print(CompareTable.render(columns.map { ($0.label, $0.subject, $0.summary) }))
        print(CompareClinical.render(clinical, norms: table))
    }
}

/// The comparison as text: one row per figure, one column per session.
enum CompareTable {
    static func render(_ columns: [(session: String, subject: String, summary: SessionSummaryFile)]) -> String {
        let subjects = Array(Set(columns.map(\.subject))).sorted()
        var lines = ["tapnirs compare: subject \(subjects.joined(separator: ", ")), \(columns.count) session(s)"]
        if subjects.count > 1 { lines.append("warning: these sessions belong to different subjects") }
        var labels: [String] = []
        for column in columns {
            for block in column.summary.blocks where !labels.contains(block.label) { labels.append(block.label) }
        }
        let width = max(20, columns.map(\.session.count).max() ?? 0) + 2
        lines.append(pad("", 26) + columns.map { pad($0.session, width) }.joined())
        func row(_ label: String, _ name: String, _ value: (SessionSummaryFile, String) -> Double?, digits: Int,
                 scale: Double = 1) {
            let cells = columns.map { column -> String in
                guard let v = value(column.summary, label) else { return pad("–", width) }
                return pad(FixedDecimal.format(seconds: v * scale, digits: digits), width)
            }
            lines.append(pad("  " + name, 26) + cells.joined())
        }
        for label in labels {
            lines.append(label)
            row(label, "blocks", { s, l in Double(s.blocks.filter { $0.label == l }.count) }, digits: 0)
            row(label, "rate Hz", { s, l in mean(s.blocks.filter { $0.label == l }.compactMap(\.rateHz)) }, digits: 2)
            row(label, "ITI CV %", { s, l in mean(s.blocks.filter { $0.label == l }.compactMap(\.itiCV)) }, digits: 1, scale: 100)
            row(label, "fatigue index %", { s, l in mean(s.blocks.filter { $0.label == l }.compactMap(\.fatigueIndex)) }, digits: 0,
                scale: 100)
            row(label, "decline %", { s, l in mean(s.detectors.filter { $0.label == l }.compactMap { $0.tap?.decline?.declineFraction }) },
                digits: 0, scale: 100)
            row(label, "healthy decline %", { s, l in
                mean(s.detectors.filter { $0.label == l }.compactMap { $0.tap?.decline?.healthyMeanFraction })
            }, digits: 0, scale: 100)
            row(label, "decline z", { s, l in mean(s.detectors.filter { $0.label == l }.compactMap { $0.tap?.decline?.z }) }, digits: 1)
            row(label, "beyond healthy", { s, l in
                let judged = s.detectors.filter { $0.label == l }.compactMap { $0.tap?.beyondHealthyRange }
                return judged.isEmpty ? nil : Double(judged.filter { $0 }.count)
            }, digits: 0)
            row(label, "tap fades", { s, l in Double(s.detectors.filter { $0.label == l && $0.tap?.onsetSeconds != nil }.count) }, digits: 0)
            row(label, "HbO amplitude µM", { s, l in s.conditions?.first { $0.label == l }?.hboAmplitudeMicromolar }, digits: 2)
            row(label, "  95 % CI low", { s, l in s.conditions?.first { $0.label == l }?.hboAmplitudeCi95Micromolar?.first }, digits: 2)
            row(label, "  95 % CI high", { s, l in s.conditions?.first { $0.label == l }?.hboAmplitudeCi95Micromolar?.last }, digits: 2)
            row(label, "HbR amplitude µM", { s, l in s.conditions?.first { $0.label == l }?.hbrAmplitudeMicromolar }, digits: 2)
            row(label, "HbO per Hz µM", { s, l in s.conditions?.first { $0.label == l }?.hboPerHzMicromolar }, digits: 2)
            row(label, "HbO mean µM", { s, l in mean(s.detectors.filter { $0.label == l }.compactMap { $0.hbo?.meanMicromolar }) },
                digits: 2)
            row(label, "HbO peak µM", { s, l in mean(s.detectors.filter { $0.label == l }.compactMap { $0.hbo?.peakMicromolar }) },
                digits: 2)
            row(label, "HbO fades", { s, l in
                let hbo = s.detectors.filter { $0.label == l }.compactMap(\.hbo)
                return hbo.isEmpty ? nil : Double(hbo.filter { $0.fadeOnsetSeconds != nil }.count)
            }, digits: 0)
        }
        if columns.contains(where: { $0.summary.contrasts?.isEmpty == false }) {
            lines.append("fast − slow (HbO amplitude, 95 % CI over blocks)")
            func contrast(_ s: SessionSummaryFile) -> ConditionContrast? { s.contrasts?.first { $0.name == "fast-slow" } }
            row("", "HbO µM", { s, _ in contrast(s)?.hboMicromolar }, digits: 2)
            row("", "  95 % CI low", { s, _ in contrast(s)?.ci95Micromolar?.first }, digits: 2)
            row("", "  95 % CI high", { s, _ in contrast(s)?.ci95Micromolar?.last }, digits: 2)
            row("", "HbR µM", { s, _ in contrast(s)?.hbrMicromolar }, digits: 2)
            row("", "HbO per Hz µM", { s, _ in contrast(s)?.hboPerHzMicromolar }, digits: 2)
        }
        lines.append("HbO amplitude: mean over [5 s, end) of each block minus the 5 s before its onset, motor channels, "
                     + "averaged over the label's blocks (summary.json conditions; – for sessions recorded before them)")
        if let norm = columns.lazy.compactMap({ $0.summary.detectors.lazy.compactMap { $0.tap?.norm }.first }).first {
            lines.append("decline: 1 − rate now / rate 2–6 s in, at each block's end; healthy: " + norm.rangeText()
                         + " over a maximal block (" + norm.ageBand + (norm.ageAssumed ? ", age not given" : "") + "; "
                         + norm.source + "), scaled to the part of the block measured")
        }
        return lines.map { line in
            var l = line
            while l.last == " " { l.removeLast() }
            return l
        }.joined(separator: "\n")
    }

    static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
