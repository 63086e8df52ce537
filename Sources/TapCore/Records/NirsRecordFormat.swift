/// The text of the fNIRS tables: `nirs_raw.tsv`, `hemo.tsv` and `channels.tsv` (docs/data-format.md).
///
/// Numbers produced here are written in Swift's shortest round-trip form (`0.1`, `1e-05`), so
/// reading a file back gives exactly the doubles that were computed; serial values are
/// written exactly as the device sent them.
public enum NirsRecordFormat {
    public static func rawHeader(_ layout: NirsLayout) -> [String] {
        ["host_time", "device_time_ms"] + layout.measurementNames
    }

    public static func hemoHeader(_ layout: NirsLayout) -> [String] {
        ["time"] + layout.channels.flatMap { ["\($0) hbo", "\($0) hbr"] }
    }

    public static let channelsHeader = ["name", "type", "source", "detector", "wavelength_nominal", "units", "status",
                                        "status_description"]

    /// One `nirs_raw.tsv` row: host time (s from session zero), device time (ms), the values.
    public static func rawLine(_ sample: NirsSample, origin: MonoTime) -> String {
        var line = RowText()
        appendRawLine(sample, origin: origin, to: &line)
        return line.string
    }

    /// `rawLine` added to `text` (a batch's rows go into one buffer, with no row string between).
    public static func appendRawLine(_ sample: NirsSample, origin: MonoTime, to text: inout RowText) {
        text.reserve(24 * (sample.values.count + 2))
        text.appendFixed(nanoseconds: (sample.hostTime - origin).nanoseconds)
        text.append(ascii: tab)
        if let fields = sample.receivedFields, fields.count == sample.values.count + 1 {
            for (i, field) in fields.enumerated() {
                if i > 0 { text.append(ascii: tab) }
                text.append(field)
            }
        } else {
            if let device = sample.deviceTimeMilliseconds { appendNumber(device, to: &text) } else { text.append(RecordFormat.na) }
            for value in sample.values {
                text.append(ascii: tab)
                appendNumber(value, to: &text)
            }
        }
        text.append(ascii: newline)
    }

    /// One `hemo.tsv` row: time (s from session zero), then each channel's HbO and HbR (µM).
    public static func hemoLine(_ row: HemoSample, origin: MonoTime) -> String {
        var line = RowText()
        appendHemoLine(row, origin: origin, to: &line)
        return line.string
    }

    /// `hemoLine` added to `text`.
    public static func appendHemoLine(_ row: HemoSample, origin: MonoTime, to text: inout RowText) {
        text.reserve(24 * (2 * row.hbo.count + 1))
        text.appendFixed(nanoseconds: (row.time - origin).nanoseconds)
        for c in row.hbo.indices {
            text.append(ascii: tab)
            appendNumber(row.hbo[c], to: &text)
            text.append(ascii: tab)
            appendNumber(row.hbr[c], to: &text)
        }
        text.append(ascii: newline)
    }

    static let tab = UInt8(ascii: "\t")
    static let newline = UInt8(ascii: "\n")

    /// `channels.tsv` (BIDS-NIRS): one row per measurement, with the current quality.
    public static func channelsTable(_ layout: NirsLayout, quality: [ChannelQuality.Assessment]?) -> String {
        var text = RecordFormat.headerLine(channelsHeader)
        for (c, channel) in layout.channels.enumerated() {
            let pair = NirsLayout.sourceDetector(of: channel)
            let source = pair.map { "S\($0.source)" } ?? RecordFormat.na
            let detector = pair.map { "D\($0.detector)" } ?? RecordFormat.na
            let assessment = quality?[c]
            let status = assessment?.status.bidsStatus ?? "good"
            var description = assessment?.status.rawValue ?? "not assessed"
            if let sci = assessment?.sci { description += " sci=" + FixedDecimal.format(seconds: sci, digits: 3) }
            let rows: [(String, String, String, String)]
            switch layout.kind {
            case .intensity:
                rows = layout.wavelengths.map { ("\(channel) \(NirsLayout.wavelengthLabel($0))", "NIRSCWAMPLITUDE",
                                                 NirsLayout.wavelengthLabel($0), "V") }
            case .od:
                rows = layout.wavelengths.map { ("\(channel) \(NirsLayout.wavelengthLabel($0))", "NIRSCWOPTICALDENSITY",
                                                 NirsLayout.wavelengthLabel($0), "n/a") }
            case .hb:
                rows = [("\(channel) hbo", "NIRSCWHBO", RecordFormat.na, "uM"), ("\(channel) hbr", "NIRSCWHBR", RecordFormat.na, "uM")]
            }
            for (name, type, wavelength, units) in rows {
                text += [name, type, source, detector, wavelength, units, status, description].joined(separator: "\t") + "\n"
            }
        }
        return text
    }

    /// Shortest round-trip text of a double; `n/a` for NaN and infinities.
    public static func number(_ value: Double) -> String {
        value.isFinite ? value.description : RecordFormat.na
    }

    /// `number(value)` added to `text` in place: the digits go straight into it, with no string
    /// of their own (`RowText.appendDescription` prints what `description` does).
    public static func appendNumber(_ value: Double, to text: inout RowText) {
        if value.isFinite { text.appendDescription(value) } else { text.append(RecordFormat.na) }
    }
}
