/// The text of every journal row, in one place, so a replay writes byte-identical files.
///
/// Times are seconds with microsecond resolution (6 decimals), rendered from integer
/// nanoseconds; missing values are `n/a` (BIDS); booleans are `true`/`false`.
public enum RecordFormat {
    public static let tapsHeader = ["onset", "key", "block", "block_label", "iti", "beat_offset", "autorepeat", "in_block"]
    public static let eventsHeader = ["onset", "duration", "trial_type", "value"]
    public static let beatsHeader = ["onset", "emitted", "block", "beat", "audible", "visual", "status"]

    public static func headerLine(_ columns: [String]) -> String { columns.joined(separator: "\t") + "\n" }

    public static func tapLine(_ tap: TapRecord) -> String {
        row([
            seconds(tap.onset), field(tap.key), tap.blockIndex.map { String($0 + 1) } ?? na,
            tap.blockLabel.map(field) ?? na, tap.iti.map(seconds) ?? na, tap.beatOffset.map(seconds) ?? na,
            String(tap.autorepeat), String(tap.inBlock),
        ])
    }

    public static func eventLine(_ event: EventRecord) -> String {
        row([seconds(event.onset), event.duration.map(seconds) ?? na, field(event.trialType), event.value.map(field) ?? na])
    }

    /// A beat as scheduled (`onset`) and as emitted (`emitted`, nil when skipped), both from session start.
    public static func beatLine(_ beat: Beat, origin: MonoTime, emitted: MonoTime?) -> String {
        row([
            seconds(beat.time - origin), emitted.map { seconds($0 - origin) } ?? na,
            String(beat.blockIndex + 1), String(beat.index + 1), String(beat.audible), String(beat.visual),
            emitted == nil ? "skipped" : "emitted",
        ])
    }

    public static let na = "n/a"

    public static func seconds(_ span: Span) -> String { FixedDecimal.format(span.nanoseconds, digits: 6) }

    /// Tabs and line breaks would break the table: they become spaces.
    public static func field(_ text: String) -> String {
        String(text.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : $0 })
    }

    static func row(_ fields: [String]) -> String { fields.joined(separator: "\t") + "\n" }
}
