/// Writes tapnirs' serial line format (docs/serial-format.md): what `tapnirs emulate` sends and
/// what tests feed `SerialLineParser`.
///
/// Numbers use Swift's shortest round-trip form (no locale, deterministic), so the parser gets
/// back the same `Double`s bit for bit; whole numbers are written without `.0`. Every line
/// ends in "\n".
///
/// Channel names are written as given: they must be printable ASCII without spaces, tabs or
/// `*` (the parser reads `*` as a checksum), and unique.
public enum SerialLineWriter {
    /// The header for `layout`: `#tapnirs-serial 1`, `#rate`, `#kind`, `#wavelengths` (not for
    /// `hb`), `#channels` and, when given, `#distance`.
    public static func headerLines(_ layout: NirsLayout, distanceCentimetres: Double?) -> [String] {
        var lines = [
            "#tapnirs-serial 1\n",
            "#rate \(number(layout.rateHz))\n",
            "#kind \(layout.kind.rawValue)\n",
        ]
        if layout.kind != .hb {
            lines.append("#wavelengths \(layout.wavelengths.map(number).joined(separator: " "))\n")
        }
        lines.append("#channels \(layout.channels.joined(separator: " "))\n")
        if let distanceCentimetres {
            lines.append("#distance \(number(distanceCentimetres))\n")
        }
        return lines
    }

    /// `<device_time_ms>,<v1>,…`, with `*HH` (XOR of the bytes before the `*`, uppercase hex)
    /// when `checksum`. Non-finite values are written as `nan`/`inf`, which the parser rejects.
    public static func dataLine(deviceTimeMilliseconds: Double, values: [Double], checksum: Bool) -> String {
        var body = number(deviceTimeMilliseconds)
        for value in values {
            body += ","
            body += number(value)
        }
        return finish(body, checksum: checksum)
    }

    /// `body` plus `*HH` when asked, plus the line end.
    static func finish(_ body: String, checksum: Bool) -> String {
        checksum ? body + "*" + hex(body.utf8.reduce(0, ^)) + "\n" : body + "\n"
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }

    /// Shortest text that reads back as exactly `value`: `1000`, `-0`, `0.1`, `1e-05`, `1e+20`.
    public static func number(_ value: Double) -> String {
        if value == 0 { return value.sign == .minus ? "-0" : "0" }
        if value.isFinite, value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return value.description  // shortest round-trip; `nan`, `inf`, `-inf` when not finite
    }

    /// The reject kinds `corruptLine` can produce in the middle of a stream whose header for
    /// `layout` is complete: all but `noHeader` (which needs a stream without a header yet),
    /// and `nonPositiveIntensity` only for `intensity` streams.
    public static func midStreamRejects(for layout: NirsLayout) -> [SerialReject] {
        SerialReject.allCases.filter { kind in
            switch kind {
            case .noHeader: return false
            case .nonPositiveIntensity: return layout.kind == .intensity
            default: return true
            }
        }
    }

