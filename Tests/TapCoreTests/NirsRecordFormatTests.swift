import XCTest
@testable import TapCore

/// `NirsRecordFormat`: the text of `nirs_raw.tsv`, `hemo.tsv` and `channels.tsv` (BIDS-NIRS).
final class NirsRecordFormatTests: XCTestCase {
    let intensity = NirsLayout(kind: .intensity, rateHz: 10, wavelengths: [760, 850], channels: ["S1-D1", "S3-D12"])
    let origin = MonoTime(nanoseconds: 5_000_000_000)

    func fields(_ line: String) -> [String] {
        XCTAssertTrue(line.hasSuffix("\n"), "a line ends with a newline")
        return line.dropLast().split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
    }

    // MARK: Headers

    func testRawHeaderNamesEachChannelAndWavelength() {
        XCTAssertEqual(NirsRecordFormat.rawHeader(intensity),
                       ["host_time", "device_time_ms", "S1-D1 760", "S1-D1 850", "S3-D12 760", "S3-D12 850"])
        let od = NirsLayout(kind: .od, rateHz: 10, wavelengths: [690, 830.5], channels: ["S1-D1"])
        XCTAssertEqual(NirsRecordFormat.rawHeader(od), ["host_time", "device_time_ms", "S1-D1 690", "S1-D1 830.5"])
    }

    func testHemoglobinStreamsNameHbOAndHbRInTheRawHeader() {
        let hb = NirsLayout(kind: .hb, rateHz: 10, wavelengths: [760, 850], channels: ["S1-D1", "S2-D1"])
        XCTAssertEqual(NirsRecordFormat.rawHeader(hb),
                       ["host_time", "device_time_ms", "S1-D1 hbo", "S1-D1 hbr", "S2-D1 hbo", "S2-D1 hbr"])
    }

    func testHemoHeaderHasHbOThenHbRPerChannel() {
        XCTAssertEqual(NirsRecordFormat.hemoHeader(intensity), ["time", "S1-D1 hbo", "S1-D1 hbr", "S3-D12 hbo", "S3-D12 hbr"])
    }

    // MARK: nirs_raw.tsv

    func testReceivedFieldsAreWrittenVerbatim() {
        let sample = NirsSample(hostTime: origin + .seconds(1.2345678), deviceTimeMilliseconds: 12345,
                                values: [1000, 2000, 3000, 4000],
                                receivedFields: ["0012345", "1.000e3", "2000.000", "+3000", "4000"])
        XCTAssertEqual(NirsRecordFormat.rawLine(sample, origin: origin),
                       "1.234568\t0012345\t1.000e3\t2000.000\t+3000\t4000\n")
    }

    func testReceivedFieldsOfTheWrongCountAreNotTrusted() {
        let sample = NirsSample(hostTime: origin, deviceTimeMilliseconds: 7, values: [0.5, 0.25],
                                receivedFields: ["7", "0.50"])
        XCTAssertEqual(NirsRecordFormat.rawLine(sample, origin: origin), "0.000000\t7.0\t0.5\t0.25\n")
    }

    /// The rows are printed by the runtime's shortest round-trip printer straight into a byte
    /// buffer (`RowText`); it must print what `description` does, which every earlier file holds:
    /// random bit patterns (every exponent, subnormals, NaNs with sign and payload) and the
    /// magnitudes the tables carry.
    func testNumbersPrintedInPlaceEqualTheirDescription() {
        var generator = SystemRandomNumberGenerator()
        var checked = 0
        func check(_ value: Double) {
            var text = RowText()
            text.append("x")
            NirsRecordFormat.appendNumber(value, to: &text)
            XCTAssertEqual(text.string, "x" + NirsRecordFormat.number(value), "bits \(value.bitPattern)")
            var described = RowText()
            described.append("y")
            described.appendDescription(value)
            XCTAssertEqual(described.string, "y" + value.description, "bits \(value.bitPattern)")
            checked += 1
        }
        for value: Double in [0, -0.0, 1, 0.1, 1e-05, 1e-4, 9007199254740992, 1e16, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
                              .infinity, -.infinity, .nan, -.nan, Double(bitPattern: 0x7FF8_0000_0000_0123)] {
            check(value)
        }
        for _ in 0..<30_000 {
            check(Double(bitPattern: generator.next()))
            check(Double.random(in: -20_000...20_000, using: &generator))
            check(Double.random(in: -1...1, using: &generator) * 1e-3)
        }
        XCTAssertEqual(checked, 90_015)
    }

