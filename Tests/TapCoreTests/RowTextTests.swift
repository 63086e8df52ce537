import XCTest
@testable import TapCore

/// `RowText` prints times, integers and the report's numbers in place; every earlier file holds
/// what the string code before it printed (kept here as the reference) and `String(Int64)`
/// prints, so the bytes must be the same.
final class RowTextTests: XCTestCase {
    /// Times as `FixedDecimal.format` printed them before it printed through `RowText` (strings).
    static func fixedDecimalAsBefore(_ nanoseconds: Int64, digits: Int) -> String {
        let digits = min(max(digits, 0), 9)
        var divisor: Int64 = 1
        for _ in 0..<(9 - digits) { divisor *= 10 }
        let negative = nanoseconds < 0
        let magnitude = nanoseconds.magnitude
        let units = (magnitude + UInt64(divisor / 2)) / UInt64(divisor)
        var scale: UInt64 = 1
        for _ in 0..<digits { scale *= 10 }
        let whole = units / scale
        let fraction = units % scale
        var text = (negative && units != 0 ? "-" : "") + String(whole)
        if digits > 0 {
            let f = String(fraction)
            text += "." + String(repeating: "0", count: digits - f.count) + f
        }
        return text
    }

    func testFixedDecimalsInPlaceEqualTheirEarlierText() {
        var generator = SystemRandomNumberGenerator()
        var values: [Int64] = [0, 1, -1, 499, 500, -500, 501, 999_999_999, 1_000_000_000, -1_234_567_891, .max, .min, .max - 1, .min + 1]
        for _ in 0..<20_000 {
            values.append(Int64(bitPattern: generator.next()))
            values.append(Int64.random(in: -10_000_000_000...10_000_000_000_000, using: &generator))
        }
        for value in values {
            for digits in [-1, 0, 1, 3, 6, 9, 12] {
                var text = RowText()
                text.appendFixed(nanoseconds: value, digits: digits)
                XCTAssertEqual(text.string, Self.fixedDecimalAsBefore(value, digits: digits), "\(value) with \(digits) digits")
            }
        }
    }

    /// What a recorder keeps of a time (`fixedValue`) is the double its printed text reads back as:
    /// `Double(String)` of that text, bit for bit, for times within 285 years of the origin.
    func testAFixedTimeKeptIsTheDoubleItsTextReadsBackAs() {
        var generator = SystemRandomNumberGenerator()
        let limit: Int64 = 9_000_000_000_000_000  // 2^53 µs in ns, rounded down
        var values: [Int64] = [0, 1, -1, 499, 500, -500, 501, 1_500, -1_500, 999_999_999, 1_000_000_000, limit, -limit]
        for _ in 0..<50_000 {
            values.append(Int64.random(in: -limit...limit, using: &generator))
            values.append(Int64.random(in: -100_000_000_000...10_000_000_000_000, using: &generator))
        }
        for value in values {
            var text = RowText()
            text.appendFixed(nanoseconds: value)
            let read = Double(text.string)
            XCTAssertEqual(RowText.fixedValue(nanoseconds: value).bitPattern, read?.bitPattern, "\(value) ns, printed \(text.string)")
        }
    }

    /// The report's numbers as they were printed before `RowText.appendFixed` (string pieces).
    static func fixedAsBefore(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return "n/a" }
        let digits = min(max(digits, 0), 6)
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e15 else { return String(Int64(value.rounded())) }
        let units = UInt64(scaled)
        let whole = units / UInt64(scale)
        let fraction = units % UInt64(scale)
        var text = (value < 0 && units != 0 ? "-" : "") + String(whole)
        if digits > 0 {
            let f = String(fraction)
            text += "." + String(repeating: "0", count: digits - f.count) + f
        }
        return text
    }

    func testReportNumbersInPlaceEqualTheirEarlierText() {
        var generator = SystemRandomNumberGenerator()
        var values: [Double] = [0, -0.0, 0.05, -0.05, 0.04999, 1.25, -1.25, 9e15, -9e15, 9.1e18, -9.1e18, 9.22e18, -0x1p63,
                                .nan, .infinity,
                                -.infinity, .leastNonzeroMagnitude, 123.456789]
        for _ in 0..<20_000 {
            values.append(Double.random(in: -1000...1000, using: &generator))
            values.append(Double.random(in: -1...1, using: &generator) * 1e-3)
            let bits = Double(bitPattern: generator.next())
            let whole = bits.rounded()  // the earlier text stopped the program beyond Int64
            if !(whole < -0x1p63 || whole >= 0x1p63) { values.append(bits) }
        }
        for value in values {
            for digits in [-1, 0, 1, 2, 3, 6, 8] {
                var text = RowText()
                text.appendFixed(value, digits: digits)
                XCTAssertEqual(text.string, Self.fixedAsBefore(value, digits), "\(value) with \(digits) digits")
            }
        }
    }

    func testReportNumbersBeyondInt64PrintTheirShortestForm() {
        for (value, text) in [(1e300, "1e+300"), (-9.3e18, "-9.3e+18"), (0x1p63, "9.223372036854776e+18"),
                              (Double.greatestFiniteMagnitude, "1.7976931348623157e+308")] {
            var row = RowText()
            row.appendFixed(value, digits: 2)
            XCTAssertEqual(row.string, text)
        }
    }

    func testIntegersInPlaceEqualTheirDescription() {
        var generator = SystemRandomNumberGenerator()
        for value in [0, 1, -1, 9, 10, -10, .max, .min] + (0..<20_000).map({ _ in Int64(bitPattern: generator.next()) }) {
            var text = RowText()
            text.append(value)
            XCTAssertEqual(text.string, String(value))
        }
    }

    /// The digits written into spare capacity, and the same digits iterated one by one (the path
    /// an append without room would take), equal the padded decimal text.
    func testDigitsArePaddedTheSameWrittenInPlaceOrIterated() {
        var generator = SystemRandomNumberGenerator()
        let values: [UInt64] = [0, 1, 9, 10, 99, 100, 999_999, 1_000_000, .max, .max / 10]
            + (0..<5_000).map { _ in generator.next() >> (generator.next() % 64) }
        for value in values {
            for minimumCount in [0, 1, 6, 9, 20, 25] {
                var expected = String(value)
                let width = min(minimumCount, 20)
                if expected.count < width { expected = String(repeating: "0", count: width - expected.count) + expected }
                var text = RowText()
                text.appendDigits(value, minimumCount: minimumCount)
                XCTAssertEqual(text.string, expected)
                XCTAssertEqual(String(decoding: Array(IteratorSequence(RowText.Digits(value: value, minimumCount: minimumCount).makeIterator())),
                                      as: UTF8.self), expected)
            }
        }
    }

    /// Rows that each reserve their room, many in one text (gathered fNIRS rows), must not copy
    /// the text at every row: the room grows by doubling.
    func testReservingRowAfterRowGrowsTheRoomByDoubling() {
        var text = RowText()
        var capacities = Set<Int>()
        for row in 0..<5_000 {
            text.reserve(200)
            for _ in 0..<20 { text.appendDescription(Double(row) + 0.25) }
            capacities.insert(text.bytes.capacity)
        }
        XCTAssertLessThan(capacities.count, 30, "a copy per doubling, not per row")
    }

    func testRowsKeepTheirBytes() {
        var text = RowText(capacity: 4)
        text.append("µM\t")
        text.append(Substring("a|b"))
        text.append(ascii: UInt8(ascii: "\n"))
        XCTAssertEqual(text.string, "µM\ta|b\n")
        XCTAssertEqual(text.bytes.count, "µM\ta|b\n".utf8.count)
    }
}
