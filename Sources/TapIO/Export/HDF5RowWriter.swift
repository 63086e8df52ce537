import CHDF5

/// A table of doubles in an HDF5 file written a block of rows at a time, so a recording of any
/// length needs only one block in memory: a chunked dataset that grows along its first
/// dimension (rows × `width`, or 1-D), each full block written as one chunk. Readers see an
/// ordinary dataset of the final size.
final class HDF5RowWriter {
    let path: String
    let object: String
    let width: Int
    let isTable: Bool
    /// Rows per chunk: about 256 KiB of doubles.
    let chunkRows: Int
    private let dataset: hid_t
    private var block: [Double] = []
    private(set) var rows = 0
    private var closed = false

    static let chunkBytes = 256 << 10

    init(file: HDF5Writer, object: String, width: Int?) throws(SnirfExportError) {
        path = file.path
        self.object = object
        self.width = max(1, width ?? 1)
        isTable = width != nil
        chunkRows = max(1, Self.chunkBytes / (8 * self.width))
        let current: [hsize_t] = isTable ? [0, hsize_t(self.width)] : [0]
        let maximum: [hsize_t] = isTable ? [tapnirs_H5S_UNLIMITED(), hsize_t(self.width)] : [tapnirs_H5S_UNLIMITED()]
        let chunk: [hsize_t] = isTable ? [hsize_t(chunkRows), hsize_t(self.width)] : [hsize_t(chunkRows)]
        let space = H5Screate_simple(CInt(current.count), current, maximum)
        guard space >= 0 else { throw file.failure(object, "dataspace") }
        defer { H5Sclose(space) }
        let properties = try HDF5Writer.untimed(tapnirs_H5P_DATASET_CREATE(), object: object, path: path)
        defer { H5Pclose(properties) }
        guard H5Pset_chunk(properties, CInt(chunk.count), chunk) >= 0 else { throw file.failure(object, "chunk size") }
        dataset = H5Dcreate2(file.id, object, tapnirs_H5T_IEEE_F64LE(), space, tapnirs_H5P_DEFAULT(), properties,
                             tapnirs_H5P_DEFAULT())
        guard dataset >= 0 else { throw file.failure(object, "dataset") }
        block.reserveCapacity(chunkRows * self.width)
    }

    deinit {
        if !closed { H5Dclose(dataset) }
    }

    /// One row (`width` values).
    func append(_ row: [Double]) throws(SnirfExportError) {
        guard row.count == width else { throw failure("\(row.count) values for a row of \(width)") }
        block += row
        if block.count == chunkRows * width { try flush() }
    }

    /// One value of a 1-D dataset.
    func append(_ value: Double) throws(SnirfExportError) {
        block.append(value)
        if block.count == chunkRows * width { try flush() }
    }

    /// Writes what is left and closes the dataset; returns the number of rows.
    @discardableResult
    func finish() throws(SnirfExportError) -> Int {
        guard !closed else { return rows }
        try flush()
        closed = true
        guard H5Dclose(dataset) >= 0 else { throw failure("close") }
        return rows
    }

    private func flush() throws(SnirfExportError) {
        let count = block.count / width
        guard count > 0 else { return }
        let total: [hsize_t] = isTable ? [hsize_t(rows + count), hsize_t(width)] : [hsize_t(rows + count)]
        guard H5Dset_extent(dataset, total) >= 0 else { throw failure("extent") }
        let fileSpace = H5Dget_space(dataset)
        guard fileSpace >= 0 else { throw failure("dataspace") }
        defer { H5Sclose(fileSpace) }
        let start: [hsize_t] = isTable ? [hsize_t(rows), 0] : [hsize_t(rows)]
        let size: [hsize_t] = isTable ? [hsize_t(count), hsize_t(width)] : [hsize_t(count)]
        guard H5Sselect_hyperslab(fileSpace, H5S_SELECT_SET, start, nil, size, nil) >= 0 else { throw failure("selection") }
        let memorySpace = H5Screate_simple(CInt(size.count), size, nil)
        guard memorySpace >= 0 else { throw failure("dataspace") }
        defer { H5Sclose(memorySpace) }
        let status = block.withUnsafeBytes {
            H5Dwrite(dataset, tapnirs_H5T_NATIVE_DOUBLE(), memorySpace, fileSpace, tapnirs_H5P_DEFAULT(), $0.baseAddress)
        }
        guard status >= 0 else { throw failure("data") }
        rows += count
        block.removeAll(keepingCapacity: true)
    }

    private func failure(_ what: String) -> SnirfExportError {
        .cannotWrite(path: path, reason: "HDF5 could not write \(object) (\(what))")
    }
}
