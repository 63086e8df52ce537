import Foundation

/// `inputs.tsv`: one row per `SessionInput`, three columns: `time_ns` (integer nanoseconds from
/// session time zero, exact), `input` (what it is) and `data` (its content, never containing a
/// tab or a line break). docs/data-format.md lists every kind.
///
/// Numbers are written exactly: times as integers, sample values in Swift's shortest
/// round-trip form, so a replay sees the very doubles the live session saw.
public enum InputRecordFormat {
    public static let header = ["time_ns", "input", "data"]

    public struct Malformed: Error, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }

    // MARK: Writing

    public static func line(_ input: SessionInput, origin: MonoTime) -> String {
        func row(_ time: MonoTime, _ kind: String, _ data: String = "") -> String {
            String((time - origin).nanoseconds) + "\t" + kind + "\t" + data + "\n"
        }
        switch input {
        case .start(let start):
            return row(origin, "start", json(start))
        case .beat(let beat, let emitted):
            let data = [String(beat.blockIndex), String(beat.index), String((beat.time - origin).nanoseconds),
                        beat.audible ? "1" : "0", beat.visual ? "1" : "0"].joined(separator: ",")
            return row(emitted ?? beat.time, emitted == nil ? "beat_skipped" : "beat", data)
        case .event(let event):
            switch event {
            case .keyPressed(let key, let at): return row(at, "key", keyName(key))
            case .deadlineReached(let at): return row(at, "deadline")
            case .quitRequested(let at, let reason): return row(at, "quit", escape(reason))
            case .nirsHeader(let layout, let at):
                return row(at, "nirs_header", json(layout))
            case .nirsSamples(let samples, let at):
                var text = RowText()
                text.append((at - origin).nanoseconds)
                text.append("\tnirs\t")
                for (i, sample) in samples.enumerated() {
                    if i > 0 { text.append(ascii: UInt8(ascii: "|")) }
                    appendSampleText(sample, origin: origin, to: &text)
                }
                text.append(ascii: UInt8(ascii: "\n"))
                return text.string
            case .nirsRejected(let reason, let at): return row(at, "nirs_rejected", reason.rawValue)
            case .nirsLost(let reason, let at): return row(at, "nirs_lost", escape(reason))
            case .nirsBack(let at): return row(at, "nirs_back")
            }
        }
    }

    /// Compact JSON on one line (no tab, no line break: strings escape them).
    static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// One sample of a `nirs` row, added to `text` in place:
    /// `host_ns;device_ms;v1,v2,…[;received fields]` — the received fields (serial) escaped.
    static func appendSampleText(_ sample: NirsSample, origin: MonoTime, to text: inout RowText) {
        text.reserve(24 * (sample.values.count + 2))
        text.append((sample.hostTime - origin).nanoseconds)
        text.append(ascii: UInt8(ascii: ";"))
        if let device = sample.deviceTimeMilliseconds { text.appendDescription(device) } else { text.append("n/a") }
        text.append(ascii: UInt8(ascii: ";"))
        for (i, value) in sample.values.enumerated() {
            if i > 0 { text.append(ascii: UInt8(ascii: ",")) }
            text.appendDescription(value)
        }
        if let fields = sample.receivedFields {
            text.append(ascii: UInt8(ascii: ";"))
            for (i, field) in fields.enumerated() {
                if i > 0 { text.append(ascii: UInt8(ascii: ",")) }
                text.append(escape(String(field)))
            }
        }
    }

    public static func keyName(_ key: Key) -> String {
        switch key {
        case .enter: return "enter"
        case .escape: return "escape"
        case .backspace: return "backspace"
        case .special(let code): return "special:\(code)"
        case .character(let c): return "char:" + escape(String(c))
        }
    }

    /// Percent-escapes the characters that separate fields here (`%`, tab, line breaks, `|`, `;`, `,`).
    public static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "%", "\t", "\n", "\r", "|", ";", ",":
                out += "%" + String(format: "%02X", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    public static func unescape(_ text: Substring) -> String {
        guard text.contains("%") else { return String(text) }
        var bytes: [UInt8] = []
        var i = text.utf8.startIndex
        let utf8 = text.utf8
        while i < utf8.endIndex {
            let byte = utf8[i]
            if byte == UInt8(ascii: "%"), let j = utf8.index(i, offsetBy: 2, limitedBy: utf8.index(before: utf8.endIndex)),
               let value = UInt8(String(decoding: utf8[utf8.index(after: i)...j], as: UTF8.self), radix: 16) {
                bytes.append(value)
                i = utf8.index(after: j)
            } else {
                bytes.append(byte)
                i = utf8.index(after: i)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: Reading

    /// One row back to its input; `origin` is the session's (from the `start` row).
    public static func input(timeNanoseconds: Int64, kind: String, data: Substring, origin: MonoTime) throws(Malformed) -> SessionInput {
        let at = origin + Span(nanoseconds: timeNanoseconds)
        func fail(_ why: String) -> Malformed { Malformed(reason: "\(kind): \(why)") }
        switch kind {
        case "start":
            guard let start = try? JSONDecoder().decode(SessionStart.self, from: Data(data.utf8)) else { throw fail("unreadable JSON") }
            return .start(start)
        case "key":
            guard let key = key(named: data) else { throw fail("unknown key \(data)") }
            return .event(.keyPressed(key, at: at))
        case "deadline": return .event(.deadlineReached(at: at))
        case "quit": return .event(.quitRequested(at: at, reason: unescape(data)))
        case "nirs_header":
            guard let layout = try? JSONDecoder().decode(NirsLayout.self, from: Data(data.utf8)) else { throw fail("unreadable layout") }
            return .event(.nirsHeader(layout, at: at))
        case "nirs":
            var samples: [NirsSample] = []
            for text in data.split(separator: "|") {
                guard let sample = sample(text, origin: origin) else { throw fail("unreadable sample \(text.prefix(40))") }
                samples.append(sample)
            }
            return .event(.nirsSamples(samples, at: at))
        case "nirs_rejected":
            guard let reason = SerialReject(rawValue: String(data)) else { throw fail("unknown reason \(data)") }
            return .event(.nirsRejected(reason, at: at))
        case "nirs_lost": return .event(.nirsLost(reason: unescape(data), at: at))
        case "nirs_back": return .event(.nirsBack(at: at))
        case "beat", "beat_skipped":
            let parts = data.split(separator: ",", omittingEmptySubsequences: false)
            guard parts.count == 5, let block = Int(parts[0]), let index = Int(parts[1]), let due = Int64(parts[2]) else {
                throw fail("expected block,index,due_ns,audible,visual")
            }
            let beat = Beat(blockIndex: block, index: index, time: origin + Span(nanoseconds: due),
                            audible: parts[3] == "1", visual: parts[4] == "1")
            return .beat(beat, emittedAt: kind == "beat" ? at : nil)
        default:
            throw fail("unknown input")
        }
    }

    static func key(named name: Substring) -> Key? {
        switch name {
        case "enter": return .enter
        case "escape": return .escape
        case "backspace": return .backspace
        default:
            if name.hasPrefix("special:") { return Int32(name.dropFirst(8)).map(Key.special) }
            if name.hasPrefix("char:") {
                let text = unescape(name.dropFirst(5))
                guard text.count == 1, let c = text.first else { return nil }
                return .character(c)
            }
            return nil
        }
    }

    static func sample(_ text: Substring, origin: MonoTime) -> NirsSample? {
        let parts = text.split(separator: ";", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count >= 3, let host = Int64(parts[0]) else { return nil }
        var device: Double?
        if parts[1] != "n/a" {
            guard let value = Double(parts[1]) else { return nil }
            device = value
        }
        var values: [Double] = []
        if !parts[2].isEmpty {
            for field in parts[2].split(separator: ",", omittingEmptySubsequences: false) {
                guard let value = Double(field) else { return nil }
                values.append(value)
            }
        }
        var received: [Substring]?
        if parts.count == 4 {
            received = parts[3].split(separator: ",", omittingEmptySubsequences: false).map { Substring(unescape($0)) }
        }
        return NirsSample(hostTime: origin + Span(nanoseconds: host), deviceTimeMilliseconds: device, values: values,
                          receivedFields: received)
    }
}
