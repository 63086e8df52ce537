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
        var line = RecordFormat.seconds(sample.hostTime - origin)
        line += "\t"
        if let fields = sample.receivedFields, fields.count == sample.values.count + 1 {
            line += fields.map(String.init).joined(separator: "\t")
        } else {
            line += sample.deviceTimeMilliseconds.map(number) ?? RecordFormat.na
            for value in sample.values { line += "\t" + number(value) }
        }
        return line + "\n"
    }

    /// One `hemo.tsv` row: time (s from session zero), then each channel's HbO and HbR (µM).
    public static func hemoLine(_ row: HemoSample, origin: MonoTime) -> String {
        var line = RecordFormat.seconds(row.time - origin)
        for c in row.hbo.indices { line += "\t" + number(row.hbo[c]) + "\t" + number(row.hbr[c]) }
        return line + "\n"
    }

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
}
