import CHDF5

/// A table of doubles in an HDF5 file written a block of rows at a time, so a recording of any
/// length needs only one block in memory: a chunked dataset that grows along its first
/// dimension (rows × `width`, or 1-D), each full block written as one chunk. Readers see an
/// ordinary dataset of the final size. A table that never fills one block is written at its
/// exact size instead (contiguous): a whole 256 KiB chunk for a short session's few rows made
/// its nirs.snirf 1.7 MB and cost the zero-filling of every chunk.
final class HDF5RowWriter {
    let path: String
    let object: String
    let width: Int
    let isTable: Bool
    /// Rows per chunk: about 256 KiB of doubles.
    let chunkRows: Int
    /// Created with the first full block, or at `finish` for a table smaller than one block.
    private var dataset: hid_t = -1
    private let file: HDF5Writer
    private var block: [Double] = []
    private(set) var rows = 0
    private var closed = false

    static let chunkBytes = 256 << 10

    init(file: HDF5Writer, object: String, width: Int?) throws(SnirfExportError) {
        self.file = file
        path = file.path
        self.object = object
        self.width = max(1, width ?? 1)
        isTable = width != nil
        chunkRows = max(1, Self.chunkBytes / (8 * self.width))
        block.reserveCapacity(chunkRows * self.width)
    }

    /// The dataset: chunked and growing, or (`exactRows`) contiguous at its final size.
    private func create(exactRows: Int?) throws(SnirfExportError) {
        let first = hsize_t(exactRows ?? 0)
        let current: [hsize_t] = isTable ? [first, hsize_t(width)] : [first]
        let maximum: [hsize_t] = exactRows != nil ? current
            : (isTable ? [tapnirs_H5S_UNLIMITED(), hsize_t(width)] : [tapnirs_H5S_UNLIMITED()])
        let space = H5Screate_simple(CInt(current.count), current, maximum)
        guard space >= 0 else { throw file.failure(object, "dataspace") }
        defer { H5Sclose(space) }
        let properties = try HDF5Writer.untimed(tapnirs_H5P_DATASET_CREATE(), object: object, path: path)
        defer { H5Pclose(properties) }
        if exactRows == nil {
            let chunk: [hsize_t] = isTable ? [hsize_t(chunkRows), hsize_t(width)] : [hsize_t(chunkRows)]
            guard H5Pset_chunk(properties, CInt(chunk.count), chunk) >= 0 else { throw file.failure(object, "chunk size") }
        }
        dataset = H5Dcreate2(file.id, object, tapnirs_H5T_IEEE_F64LE(), space, tapnirs_H5P_DEFAULT(), properties,
                             tapnirs_H5P_DEFAULT())
        guard dataset >= 0 else { throw file.failure(object, "dataset") }
    }

    deinit {
        if !closed && dataset >= 0 { H5Dclose(dataset) }
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
        if dataset < 0 {
            // Never a full block: the whole table at its exact size (an empty one stays chunked,
            // a zero-sized contiguous dataset being the one shape not every reader takes).
            let count = block.count / width
            try create(exactRows: count > 0 ? count : nil)
            if count > 0 { try write(count, extend: false) }
        } else {
            try flush()
        }
        closed = true
        guard H5Dclose(dataset) >= 0 else { throw failure("close") }
        return rows
    }

    private func flush() throws(SnirfExportError) {
        let count = block.count / width
        guard count > 0 else { return }
        if dataset < 0 { try create(exactRows: nil) }
        try write(count, extend: true)
    }

    /// The block's `count` rows after the `rows` already written (growing the dataset first if `extend`).
    private func write(_ count: Int, extend: Bool) throws(SnirfExportError) {
        if extend {
            let total: [hsize_t] = isTable ? [hsize_t(rows + count), hsize_t(width)] : [hsize_t(rows + count)]
            guard H5Dset_extent(dataset, total) >= 0 else { throw failure("extent") }
        }
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
            H5Dwrite(dataset, tapnirs_H5T_NATIVE_DOUBLE(), memorySpace, fileSpace, file.transfer, $0.baseAddress)
        }
        guard status >= 0 else { throw failure("data") }
        rows += count
        block.removeAll(keepingCapacity: true)
    }

    private func failure(_ what: String) -> SnirfExportError {
        .cannotWrite(path: path, reason: "HDF5 could not write \(object) (\(what))")
    }
}
