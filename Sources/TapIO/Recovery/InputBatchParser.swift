import TapCore

/// The `nirs` rows of `inputs.tsv` read in place, byte by byte: they are nearly all of the
/// journal, and splitting them into `String`s took most of a replay's time. Numbers go through
/// `DecimalParser` (exactly `Double(String)`), so a replay sees the very doubles of the live run.
/// Rows this reader does not handle (received serial fields) fall back to `InputRecordFormat`.
enum InputBatchParser {
    /// The samples of one `nirs` row's data field, nil when it is not in the plain form.
    static func samples(_ data: UnsafeBufferPointer<UInt8>, origin: MonoTime, valuesHint: Int) -> [NirsSample]? {
        var samples: [NirsSample] = []
        var i = 0
        let n = data.count
        let bar = UInt8(ascii: "|"), semicolon = UInt8(ascii: ";"), comma = UInt8(ascii: ",")
        func until(_ stops: UInt8, _ stop2: UInt8) -> Int {
            var j = i
            while j < n, data[j] != stops, data[j] != stop2 { j += 1 }
            return j
        }
        while i < n {
            // host_ns
            var end = until(semicolon, bar)
            guard end < n, data[end] == semicolon, let host = integer(data, i, end) else { return nil }
            i = end + 1
            // device_ms or n/a
            end = until(semicolon, bar)
            guard end < n, data[end] == semicolon else { return nil }
            var device: Double?
            if !(end - i == 3 && data[i] == UInt8(ascii: "n") && data[i + 1] == UInt8(ascii: "/")) {
                guard let value = DecimalParser.parse(UnsafeBufferPointer(rebasing: data[i..<end])) else { return nil }
                device = value
            }
            i = end + 1
            var values: [Double] = []
            values.reserveCapacity(valuesHint)
            while i <= n {
                var j = i
                if let (value, end) = DecimalParser.prefix(data, from: i),
                   end == n || data[end] == comma || data[end] == bar || data[end] == semicolon {
                    // Nearly every value: read in one pass, up to its separator.
                    values.append(value)
                    j = end
                } else {
                    while j < n, data[j] != comma, data[j] != bar, data[j] != semicolon { j += 1 }
                    if j > i || (j < n && data[j] == comma) {
                        guard let value = DecimalParser.parse(UnsafeBufferPointer(rebasing: data[i..<j])) else { return nil }
                        values.append(value)
                    }
                }
                if j < n, data[j] == semicolon { return nil }  // received fields follow: the general reader
                i = j + 1
                if j >= n || data[j] == bar { break }
            }
            samples.append(NirsSample(hostTime: origin + Span(nanoseconds: host), deviceTimeMilliseconds: device, values: values))
        }
        return samples
    }

    static func integer(_ data: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Int64? {
        guard from < to else { return nil }
        var i = from, negative = false
        if data[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        guard i < to else { return nil }
        var value: Int64 = 0
        while i < to {
            let digit = data[i] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(Int64(digit))
            guard !o1, !o2 else { return nil }
            value = sum
            i += 1
        }
        return negative ? -value : value
    }
}
