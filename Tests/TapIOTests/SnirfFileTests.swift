import CHDF5
import Foundation
import TapCore
import XCTest
import TapIO

/// `SnirfFile` on the shipped recording, with expected numbers taken from h5py (see the
/// comment at each constant), and on small files written here to cover the layouts other
/// writers produce (MATLAB's transposed tables, [start, step] time, fixed-length strings).
final class SnirfFileTests: XCTestCase {
    static let fixture = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/neuro_run01.snirf").path

    private func readFixture() throws -> SnirfRecording {
        try SnirfFile.read(path: Self.fixture)
    }

    func testLayoutOfTheFixture() throws {
        let recording = try readFixture()
        let layout = recording.layout
        XCTAssertEqual(layout.kind, .intensity)
        XCTAssertEqual(layout.wavelengths, [690, 830])
        XCTAssertEqual(layout.channels, ["S1-D1", "S1-D2", "S2-D3", "S2-D4", "S3-D5",
                                         "S3-D6", "S4-D6", "S4-D7", "S4-D8"])
        XCTAssertEqual(layout.valuesPerSample, 18)
        // 2-D probe positions in cm: S1 (−2, 0)–D2 (−4, 1) is √5 cm, the others 2 cm.
        let distances = layout.distancesCentimetres.map { $0 ?? .nan }
        let expected = [2, 5.0.squareRoot(), 2, 2, 5.0.squareRoot(), 2, 2, 2, 2]
        for (got, want) in zip(distances, expected) { XCTAssertEqual(got, want, accuracy: 1e-12) }
        XCTAssertEqual(recording.formatVersion, "1.0")
        XCTAssertEqual(recording.sourceLabels, ["S1", "S2", "S3", "S4"])
        XCTAssertEqual(recording.detectorLabels, ["D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8"])
        XCTAssertEqual(recording.metadata, SnirfMetadata(subjectID: "default", measurementDate: "2020-05-16",
                                                         measurementTime: "16:05:11", lengthUnit: "cm"))
    }

    func testTimeAxisOfTheFixture() throws {
        let recording = try readFixture()
        let times = recording.timesSeconds
        // h5py: len(time) == 8000, time[0], time[1], time[-1].
        XCTAssertEqual(times.count, 8000)
        XCTAssertEqual(recording.samples.count, 8000)
        XCTAssertEqual(times.first, 0.04991744463695071)
        XCTAssertEqual(times[1], 0.09983488927390143)
        XCTAssertEqual(times.last, 399.3395570956057)
        XCTAssertEqual(recording.durationSeconds, 399.3395570956057 - 0.04991744463695071)
        // Nominally 20 Hz; the device's real rate is 20.03 Hz (MNE's sfreq 20.033076758495838).
        XCTAssertEqual(recording.layout.rateHz, 20.033076758495838, accuracy: 1e-9)
        for index in times.indices.dropFirst() {
            XCTAssertEqual(times[index] - times[index - 1], 0.0499174, accuracy: 1e-6)
        }
    }

    /// The replay contract: each value is the file's double, bit for bit, in layout order.
    func testSamplesAreTheFilesDoublesInLayoutOrder() throws {
        let samples = try readFixture().samples
        XCTAssertTrue(samples.allSatisfy { $0.count == 18 })
        // Layout slot → h5py dataTimeSeries column: S1-D1 690 = 0, S1-D1 830 = 9,
        // S3-D5 690 = 4, S4-D8 830 = 17 (measurementList1–9 are 690 nm, 10–18 830 nm).
        let head: [(slot: Int, values: [Double])] = [
            (0, [0.10743369695532479, 0.21199774575247082, 0.186355589078591]),
            (1, [0.15937815407746542, 0.3144546365130626, 0.27687685978172216]),
            (8, [0.2542912655651251, 0.5033739361588823, 0.4432133825853992]),
            (17, [0.23548967754540884, 0.4658561408720119, 0.4108361013042268]),
        ]
        let tail: [(slot: Int, values: [Double])] = [
            (0, [0.1708210591681234, 0.16960158522672011, 0.1693399263591123]),
            (1, [0.27132329429241714, 0.26927573657663423, 0.2683299598807367]),
            (8, [0.4053120152249014, 0.4027337041162199, 0.40243115776264066]),
            (17, [0.3990239944250085, 0.39293451811542773, 0.38856544521129666]),
        ]
        for (slot, values) in head {
            XCTAssertEqual(samples[0..<3].map { $0[slot] }, values, "first samples of slot \(slot)")
        }
        for (slot, values) in tail {
            XCTAssertEqual(samples[(8000 - 3)...].map { $0[slot] }, values, "last samples of slot \(slot)")
        }
        // h5py: dataTimeSeries[4000, 5] (S3-D6 690) and [4000, 14] (S3-D6 830).
        XCTAssertEqual(samples[4000][10], 0.2374645026778912)
        XCTAssertEqual(samples[4000][11], 0.5285978468233266)
    }

