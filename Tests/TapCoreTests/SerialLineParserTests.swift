import XCTest
@testable import TapCore

final class SerialLineParserTests: XCTestCase {
    /// Random and mutated lines fed to the parser by the fuzz test.
    static let fuzzLines = 2_000_000

    let header = """
        #tapnirs-serial 1
        #rate 10
        #wavelengths 760 850
        #kind intensity
        #channels S1-D1 S1-D2
        #distance 3.0

        """

    func parse(_ text: String) -> (SerialLineParser, [SerialEvent]) {
        var parser = SerialLineParser()
        let events = parser.feed(Array(text.utf8))
        return (parser, events)
    }

    func samples(_ events: [SerialEvent]) -> [SerialSample] {
        events.compactMap { if case .sample(let s) = $0 { return s } else { return nil } }
    }

    func testAStreamGivesItsHeaderThenChannelMajorSamples() {
        let (parser, events) = parse(header + "1000,10000,20000,11000,21000\n1100,10001,20001,11001,21001\n")
        XCTAssertEqual(events.count, 3)
        guard case .header(let h) = events.first else { return XCTFail("no header first") }
        XCTAssertEqual(h, SerialHeader(version: 1, rateHz: 10, kind: .intensity, wavelengths: [760, 850],
                                       channels: ["S1-D1", "S1-D2"], distanceCentimetres: 3))
        XCTAssertEqual(h.valuesPerLine, 4)
        XCTAssertEqual(samples(events).map(\.deviceTimeMilliseconds), [1000, 1100])
        XCTAssertEqual(samples(events).first?.values, [10000, 20000, 11000, 21000])
        XCTAssertEqual(samples(events).first?.text, "1000,10000,20000,11000,21000")
        XCTAssertEqual(parser.rejectedTotal, 0)
    }

    func testChecksumsAreXorOfTheBytesBeforeTheStar() {
        let body = "1000,10000,20000,11000,21000"
        let xor = body.utf8.reduce(UInt8(0), ^)
        let hex = String(xor, radix: 16, uppercase: true)
        let good = body + "*" + (hex.count == 1 ? "0" + hex : hex)
        let bad = body + "*" + String(format2(xor ^ 1))
        let (parser, events) = parse(header + good + "\n" + bad + "\n" + body + "*G1\n" + body + "*1\n")
        XCTAssertEqual(samples(events).count, 1)
        XCTAssertEqual(samples(events).first?.text, body, "the checksum is not part of the values")
        XCTAssertEqual(parser.rejectCounts[.badChecksum], 3)
    }

    func format2(_ byte: UInt8) -> String {
        let hex = String(byte, radix: 16, uppercase: true)
        return hex.count == 1 ? "0" + hex : hex
    }

    func testEveryKindOfBadLineIsCountedAndSkippedAndTheGoodOnesAroundThemKept() {
        var text = "5,1,2,3,4\n"  // before any header
        text += header
        text += "100,1,2,3,4\n"
        text += String(repeating: "9", count: 5000) + "\n"          // too long
        text += "101,1,2,3,4\n"
        text += "102,1,2,3\n"                                        // wrong field count
        text += "103,1,2,3,4,5\n"                                    // wrong field count
        text += "104,1,abc,3,4\n"                                    // not a number
        text += "105,1,,3,4\n"                                       // empty field
        text += "106,1,nan,3,4\n"                                    // not finite
        text += "107,inf,2,3,4\n"                                    // not finite
        text += "108,1,0,3,4\n"                                      // zero intensity
        text += "109,1,2,-3,4\n"                                     // negative intensity
        text += "110,1,2,3,\u{00E9}\n"                               // not ASCII
        text += "#rate fast\n"                                       // bad header
        text += "111,1,2,3,4\r\n"                                    // CRLF is fine
        text += "# a comment from the device\n"
        text += "\n"
        text += "112,1,2,3,4\n"
        let (parser, events) = parse(text)
        XCTAssertEqual(samples(events).map(\.deviceTimeMilliseconds), [100, 101, 111, 112])
        XCTAssertEqual(parser.rejectCounts, [.noHeader: 1, .tooLong: 1, .wrongFieldCount: 2, .notANumber: 2, .notFinite: 2,
                                             .nonPositiveIntensity: 2, .notASCII: 1, .badHeader: 1])
        XCTAssertEqual(parser.samples, 4)
    }

