import TapCore
import XCTest

/// LSL stream descriptions → tapnirs' fNIRS layout, for each device format, and the refusals.
final class LslNirsMappingTests: XCTestCase {
    typealias E = LslXMLElement

    static func header(name: String, channels: [E], rate: Double = 10, format: LslStreamHeader.ChannelFormat = .float32,
                       extra: [E] = []) -> LslStreamHeader {
        LslStreamHeader(name: name, type: "NIRS", channelCount: channels.count, nominalRateHz: rate, channelFormat: format,
                        desc: E("desc", [E("channels", channels)] + extra))
    }

    static func channel(_ fields: [(String, String)]) -> E { E("channel", fields.map { E.leaf($0.0, $0.1) }) }

    static func optode(_ tag: String, _ x: Double, _ y: Double, _ z: Double) -> E {
        E(tag, [E("location", [E.leaf("x", String(x)), E.leaf("y", String(y)), E.leaf("z", String(z))])])
    }

    /// Frame counter, 2 pairs × 760/850 nm in wavelength blocks, then HbO and HbR of both pairs.
    static func aurora(hbUnit: String? = nil, rawChannels: Bool = true) -> LslStreamHeader {
        var channels = [channel([("label", "Frame"), ("type", "frame")])]
        if rawChannels {
            for nm in ["760", "850"] {
                channels += [channel([("label", "1-1:1"), ("type", "nirs_raw"), ("wavelength", nm)]),
                             channel([("label", "2-1:2"), ("type", "nirs_raw"), ("wavelength", nm)])]
            }
        }
        for type in ["nirs_hbo", "nirs_hbr"] {
            for label in ["1-1:1", "2-1:2"] {
                channels.append(channel([("label", label), ("type", type)] + (hbUnit.map { [("unit", $0)] } ?? [])))
            }
        }
        let montage = E("montage", [E("optodes", [
            E("sources", [optode("source", 0, 0, 0), optode("source", 0, 30, 40)]),
            E("detectors", [optode("detector", 30, 0, 0)]),
        ])])
        return header(name: "Aurora", channels: channels, extra: [montage])
    }

    func testAuroraRawIntensitiesInWavelengthBlocksBecomeChannelMajorIntensities() throws {
        let mapping = try LslNirsMapping(Self.aurora())
        XCTAssertEqual(mapping.format, .aurora)
        XCTAssertEqual(mapping.layout.kind, .intensity)
        XCTAssertEqual(mapping.layout.channels, ["S1-D1", "S2-D1"])
        XCTAssertEqual(mapping.layout.wavelengths, [760, 850])
        XCTAssertEqual(mapping.layout.rateHz, 10)
        XCTAssertEqual(mapping.sampleIndices, [1, 3, 2, 4], "S1-D1 760, S1-D1 850, S2-D1 760, S2-D1 850")
        XCTAssertEqual(mapping.values(of: [9, 10, 20, 11, 21, 0, 0, 0, 0]), [10, 11, 20, 21])
        // S1 at the origin, D1 30 mm away; S2 at (0, 30, 40): √(30² + 30² + 40²) = 58.3 mm.
        XCTAssertEqual(mapping.layout.distancesCentimetres[0] ?? 0, 3.0, accuracy: 1e-12)
        XCTAssertEqual(mapping.layout.distancesCentimetres[1] ?? 0, (900.0 + 900 + 1600).squareRoot() / 10, accuracy: 1e-12)
        XCTAssertEqual(mapping.ignoredChannels, ["Frame (frame counter)",
                                                 "2 HbO and 2 HbR channels (the intensity channels are recorded)"])
        XCTAssertEqual(mapping.notes, [])
    }

    func testAuroraHbStatesAreRecordedWhenInMicromolar() throws {
        let mapping = try LslNirsMapping(Self.aurora(hbUnit: "µM", rawChannels: false))
        XCTAssertEqual(mapping.layout.kind, .hb)
        XCTAssertEqual(mapping.layout.channels, ["S1-D1", "S2-D1"])
        XCTAssertEqual(mapping.sampleIndices, [1, 3, 2, 4], "each pair's HbO then HbR")
        XCTAssertEqual(mapping.layout.measurementNames, ["S1-D1 hbo", "S1-D1 hbr", "S2-D1 hbo", "S2-D1 hbr"])
    }

    func testHbStatesWithoutAUnitOrInAnotherUnitAreRefused() {
        XCTAssertThrowsError(try LslNirsMapping(Self.aurora(rawChannels: false))) { error in
            XCTAssertTrue("\(error)".contains("'1-1:1' gives no unit; tapnirs records HbO/HbR in µM"), "\(error)")
        }
        XCTAssertThrowsError(try LslNirsMapping(Self.aurora(hbUnit: "mM", rawChannels: false))) { error in
            XCTAssertTrue("\(error)".contains("is in mM"), "\(error)")
        }
    }

