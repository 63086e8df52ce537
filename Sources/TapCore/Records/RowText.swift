/// Journal rows built as bytes: numbers are printed straight into the buffer, and a batch of rows
/// becomes one `String` at the end (`string`). Appending to a `String` checks and updates its
/// UTF-8 state at every step: for the fNIRS tables, hundreds of thousands of numbers, that was
/// half the cost of writing them.
public struct RowText {
    public private(set) var bytes: [UInt8] = []

    public init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    /// The rows as a string (ASCII apart from received fields, which are valid UTF-8 strings).
    public var string: String { String(decoding: bytes, as: UTF8.self) }

    /// Room for `more` bytes. Grows by at least doubling: `Array.reserveCapacity` allocates just
    /// what is asked, and rows reserved one after another in one text would each copy it all.
    public mutating func reserve(_ more: Int) {
        let needed = bytes.count + more
        if needed > bytes.capacity { bytes.reserveCapacity(Swift.max(needed, 2 * bytes.capacity)) }
    }

    public mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    /// A received raw field (serial rows keep their fields as read).
    public mutating func append(_ text: Substring) {
        append(String(text))
    }

    public mutating func append(ascii byte: UInt8) {
        bytes.append(byte)
    }

    /// What `value.description` prints: the shortest digits that read back as `value`, and
    /// `nan`, `inf`, `-inf` (`ShortestDouble`, written straight into the buffer: a third of the
    /// instructions of `Double.write(to:)`, the fNIRS tables' largest cost).
    public mutating func appendDescription(_ value: Double) {
        ShortestDouble.append(value, to: &bytes)
    }

    /// An integer in decimal.
    public mutating func append(_ value: Int64) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        appendDigits(value.magnitude, minimumCount: 1)
    }

    /// `nanoseconds` as seconds with `digits` decimals (0–9), rounded half away from zero
    /// (`FixedDecimal.format`'s one implementation).
    public mutating func appendFixed(nanoseconds: Int64, digits: Int = 6) {
        let (units, scale, digits) = Self.fixedUnits(nanoseconds: nanoseconds, digits: digits)
        if nanoseconds < 0 && units != 0 { bytes.append(UInt8(ascii: "-")) }
        appendDigits(units / scale, minimumCount: 1)
        if digits > 0 {
            bytes.append(UInt8(ascii: "."))
            appendDigits(units % scale, minimumCount: digits)
        }
    }

    /// The double that `appendFixed(nanoseconds:digits:)`'s text reads back as, without the text:
    /// ±units / 10^digits, one correctly rounded division, is the double nearest the decimal —
    /// what a correct parser gives (a recorder keeps what its journal will read back as). Exact
    /// while the units stay below 2^53: at 6 digits, 285 years of session time.
    public static func fixedValue(nanoseconds: Int64, digits: Int = 6) -> Double {
        let (units, scale, _) = fixedUnits(nanoseconds: nanoseconds, digits: digits)
        let value = Double(units) / Double(scale)
        return nanoseconds < 0 && units != 0 ? -value : value
    }

    /// |`nanoseconds`| in units of 10^−`digits` s, rounded half away from zero, with 10^`digits`
    /// and `digits` clamped to 0–9: what `appendFixed(nanoseconds:)` prints and `fixedValue` reads.
    static func fixedUnits(nanoseconds: Int64, digits: Int) -> (units: UInt64, scale: UInt64, digits: Int) {
        let digits = min(max(digits, 0), 9)
        var divisor: UInt64 = 1
        for _ in 0..<(9 - digits) { divisor *= 10 }
        var scale: UInt64 = 1
        for _ in 0..<digits { scale *= 10 }
        return ((nanoseconds.magnitude + divisor / 2) / divisor, scale, digits)
    }

    /// `value` rounded to `digits` decimals (0–6, half away from zero), `n/a` when not finite
    /// (`ReportNumber.fixed`, the report's numbers and plot coordinates). From 9e15 on, the
    /// whole number; beyond Int64 (where the report used to stop) its shortest form.
    public mutating func appendFixed(_ value: Double, digits: Int) {
        guard value.isFinite else { return append("n/a") }
        let digits = min(max(digits, 0), 6)
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e15 else {
            // Whole numbers from here on (no decimals left to show); beyond Int64, the shortest form.
            let whole = value.rounded()
            return whole >= -0x1p63 && whole < 0x1p63 ? append(Int64(whole)) : appendDescription(whole)
        }
        let units = UInt64(scaled)
        if value < 0 && units != 0 { bytes.append(UInt8(ascii: "-")) }
        appendDigits(units / UInt64(scale), minimumCount: 1)
        if digits > 0 {
            bytes.append(UInt8(ascii: "."))
            appendDigits(units % UInt64(scale), minimumCount: digits)
        }
    }

    /// `value`'s decimal digits, padded with leading zeros to `minimumCount` (at most 20): written
    /// straight into the array's spare capacity (`Digits`), ≈ 80 instructions fewer a number than
    /// laying them out in a scratch buffer and appending that.
    mutating func appendDigits(_ value: UInt64, minimumCount: Int) {
        bytes.append(contentsOf: Digits(value: value, minimumCount: minimumCount))
    }

    /// A number's digits as a sequence whose `underestimatedCount` is exact, so that
    /// `Array.append(contentsOf:)` reserves the room and hands it to `_copyContents` to fill.
    struct Digits: Sequence {
        let value: UInt64
        let count: Int

        init(value: UInt64, minimumCount: Int) {
            self.value = value
            var n = 1
            var power: UInt64 = 10
            while n < 20 && value >= power {
                n += 1
                power &*= 10
            }
            count = Swift.max(n, Swift.min(minimumCount, 20))
        }

        var underestimatedCount: Int { count }

        func _copyContents(initializing buffer: UnsafeMutableBufferPointer<UInt8>) -> (Iterator, Int) {
            guard buffer.count >= count else { return (makeIterator(), 0) }  // append always reserves it
            var rest = value
            var i = count
            while i > 0 {
                i -= 1
                buffer[i] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
                rest /= 10
            }
            return (Iterator(digits: self, index: count), count)
        }

        func makeIterator() -> Iterator { Iterator(digits: self, index: 0) }

        struct Iterator: IteratorProtocol {
            let digits: Digits
            var index: Int

            mutating func next() -> UInt8? {
                guard index < digits.count else { return nil }
                var rest = digits.value
                for _ in 0..<(digits.count - 1 - index) { rest /= 10 }
                index += 1
                return UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
            }
        }
    }
}
