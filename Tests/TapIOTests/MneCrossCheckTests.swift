import Foundation
import TapCore
import XCTest
import TapIO

/// tapnirs' intensity → HbO/HbR pipeline against MNE-Python on the shipped recording.
///
/// The reference comes from `scripts/mne-reference.py` (MNE's read_raw_snirf, optical_density,
/// beer_lambert_law with ppf 6), which `make test` runs before `swift test` and names in
/// TAPNIRS_MNE_REFERENCE. tapnirs uses the live system's causal baseline (each measurement's
/// mean over the first 5 s) where MNE uses the whole-recording mean; that changes each series
/// by a constant only, so both sides are compared with their whole-recording means removed.
final class MneCrossCheckTests: XCTestCase {
    static let toleranceMicromolar = 1e-6
    static let baselineSeconds = 5.0

    func testHemoglobinMatchesMne() throws {
        let (referencePath, reference) = try loadReference()
        guard let reference else { return }
        let recording = try SnirfFile.read(path: SnirfFileTests.fixture)
        let layout = recording.layout
        XCTAssertEqual(layout.wavelengths, [690, 830])
        XCTAssertEqual(reference.rows, recording.samples.count, "MNE sample count")
        XCTAssertEqual(Set(reference.columns.keys),
                       Set(layout.channels.flatMap { [mneName($0, "hbo"), mneName($0, "hbr")] }),
                       "MNE's hbo/hbr channels")
        try checkTimes(reference, recording)

        var worst = (column: "", difference: 0.0)
        let rows = try hemoglobin(recording)
        for (index, channel) in layout.channels.enumerated() {
            XCTAssertNotNil(layout.distancesCentimetres[index], "\(channel) has no distance")
            let ours = (hbo: rows.map { $0.hbo[index] }, hbr: rows.map { $0.hbr[index] })
            for (kind, series) in [("hbo", ours.hbo), ("hbr", ours.hbr)] {
                let name = mneName(channel, kind)
                guard let theirs = reference.columns[name], theirs.count == series.count else {
                    XCTFail("\(referencePath): no column \(name) of \(series.count) values"); continue
                }
                let difference = zip(demeaned(series), demeaned(theirs)).map { abs($0 - $1) }.max() ?? .nan
                print("MneCrossCheck: \(name) max |Δ| = \(difference) µM")
                if !(difference <= worst.difference) { worst = (name, difference) }
                XCTAssertLessThanOrEqual(difference, Self.toleranceMicromolar,
                                         "\(name): max |tapnirs − MNE| = \(difference) µM (mean-removed)")
            }
        }
        print("MneCrossCheck: largest difference \(worst.difference) µM in \(worst.column) "
              + "(tolerance \(Self.toleranceMicromolar) µM)")
    }

    func testDistancesMatchMne() throws {
        let (referencePath, reference) = try loadReference()
        guard reference != nil else { return }
        let distancesPath = (referencePath.hasSuffix(".tsv") ? String(referencePath.dropLast(4)) : referencePath)
            + ".distances.tsv"
        let table = try TSV(path: distancesPath)
        let mne = Dictionary(uniqueKeysWithValues: table.lines.compactMap { fields in
            fields.count == 2 ? Double(fields[1]).map { (fields[0], $0) } : nil
        })
        let layout = try SnirfFile.read(path: SnirfFileTests.fixture).layout
        for (index, channel) in layout.channels.enumerated() {
            let ours = try XCTUnwrap(layout.distancesCentimetres[index]) / 100
            for kind in ["hbo", "hbr"] {
                let theirs = try XCTUnwrap(mne[mneName(channel, kind)], "\(distancesPath) lacks \(channel)")
                XCTAssertEqual(ours, theirs, accuracy: 1e-12, "\(channel) distance (m)")
            }
        }
    }

    // MARK: - tapnirs' side

    /// ΔHbO, ΔHbR (µM) of every channel, through the live pipeline's `HemoConverter` (default
    /// settings: ppf 6, reference = the first 5 s), fed sample by sample with the file's times.
    private func hemoglobin(_ recording: SnirfRecording) throws -> [HemoSample] {
        var settings = NirsSettings()
        settings.referenceSeconds = Self.baselineSeconds
        var converter = try HemoConverter(layout: recording.layout, settings: settings)
        var rows: [HemoSample] = []
        for (index, values) in recording.samples.enumerated() {
            let time = MonoTime(nanoseconds: Span.seconds(recording.timesSeconds[index]).nanoseconds)
            rows += converter.convert(NirsSample(hostTime: time, deviceTimeMilliseconds: nil, values: values))
        }
        XCTAssertEqual(rows.count, recording.samples.count, "every sample converted once the reference is known")
        return rows
    }

    private func demeaned(_ series: [Double]) -> [Double] {
        let mean = series.reduce(0, +) / Double(series.count)
        return series.map { $0 - mean }
    }

    /// MNE names channels `S1_D1 hbo`; tapnirs `S1-D1`.
    private func mneName(_ channel: String, _ kind: String) -> String {
        channel.replacingOccurrences(of: "-", with: "_") + " " + kind
    }

    /// MNE's times start at 0 (i / sfreq); the file's at its first sample. Same samples, in order.
    private func checkTimes(_ reference: Reference, _ recording: SnirfRecording) throws {
        let start = try XCTUnwrap(recording.timesSeconds.first)
        let worst = zip(reference.times, recording.timesSeconds).map { abs($0 - ($1 - start)) }.max() ?? .nan
        XCTAssertLessThanOrEqual(worst, 1e-3, "MNE's time axis differs from the file's by \(worst) s")
    }

    // MARK: - The reference file

    private struct Reference {
        var rows: Int
        var times: [Double]
        var columns: [String: [Double]]
    }

    /// The reference named by TAPNIRS_MNE_REFERENCE, or a failure (never a skip) when unset.
    private func loadReference() throws -> (String, Reference?) {
        guard let path = ProcessInfo.processInfo.environment["TAPNIRS_MNE_REFERENCE"], !path.isEmpty else {
            XCTFail("TAPNIRS_MNE_REFERENCE is not set: run `make test`, which generates the MNE reference "
                    + "(scripts/ensure-venv.sh, scripts/mne-reference.py) before `swift test`")
            return ("", nil)
        }
        let table = try TSV(path: path)
        guard let header = table.header.first, header == "time" else {
            XCTFail("\(path): first column should be `time`"); return (path, nil)
        }
        var columns: [String: [Double]] = [:]
        var times: [Double] = []
        for (lineNumber, fields) in table.lines.enumerated() {
            let values = fields.compactMap(Double.init)
            guard fields.count == table.header.count, values.count == fields.count else {
                XCTFail("\(path): line \(lineNumber + 2) is not \(table.header.count) numbers"); return (path, nil)
            }
            times.append(values[0])
            for (name, value) in zip(table.header.dropFirst(), values.dropFirst()) { columns[name, default: []].append(value) }
        }
        return (path, Reference(rows: table.lines.count, times: times, columns: columns))
    }

    /// Tab-separated text: a header line, then rows.
    private struct TSV {
        var header: [String]
        var lines: [[String]]

        init(path: String) throws {
            guard let text = FileManager.default.contents(atPath: path).flatMap({ String(data: $0, encoding: .utf8) }) else {
                throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path,
                    NSLocalizedDescriptionKey: "cannot read \(path); `make test` generates it"])
            }
            var lines = text.split(separator: "\n", omittingEmptySubsequences: true)
                .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
            header = lines.isEmpty ? [] : lines.removeFirst()
            self.lines = lines
        }
    }
}
