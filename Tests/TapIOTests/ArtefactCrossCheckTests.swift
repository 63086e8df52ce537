import Foundation
import TapCore
import XCTest
import TapIO

/// tapnirs' artefact handling against the reference implementations on real recordings:
/// optical density and TDDR against MNE-Python, the motion rule against a transliteration of
/// Homer3's MATLAB code, short-channel pairing and regression against MNE-NIRS.
///
/// The references come from `scripts/mne-nirs-reference.py`, which `make test` runs before
/// `swift test` and names in TAPNIRS_ARTEFACT_REFERENCE (a directory). tapnirs computes its own
/// optical density from the SNIRF intensities; the references start from MNE's.
final class ArtefactCrossCheckTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let rawFixture = fixtures.appendingPathComponent("neuro_run01.snirf").path
    static let shortFixture = fixtures.appendingPathComponent("nirsport2_short_2021-04-23_005.snirf").path
    /// OD: same formula, only summation order differs. TDDR: the brief's "tiny".
    static let odTolerance = 1e-12
    static let tddrTolerance = 1e-9
    static let regressionTolerance = 1e-12

    func testOpticalDensityMatchesMne() throws {
        let recording = try SnirfFile.read(path: Self.rawFixture)
        let ours = RecordingOpticalDensity.measurements(intensityRows: recording.samples)
        let worst = try largestDifference(ours, recording.layout, try reference("raw.od.tsv"), label: "OD")
        XCTAssertLessThanOrEqual(worst, Self.odTolerance, "optical density: max |tapnirs − MNE|")
    }

    func testTemporalDerivativeRepairMatchesMne() throws {
        let recording = try SnirfFile.read(path: Self.rawFixture)
        let od = RecordingOpticalDensity.measurements(intensityRows: recording.samples)
        let repaired = TemporalDerivativeRepair.repair(measurements: od, sampleRateHz: recording.layout.rateHz)
        try assertMatches(repaired, changedFrom: od, recording.layout, "raw.tddr.tsv", Self.tddrTolerance, label: "TDDR")
    }

    func testMotionArtefactsMatchHomer3() throws {
        let recording = try SnirfFile.read(path: Self.rawFixture)
        let layout = recording.layout
        let od = RecordingOpticalDensity.measurements(intensityRows: recording.samples)
        let table = try reference("raw.motion.tsv")
        var settingsSeen: [String] = []
        var expected: [String: [String]] = [:]
        for row in table.rows {
            guard row.count == 5 else { XCTFail("raw.motion.tsv: row \(row)"); continue }
            let key = "\(row[0]) \(row[1])"
            if !settingsSeen.contains(key) { settingsSeen.append(key) }
            expected[key, default: []].append("\(row[2].replacingOccurrences(of: "_", with: "-")) \(row[3])–\(row[4])")
        }
        XCTAssertGreaterThanOrEqual(settingsSeen.count, 3, "settings in raw.motion.tsv")
        for key in settingsSeen {
            let parts = key.split(separator: " ").compactMap { Double($0) }
            guard parts.count == 2 else { XCTFail("setting \(key)"); continue }
            let settings = MotionArtefactSettings(standardDeviationThreshold: parts[0], amplitudeThresholdOD: parts[1])
            let ours = MotionArtefactRule.artefacts(opticalDensity: od, wavelengthsPerChannel: 2,
                                                    sampleRateHz: layout.rateHz, settings: settings)
                .map { "\(layout.channels[$0.channel]) \($0.firstSample)–\($0.lastSample)" }
            print("Homer3 STDEVthresh \(parts[0]), AMPthresh \(parts[1]): \(ours.count) artefacts "
                  + "(Homer3 transliteration: \(expected[key]?.count ?? 0))")
            XCTAssertEqual(ours.sorted(), (expected[key] ?? []).sorted(), "segments at STDEVthresh \(parts[0]), AMPthresh \(parts[1])")
        }
    }

    func testShortChannelPairingMatchesMneNirs() throws {
        let recording = try SnirfFile.read(path: Self.shortFixture)
        let layout = recording.layout
        XCTAssertEqual(layout.wavelengths, [760, 850])
        let pairing = ShortChannelPairing(
            layout: layout, midpointsCentimetres: try SnirfFile.channelMidpointsCentimetres(path: Self.shortFixture))
        XCTAssertEqual(pairing.shortChannels.count, 8, "NIRSport2 fixture: 8 short channels")
        XCTAssertEqual(pairing.longChannels.count + pairing.shortChannels.count, layout.channels.count)
        let table = try reference("short.pairs.tsv")
        XCTAssertEqual(table.rows.count, pairing.longChannels.count * 2, "long measurements in short.pairs.tsv")
        for row in table.rows {
            guard row.count == 4, let long = measurementIndex(row[0], layout), let short = measurementIndex(row[1], layout) else {
                XCTFail("short.pairs.tsv: row \(row)"); continue
            }
            XCTAssertEqual(pairing.rule[long / 2], .nearestMidpoint)
            XCTAssertEqual(pairing.shortMeasurement(for: long, wavelengthsPerChannel: 2, matching: .lowestWavelength), short,
                           "\(row[0]) → MNE-NIRS pairs \(row[1])")
            XCTAssertEqual(pairing.shortMeasurement(for: long, wavelengthsPerChannel: 2),
                           short + long % 2, "\(row[0]): same-wavelength pairing")
        }
    }

    func testShortChannelRegressionMatchesMneNirs() throws {
        let recording = try SnirfFile.read(path: Self.shortFixture)
        let layout = recording.layout
        let pairing = ShortChannelPairing(
            layout: layout, midpointsCentimetres: try SnirfFile.channelMidpointsCentimetres(path: Self.shortFixture))
        let od = RecordingOpticalDensity.measurements(intensityRows: recording.samples)
        let regressed = ShortChannelRegression.regress(opticalDensity: od, pairing: pairing, wavelengthsPerChannel: 2,
                                                       matching: .lowestWavelength)
        try assertMatches(regressed, changedFrom: od, layout, "short.scr.tsv", Self.regressionTolerance,
                          label: "short-channel regression")
    }

    /// The figures docs/artefacts.md reports: artefacts per channel and per minute on
    /// neuro_run01 with Homer3's default thresholds, offline (Homer3's rule) and live (robust
    /// scale from a 30 s warm-up, fed the raw intensities sample by sample).
    func testArtefactRatesOnTheRealRecording() throws {
        let recording = try SnirfFile.read(path: Self.rawFixture)
        let layout = recording.layout
        let minutes = recording.durationSeconds / 60
        let od = RecordingOpticalDensity.measurements(intensityRows: recording.samples)
        let offline = MotionArtefactRule.artefacts(opticalDensity: od, wavelengthsPerChannel: 2, sampleRateHz: layout.rateHz)
        var detector = MotionArtefactDetector(layout: layout)
        var live: [MotionArtefact] = []
        for (index, row) in recording.samples.enumerated() {
            let time = MonoTime.seconds(recording.timesSeconds[index] - recording.timesSeconds[0])
            live += detector.add(intensities: row, at: time).compactMap(\.ended)
        }
        live += detector.finish().compactMap(\.ended)
        let length = recording.samples.count
        func maskedFraction(_ found: [MotionArtefact]) -> Double {
            Double(found.reduce(0) { $0 + $1.sampleCount }) / Double(length * layout.channels.count)
        }
        print("Motion artefacts on neuro_run01 (\(String(format: "%.1f", minutes)) min), Homer3 defaults "
              + "(tMotion 0.5 s, tMask 1 s, STDEVthresh 50, AMPthresh 5):")
        print("channel\toffline\tlive\toffline/min\tlive/min")
        for (channel, name) in layout.channels.enumerated() {
            let a = offline.filter { $0.channel == channel }.count, b = live.filter { $0.channel == channel }.count
            print("\(name)\t\(a)\t\(b)\t\(String(format: "%.2f", Double(a) / minutes))\t\(String(format: "%.2f", Double(b) / minutes))")
        }
        print("all\t\(offline.count)\t\(live.count)\t\(String(format: "%.2f", Double(offline.count) / minutes))\t"
              + "\(String(format: "%.2f", Double(live.count) / minutes)); masked \(String(format: "%.2f", 100 * maskedFraction(offline))) % "
              + "offline, \(String(format: "%.2f", 100 * maskedFraction(live))) % live")
        // Every artefact Homer3 finds after the live warm-up, the live rule finds too (its
        // robust scale is smaller than Homer3's artefact-inflated SD, so it finds more).
        let warmUp = MotionArtefactSettings().warmUpSamples(sampleRateHz: layout.rateHz)
        let afterWarmUp = offline.filter { $0.firstSample > warmUp }
        XCTAssertGreaterThanOrEqual(afterWarmUp.count, 5, "Homer3's artefacts after the warm-up")
        for artefact in afterWarmUp {
            XCTAssertTrue(live.contains { $0.channel == artefact.channel && $0.firstSample <= artefact.lastSample
                                          && artefact.firstSample <= $0.lastSample },
                          "Homer3's \(layout.channels[artefact.channel]) \(artefact.firstSample)–\(artefact.lastSample) not found live")
        }
        print("Homer3 artefacts after the \(warmUp)-sample warm-up: \(afterWarmUp.count), all overlapped by live ones")
        let liveOnly = live.filter { segment in
            !offline.contains { $0.channel == segment.channel && $0.firstSample <= segment.lastSample
                                && segment.firstSample <= $0.lastSample }
        }
        let sizes = liveOnly.compactMap(\.largestChangeInDifferenceSDs).sorted()
        print("Live artefacts Homer3 does not overlap: \(liveOnly.count), starting at "
              + liveOnly.map { String(format: "%.0f", ($0.firstTime - MonoTime.zero).seconds) }.joined(separator: " ") + " s; "
              + "largest change \(String(format: "%.0f", sizes.first ?? 0))–\(String(format: "%.0f", sizes.last ?? 0)) robust SDs "
              + "(median \(String(format: "%.0f", sizes.isEmpty ? 0 : sizes[sizes.count / 2])))")
    }

    // MARK: - Comparing with the reference series

    /// `ours` equals the reference file within `tolerance`, and differs from the input by more
    /// than 1e-3 somewhere (an algorithm that did nothing would prove little).
    private func assertMatches(_ ours: [[Double]], changedFrom input: [[Double]], _ layout: NirsLayout, _ file: String,
                               _ tolerance: Double, label: String) throws {
        let worst = try largestDifference(ours, layout, try reference(file), label: label)
        XCTAssertLessThanOrEqual(worst, tolerance, "\(label): max |tapnirs − reference|")
        let change = zip(input, ours).map { pair in zip(pair.0, pair.1).map { abs($0 - $1) }.max() ?? 0 }.max() ?? 0
        XCTAssertGreaterThan(change, 1e-3, "\(label) changed the OD by at most \(change)")
    }

    /// Max |ours − reference| over every measurement and sample; fails on missing columns.
    private func largestDifference(_ ours: [[Double]], _ layout: NirsLayout, _ table: ReferenceTable,
                                   label: String) throws -> Double {
        XCTAssertEqual(table.header.first, "time")
        var worst = (name: "", difference: 0.0)
        var columnsCompared = 0
        for (column, name) in table.header.enumerated().dropFirst() {
            guard let m = measurementIndex(name, layout), ours.indices.contains(m) else {
                XCTFail("\(label): reference column \(name) is not in the layout"); continue
            }
            let theirs = table.rows.map { column < $0.count ? Double($0[column]) ?? .nan : .nan }
            XCTAssertEqual(theirs.count, ours[m].count, "\(label) \(name): samples")
            let difference = zip(ours[m], theirs).map { abs($0 - $1) }.max() ?? .nan
            if !(difference <= worst.difference) { worst = (name, difference) }
            columnsCompared += 1
        }
        XCTAssertEqual(columnsCompared, ours.count, "\(label): every measurement compared")
        print("ArtefactCrossCheck: \(label) largest |Δ| = \(worst.difference) in \(worst.name)")
        return worst.difference
    }

    /// `S1_D1 760` (MNE) → the measurement index in tapnirs' layout (`S1-D1`, wavelength 760).
    private func measurementIndex(_ mneName: String, _ layout: NirsLayout) -> Int? {
        let parts = mneName.split(separator: " ")
        guard parts.count == 2, let nm = Double(parts[1]),
              let channel = layout.channels.firstIndex(of: parts[0].replacingOccurrences(of: "_", with: "-")),
              let wavelength = layout.wavelengths.firstIndex(of: nm) else { return nil }
        return channel * layout.wavelengths.count + wavelength
    }

    /// A file of TAPNIRS_ARTEFACT_REFERENCE, or a failure (never a skip) when it is unset.
    private func reference(_ name: String) throws -> ReferenceTable {
        guard let directory = ProcessInfo.processInfo.environment["TAPNIRS_ARTEFACT_REFERENCE"], !directory.isEmpty else {
            throw ReferenceTable.Missing(reason: "TAPNIRS_ARTEFACT_REFERENCE is not set: run `make test`, which "
                + "generates the references (scripts/mne-nirs-reference.py) before `swift test`")
        }
        return try ReferenceTable(path: (directory as NSString).appendingPathComponent(name))
    }
}

/// A tab-separated reference file: a header line, then rows of fields.
struct ReferenceTable {
    struct Missing: Error, CustomStringConvertible {
        var reason: String
        var description: String { reason }
    }

    var header: [String]
    var rows: [[String]]

    init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw Missing(reason: "cannot read \(path); `make test` generates it with scripts/mne-nirs-reference.py")
        }
        let lines = text.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        header = lines.first ?? []
        rows = Array(lines.dropFirst())
    }
}