    /// One bad line (ending in "\n") that the parser, fed after a complete header for `layout`,
    /// skips and counts as exactly `kind`, leaving the lines around it intact (`--garbage`).
    ///
    /// Two kinds depend on more than the line: `noHeader` gives a well-formed data line, counted
    /// as `noHeader` only while no header is complete (send it before the header, or after a
    /// re-sent `#tapnirs-serial 1`); `nonPositiveIntensity` gives a line with a value ≤ 0, bad
    /// only in an `intensity` stream. `midStreamRejects(for:)` lists the others.
    public static func corruptLine(kind: SerialReject, layout: NirsLayout,
                                   using rng: inout some RandomNumberGenerator) -> String {
        let time = Double(draw(10_000_001, &rng))
        var fields = [number(time)] + (0..<layout.valuesPerSample).map { _ in number(plausible(layout.kind, using: &rng)) }
        func randomValueIndex() -> Int? {
            fields.count > 1 ? 1 + draw(fields.count - 1, &rng) : nil
        }
        switch kind {
        case .tooLong:
            // Keeps looking like data, past the limit; the parser drops it up to its line end.
            let length = SerialLineParser.maximumLineBytes + 1 + draw(2_000, &rng)
            var line = fields.joined(separator: ",")
            while line.utf8.count < length { line += "," + fields[draw(fields.count, &rng)] }
            return line + "\n"
        case .notASCII:
            let strays: [String] = ["\u{00}", "\u{01}", "\u{07}", "\u{08}", "\u{0B}", "\u{0C}", "\u{0D}", "\u{1B}",
                                    "\u{1F}", "\u{7F}", "µ", "é", "\u{FFFD}"]
            var line = fields.joined(separator: ",")
            let stray = strays[draw(strays.count, &rng)]
            // Never last: a CR just before the LF is a line end, not a stray byte.
            let offset = draw(line.count, &rng)
            line.insert(contentsOf: stray, at: line.index(line.startIndex, offsetBy: offset))
            return line + "\n"
        case .badChecksum:
            let body = fields.joined(separator: ",")
            let right = body.utf8.reduce(0, ^)
            let malformed = ["", "1", "123", "G1", "x0", " 1", "-1"]
            if draw(2, &rng) == 0 {
                return body + "*" + hex(right ^ UInt8(1 + draw(255, &rng))) + "\n"
            }
            return body + "*" + malformed[draw(malformed.count, &rng)] + "\n"
        case .badHeader:
            let bad = ["#rate fast", "#rate 0", "#rate -10", "#rate", "#rate 10 20", "#kind blood", "#kind",
                       "#wavelengths 760 abc", "#wavelengths", "#wavelengths 0 850", "#channels",
                       "#channels S1-D1 S1-D1", "#distance far", "#distance -3", "#tapnirs-serial 2",
                       "#tapnirs-serial"]
            return bad[draw(bad.count, &rng)] + "\n"
        case .noHeader:
            return fields.joined(separator: ",") + "\n"
        case .wrongFieldCount:
            if fields.count > 2 && draw(2, &rng) == 0 {
                fields.removeLast(1 + draw(fields.count - 2, &rng))
            } else {
                for _ in 0..<1 + draw(3, &rng) { fields.append(number(plausible(layout.kind, using: &rng))) }
            }
            return fields.joined(separator: ",") + "\n"
        case .notANumber:
            let words = ["", " ", "abc", "1.2.3", "12a", "--1", "1e", "0x", "one", "1 5", "\t"]
            fields[randomValueIndex() ?? 0] = words[draw(words.count, &rng)]
            return fields.joined(separator: ",") + "\n"
        case .notFinite:
            let words = ["nan", "NaN", "inf", "-inf", "infinity", "-Infinity", "1e999", "-1e400"]
            fields[randomValueIndex() ?? 0] = words[draw(words.count, &rng)]
            return fields.joined(separator: ",") + "\n"
        case .nonPositiveIntensity:
            let words = ["0", "-0", "-1", "-12345.5", "0.0", "-1e-300"]
            if let index = randomValueIndex() { fields[index] = words[draw(words.count, &rng)] }
            return fields.joined(separator: ",") + "\n"
        }
    }

    /// A value of the right kind: a positive intensity, an optical density, a µM change.
    static func plausible(_ kind: NirsLayout.Kind, using rng: inout some RandomNumberGenerator) -> Double {
        switch kind {
        case .intensity: return Double(1_000 + draw(599_000, &rng)) / 10
        case .od: return Double(draw(20_001, &rng) - 10_000) / 10_000
        case .hb: return Double(draw(10_001, &rng) - 5_000) / 1_000
        }
    }

    /// A whole number in 0..<n (n > 0) from `rng` alone, like `SeededGenerator`'s deviates, so a
    /// `--garbage` seed gives the same lines on every Swift version. Modulo bias is negligible.
    static func draw(_ n: Int, _ rng: inout some RandomNumberGenerator) -> Int {
        Int(rng.next() % UInt64(n))
    }
}