    func testStimsOfTheFixture() throws {
        let stims = try readFixture().stims
        XCTAssertEqual(stims.map(\.name), ["1", "2"])
        XCTAssertEqual(stims[0].onsetsSeconds, [158.4878867, 194.2786945, 231.3673559, 269.0550266])
        XCTAssertEqual(stims[1].onsetsSeconds, [334.1972918, 370.6370264])
        XCTAssertEqual(stims[0].durationsSeconds, [5, 5, 5, 5])
        XCTAssertEqual(stims[1].amplitudes, [1, 1])
    }

    // MARK: - Errors

    func testMissingFileIsAClearError() {
        let path = NSTemporaryDirectory() + "no-such-\(UUID().uuidString).snirf"
        XCTAssertThrowsError(try SnirfFile.read(path: path)) { error in
            XCTAssertEqual(error as? SnirfError, .fileNotFound(path: path))
            XCTAssertEqual("\(error)", "\(path): no such file")
        }
    }

    func testTextFileIsNotHDF5() throws {
        let path = try temporaryPath("not-hdf5.snirf")
        try Data("time\tS1-D1 760\n0\t1000\n".utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try SnirfFile.read(path: path)) { error in
            XCTAssertEqual(error as? SnirfError, .notHDF5(path: path))
            XCTAssertTrue("\(error)".contains("not an HDF5 file"))
        }
    }

    func testHDF5FileWithoutNirsGroup() throws {
        let path = try temporaryPath("empty.h5")
        try HDF5Writer.create(path) { _ in }
        XCTAssertThrowsError(try SnirfFile.read(path: path)) { error in
            XCTAssertEqual(error as? SnirfError, .missingObject(path: path, object: "/nirs"))
        }
    }

    func testProcessedDataIsRejected() throws {
        let path = try temporaryPath("od.snirf")
        try writeSmallSnirf(path, dataType: 99999, label: "dOD")
        XCTAssertThrowsError(try SnirfFile.read(path: path)) { error in
            XCTAssertEqual(error as? SnirfError, .unsupportedDataType(
                path: path, measurement: "/nirs/data1/measurementList1", dataType: 99999, label: "dOD"))
        }
    }

    // MARK: - Other writers' layouts

    /// MATLAB (Homer3) layout: tables stored transposed, integers as doubles, fixed-length
    /// strings, [start, step] time, wavelengths listed high to low, positions in mm, `/nirs1`.
    func testTransposedMatlabStyleFile() throws {
        let path = try temporaryPath("matlab.snirf")
        try writeSmallSnirf(path, matlabStyle: true)
        let recording = try SnirfFile.read(path: path)
        XCTAssertEqual(recording.layout.channels, ["S2-D1", "S1-D1"])
        XCTAssertEqual(recording.layout.wavelengths, [760, 850])
        XCTAssertEqual(recording.timesSeconds, [10, 10.5, 11])
        XCTAssertEqual(recording.layout.rateHz, 2)
        // Measurement columns: 0 = S2-D1 850, 1 = S2-D1 760, 2 = S1-D1 760, 3 = S1-D1 850;
        // value at time t, column c is 100·(t+1) + c.
        XCTAssertEqual(recording.samples, [[101, 100, 102, 103], [201, 200, 202, 203], [301, 300, 302, 303]])
        let distances = recording.layout.distancesCentimetres.map { $0 ?? .nan }
        XCTAssertEqual(distances[0], 4, accuracy: 1e-12)
        XCTAssertEqual(distances[1], 3, accuracy: 1e-12)
        XCTAssertEqual(recording.stims.map(\.name), ["tap"])
        XCTAssertEqual(recording.stims.first?.onsetsSeconds, [10.5, 11])
        XCTAssertEqual(recording.stims.first?.durationsSeconds, [0.25, 0.5])
        XCTAssertEqual(recording.metadata.subjectID, "P01")
        XCTAssertEqual(recording.sourceLabels, ["S1", "S2"])
    }

    func testRowMajorSmallFile() throws {
        let path = try temporaryPath("rowmajor.snirf")
        try writeSmallSnirf(path)
        let recording = try SnirfFile.read(path: path)
        XCTAssertEqual(recording.samples, [[101, 100, 102, 103], [201, 200, 202, 203], [301, 300, 302, 303]])
        XCTAssertEqual(recording.timesSeconds, [10, 10.5, 11])
        XCTAssertEqual(recording.stims.first?.amplitudes, [1, 2])
        XCTAssertEqual(recording.metadata.lengthUnit, "mm")
    }

