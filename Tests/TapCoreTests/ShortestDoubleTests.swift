import XCTest
@testable import TapCore

/// `ShortestDouble`: byte for byte `description`, for every kind of finite double, and the
/// standard library's own text for NaN and the infinities.
final class ShortestDoubleTests: XCTestCase {
    /// The values among `values` that `ShortestDouble` prints otherwise than `description`
    /// (the first few, and how many), as one failure.
    func assertAsDescription<S: Sequence<Double>>(_ values: S, _ what: String,
                                                  file: StaticString = #filePath, line: UInt = #line) {
        var bytes: [UInt8] = []
        var count = 0, mismatches = 0
        var wrong: [String] = []
        for value in values {
            bytes.removeAll(keepingCapacity: true)
            ShortestDouble.append(value, to: &bytes)
            count += 1
            if !value.description.utf8.elementsEqual(bytes) {
                mismatches += 1
                if wrong.count < 10 {
                    wrong.append("\(value.description) (0x\(String(value.bitPattern, radix: 16))) printed as "
                                 + String(decoding: bytes, as: UTF8.self))
                }
            }
        }
        XCTAssertEqual(mismatches, 0, "\(what): \(wrong.joined(separator: "; "))", file: file, line: line)
        XCTAssertGreaterThan(count, 0, what, file: file, line: line)
    }

    /// `value` and its neighbours, both signs.
    func around(_ value: Double) -> [Double] {
        [value, value.nextUp, value.nextDown, -value, -value.nextUp, -value.nextDown]
    }

    // MARK: The layout

    func testTheLayoutOfDescription() {
        let expected: [(Double, String)] = [
            (0, "0.0"), (-0.0, "-0.0"), (1, "1.0"), (-1, "-1.0"), (100, "100.0"), (12.5, "12.5"),
            (0.1, "0.1"), (0.001, "0.001"), (0.0001, "0.0001"), (0.00012, "0.00012"),
            ((0.0001).nextDown, "9.999999999999999e-05"), ((0.0001).nextUp, "0.00010000000000000002"),
            (1e-5, "1e-05"), (-1.5e-7, "-1.5e-07"), (.leastNonzeroMagnitude, "5e-324"),
            (.leastNormalMagnitude, "2.2250738585072014e-308"), (1e-100, "1e-100"),
            (1e15, "1000000000000000.0"), (9_007_199_254_740_992, "9007199254740992.0"),
            (9_007_199_254_740_994, "9.007199254740994e+15"), ((9_007_199_254_740_992.0).nextDown, "9007199254740991.0"),
            (4_503_599_627_370_495.5, "4503599627370495.5"), (1e16, "1e+16"), (18_014_398_509_481_984, "1.8014398509481984e+16"),
            (123_456_789_012_345_680, "1.2345678901234568e+17"), (1e23, "1e+23"), ((1e23).nextUp, "1.0000000000000001e+23"),
            (.greatestFiniteMagnitude, "1.7976931348623157e+308"), (-.greatestFiniteMagnitude, "-1.7976931348623157e+308"),
        ]
        for (value, text) in expected {
            XCTAssertEqual(value.description, text, "the standard library's layout")
            XCTAssertEqual(ShortestDouble.string(value), text)
        }
    }

    func testNaNAndTheInfinitiesAreTheStandardLibrarysText() {
        for value in [Double.nan, -Double.nan, Double.signalingNaN, Double(bitPattern: 0x7FF0_0000_0000_1234),
                      Double.infinity, -Double.infinity] {
            XCTAssertEqual(ShortestDouble.string(value), value.description)
        }
    }

    // MARK: Chosen values

    func testZerosExtremesAndTheSubnormalBoundary() {
        var values: [Double] = [0, -0.0]
        for value in [Double.leastNonzeroMagnitude, .greatestFiniteMagnitude, .leastNormalMagnitude,
                      Double.leastNormalMagnitude.nextDown.nextDown, Double.leastNormalMagnitude.nextUp.nextUp] {
            values += around(value)
        }
        assertAsDescription(values, "zeros and extremes")
    }

    func testEveryPowerOfTwoAndItsNeighbours() {
        let values = (-1074...1023).flatMap { around(Double(sign: .plus, exponent: $0, significand: 1)) }
        assertAsDescription(values, "powers of two")
    }

    func testEveryPowerOfTenAndItsNeighbours() {
        let values = (-323...308).flatMap { around(Double("1e\($0)")!) }
        assertAsDescription(values, "powers of ten")
    }

