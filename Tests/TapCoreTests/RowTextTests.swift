import XCTest
@testable import TapCore

/// `RowText` prints times and integers in place; every earlier file holds what `FixedDecimal`
/// and `String(Int64)` print, so the bytes must be the same.
final class RowTextTests: XCTestCase {
    func testFixedDecimalsInPlaceEqualFixedDecimalFormat() {
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
                XCTAssertEqual(text.string, FixedDecimal.format(value, digits: digits), "\(value) with \(digits) digits")
            }
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

    func testRowsKeepTheirBytes() {
        var text = RowText(capacity: 4)
        text.append("µM\t")
        text.append(Substring("a|b"))
        text.append(ascii: UInt8(ascii: "\n"))
        XCTAssertEqual(text.string, "µM\ta|b\n")
        XCTAssertEqual(text.bytes.count, "µM\ta|b\n".utf8.count)
    }
}