    func testMismatchedShapeIsMalformed() throws {
        let path = try temporaryPath("shape.snirf")
        try writeSmallSnirf(path, extraTime: true)
        XCTAssertThrowsError(try SnirfFile.read(path: path)) { error in
            guard case .malformed(_, let reason)? = error as? SnirfError else { return XCTFail("\(error)") }
            XCTAssertTrue(reason.contains("dataTimeSeries"), reason)
        }
    }

    // MARK: - Helpers

    private func temporaryPath(_ name: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("snirf-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        return folder.appendingPathComponent(name).path
    }

    /// Two channels (S2-D1 listed first), 760/850 nm, 3 samples, positions in mm;
    /// `matlabStyle` stores it the way MATLAB writers do.
    private func writeSmallSnirf(_ path: String, matlabStyle: Bool = false, dataType: Double = 1,
                                 label: String? = nil, extraTime: Bool = false) throws {
        // Probe wavelengths listed [850, 760]: wavelengthIndex 1 is 850 nm.
        let columns: [(source: Double, detector: Double, wavelength: Double)] = [
            (2, 1, 1), (2, 1, 2), (1, 1, 2), (1, 1, 1),
        ]
        let rows = 3, width = columns.count
        let values = (0..<rows).flatMap { t in (0..<width).map { Double(100 * (t + 1) + $0) } }
        try HDF5Writer.create(path) { file in
            let root = matlabStyle ? "/nirs1" : "/nirs"
            try file.group(root)
            try file.string("/formatVersion", "1.1", fixed: matlabStyle)
            try file.group("\(root)/data1")
            if matlabStyle {
                let transposed = (0..<width).flatMap { c in (0..<rows).map { values[$0 * width + c] } }
                try file.doubles("\(root)/data1/dataTimeSeries", transposed, dims: [width, rows])
                try file.doubles("\(root)/data1/time", [10, 0.5], dims: [2])
            } else {
                try file.doubles("\(root)/data1/dataTimeSeries", values, dims: [rows, width])
                let time: [Double] = extraTime ? [10, 10.5, 11, 11.5] : [10, 10.5, 11]
                try file.doubles("\(root)/data1/time", time, dims: [time.count])
            }
            for (index, column) in columns.enumerated() {
                let group = "\(root)/data1/measurementList\(index + 1)"
                try file.group(group)
                for (name, value) in [("sourceIndex", column.source), ("detectorIndex", column.detector),
                                      ("wavelengthIndex", column.wavelength), ("dataType", dataType)] {
                    if matlabStyle { try file.doubles("\(group)/\(name)", [value], dims: [1]) }
                    else { try file.int32("\(group)/\(name)", Int32(value)) }
                }
                if let label { try file.string("\(group)/dataTypeLabel", label, fixed: matlabStyle) }
            }
            try file.group("\(root)/probe")
            try file.doubles("\(root)/probe/wavelengths", [850, 760], dims: [2])
            // S1 at (30, 0, 0) mm, S2 at (0, 40, 0) mm, D1 at the origin: S2-D1 4 cm, S1-D1 3 cm.
            let sources: [Double] = [30, 0, 0, 0, 40, 0]
            let detectors: [Double] = [0, 0, 0]
            if matlabStyle {
                try file.doubles("\(root)/probe/sourcePos3D", [30, 0, 0, 40, 0, 0], dims: [3, 2])
                try file.doubles("\(root)/probe/detectorPos3D", detectors, dims: [3, 1])
                try file.strings("\(root)/probe/sourceLabels", ["S1", "S2"], fixed: true)
            } else {
                try file.doubles("\(root)/probe/sourcePos3D", sources, dims: [2, 3])
                try file.doubles("\(root)/probe/detectorPos3D", detectors, dims: [1, 3])
                try file.strings("\(root)/probe/sourceLabels", ["S1", "S2"], fixed: false)
            }
            try file.group("\(root)/metaDataTags")
            try file.string("\(root)/metaDataTags/LengthUnit", "mm", fixed: matlabStyle)
            try file.string("\(root)/metaDataTags/SubjectID", "P01", fixed: matlabStyle)
            try file.group("\(root)/stim1")
            try file.string("\(root)/stim1/name", "tap", fixed: matlabStyle)
            let stim: [Double] = [10.5, 0.25, 1, 11, 0.5, 2]
            if matlabStyle {
                try file.doubles("\(root)/stim1/data", [10.5, 11, 0.25, 0.5, 1, 2], dims: [3, 2])
            } else {
                try file.doubles("\(root)/stim1/data", stim, dims: [2, 3])
            }
        }
    }
}

/// Just enough HDF5 writing to build test files (the reader under test never writes).
private struct HDF5Writer {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let id: hid_t