    func testBytesArrivingInAnyPiecesGiveTheSameResult() {
        let text = header + "1000,10000,20000,11000,21000\r\n1100,1,2,3,4\nbad\n1200,1,2,3,4\n"
        let whole = parse(text).1
        var parser = SerialLineParser()
        var pieces: [SerialEvent] = []
        var generator = SeededGenerator(seed: 4)
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = 1 + Int(generator.next() % 7)
            pieces += parser.feed(bytes.prefix(n))
            bytes = bytes.dropFirst(n)
        }
        XCTAssertEqual(pieces, whole)
    }

    func testANewStreamHeaderResynchronises() {
        var text = header + "1000,1,2,3,4\n"
        text += "#tapnirs-serial 1\n"                              // the device reset
        text += "1050,1,2,3,4\n"                                   // header incomplete: rejected
        text += "#rate 5\n#kind hb\n#channels S1-D1\n"
        text += "0,0.1,-0.05\n"                                    // hb: HbO, HbR; negative allowed
        let (parser, events) = parse(text)
        let headers = events.compactMap { if case .header(let h) = $0 { return h } else { return nil } }
        XCTAssertEqual(headers.map(\.kind), [.intensity, .hb])
        XCTAssertEqual(headers.last?.wavelengths, [])
        XCTAssertEqual(headers.last?.valuesPerLine, 2)
        XCTAssertEqual(samples(events).last?.values, [0.1, -0.05])
        XCTAssertEqual(parser.rejectCounts, [.noHeader: 1])
    }

    func testAChangedHeaderIsAnnouncedAgainButACommentIsNot() {
        let (_, events) = parse(header + "1,1,2,3,4\n# hello\n2,1,2,3,4\n#rate 20\n3,1,2,3,4\n")
        let headers = events.compactMap { if case .header(let h) = $0 { return h.rateHz } else { return nil } }
        XCTAssertEqual(headers, [10, 20])
    }

    /// Random and mutated lines, a million of them: no crash, and everything accepted is valid.
    func testAMillionRandomAndMutatedLinesNeverCrashAndOnlyValidSamplesPass() {
        var generator = SeededGenerator(seed: 2026)
        var parser = SerialLineParser()
        _ = parser.feed(Array(header.utf8))
        let valid = Array("1000,10000,20000,11000,21000\n".utf8)
        let alphabet = Array("0123456789,.-+eE*#nainfNA \t\r\u{7F}".utf8) + [0x00, 0xC3, 0xFF, 0x0A]
        var accepted = 0, lines = 0
        var chunk: [UInt8] = []
        chunk.reserveCapacity(1 << 16)
        for round in 0..<Self.fuzzLines {
            var line = valid
            switch generator.next() % 4 {
            case 0:  // mutate a few bytes
                for _ in 0..<(1 + Int(generator.next() % 3)) {
                    line[Int(generator.next() % UInt64(line.count - 1))] = alphabet[Int(generator.next() % UInt64(alphabet.count))]
                }
            case 1:  // random bytes
                line = (0..<Int(generator.next() % 40)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] } + [0x0A]
            case 2:  // truncate or duplicate
                line = Array(line.prefix(Int(generator.next() % UInt64(line.count)))) + (generator.next() % 2 == 0 ? line : [0x0A])
            default:
                break
            }
            chunk += line
            lines += 1
            if chunk.count > 60_000 || round == Self.fuzzLines - 1 {
                for event in parser.feed(chunk) {
                    if case .sample(let sample) = event {
                        accepted += 1
                        XCTAssertEqual(sample.values.count, 4)
                        XCTAssertTrue(sample.values.allSatisfy { $0.isFinite && $0 > 0 }, sample.text)
                    }
                }
                chunk.removeAll(keepingCapacity: true)
            }
        }
        XCTAssertGreaterThan(accepted, Self.fuzzLines / 5, "the unmutated quarter (and lucky mutations) pass")
        XCTAssertGreaterThan(parser.rejectedTotal, Self.fuzzLines / 5)
        XCTAssertEqual(lines, Self.fuzzLines)
    }
}
