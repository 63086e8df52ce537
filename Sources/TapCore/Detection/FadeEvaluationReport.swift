/// The measured accuracy of the fade detectors (`FadeEvaluation.run`), and its Markdown tables.
public struct FadeEvaluationReport: Equatable, Sendable {
    /// Flags raised where nothing faded, in one kind of scenario.
    public struct FalseFlags: Equatable, Sendable {
        public var scenario: String
        public var flags: Int
        /// Hours of non-fading tapping judged.
        public var hours: Double
        public var perHour: Double { hours > 0 ? Double(flags) / hours : 0 }
    }

    /// One detector with one method.
    public struct Row: Equatable, Sendable {
        /// `fade_tap`, `fade_hbo`, `behind_beat`, `no_activation_hbo`.
        public var detector: String
        /// `cusum`, `threshold`, `model_ratio (cbsi)`…
        public var method: String
        public var isDefault: Bool
        /// Fade depths (0.3 = 30 %); one entry 1.0 for the all-or-none cases (stop, silence).
        public var depths: [Double]
        public var trials: [Int]
        /// Latencies (s from the true onset) of the detected trials, per depth, in scenario order.
        public var latencies: [[Double]]
        public var falseFlags: [FalseFlags]
        /// Per-channel flags on non-fading data (fade_hbo only): flags per channel-hour.
        public var channelFalseFlagsPerChannelHour: Double?

        public func detectionRate(depth: Double) -> Double? {
            guard let i = depths.firstIndex(of: depth), trials[i] > 0 else { return nil }
            return Double(latencies[i].count) / Double(trials[i])
        }
        public func latencies(depth: Double) -> [Double] {
            depths.firstIndex(of: depth).map { latencies[$0] } ?? []
        }
        public var falseFlagCount: Int { falseFlags.reduce(0) { $0 + $1.flags } }
        public var nonFadingHours: Double { falseFlags.reduce(0) { $0 + $1.hours } }
        public var falseFlagsPerHour: Double { nonFadingHours > 0 ? Double(falseFlagCount) / nonFadingHours : 0 }
    }

    public var preset: String
    public var replicates: Int
    /// Which simulator and seeds (`textbook simulator, held-out seeds`).
    public var description = ""
    public var rows: [Row]

    public init(preset: String, replicates: Int, rows: [Row]) {
        self.preset = preset
        self.replicates = replicates
        self.rows = rows
    }

    public func row(detector: String, method: String) -> Row? {
        rows.first { $0.detector == detector && $0.method == method }
    }

    /// Median (mean of the middle two for an even count); nil when empty.
    public static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let s = values.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    /// Nearest-rank percentile (p in 0…100); nil when empty.
    public static func percentile(_ values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let s = values.sorted()
        let rank = Int((p / 100 * Double(s.count)).rounded(.up))
        return s[min(max(rank, 1), s.count) - 1]
    }

    static func seconds(_ v: Double?) -> String {
        v.map { FixedDecimal.format(seconds: $0, digits: 1) } ?? "–"
    }

    static func percent(_ rate: Double?) -> String {
        rate.map { FixedDecimal.format(seconds: $0 * 100, digits: 0) + " %" } ?? "–"
    }

    /// Fade detectors by depth, then the all-or-none flags, then false flags by scenario.
    public var markdownTable: String {
        let fadeDepths = [0.1, 0.2, 0.3, 0.4, 0.5]
        var out = "HbO fade detection (preset \(preset), \(replicates) replicate(s) per scenario cell"
            + (description.isEmpty ? "" : "; " + description) + "; * = default)\n\n"
        out += "| detector | method | 10 % | 20 % | 30 % | 40 % | 50 % | latency 30 % median / p90 (s) "
            + "| latency all median / p90 (s) | false flags / h | channel false flags / ch·h |\n"
        out += "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        for row in rows where row.depths != [1.0] {
            var cells = ["`\(row.detector)`", row.method + (row.isDefault ? " *" : "")]
            for d in fadeDepths { cells.append(Self.percent(row.detectionRate(depth: d))) }
            let l30 = row.latencies(depth: 0.3)
            let all = row.latencies.flatMap { $0 }
            cells.append(Self.seconds(Self.median(l30)) + " / " + Self.seconds(Self.percentile(l30, 90)))
            cells.append(Self.seconds(Self.median(all)) + " / " + Self.seconds(Self.percentile(all, 90)))
            cells.append(FixedDecimal.format(seconds: row.falseFlagsPerHour, digits: 2)
                         + " (\(row.falseFlagCount) in " + FixedDecimal.format(seconds: row.nonFadingHours, digits: 2) + " h)")
            cells.append(row.channelFalseFlagsPerChannelHour.map { FixedDecimal.format(seconds: $0, digits: 2) } ?? "–")
            out += "| " + cells.joined(separator: " | ") + " |\n"
        }
        let others = rows.filter { $0.depths == [1.0] }
        if !others.isEmpty {
            out += "\n| detector | method | scenario | detected | latency median / p90 (s) | false flags / h |\n"
            out += "|---|---|---|---:|---:|---:|\n"
            for row in others {
                let l = row.latencies.first ?? []
                out += "| `\(row.detector)` | \(row.method)\(row.isDefault ? " *" : "") | "
                    + (row.detector == "behind_beat" ? "stops following the beat"
                        : row.detector == "low_activation_hbo" ? "fast blocks at 20 % of healthy (weak from the start)"
                        : "no response in slow blocks") + " | "
                    + Self.percent(row.detectionRate(depth: 1.0)) + " (\(l.count)/\(row.trials.first ?? 0)) | "
                    + Self.seconds(Self.median(l)) + " / " + Self.seconds(Self.percentile(l, 90)) + " | "
                    + FixedDecimal.format(seconds: row.falseFlagsPerHour, digits: 2)
                    + " (\(row.falseFlagCount) in " + FixedDecimal.format(seconds: row.nonFadingHours, digits: 2) + " h) |\n"
            }
        }
        out += "\nFalse flags by scenario (flags / hours of non-fading tapping)\n"
        var detectors: [String] = []
        for row in rows where row.depths != [1.0] && !detectors.contains(row.detector) { detectors.append(row.detector) }
        for detector in detectors {
            let group = rows.filter { $0.detector == detector && $0.depths != [1.0] }
            guard let first = group.first else { continue }
            out += "\n| detector | method | " + first.falseFlags.map(\.scenario).joined(separator: " | ") + " |\n"
            out += "|---|---|" + String(repeating: "---:|", count: first.falseFlags.count) + "\n"
            for row in group {
                out += "| `\(row.detector)` | \(row.method) | "
                    + row.falseFlags.map { "\($0.flags) / " + FixedDecimal.format(seconds: $0.hours, digits: 2) }
                        .joined(separator: " | ") + " |\n"
            }
        }
        return out
    }
}