    static func create(_ path: String, _ body: (HDF5Writer) throws -> Void) throws {
        tapnirs_H5_silence_errors()
        let id = H5Fcreate(path, tapnirs_H5F_ACC_TRUNC(), tapnirs_H5P_DEFAULT(), tapnirs_H5P_DEFAULT())
        guard id >= 0 else { throw Failure(description: "H5Fcreate \(path)") }
        defer { H5Fclose(id) }
        try body(HDF5Writer(id: id))
    }

    func group(_ name: String) throws {
        let group = H5Gcreate2(id, name, tapnirs_H5P_DEFAULT(), tapnirs_H5P_DEFAULT(), tapnirs_H5P_DEFAULT())
        guard group >= 0 else { throw Failure(description: "H5Gcreate2 \(name)") }
        H5Gclose(group)
    }

    func doubles(_ name: String, _ values: [Double], dims: [Int]) throws {
        try write(name, fileType: tapnirs_H5T_NATIVE_DOUBLE(), memoryType: tapnirs_H5T_NATIVE_DOUBLE(),
                  dims: dims) { dataset, memoryType in
            values.withUnsafeBytes {
                H5Dwrite(dataset, memoryType, tapnirs_H5S_ALL(), tapnirs_H5S_ALL(), tapnirs_H5P_DEFAULT(), $0.baseAddress)
            }
        }
    }

    func int32(_ name: String, _ value: Int32) throws {
        let type = H5Tcopy(tapnirs_H5T_STD_I32LE())
        defer { H5Tclose(type) }
        try write(name, fileType: type, memoryType: type, dims: []) { dataset, memoryType in
            withUnsafeBytes(of: value) {
                H5Dwrite(dataset, memoryType, tapnirs_H5S_ALL(), tapnirs_H5S_ALL(), tapnirs_H5P_DEFAULT(), $0.baseAddress)
            }
        }
    }

    func string(_ name: String, _ value: String, fixed: Bool) throws {
        try strings(name, [value], fixed: fixed, scalar: true)
    }

    /// Fixed-length (null-padded, as MATLAB writes) or variable-length (as h5py writes).
    func strings(_ name: String, _ values: [String], fixed: Bool, scalar: Bool = false) throws {
        let type = H5Tcopy(tapnirs_H5T_C_S1())
        defer { H5Tclose(type) }
        let dims = scalar ? [] : [values.count]
        if fixed {
            let size = max(1, values.map(\.utf8.count).max() ?? 1)
            H5Tset_size(type, size)
            H5Tset_strpad(type, H5T_STR_NULLPAD)
            var bytes = [UInt8](repeating: 0, count: size * values.count)
            for (index, value) in values.enumerated() {
                for (offset, byte) in value.utf8.enumerated() { bytes[index * size + offset] = byte }
            }
            try write(name, fileType: type, memoryType: type, dims: dims) { dataset, memoryType in
                bytes.withUnsafeBytes {
                    H5Dwrite(dataset, memoryType, tapnirs_H5S_ALL(), tapnirs_H5S_ALL(), tapnirs_H5P_DEFAULT(), $0.baseAddress)
                }
            }
        } else {
            H5Tset_size(type, tapnirs_H5T_VARIABLE())
            var cStrings = values.map { strdup($0) }
            defer { cStrings.forEach { free($0) } }
            try write(name, fileType: type, memoryType: type, dims: dims) { dataset, memoryType in
                cStrings.withUnsafeMutableBytes {
                    H5Dwrite(dataset, memoryType, tapnirs_H5S_ALL(), tapnirs_H5S_ALL(), tapnirs_H5P_DEFAULT(), $0.baseAddress)
                }
            }
        }
    }

    private func write(_ name: String, fileType: hid_t, memoryType: hid_t, dims: [Int],
                       _ body: (hid_t, hid_t) -> herr_t) throws {
        var extent = dims.map { hsize_t($0) }
        let space = dims.isEmpty ? H5Screate(H5S_SCALAR) : H5Screate_simple(Int32(dims.count), &extent, nil)
        guard space >= 0 else { throw Failure(description: "dataspace for \(name)") }
        defer { H5Sclose(space) }
        let dataset = H5Dcreate2(id, name, fileType, space, tapnirs_H5P_DEFAULT(), tapnirs_H5P_DEFAULT(), tapnirs_H5P_DEFAULT())
        guard dataset >= 0 else { throw Failure(description: "H5Dcreate2 \(name)") }
        defer { H5Dclose(dataset) }
        guard body(dataset, memoryType) >= 0 else { throw Failure(description: "H5Dwrite \(name)") }
    }
}