    func testAnAuroraChannelWithoutAPairLabelOrWavelengthIsNamed() {
        let badLabel = Self.header(name: "Aurora", channels: [Self.channel([("label", "Frame")]),
                                                              Self.channel([("label", "first"), ("type", "nirs_raw"), ("wavelength", "760")])])
        XCTAssertThrowsError(try LslNirsMapping(badLabel)) { error in
            XCTAssertEqual("\(error)", "LSL stream 'Aurora' (type 'NIRS') (NIRx Aurora): channel 'first' (nirs_raw) is not "
                           + "labelled source-detector:index, e.g. 1-2:3")
        }
        let noWavelength = Self.header(name: "Aurora", channels: [Self.channel([("label", "1-1:1"), ("type", "nirs_raw")])])
        XCTAssertThrowsError(try LslNirsMapping(noWavelength)) { error in
            XCTAssertTrue("\(error)".contains("'1-1:1' (nirs_raw) gives no wavelength"), "\(error)")
        }
    }

    func testOxySoftOpticalDensitiesWithOrientationAndAdcLeftOut() throws {
        let labels = ["[9322] Rx1 - Tx1 [760nm]", "[9322] Rx1 - Tx1 [850nm]", "[9322] Rx1 - Tx2 [760nm]",
                      "[9322] Rx1 - Tx2 [850nm]", "ADC 1", "HEADING", "[9322] Rx1 - Tx1,Tx2  TSI%"]
        let header = Self.header(name: "OxySoft", channels: labels.map { Self.channel([("label", $0)]) }, rate: 50)
        let mapping = try LslNirsMapping(header)
        XCTAssertEqual(mapping.format, .oxysoft)
        XCTAssertEqual(mapping.layout.kind, .od)
        XCTAssertEqual(mapping.layout.channels, ["S1-D1", "S2-D1"], "transmitter = source, receiver = detector")
        XCTAssertEqual(mapping.layout.wavelengths, [760, 850])
        XCTAssertEqual(mapping.sampleIndices, [0, 1, 2, 3])
        XCTAssertEqual(mapping.ignoredChannels, ["ADC 1 (not optical)", "HEADING (not optical)",
                                                 "[9322] Rx1 - Tx1,Tx2  TSI% (not used)"])
        XCTAssertEqual(mapping.layout.distancesCentimetres, [nil, nil])
        XCTAssertEqual(mapping.notes.count, 1, "distances come from the protocol, and the mapping says so")
    }

    func testOxySoftConcentrationsOfTwoDevicesAreNumberedOnAndTakenAsMicromolar() throws {
        let labels = ["[9322] Rx1 - Tx1  O2Hb", "[9322] Rx1 - Tx1  HHb", "[9322] Rx1 - Tx2  O2Hb", "[9322] Rx1 - Tx2  HHb",
                      "[9323] Rx1 - Tx1  O2Hb", "[9323] Rx1 - Tx1  HHb", "[9323] Rx1 - Tx1  tHb"]
        let mapping = try LslNirsMapping(Self.header(name: "OxySoft", channels: labels.map { Self.channel([("label", $0)]) }))
        XCTAssertEqual(mapping.layout.kind, .hb)
        XCTAssertEqual(mapping.layout.channels, ["S1-D1", "S2-D1", "S3-D2"], "device 9323's Tx1/Rx1 follow device 9322's")
        XCTAssertEqual(mapping.sampleIndices, [0, 1, 2, 3, 4, 5])
        XCTAssertEqual(mapping.ignoredChannels, ["[9323] Rx1 - Tx1  tHb (not used)"])
    }

