import CHDF5
import Foundation
import XCTest
@testable import TapIO

/// A table written a block of rows at a time reads back as one ordinary dataset of the final
/// size, whatever the number of rows against the chunk size (here 128 rows of 256 columns).
final class HDF5RowWriterTests: XCTestCase {
    /// A new HDF5 file in the temporary folder.
    func newFile() throws -> (String, HDF5Writer) {
        let path = NSTemporaryDirectory() + "tapnirs-rows-" + UUID().uuidString + ".h5"
        return (path, try HDF5Writer.create(path))
    }

    func testRowsAcrossChunksAndAPartialLastOneReadBackInOrder() throws {
        let (path, file) = try newFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let table = try file.rows("/table", width: 256)
        let column = try file.rows("/column", width: nil)
        XCTAssertEqual(table.chunkRows, 128)
        let rowCount = 3 * 128 + 37
        for r in 0..<rowCount {
            try table.append((0..<256).map { Double(r) * 1_000 + Double($0) })
            try column.append(Double(r) / 8)
        }
        XCTAssertThrowsError(try table.append([1, 2]), "a row of the wrong width is refused")
        XCTAssertEqual(try table.finish(), rowCount)
        XCTAssertEqual(try column.finish(), rowCount)
        try file.close()

        let read = try HDF5File.open(path)
        defer { read.close() }
        let values = try read.numbers("/table")
        XCTAssertEqual(values.dimensions, [rowCount, 256])
        XCTAssertEqual(values.values, (0..<rowCount).flatMap { r in (0..<256).map { Double(r) * 1_000 + Double($0) } })
        let times = try read.numbers("/column")
        XCTAssertEqual(times.dimensions, [rowCount])
        XCTAssertEqual(times.values, (0..<rowCount).map { Double($0) / 8 })
    }

    func testATableSmallerThanOneBlockIsWrittenAtItsExactSizeAndAnEmptyOneStillExists() throws {
        let (path, file) = try newFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let table = try file.rows("/short", width: 16)
        let empty = try file.rows("/empty", width: nil)
        for r in 0..<98 { try table.append((0..<16).map { Double(r * 16 + $0) }) }
        XCTAssertEqual(try table.finish(), 98)
        XCTAssertEqual(try empty.finish(), 0)
        try file.close()
        // 98 × 16 doubles are 12.5 KB; a 256 KiB chunk would make the file twenty times that.
        let size = try XCTUnwrap(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        XCTAssertLessThan(size, 32 << 10)

        let read = try HDF5File.open(path)
        defer { read.close() }
        let values = try read.numbers("/short")
        XCTAssertEqual(values.dimensions, [98, 16])
        XCTAssertEqual(values.values, (0..<(98 * 16)).map(Double.init))
        XCTAssertEqual(try read.numbers("/empty").dimensions, [0])
    }
}
