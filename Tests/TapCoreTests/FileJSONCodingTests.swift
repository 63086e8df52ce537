import Foundation
import XCTest
@testable import TapCore

/// `FileJSON` must write the very bytes Foundation's `JSONEncoder` writes and read the very values
/// its `JSONDecoder` reads — or hand the value over (`Unsupported`). Each case here is checked
/// against Foundation itself, not against a copy of its output.
final class FileJSONCodingTests: XCTestCase {
    static let foundationPretty: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return encoder
    }()

    static let foundationCompact: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static let foundationSnakeDecoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }()

    /// A key given at run time.
    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ stringValue: String) { self.stringValue = stringValue }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// An object with the given keys (values 0, 1, 2 …).
    struct KeyedObject: Encodable {
        let keys: [String]
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: AnyKey.self)
            for (i, key) in keys.enumerated() { try container.encode(i, forKey: AnyKey(key)) }
        }
    }

    /// The keys of a JSON object as a decoder's key strategy hands them to a type.
    struct KeysSeen: Decodable {
        let keys: [String]
        init(from decoder: any Decoder) throws {
            keys = try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue)
        }
    }

    /// Every kind of value the session files hold, and the edges of each.
    struct Sample: Codable, Equatable {
        enum Pathlength: Codable, Equatable { case ppf(Double), dpfForAge(Double, label: String), none }
        enum Hand: String, Codable { case left, right }
        var originNanoseconds: Int64 = -5_000_000_123
        var lastIBI: Double? = 0.25  // last_ibi: reads back as lastIbi (in Foundation too)
        var myURLProperty: String? = "x/y"
        var text = "quote \" backslash \\ slash / tab \t line \n cr \r bell \u{7} b \u{8} f \u{C} del \u{7F} é \u{2028} 😀"
        var doubles: [Double] = [1, -0.0, 0.0, 1e-05, 1e16, 0.1, 100, 1.5e300, 9_007_199_254_740_992, 9_007_199_254_740_994,
                                 0.0001, 123_456_789_012_345_680, 5e-324, -2.5, 1.7976931348623157e308, 2.2250738585072014e-308]
        var integers: [Int] = [0, -1, Int.max, Int.min]
        var unsigned: UInt64 = .max
        var small: Int8 = -128
        var flags = [true, false]
        var optionalMissing: Double?
        var optionalPresent: Double? = 3
        var holes: [Double?] = [nil, 1, nil]
        var empty: [Int] = []
        var emptyObject: [String: Int] = [:]
        var nestedEmpty: [[Int]] = [[], [1]]
        var amplitudes: [String: Double] = ["S1-D1 HbO": 0.5, "myURLKey": 1, "a_b": 2, "Zeta": 3]
        var pathlengths: [Pathlength] = [.ppf(6), .dpfForAge(40, label: "adult"), .none]
        var hand = Hand.right
        var nested = Inner()
        var float: Float? = 0.1  // read by Foundation only

        struct Inner: Codable, Equatable {
            var hbO = 1.0
            var x2Y = 2
            var aBC: String? = "c"
            var rateHz = 7.8125
        }
    }

    /// 1,500 keys of 1–9 characters from `alphabet`.
    static func randomKeys(from alphabet: String) -> [String] {
        var random = SystemRandomNumberGenerator()
        let characters = Array(alphabet.utf8)
        return (0..<1500).map { _ in
            String(decoding: (0..<Int.random(in: 1...9, using: &random)).map { _ in characters.randomElement(using: &random)! }, as: UTF8.self)
        }
    }

    func testKeysBecomeSnakeCaseExactlyAsFoundationConvertsThem() throws {
        var keys = ["myURLProperty", "hbO", "x2Y", "a1b", "HbO", "pathlengthPPF", "originNanoseconds", "URL", "aBC", "aBc", "ABc",
                    "a", "_a", "a_", "__aB", "aB_c", "aB__c", "snake_Case", "x2y", "lastIBI", "iOS", "dpf760", "sci0", "", "A",
                    "AB", "aBCdEFgh", "a1B2c3", "_A_", "ABCD", "abcD", "rateHz", "iti_cv", "a-B.c D"]
        keys += Self.randomKeys(from: "aAbBzZ_09-")
        for key in keys {
            let data = try Self.foundationPretty.encode(KeyedObject(keys: [key]))
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Int])
            XCTAssertEqual(FileJSON.snakeCase(key), object.keys.first, "key \(key)")
        }
        XCTAssertNil(FileJSON.snakeCase("aÉb"), "a key beyond ASCII is Foundation's")
    }

    func testFileKeysBecomeCamelCaseExactlyAsFoundationConvertsThemOrAreHandedOver() throws {
        var keys = ["hb_o", "my_url_property", "a__b", "_a_b_", "a_B", "A_b", "ABC", "a_bC", "__", "_", "a", "a__", "__a",
                    "_a__b_c__", "origin_nanoseconds", "iti_cv", "dpf760", "x_1_2", "a_2nd", "a_b2c", "a_é", ""]
        keys += Self.randomKeys(from: "aBz__29.-'`:^ ~")
        for byte in UInt8(0x20)...0x7E where byte != UInt8(ascii: "_") {
            keys.append("a_bx" + String(UnicodeScalar(byte)) + "y")  // does this character start a new word?
        }
        var handedOver = 0
        for key in keys {
            let json = try JSONSerialization.data(withJSONObject: [key: 1])
            let seen = try Self.foundationSnakeDecoder.decode(KeysSeen.self, from: json).keys
            if let converted = FileJSON.camelCase(key) {
                XCTAssertEqual([converted], seen, "key \(key)")
            } else {
                handedOver += 1
            }
        }
        XCTAssertEqual(FileJSON.camelCase("hbo_ci95_half_width"), "hboCi95HalfWidth", "a summary.json key")
        XCTAssertEqual(handedOver, 1, "only the key beyond ASCII (a_é) is Foundation's")
    }

    func testEveryKindOfValueIsWrittenByteForByteAsFoundationWritesIt() throws {
        let sample = Sample()
        XCTAssertEqual(String(decoding: try FileJSON.encode(sample, keys: .snakeCase, pretty: true), as: UTF8.self),
                       String(decoding: try Self.foundationPretty.encode(sample), as: UTF8.self))
        XCTAssertEqual(String(decoding: try FileJSON.encode(sample, keys: .asWritten, pretty: false), as: UTF8.self),
                       String(decoding: try Self.foundationCompact.encode(sample), as: UTF8.self))
        for top in [[1.5], []] as [[Double]] {
            XCTAssertEqual(try FileJSON.encode(top, keys: .snakeCase, pretty: true), Array(try Self.foundationPretty.encode(top)))
        }
        XCTAssertEqual(try FileJSON.encode("top", keys: .snakeCase, pretty: true), Array(try Self.foundationPretty.encode("top")))
    }

    func testRandomDoublesAreWrittenAndReadAsFoundationDoes() throws {
        var random = SystemRandomNumberGenerator()
        var values: [Double] = []
        while values.count < 3000 {
            let value = Double(bitPattern: random.next())
            if value.isFinite { values.append(value) }
        }
        values += (0..<1000).map { _ in Double.random(in: -1000...1000, using: &random).rounded() }
        let written = try FileJSON.encode(values, keys: .snakeCase, pretty: true)
        XCTAssertEqual(written, Array(try Self.foundationPretty.encode(values)))
        let read = try FileJSON.decode([Double].self, from: Data(written), keys: .snakeCase)
        XCTAssertEqual(read.map(\.bitPattern), try Self.foundationSnakeDecoder.decode([Double].self, from: Data(written)).map(\.bitPattern))
    }

    func testWhatIsWrittenReadsBackAsFoundationReadsIt() throws {
        var sample = Sample()
        let unreadable = Data(try FileJSON.encode(sample, keys: .snakeCase, pretty: true))
        // last_ibi reads back as lastIbi: lastIBI is missing (in both), and the Float is Foundation's.
        XCTAssertThrowsError(try FileJSON.decode(Sample.self, from: unreadable, keys: .snakeCase))
        sample.float = nil
        let lossy = Data(try FileJSON.encode(sample, keys: .snakeCase, pretty: true))
        let foundationRead = try Self.foundationSnakeDecoder.decode(Sample.self, from: lossy)
        XCTAssertNil(foundationRead.lastIBI)
        XCTAssertEqual(try FileJSON.decode(Sample.self, from: lossy, keys: .snakeCase), foundationRead)
        sample.float = 0.1
        sample.lastIBI = nil
        sample.myURLProperty = nil
        sample.nested.aBC = nil
        XCTAssertThrowsError(try FileJSON.decode(Sample.self, from: Data(FileJSON.encode(sample, keys: .snakeCase, pretty: true)), keys: .snakeCase),
                             "a Float is Foundation's to read")
        sample.float = nil
        let pretty = Data(try FileJSON.encode(sample, keys: .snakeCase, pretty: true))
        XCTAssertEqual(try FileJSON.decode(Sample.self, from: pretty, keys: .snakeCase), sample)
        XCTAssertEqual(try Self.foundationSnakeDecoder.decode(Sample.self, from: pretty), sample)
        let compact = Data(try FileJSON.encode(sample, keys: .asWritten, pretty: false))
        XCTAssertEqual(try FileJSON.decode(Sample.self, from: compact, keys: .asWritten), sample)
        XCTAssertEqual(try JSONDecoder().decode(Sample.self, from: compact), sample)
    }

    func testValuesFoundationCodesItsOwnWayAreHandedOver() throws {
        struct Dated: Codable { var at = Date(timeIntervalSince1970: 5) }
        struct IntKeyed: Codable { var counts: [Int: Int] = [1: 2] }
        XCTAssertThrowsError(try FileJSON.encode(Dated(), keys: .snakeCase, pretty: true))
        XCTAssertThrowsError(try FileJSON.encode([Double.nan], keys: .snakeCase, pretty: true))
        XCTAssertThrowsError(try FileJSON.encode([Double.infinity], keys: .asWritten, pretty: false))
        XCTAssertThrowsError(try FileJSON.encode(IntKeyed(), keys: .snakeCase, pretty: true), "Foundation converts these keys")
        XCTAssertThrowsError(try FileJSON.encode(KeyedObject(keys: ["a", "a"]), keys: .snakeCase, pretty: true))
        XCTAssertThrowsError(try FileJSON.encode(KeyedObject(keys: ["aÉ"]), keys: .snakeCase, pretty: true))
        XCTAssertEqual(try FileJSON.encode(IntKeyed(), keys: .asWritten, pretty: false), Array(try Self.foundationCompact.encode(IntKeyed())),
                       "without a key strategy an integer-keyed dictionary is plain")
    }

    /// Input Foundation reads leniently (or rejects) is not read here at all: Foundation then reads
    /// it, so nothing is read differently.
    func testInputOutsideThePlainFormsIsHandedOver() {
        struct One: Decodable { var v: Int }
        struct Real: Decodable { var v: Double }
        for text in ["{\"v\": 1,}", "\u{FEFF}{\"v\": 1}", "{\"v\": 01}", "{\"v\": 1.0}", "{\"v\": 1e2}", "{\"v\": 1, \"v\": 2}",
                     "{\"v\": 1} x", "{\"v\": +1}", "{\"v\": \"\u{1}\"}", "{\"v\": 9223372036854775808}", "{\"v\"  1}", "{\"v\": [}"] {
            XCTAssertThrowsError(try FileJSON.decode(One.self, from: Data(text.utf8), keys: .snakeCase), text)
        }
        for text in ["{\"v\": 1e400}", "{\"v\": 1e-400}", "{\"v\": -}", "{\"v\": .5}", "{\"v\": 1.}"] {
            XCTAssertThrowsError(try FileJSON.decode(Real.self, from: Data(text.utf8), keys: .snakeCase), text)
        }
        XCTAssertEqual(try FileJSON.decode(Real.self, from: Data("{\"v\": 0.0e5}".utf8), keys: .snakeCase).v, 0)
        XCTAssertEqual(try FileJSON.decode([String].self, from: Data("[\"a\\/b\\u00e9\\ud83d\\ude00\\n\"]".utf8), keys: .snakeCase),
                       ["a/bé😀\n"])
        XCTAssertThrowsError(try FileJSON.decode([String].self, from: Data("[\"\\ud83d\"]".utf8), keys: .snakeCase), "a lone surrogate")
        XCTAssertEqual(try FileJSON.decode([String: Int].self, from: Data("{\"a_b\": 1}".utf8), keys: .snakeCase), ["a_b": 1],
                       "a dictionary's keys are its own, as in Foundation")
    }
}
