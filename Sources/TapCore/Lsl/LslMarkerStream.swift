/// One sample of the `--lsl-out` marker stream: its text and the moment the event happened
/// (the key's stamp, the beat's scheduled time, the row's onset), never when it was pushed.
public struct LslMarker: Equatable, Sendable {
    public var time: MonoTime
    public var text: String

    public init(time: MonoTime, text: String) {
        self.time = time
        self.text = text
    }
}

/// What the marker stream says, in the records' own words (docs/lsl.md):
///
/// - every `events.tsv` row: `trial_type`, then a tab and `value` unless it is `n/a` — blocks
///   (`slow⇥block=2;cue=TAP SLOW;pace_hz=1`), pauses, markers, fade flags raised and cleared,
///   quality changes, signal loss, the session's end;
/// - the end of each block, when the next block starts or the session ends:
///   `block_end⇥block=2;label=slow`;
/// - every counted tap (`taps.tsv` rows with `in_block` true and no auto-repeat):
///   `tap⇥block=2;block_label=slow;key=space`; a tap later found to be the first key
///   auto-repeat is followed by `tap_autorepeat⇥…` stamped with the same time;
/// - every beat (`beats.tsv` rows): `beat⇥block=2;beat=5;status=emitted` at its scheduled time.
///
/// A value type fed the session's effects in order, like the recorder.
public struct LslMarkerStream: Sendable {
    let origin: MonoTime
    /// The block whose start was the last block row, until it ends.
    var openBlock: (number: String, label: String)?

    public init(origin: MonoTime) { self.origin = origin }

    public mutating func markers(for effects: [Effect]) -> [LslMarker] {
        var markers: [LslMarker] = []
        for effect in effects {
            switch effect {
            case .recordEvent(let row):
                let time = origin + row.onset
                let isBlock = row.duration != nil && row.value?.hasPrefix("block=") == true
                if isBlock || row.trialType == "session_end", let open = openBlock {
                    markers.append(LslMarker(time: time, text: "block_end\tblock=\(open.number);label=\(open.label)"))
                    openBlock = nil
                }
                if isBlock, let value = row.value {
                    let number = value.dropFirst("block=".count).prefix { $0 != ";" }
                    openBlock = (String(number), RecordFormat.field(row.trialType))
                }
                markers.append(LslMarker(time: time, text: Self.text(row.trialType, row.value)))
            case .recordTap(let tap) where tap.isCounted:
                markers.append(LslMarker(time: origin + tap.onset, text: Self.text("tap", Self.tapValue(tap))))
            case .amendLastTap(let tap):
                markers.append(LslMarker(time: origin + tap.onset, text: Self.text("tap_autorepeat", Self.tapValue(tap))))
            default:
                break
            }
        }
        return markers
    }

    /// A beat as `beats.tsv` has it: emitted (when) or skipped.
    public static func beat(_ beat: Beat, emitted: MonoTime?) -> LslMarker {
        LslMarker(time: beat.time, text: text("beat", "block=\(beat.blockIndex + 1);beat=\(beat.index + 1);status="
                                                 + (emitted == nil ? "skipped" : "emitted")))
    }

    static func tapValue(_ tap: TapRecord) -> String {
        "block=" + (tap.blockIndex.map { String($0 + 1) } ?? RecordFormat.na) + ";block_label="
            + (tap.blockLabel ?? RecordFormat.na) + ";key=" + tap.key
    }

    static func text(_ trialType: String, _ value: String?) -> String {
        RecordFormat.field(trialType) + (value.map { "\t" + RecordFormat.field($0) } ?? "")
    }
}