    func testComputedValuesAreWrittenInShortestRoundTripForm() throws {
        let values: [Double] = [0.1, 1e-05, 1 / 3, 1234.5678901234567, Double.leastNonzeroMagnitude, -0.0, 1e300, -2.5,
                                Double.pi * 1e7, 0.30000000000000004, 10_000]
        let sample = NirsSample(hostTime: origin + .milliseconds(100), deviceTimeMilliseconds: 0.1 + 0.2, values: values)
        let line = NirsRecordFormat.rawLine(sample, origin: origin)
        let f = fields(line)
        XCTAssertEqual(f.count, 2 + values.count)
        XCTAssertEqual(f[0], "0.100000")
        XCTAssertEqual(f[1], "0.30000000000000004")
        XCTAssertEqual(f[2], "0.1")
        XCTAssertEqual(f[3], "1e-05")
        for (text, value) in zip(f.dropFirst(2), values) {
            let parsed = try XCTUnwrap(Double(text), text)
            XCTAssertEqual(parsed.bitPattern, value.bitPattern, "\(text) reads back as \(value)")
        }
        XCTAssertEqual(f[12], "10000.0")
    }

    func testNonFiniteValuesAndAMissingDeviceTimeAreNA() {
        let sample = NirsSample(hostTime: origin + .seconds(2), deviceTimeMilliseconds: nil,
                                values: [.nan, .infinity, -.infinity, 1])
        XCTAssertEqual(NirsRecordFormat.rawLine(sample, origin: origin), "2.000000\tn/a\tn/a\tn/a\tn/a\t1.0\n")
        XCTAssertEqual(NirsRecordFormat.number(.nan), "n/a")
        XCTAssertEqual(NirsRecordFormat.number(-.infinity), "n/a")
    }

    func testTimesAreSecondsFromTheOriginWithSixDecimals() {
        func line(_ ns: Int64) -> String {
            let sample = NirsSample(hostTime: MonoTime(nanoseconds: origin.nanoseconds + ns), deviceTimeMilliseconds: 1, values: [])
            return fields(NirsRecordFormat.rawLine(sample, origin: origin))[0]
        }
        XCTAssertEqual(line(0), "0.000000")
        XCTAssertEqual(line(1_499), "0.000001")
        XCTAssertEqual(line(1_500_000_000_499), "1500.000000")
        XCTAssertEqual(line(123_456_789), "0.123457")
        XCTAssertEqual(line(-250_000_000), "-0.250000")
    }

    // MARK: hemo.tsv

    func testHemoLineHasTheTimeThenHbOAndHbRPerChannel() throws {
        let row = HemoSample(time: origin + .seconds(3.5), hbo: [0.1, -1e-05], hbr: [.nan, 2.0 / 3])
        let line = NirsRecordFormat.hemoLine(row, origin: origin)
        XCTAssertEqual(line, "3.500000\t0.1\tn/a\t-1e-05\t\(2.0 / 3)\n")
        let f = fields(line)
        XCTAssertEqual(try XCTUnwrap(Double(f[4])).bitPattern, (2.0 / 3).bitPattern)
    }

    // MARK: channels.tsv

    func testChannelsTableHasOneRowPerMeasurementWithBIDSTypes() {
        let text = NirsRecordFormat.channelsTable(intensity, quality: nil)
        XCTAssertEqual(text, """
            name\ttype\tsource\tdetector\twavelength_nominal\tunits\tstatus\tstatus_description
            S1-D1 760\tNIRSCWAMPLITUDE\tS1\tD1\t760\tV\tgood\tnot assessed
            S1-D1 850\tNIRSCWAMPLITUDE\tS1\tD1\t850\tV\tgood\tnot assessed
            S3-D12 760\tNIRSCWAMPLITUDE\tS3\tD12\t760\tV\tgood\tnot assessed
            S3-D12 850\tNIRSCWAMPLITUDE\tS3\tD12\t850\tV\tgood\tnot assessed

            """)
    }

