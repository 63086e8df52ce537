/// Decimal text to `Double`, giving exactly the double Swift's `Double(String)` gives (the
/// nearest, ties to even), about ten times faster on the 16–17-digit numbers the journals hold:
/// an hour of 128 channels at 100 Hz is 180 million of them, which `Double(String)` takes
/// 40 s to read on the reference machine.
///
/// The common form (`-0.2199238747237012`, `1e-05`, `12.500000`: sign, digits, point, digits,
/// exponent, at most 19 significant digits) is converted with Clinger's exact fast path where
/// it applies, else with the Eisel–Lemire algorithm (D. Lemire, "Number parsing at a gigabyte
/// per second", Software: Practice and Experience 51(8), 2021; proven to need no fallback for
/// 19 digits by N. Mushtak and D. Lemire, "Fast number parsing without fallback", 2023).
/// Anything else (`n/a`, `nan`, `inf`, hexadecimal, more digits) goes to `Double(String)` itself.
enum DecimalParser {
    /// The number `bytes` spell, nil for text that `Double(String)` does not read as one.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        fastPath(bytes) ?? Double(String(decoding: bytes, as: UTF8.self))
    }

    static func parse(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { parse($0) }
    }

    /// nil when the text is not in the common form (the caller then asks `Double(String)`).
    static func fastPath(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard let (value, end) = prefix(bytes, from: 0), end == bytes.count else { return nil }
        return value
    }

    /// The number in the common form that starts at `bytes[start]`, and where it ends (the first
    /// byte that cannot continue it): a journal row's fields are read in one pass, with no scan
    /// for the separator first. nil when the text there is not in the common form.
    static func prefix(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (value: Double, end: Int)? {
        guard let base = bytes.baseAddress else { return nil }
        let count = bytes.count
        var i = start
        var negative = false
        if i < count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        var significand: UInt64 = 0
        var digits = 0  // significant digits kept in `significand` (leading zeros are not)
        var exponent = 0
        var sawDigit = false
        // Leading zeros, then the significant digits, in runs of up to eight while they fit in 19.
        while i < count, bytes[i] == UInt8(ascii: "0") { i += 1; sawDigit = true }
        while i < count {
            let (n, run) = digitRun(base + i, available: count - i)
            if n == 0 || digits + n > 19 { break }
            significand = significand &* tenToThe[n] &+ run
            digits += n
            i += n
            sawDigit = true
            if n < 8 { break }
        }
        while i < count, bytes[i] &- 48 < 10 {
            guard digits < 19 else { return nil }
            significand = significand &* 10 &+ UInt64(bytes[i] &- 48)
            digits += significand == 0 ? 0 : 1
            sawDigit = true
            i += 1
        }
        if i < count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            if significand == 0 {
                while i < count, bytes[i] == UInt8(ascii: "0") { i += 1; exponent -= 1; sawDigit = true }
            }
            while i < count {
                let (n, run) = digitRun(base + i, available: count - i)
                if n == 0 || digits + n > 19 { break }
                significand = significand &* tenToThe[n] &+ run
                digits += significand == 0 ? 0 : n
                exponent -= n
                i += n
                sawDigit = true
                if n < 8 { break }
            }
            while i < count, bytes[i] &- 48 < 10 {
                let digit = UInt64(bytes[i] &- 48)
                if significand != 0 || digit != 0 {
                    guard digits < 19 else { return nil }
                    significand = significand &* 10 &+ digit
                    digits += 1
                }
                exponent -= 1
                sawDigit = true
                i += 1
            }
        }
        guard sawDigit else { return nil }
        if i < count, bytes[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var negativeExponent = false
            if i < count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
                negativeExponent = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            var value = 0
            var sawExponentDigit = false
            while i < count, bytes[i] &- 48 < 10 {
                guard value < 100_000 else { return nil }
                value = value * 10 + Int(bytes[i] &- 48)
                sawExponentDigit = true
                i += 1
            }
            guard sawExponentDigit else { return nil }
            exponent += negativeExponent ? -value : value
        }
        guard let magnitude = value(significand, timesTenToThe: exponent) else { return nil }
        return (negative ? -magnitude : magnitude, i)
    }

    /// How many of the eight bytes at `p` are ASCII digits before the first that is not (0–8),
    /// and the value of those digits (SWAR: one load, a mask, and three multiplications on the
    /// digits moved to the top bytes with zeros before them), where a journal number's 5 digits
    /// before the point and 4 after the first eight used to take a step each.
    /// Only the `available` bytes there are read (fewer than eight at the end of a field: the
    /// rest count as not digits).
    @inline(__always)
    static func digitRun(_ p: UnsafePointer<UInt8>, available: Int) -> (count: Int, value: UInt64) {
        var v: UInt64
        if available >= 8 {
            v = UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
        } else {
            v = 0
            for k in 0..<available { v |= UInt64(p[k]) &<< UInt64(8 &* k) }
        }
        let high: UInt64 = 0xF0F0_F0F0_F0F0_F0F0, threes: UInt64 = 0x3030_3030_3030_3030
        // Non-zero in each byte that is not a digit (high nibble 3, and still 3 with 6 added). A
        // carry out of a byte above 0xF9, or a borrow below, only reaches later bytes: those
        // after the first non-digit, which do not count.
        let notDigit = ((v & high) ^ threes) | (((v &+ 0x0606_0606_0606_0606) & high) ^ threes)
        let n = notDigit.trailingZeroBitCount &>> 3
        guard n > 0 else { return (0, 0) }
        var x = (v &- threes) &<< UInt64(64 &- 8 &* n)
        x = x &* 10 &+ (x >> 8)  // byte pairs: 10 a + b in every even byte
        x = ((x & 0x0000_00FF_0000_00FF) &* (100 &+ (1_000_000 << 32))
             &+ ((x >> 16) & 0x0000_00FF_0000_00FF) &* (1 &+ (10_000 << 32))) >> 32
        return (n, x & 0xFFFF_FFFF)
    }

    /// 10^0 … 10^8, to shift a significand past a run of digits.
    static let tenToThe: [UInt64] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000]

    /// `significand × 10^exponent`, correctly rounded; nil where this code cannot tell.
    static func value(_ significand: UInt64, timesTenToThe exponent: Int) -> Double? {
        if significand == 0 { return 0 }
        // Clinger: both operands exact in a double, so one correctly rounded operation.
        if exponent >= -22, exponent <= 22, significand <= 1 << 53 {
            let exact = Double(significand)
            return exponent < 0 ? exact / exactPowersOfTen[-exponent] : exact * exactPowersOfTen[exponent]
        }
        if exponent < smallestPowerOfFive { return 0 }
        if exponent > largestPowerOfFive { return .infinity }
        return eiselLemire(significand, exponent)
    }

    static let exactPowersOfTen: [Double] = (0...22).map { k in (0..<k).reduce(1.0) { value, _ in value * 10 } }

    static let mantissaBits = 52
    static let minimumExponent = -1023
    static let infinitePower = 0x7FF

    /// Lemire 2021, section 5 ("compute_float" of the paper's fast_float), for doubles.
    static func eiselLemire(_ significand: UInt64, _ q: Int) -> Double? {
        let leadingZeros = significand.leadingZeroBitCount
        let w = significand << UInt64(leadingZeros)
        let index = 2 * (q - smallestPowerOfFive)
        var product = w.multipliedFullWidth(by: powersOfFive[index])
        // Only the top mantissa + 3 bits must be right: a second, lower word only when they may not be.
        let precisionMask: UInt64 = .max >> UInt64(mantissaBits + 3)
        if product.high & precisionMask == precisionMask {
            let second = w.multipliedFullWidth(by: powersOfFive[index + 1])
            let (low, carry) = product.low.addingReportingOverflow(second.high)
            product.low = low
            if carry { product.high &+= 1 }
        }
        let upperBit = Int(product.high >> 63)
        let shift = UInt64(upperBit + 64 - mantissaBits - 3)
        var mantissa = product.high >> shift
        // floor(log2(5^q)) + q + 63, exact for q in (-400, 350).
        var power2 = (((152_170 + 65_536) * q) >> 16) + 63 + upperBit - leadingZeros - minimumExponent
        if power2 <= 0 {
            // Subnormal (or zero).
            if -power2 + 1 >= 64 { return 0 }
            mantissa >>= UInt64(-power2 + 1)
            mantissa += mantissa & 1
            mantissa >>= 1
            power2 = mantissa < (1 << UInt64(mantissaBits)) ? 0 : 1
            return Double(bitPattern: UInt64(power2) << UInt64(mantissaBits) | mantissa)
        }
        // Exactly halfway between two doubles (only possible for small |q|): round to even.
        if product.low <= 1, q >= -4, q <= 23, mantissa & 3 == 1, mantissa << shift == product.high {
            mantissa &= ~1
        }
        mantissa += mantissa & 1
        mantissa >>= 1
        if mantissa >= 2 << UInt64(mantissaBits) {
            mantissa = 1 << UInt64(mantissaBits)
            power2 += 1
        }
        mantissa &= ~(1 << UInt64(mantissaBits))
        if power2 >= infinitePower { return .infinity }
        return Double(bitPattern: UInt64(power2) << UInt64(mantissaBits) | mantissa)
    }
}
