import XCTest
@testable import TapCore

final class SerialLineWriterTests: XCTestCase {
    let intensity = NirsLayout(kind: .intensity, rateHz: 10, wavelengths: [760, 850], channels: ["S1-D1", "S1-D2"])
    let od = NirsLayout(kind: .od, rateHz: 7.8125, wavelengths: [760.5, 850], channels: ["S1-D1", "S2-D1", "S2-D2"])
    let hb = NirsLayout(kind: .hb, rateHz: 25, wavelengths: [], channels: ["S1-D1"])

    func feed(_ lines: [String]) -> (SerialLineParser, [SerialEvent]) {
        var parser = SerialLineParser()
        let events = parser.feed(Array(lines.joined().utf8))
        return (parser, events)
    }

    func samples(_ events: [SerialEvent]) -> [SerialSample] {
        events.compactMap { if case .sample(let s) = $0 { return s } else { return nil } }
    }

    func testTheHeaderMatchesTheDocumentedExample() {
        XCTAssertEqual(SerialLineWriter.headerLines(intensity, distanceCentimetres: 3).joined(), """
            #tapnirs-serial 1
            #rate 10
            #kind intensity
            #wavelengths 760 850
            #channels S1-D1 S1-D2
            #distance 3

            """)
        XCTAssertEqual(SerialLineWriter.headerLines(hb, distanceCentimetres: nil),
                       ["#tapnirs-serial 1\n", "#rate 25\n", "#kind hb\n", "#channels S1-D1\n"])
    }

    func testTheDocumentedChecksumsComeOut() {
        XCTAssertEqual(SerialLineWriter.dataLine(deviceTimeMilliseconds: 1000, values: [10000, 20000, 11000, 21000],
                                                 checksum: true), "1000,10000,20000,11000,21000*01\n")
        XCTAssertEqual(SerialLineWriter.dataLine(deviceTimeMilliseconds: 1100, values: [10010, 19990, 11004, 20987],
                                                 checksum: true), "1100,10010,19990,11004,20987*08\n")
        XCTAssertEqual(SerialLineWriter.dataLine(deviceTimeMilliseconds: 1100.5, values: [0.1, -2.5e-7], checksum: false),
                       "1100.5,0.1,-2.5e-07\n")
    }

    func testNumbersAreShortestAndReadBackBitForBit() {
        XCTAssertEqual(SerialLineWriter.number(1000), "1000")
        XCTAssertEqual(SerialLineWriter.number(-0.0), "-0")
        XCTAssertEqual(SerialLineWriter.number(0.1), "0.1")
        XCTAssertEqual(SerialLineWriter.number(1e20), "1e+20")
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<20_000 {
            let value = Double(bitPattern: rng.next())
            guard value.isFinite else { continue }
            let text = SerialLineWriter.number(value)
            XCTAssertEqual(Double(text)?.bitPattern, value.bitPattern, text)
        }
    }

    func testAWrittenStreamRoundTripsThroughTheParserExactly() {
        var rng = SeededGenerator(seed: 42)
        for layout in [intensity, od, hb] {
            for checksum in [false, true] {
                var lines = SerialLineWriter.headerLines(layout, distanceCentimetres: layout.kind == .od ? 2.5 : nil)
                var sent: [(Double, [Double])] = []
                for i in 0..<200 {
                    let time = i % 3 == 0 ? Double(i * 100) : Double(i) * 100.0 / 3.0
                    let values = (0..<layout.valuesPerSample).map { _ -> Double in
                        let u = Double(rng.next() >> 11) * 0x1p-53
                        return layout.kind == .intensity ? 1 + u * 50_000 : (u - 0.5) * 1e-3
                    }
                    sent.append((time, values))
                    lines.append(SerialLineWriter.dataLine(deviceTimeMilliseconds: time, values: values, checksum: checksum))
                }
                let (parser, events) = feed(lines)
                XCTAssertEqual(parser.rejectedTotal, 0, "\(layout.kind) checksum \(checksum)")
                guard case .header(let header) = events.first else { return XCTFail("no header") }
                XCTAssertEqual(NirsLayout(header: header).channels, layout.channels)
                XCTAssertEqual(header.wavelengths, layout.wavelengths)
                XCTAssertEqual(header.rateHz, layout.rateHz)
                XCTAssertEqual(header.distanceCentimetres, layout.kind == .od ? 2.5 : nil)
                let got = samples(events)
                XCTAssertEqual(got.count, sent.count)
                for (sample, (time, values)) in zip(got, sent) {
                    XCTAssertEqual(sample.deviceTimeMilliseconds.bitPattern, time.bitPattern)
                    XCTAssertEqual(sample.values.map(\.bitPattern), values.map(\.bitPattern))
                }
            }
        }
    }

    func testEveryCorruptLineIsRejectedAsItsKindAndItsNeighboursSurvive() {
        var rng = SeededGenerator(seed: 2024)
        for layout in [intensity, od, hb] {
            let kinds = SerialLineWriter.midStreamRejects(for: layout)
            XCTAssertEqual(kinds.contains(.nonPositiveIntensity), layout.kind == .intensity)
            XCTAssertFalse(kinds.contains(.noHeader))
            for kind in kinds {
                for round in 0..<200 {
                    let values = Array(repeating: 1234.5, count: layout.valuesPerSample)
                    let checksum = round % 2 == 0
                    let bad = SerialLineWriter.corruptLine(kind: kind, layout: layout, using: &rng)
                    XCTAssertTrue(bad.hasSuffix("\n"))
                    XCTAssertEqual(bad.filter { $0 == "\n" }.count, 1, "one line")
                    let lines = SerialLineWriter.headerLines(layout, distanceCentimetres: nil) + [
                        SerialLineWriter.dataLine(deviceTimeMilliseconds: 1, values: values, checksum: checksum),
                        bad,
                        SerialLineWriter.dataLine(deviceTimeMilliseconds: 2, values: values, checksum: checksum),
                    ]
                    let (parser, events) = feed(lines)
                    XCTAssertEqual(parser.rejectCounts, [kind: 1], "\(layout.kind) \(kind): \(bad.debugDescription)")
                    XCTAssertEqual(samples(events).map(\.deviceTimeMilliseconds), [1, 2],
                                   "\(layout.kind) \(kind): \(bad.debugDescription)")
                }
            }
        }
    }

    func testANoHeaderLineCountsAsNoHeaderBeforeTheHeader() {
        var rng = SeededGenerator(seed: 5)
        for layout in [intensity, od, hb] {
            let bad = SerialLineWriter.corruptLine(kind: .noHeader, layout: layout, using: &rng)
            let values = Array(repeating: 1.5, count: layout.valuesPerSample)
            let lines = [bad] + SerialLineWriter.headerLines(layout, distanceCentimetres: 3)
                + [SerialLineWriter.dataLine(deviceTimeMilliseconds: 9, values: values, checksum: true)]
            let (parser, events) = feed(lines)
            XCTAssertEqual(parser.rejectCounts, [.noHeader: 1])
            XCTAssertEqual(samples(events).map(\.deviceTimeMilliseconds), [9])
        }
    }

    func testCorruptLinesAreTheSameForTheSameSeed() {
        var a = SeededGenerator(seed: 9), b = SeededGenerator(seed: 9)
        for kind in SerialReject.allCases {
            XCTAssertEqual(SerialLineWriter.corruptLine(kind: kind, layout: intensity, using: &a),
                           SerialLineWriter.corruptLine(kind: kind, layout: intensity, using: &b))
        }
    }
}
