/// What `TapFadeEvaluation` measured, per method, and its Markdown table (docs/fade-detection.md).
public struct TapFadeEvaluationReport: Equatable, Sendable {
    /// Healthy sessions of one kind of subject.
    public struct Healthy: Equatable, Sendable {
        public var kind: String
        public var sessions = 0
        public var sessionsFlagged = 0
        public var blocks = 0
        public var blocksFlagged = 0
        public var flags = 0

        public var sessionRate: Double { sessions > 0 ? Double(sessionsFlagged) / Double(sessions) : 0 }
        public var blockRate: Double { blocks > 0 ? Double(blocksFlagged) / Double(blocks) : 0 }
        /// Flags per hour of healthy maximal tapping (30 s blocks).
        public var perHour: Double { blocks > 0 ? Double(flags) / (Double(blocks) * 30 / 3600) : 0 }
    }

    public struct MethodResult: Equatable, Sendable {
        public var method: String
        public var isDefault: Bool
        public var healthy: [Healthy] = []
        /// Linear declines of 45 ± 5 %: blocks, and when each flagged block was first flagged (s in).
        public var declineBlocks = 0
        public var declineFirstFlags: [Double] = []
        /// Abrupt 40 % drops 12 s in: trials, flags before the drop, latencies (s) of those found.
        public var dropTrials = 0
        public var dropEarlyFlags = 0
        public var dropLatencies: [Double] = []
        /// Drops by depth (1 s ramp, onsets 8–20 s).
        public var depths: [Double]
        public var depthTrials: [Int] = []
        public var depthLatencies: [[Double]] = []
        /// Subjects who stop: trials, latencies from the last tap.
        public var stopTrials = 0
        public var stopLatencies: [Double] = []
        /// `fade_tap` on steady paced blocks.
        public var pacedFlags = 0
        public var pacedHours = 0.0

        /// All healthy sessions together.
        public var allHealthy: Healthy {
            healthy.reduce(into: Healthy(kind: "all")) {
                $0.sessions += $1.sessions
                $0.sessionsFlagged += $1.sessionsFlagged
                $0.blocks += $1.blocks
                $0.blocksFlagged += $1.blocksFlagged
                $0.flags += $1.flags
            }
        }
        public var declineRate: Double { declineBlocks > 0 ? Double(declineFirstFlags.count) / Double(declineBlocks) : 0 }
        public var dropRate: Double { dropTrials > 0 ? Double(dropLatencies.count) / Double(dropTrials) : 0 }
        public var stopRate: Double { stopTrials > 0 ? Double(stopLatencies.count) / Double(stopTrials) : 0 }
        public func depthRate(_ depth: Double) -> Double? {
            guard let i = depths.firstIndex(of: depth), i < depthTrials.count, depthTrials[i] > 0 else { return nil }
            return Double(depthLatencies[i].count) / Double(depthTrials[i])
        }
    }

    public struct BehindBeat: Equatable, Sendable {
        public var trials = 0
        public var latencies: [Double] = []
        public var falseFlags = 0
        public var hours = 0.0
    }

    public var preset: String
    public var seedSet: String
    public var norm: TapDeclineNorm
    public var zLimit: Double
    public var methods: [MethodResult]
    public var behindBeat: BehindBeat

    public var defaultMethod: MethodResult? { methods.first { $0.isDefault } }
    public func method(_ label: String) -> MethodResult? { methods.first { $0.method == label } }

    static func percent(_ rate: Double, digits: Int = 1) -> String {
        FixedDecimal.format(seconds: rate * 100, digits: digits) + " %"
    }

    static func timing(_ values: [Double]) -> String {
        FadeEvaluationReport.seconds(FadeEvaluationReport.median(values)) + " / "
            + FadeEvaluationReport.seconds(FadeEvaluationReport.percentile(values, 90))
    }

    public var markdownTable: String {
        var out = "Tap-rate fade (`fade_tap`), preset \(preset), \(seedSet) seeds; judged against healthy "
            + norm.rangeText() + " over a block (\(norm.ageBand), \(norm.source)); * = default\n\n"
        out += "| method | healthy sessions flagged | healthy blocks flagged | false flags / h | 45 ± 5 % decline found "
            + "| first flag median / p90 (s in) | 40 % drop at 12 s found | latency median / p90 (s) | stop found "
            + "| stop latency median (s) | paced 1 Hz false flags / h |\n"
        out += "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        for m in methods {
            let h = m.allHealthy
            let cells = [m.method + (m.isDefault ? " *" : ""),
                         Self.percent(h.sessionRate) + " (\(h.sessionsFlagged)/\(h.sessions))",
                         Self.percent(h.blockRate) + " (\(h.blocksFlagged)/\(h.blocks))",
                         FixedDecimal.format(seconds: h.perHour, digits: 2),
                         Self.percent(m.declineRate) + " (\(m.declineFirstFlags.count)/\(m.declineBlocks))",
                         Self.timing(m.declineFirstFlags),
                         Self.percent(m.dropRate) + " (\(m.dropLatencies.count)/\(m.dropTrials))",
                         Self.timing(m.dropLatencies),
                         Self.percent(m.stopRate, digits: 0),
                         FadeEvaluationReport.seconds(FadeEvaluationReport.median(m.stopLatencies)),
                         FixedDecimal.format(seconds: m.pacedHours > 0 ? Double(m.pacedFlags) / m.pacedHours : 0, digits: 2)]
            out += "| " + cells.joined(separator: " | ") + " |\n"
        }
        out += "\nHealthy sessions (five 30 s maximal blocks) by kind of subject: sessions flagged / blocks flagged\n\n"
        out += "| method | " + (methods.first?.healthy.map(\.kind) ?? []).joined(separator: " | ") + " |\n"
        out += "|---|" + String(repeating: "---:|", count: methods.first?.healthy.count ?? 0) + "\n"
        for m in methods {
            out += "| " + m.method + (m.isDefault ? " *" : "") + " | "
                + m.healthy.map { Self.percent($0.sessionRate) + " / " + Self.percent($0.blockRate) }.joined(separator: " | ")
                + " |\n"
        }
        out += "\nDrops by depth (1 s ramp, onsets 8/12/16/20 s, on a healthy decline): found, latency median\n\n"
        let depths = methods.first?.depths ?? []
        out += "| method | " + depths.map { Self.percent($0, digits: 0) }.joined(separator: " | ") + " |\n"
        out += "|---|" + String(repeating: "---:|", count: depths.count) + "\n"
        for m in methods {
            out += "| " + m.method + (m.isDefault ? " *" : "") + " | " + depths.enumerated().map { i, d in
                (m.depthRate(d).map { Self.percent($0, digits: 0) } ?? "–") + ", "
                    + FadeEvaluationReport.seconds(FadeEvaluationReport.median(m.depthLatencies[i])) + " s"
            }.joined(separator: " | ") + " |\n"
        }
        let b = behindBeat
        out += "\n`behind_beat` (paced 1 Hz, the subject stops following the beat): found "
            + Self.percent(b.trials > 0 ? Double(b.latencies.count) / Double(b.trials) : 0, digits: 0)
            + " (\(b.latencies.count)/\(b.trials)), latency median / p90 " + Self.timing(b.latencies) + " s, false flags "
            + FixedDecimal.format(seconds: b.hours > 0 ? Double(b.falseFlags) / b.hours : 0, digits: 2) + " / h\n"
        return out
    }
}