    func testIntegers() {
        assertAsDescription((0...100_000).map(Double.init), "0…100 000")
        var large: [Double] = []
        for power in 17...64 {
            let value = Double(sign: .plus, exponent: power, significand: 1)
            large += around(value - 1) + around(value + 1)
        }
        for text in ["999999999999999", "1000000000000001", "9007199254740993", "9999999999999998",
                     "12345678901234567", "99999999999999999", "123456789012345678901234567890"] {
            large += around(Double(text)!)
        }
        large += [Double(Int64.max), Double(Int64.min), Double(UInt64.max), 1e21, 1e22, 1e23, 4.5e15, 2e16]
        assertAsDescription(large, "large integers")
    }

    /// Where `description` changes form: 0.0001 and 2^53.
    func testTheBoundariesOfTheExponentialForm() {
        var values: [Double] = []
        for value in [0.0001, 0.001, 9_007_199_254_740_992, 18_014_398_509_481_984, 1e16, 1e17] {
            var up = value, down = value
            for _ in 0..<50 {
                values += [up, down, -up, -down]
                up = up.nextUp
                down = down.nextDown
            }
        }
        assertAsDescription(values, "form boundaries")
    }

    /// j / 2^17 for odd j has 18 digits, the last a 5: exactly between two 17-digit candidates
    /// (the even one is printed).
    func testExactTiesBetweenTwoCandidates() {
        var values: [Double] = []
        for scale in stride(from: -60, through: 60, by: 7) {
            for j in stride(from: 131_073, to: 262_144, by: 26) {
                values.append(Double(sign: .plus, exponent: scale - 17, significand: Double(j)))
            }
        }
        assertAsDescription(values, "ties")
    }

    // MARK: Random values

    /// Doubles read from short decimals: their shortest digits are those decimals, so many lie
    /// close to the ends of the rounding interval or on a tie.
    func testValuesReadFromRandomShortDecimals() {
        var generator = SeededGenerator(seed: 2024)
        var values: [Double] = []
        for _ in 0..<120_000 {
            let count = Int(generator.next() % 17) + 1
            var text = ""
            for _ in 0..<count { text.append(Character(Unicode.Scalar(UInt8(48 + generator.next() % 10)))) }
            text += "e\(Int(generator.next() % 660) - 345)"
            values.append(Double(text)!)
        }
        assertAsDescription(values, "short decimals")
        assertAsDescription(values.map { -$0 }, "short decimals, negated")
    }

    func testRandomBitPatterns() {
        var generator = SeededGenerator(seed: 7)
        assertAsDescription((0..<300_000).map { _ in Double(bitPattern: generator.next()) }, "bit patterns")
    }

    /// The kinds of numbers the recorders print most: 1e−3 to 10 and −50 to 50.
    func testTheRangesRecordsUseMost() {
        var generator = SeededGenerator(seed: 11)
        let scales: [Double] = [0.001, 0.01, 0.1, 1, 10]
        var values: [Double] = []
        for _ in 0..<100_000 {
            values.append(max(0.001, generator.unit() * scales[Int(generator.next() % 5)]))
            values.append(-50 + 100 * generator.unit())
        }
        assertAsDescription(values, "recorded ranges")
    }

    // MARK: The byte array

    /// Numbers appended one after another to one array, as rows are: the text lands after what
    /// is there, across the array's growth.
    func testAppendsAfterWhatIsThereAcrossGrowth() {
        var generator = SeededGenerator(seed: 5)
        var bytes = Array("row\t".utf8)
        var expected = "row\t"
        for _ in 0..<20_000 {
            let value = Double(bitPattern: generator.next())
            ShortestDouble.append(value, to: &bytes)
            bytes.append(0x09)
            expected += value.description + "\t"
        }
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), expected)
    }

    /// With less spare capacity than the direct store needs (0 to 47 bytes), the text is copied
    /// in and the rest handed over a byte at a time; all the same text.
    func testAnArrayAboutFull() {
        let values: [Double] = [-1.2345678901234567e-300, -0.00012345678901234567, -1234567.8901234567,
                                -4503599627370495.5, 1.0, .leastNonzeroMagnitude, -0.0, .infinity]
        for value in values {
            for room in 0..<48 {
                var bytes: [UInt8] = []
                bytes.reserveCapacity(100)
                let filled = bytes.capacity - room
                bytes.append(contentsOf: repeatElement(UInt8(ascii: "x"), count: filled))
                ShortestDouble.append(value, to: &bytes)
                XCTAssertEqual(bytes.count, filled + value.description.utf8.count, "\(value), room \(room)")
                XCTAssertTrue(bytes[..<filled].allSatisfy { $0 == UInt8(ascii: "x") })
                XCTAssertEqual(String(decoding: bytes[filled...], as: UTF8.self), value.description, "room \(room)")
            }
        }
    }
}