    func testXdfConventionIntensitiesWithOptodeLocations() throws {
        var channels: [E] = []
        for (source, detector) in [("S1", "D1"), ("S1", "D2")] {
            for nm in ["850", "760"] {
                channels.append(Self.channel([("label", "\(source)-\(detector):\(nm)"), ("source", source), ("detector", detector),
                                              ("wavelen", nm), ("unit", "V")]))
            }
        }
        channels.append(Self.channel([("label", "AUX1"), ("type", "Accelerometer")]))
        channels.append(Self.channel([("label", "S1-D1 HbT"), ("type", "HbT"), ("source", "S1"), ("detector", "D1")]))
        func optode(_ label: String, _ function: String, _ x: Double) -> E {
            E("optode", [E.leaf("label", label), E.leaf("function", function),
                         E("location", [E.leaf("X", String(x)), E.leaf("Y", "0"), E.leaf("Z", "0")])])
        }
        let optodes = E("optodes", [optode("S1", "Source", 0), optode("D1", "Detector", 30), optode("D2", "Detector", -35)])
        let mapping = try LslNirsMapping(Self.header(name: "MyNIRS", channels: channels, rate: 25, extra: [optodes]))
        XCTAssertEqual(mapping.format, .xdf)
        XCTAssertEqual(mapping.layout.kind, .intensity, "type Intensity when unspecified")
        XCTAssertEqual(mapping.layout.channels, ["S1-D1", "S1-D2"])
        XCTAssertEqual(mapping.layout.wavelengths, [760, 850])
        XCTAssertEqual(mapping.sampleIndices, [1, 0, 3, 2], "wavelengths ascending within each channel")
        XCTAssertEqual(mapping.layout.distancesCentimetres, [3.0, 3.5])
        XCTAssertEqual(mapping.ignoredChannels, ["AUX1 (no source/detector)", "S1-D1 HbT (type HbT)"])
    }

    func testXdfIdentifiersWithoutNumbersAreNumberedByAppearance() throws {
        let channels = [("left", "a"), ("left", "b"), ("right", "a")].flatMap { pair in
            ["dOD"].flatMap { type in ["690", "830"].map { nm in
                Self.channel([("type", type), ("source", pair.0), ("detector", pair.1), ("wavelen", nm)])
            } }
        }
        let mapping = try LslNirsMapping(Self.header(name: "x", channels: channels))
        XCTAssertEqual(mapping.layout.kind, .od)
        XCTAssertEqual(mapping.layout.channels, ["S1-D1", "S1-D2", "S2-D1"])
        XCTAssertEqual(mapping.notes.prefix(2), ["source identifiers numbered by first appearance",
                                                 "detector identifiers numbered by first appearance"])
    }

    func testAStreamOfAnotherShapeIsRefusedNamingWhatWasFoundAndWhatIsMissing() {
        let eeg = Self.header(name: "BioSemi", channels: ["Fp1", "Fp2", "Cz"].map { Self.channel([("label", $0), ("type", "EEG")]) })
        XCTAssertThrowsError(try LslNirsMapping(eeg)) { error in
            let text = "\(error)"
            XCTAssertTrue(text.hasPrefix("LSL stream 'BioSemi' (type 'NIRS'): not a layout tapnirs knows (found 3 channels "
                                         + "labelled Fp1, Fp2, Cz); it needs NIRx Aurora channels"), text)
            XCTAssertTrue(text.contains("XDF NIRS meta-data (desc/channels/channel with source, detector and wavelen)"), text)
        }
        let bare = LslStreamHeader(name: "NIRS-1", type: "NIRS", channelCount: 16, nominalRateHz: 10, channelFormat: .float32)
        XCTAssertThrowsError(try LslNirsMapping(bare)) { error in
            XCTAssertTrue("\(error)".contains("found 16 channels and no desc/channels/channel description"), "\(error)")
        }
    }

    func testHeaderProblemsAreRefused() {
        var header = Self.aurora()
        header.channelCount = 12
        XCTAssertThrowsError(try LslNirsMapping(header)) { error in
            XCTAssertEqual(error as? LslLayoutError, .channelCount(stream: "'Aurora' (type 'NIRS')", declared: 12, described: 9))
        }
        header = Self.aurora()
        header.nominalRateHz = 0
        XCTAssertThrowsError(try LslNirsMapping(header)) { error in
            XCTAssertEqual(error as? LslLayoutError, .irregularRate(stream: "'Aurora' (type 'NIRS')"))
        }
        header = Self.aurora()
        header.channelFormat = .string
        XCTAssertThrowsError(try LslNirsMapping(header)) { error in
            XCTAssertTrue("\(error)".contains("channel format string"), "\(error)")
        }
    }

    func testChannelsWithDifferentWavelengthsAreRefused() {
        let channels = [("1-1:1", "760"), ("1-1:1", "850"), ("2-1:2", "760"), ("2-1:2", "855")].map {
            Self.channel([("label", $0.0), ("type", "nirs_raw"), ("wavelength", $0.1)])
        }
        XCTAssertThrowsError(try LslNirsMapping(Self.header(name: "Aurora", channels: channels))) { error in
            XCTAssertEqual(error as? LslLayoutError, .wavelengths(stream: "'Aurora' (type 'NIRS')", channel: "S2-D1",
                                                                  found: [760, 855], expected: [760, 850]))
        }
    }

    func testTheMappingIsAPureFunctionOfTheHeader() throws {
        XCTAssertEqual(try LslNirsMapping(Self.aurora()), try LslNirsMapping(Self.aurora()))
    }
}
