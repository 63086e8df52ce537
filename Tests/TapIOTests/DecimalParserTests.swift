import Foundation
import XCTest
@testable import TapIO

/// The journal readers' number parser must give the very double `Double(String)` gives, bit for
/// bit, for every text: a replay or an export must not move a value by one ulp.
final class DecimalParserTests: XCTestCase {
    func assertSame(_ text: String, file: StaticString = #filePath, line: UInt = #line) {
        let expected = Double(text)
        let parsed = DecimalParser.parse(text)
        XCTAssertEqual(parsed?.bitPattern, expected?.bitPattern, "\(text): \(String(describing: parsed)) vs \(String(describing: expected))",
                       file: file, line: line)
        XCTAssertEqual(parsed == nil, expected == nil, text, file: file, line: line)
    }

    func testShortestRoundTripTextOfRandomDoublesReadsBackExactly() {
        var generator = SeededGenerator(seed: 17)
        for _ in 0..<300_000 {
            let value = Double(bitPattern: generator.next() & ~(0x7FF << 52) | (UInt64.random(in: 1...0x7FE, using: &generator) << 52))
            assertSame("\(value)")
            assertSame("\(-value)")
        }
        // Values like the journals': intensities and µM around 1, and session times.
        for _ in 0..<300_000 {
            let value = Double.random(in: -3...3, using: &generator)
            assertSame("\(value)")
            var text = "\(value)"
            XCTAssertNotNil(text.withUTF8 { DecimalParser.fastPath($0) }, "\(text) is read without Double(String)")
            assertSame(String(format: "%.6f", value * 1000))
        }
    }

    func testRandomDigitStringsUpToNineteenDigitsWithAnyExponent() {
        var generator = SeededGenerator(seed: 3)
        for _ in 0..<300_000 {
            let digits = Int.random(in: 1...19, using: &generator)
            var text = String(UInt64.random(in: 0..<10, using: &generator) + 1)
            for _ in 1..<digits { text += String(UInt64.random(in: 0..<10, using: &generator)) }
            let point = Int.random(in: 0...digits, using: &generator)
            if point < digits { text.insert(".", at: text.index(text.startIndex, offsetBy: point)) }
            let exponent = Int.random(in: -360...330, using: &generator)
            assertSame(text + "e\(exponent)")
            assertSame("0.000" + text.replacingOccurrences(of: ".", with: ""))
        }
    }

    /// A journal row's fields are read in one pass: `prefix` stops where the number ends, with the
    /// value `Double(String)` gives for the text up to there (and eight digits at a time inside).
    func testPrefixStopsAtTheSeparatorWithTheSameValue() {
        var generator = SeededGenerator(seed: 29)
        let separators: [UInt8] = Array(",|;\t".utf8)
        for round in 0..<200_000 {
            let value = round % 2 == 0 ? Double.random(in: -20_000...20_000, using: &generator)
                : Double(bitPattern: generator.next() & ~(0x7FF << 52) | (UInt64.random(in: 1...0x7FE, using: &generator) << 52))
            let number = "\(value)"
            let separator = separators[Int(generator.next() % 4)]
            let bytes = Array("9,".utf8) + Array(number.utf8) + [separator] + Array("1234567890".utf8)
            bytes.withUnsafeBufferPointer { buffer in
                guard let (parsed, end) = DecimalParser.prefix(buffer, from: 2) else { return XCTFail("\(number) not read") }
                XCTAssertEqual(end, 2 + number.utf8.count, number)
                XCTAssertEqual(parsed.bitPattern, value.bitPattern, number)
            }
        }
        // Digit runs of every length around the eight-digit steps, with zeros in every place.
        for length in 1...19 {
            for _ in 0..<2_000 {
                var digits = (0..<length).map { _ in ["0", "0", "1", "5", "9"][Int(generator.next() % 5)] }.joined()
                if generator.next() % 3 == 0 { digits.insert(".", at: digits.index(digits.startIndex, offsetBy: Int(generator.next() % UInt64(length + 1)))) }
                assertSame(digits)
                assertSame("-" + digits + "e-7")
            }
        }
    }

    /// The leading digits of eight bytes, however many there are, with their value (the bytes
    /// after the first non-digit, carries and borrows included, do not count).
    func testARunOfDigitsIsCountedAndReadUpToTheFirstNonDigit() {
        var generator = SeededGenerator(seed: 37)
        let alphabet: [UInt8] = Array("0123456789/:.,e-".utf8) + [0x00, 0x2F, 0x3A, 0xFA, 0xFF, 0x39, 0x30, 0xF9, 0x29]
        for _ in 0..<200_000 {
            let bytes = (0..<8).map { _ in generator.next() % 3 == 0 ? alphabet[Int(generator.next() % UInt64(alphabet.count))]
                                                                      : UInt8(48 + generator.next() % 10) }
            let available = generator.next() % 2 == 0 ? 8 : Int(generator.next() % 8)
            let digits = bytes.prefix(available).prefix { $0 >= 48 && $0 <= 57 }
            let run = bytes.withUnsafeBufferPointer { DecimalParser.digitRun($0.baseAddress!, available: available) }
            XCTAssertEqual(run.count, digits.count, "\(bytes)")
            XCTAssertEqual(run.value, digits.isEmpty ? 0 : UInt64(String(decoding: digits, as: UTF8.self))!, "\(bytes)")
        }
    }

    func testEdgeCasesAndTextThatIsNotANumber() {
        for text in ["0", "-0", "0.0", "-0.0", "+1.5", "1.", ".5", "1e5", "1E+5", "1e-5", "2.2250738585072011e-308",
                     "2.2250738585072014e-308", "4.9e-324", "5e-324", "2.4703282292062327e-324", "2.4703282292062328e-324",
                     "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308", "1e309", "1e-400",
                     "9007199254740993", "9007199254740992", "9007199254740994.5", "1e23", "8.98846567431158e307",
                     "0.1", "0.2", "0.3", "123456789012345678", "1234567890123456789", "12345678901234567890",
                     "0.00000000000000000000000000001", "1e22", "1e-22", "4503599627370496.5", "4503599627370497.5",
                     "n/a", "", "-", ".", "e5", "1e", "1e+", " 1", "1 ", "1.5.5", "0x1p3", "nan", "-inf", "infinity",
                     "1_000", "１", "1e100000", "--1"] {
            assertSame(text)
        }
    }
}

/// SplitMix64: a fixed sequence per seed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