    func testOpticalDensityRowsAreNIRSCWOPTICALDENSITY() {
        let od = NirsLayout(kind: .od, rateHz: 10, wavelengths: [690, 830], channels: ["S2-D4"])
        let rows = NirsRecordFormat.channelsTable(od, quality: nil).split(separator: "\n").dropFirst().map { fields($0 + "\n") }
        XCTAssertEqual(rows, [["S2-D4 690", "NIRSCWOPTICALDENSITY", "S2", "D4", "690", "n/a", "good", "not assessed"],
                              ["S2-D4 830", "NIRSCWOPTICALDENSITY", "S2", "D4", "830", "n/a", "good", "not assessed"]])
    }

    func testHemoglobinRowsAreNIRSCWHBOAndNIRSCWHBR() {
        let hb = NirsLayout(kind: .hb, rateHz: 10, wavelengths: [], channels: ["S10-D2"])
        let rows = NirsRecordFormat.channelsTable(hb, quality: nil).split(separator: "\n").dropFirst().map { fields($0 + "\n") }
        XCTAssertEqual(rows, [["S10-D2 hbo", "NIRSCWHBO", "S10", "D2", "n/a", "uM", "good", "not assessed"],
                              ["S10-D2 hbr", "NIRSCWHBR", "S10", "D2", "n/a", "uM", "good", "not assessed"]])
    }

    func testStatusIsGoodOrBadWithTheReasonAndSCI() {
        let layout = NirsLayout(kind: .intensity, rateHz: 10, wavelengths: [760, 850],
                                channels: ["S1-D1", "S1-D2", "S2-D2", "S2-D3", "probe7"])
        let quality: [ChannelQuality.Assessment] = [
            .init(status: .good, sci: 0.9876, variation: 0.01),
            .init(status: .poorCoupling, sci: 0.1234, variation: 0.01),
            .init(status: .flat, sci: nil, variation: 0),
            .init(status: .noisy, sci: -0.25, variation: 0.3),
            .init(status: .measuring, sci: nil, variation: nil),
        ]
        let rows = NirsRecordFormat.channelsTable(layout, quality: quality).split(separator: "\n").dropFirst().map { fields($0 + "\n") }
        XCTAssertEqual(rows.count, 10)
        let summary = rows.map { [$0[0], $0[2], $0[3], $0[6], $0[7]] }
        XCTAssertEqual(summary, [
            ["S1-D1 760", "S1", "D1", "good", "good sci=0.988"],
            ["S1-D1 850", "S1", "D1", "good", "good sci=0.988"],
            ["S1-D2 760", "S1", "D2", "bad", "poor_coupling sci=0.123"],
            ["S1-D2 850", "S1", "D2", "bad", "poor_coupling sci=0.123"],
            ["S2-D2 760", "S2", "D2", "bad", "flat"],
            ["S2-D2 850", "S2", "D2", "bad", "flat"],
            ["S2-D3 760", "S2", "D3", "bad", "noisy sci=-0.250"],
            ["S2-D3 850", "S2", "D3", "bad", "noisy sci=-0.250"],
            ["probe7 760", "n/a", "n/a", "good", "measuring"],
            ["probe7 850", "n/a", "n/a", "good", "measuring"],
        ])
    }

    func testSourceAndDetectorAreSplitFromTheChannelName() {
        XCTAssertEqual(NirsLayout.sourceDetector(of: "S3-D12")?.source, 3)
        XCTAssertEqual(NirsLayout.sourceDetector(of: "S3-D12")?.detector, 12)
        XCTAssertNil(NirsLayout.sourceDetector(of: "D3-S12"))
        XCTAssertNil(NirsLayout.sourceDetector(of: "S3-D"))
        XCTAssertNil(NirsLayout.sourceDetector(of: "S3D12"))
        XCTAssertNil(NirsLayout.sourceDetector(of: "S1-D2-D3"))
    }
}
