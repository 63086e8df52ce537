import CHDF5
import Glibc

/// A read-only HDF5 file and the few typed reads SNIRF needs, every handle closed before
/// each call returns. Failures become `SnirfError`s naming the file and the object.
///
/// HDF5's automatic error printing is switched off on the calling thread: tapnirs draws
/// with ncurses, where a stray stack dump on stderr would wreck the screen.
struct HDF5File {
    /// A numeric dataset read as doubles (HDF5 converts integer storage), row-major.
    struct Numbers {
        var values: [Double]
        /// Extent per dimension, slowest first as HDF5 stores it; empty for a scalar.
        var dimensions: [Int]
    }

    let path: String
    private let id: hid_t

    static func open(_ path: String) throws(SnirfError) -> HDF5File {
        let isDirectory: Bool
        do { isDirectory = try Syscalls.isDirectory(path) } catch {
            if error.errno == ENOENT || error.errno == ENOTDIR { throw .fileNotFound(path: path) }
            throw .unreadable(path: path, reason: error.reason)
        }
        if isDirectory { throw .unreadable(path: path, reason: "it is a directory") }
        do { try Syscalls.checkReadable(path) } catch { throw .unreadable(path: path, reason: error.reason) }
        tapnirs_H5_silence_errors()
        let id = H5Fopen(path, tapnirs_H5F_ACC_RDONLY(), tapnirs_H5P_DEFAULT())
        guard id >= 0 else { throw .notHDF5(path: path) }
        return HDF5File(path: path, id: id)
    }

    func close() {
        H5Fclose(id)
    }

    /// Whether every link on the absolute `object` path (`/nirs/data1/time`) exists.
    /// (H5Lexists fails, rather than answering no, when an intermediate group is missing.)
    func exists(_ object: String) -> Bool {
        var prefix = ""
        for component in object.split(separator: "/") {
            prefix += "/" + component
            guard H5Lexists(id, prefix, tapnirs_H5P_DEFAULT()) > 0 else { return false }
        }
        return true
    }

    func numbers(_ object: String) throws(SnirfError) -> Numbers {
        try withDataset(object) { dataset, type, space throws(SnirfError) -> Numbers in
            let typeClass = H5Tget_class(type)
            guard typeClass == H5T_INTEGER || typeClass == H5T_FLOAT else {
                throw .malformed(path: path, reason: "\(object) is not numeric")
            }
            let dimensions = try extent(space, object)
            var values = [Double](repeating: 0, count: dimensions.reduce(1, *))
            if !values.isEmpty {
                let status = values.withUnsafeMutableBytes { buffer in
                    H5Dread(dataset, tapnirs_H5T_NATIVE_DOUBLE(), tapnirs_H5S_ALL(), tapnirs_H5S_ALL(),
                            tapnirs_H5P_DEFAULT(), buffer.baseAddress)
                }
                guard status >= 0 else { throw .malformed(path: path, reason: "\(object) could not be read as numbers") }
            }
            return Numbers(values: values, dimensions: dimensions)
        }
    }

    /// A whole number stored as a scalar or one-element dataset, integer or float.
    func integer(_ object: String) throws(SnirfError) -> Int {
        let read = try numbers(object)
        guard read.values.count == 1, let value = read.values.first, value.isFinite,
              value == value.rounded(), abs(value) < 1e15 else {
            throw .malformed(path: path, reason: "\(object) should be one whole number")
        }
        return Int(value)
    }

    /// Every string in a string dataset, variable- or fixed-length, padding removed.
    func strings(_ object: String) throws(SnirfError) -> [String] {
        try withDataset(object) { dataset, type, space throws(SnirfError) -> [String] in
            guard H5Tget_class(type) == H5T_STRING else {
                throw .malformed(path: path, reason: "\(object) is not a string")
            }
            let count = try extent(space, object).reduce(1, *)
            guard count > 0 else { return [] }
            if H5Tis_variable_str(type) > 0 {
                return try variableLengthStrings(dataset, space: space, fileType: type, count: count, object)
            }
            return try fixedLengthStrings(dataset, fileType: type, count: count, object)
        }
    }

    /// The single string of a scalar or one-element string dataset.
    func string(_ object: String) throws(SnirfError) -> String {
        let all = try strings(object)
        guard all.count == 1, let only = all.first else {
            throw .malformed(path: path, reason: "\(object) should hold one string, holds \(all.count)")
        }
        return only
    }

    // MARK: - Handles

    /// Opens `object` with its type and dataspace, runs `body`, closes all three.
    private func withDataset<T>(
        _ object: String, _ body: (hid_t, hid_t, hid_t) throws(SnirfError) -> T
    ) throws(SnirfError) -> T {
        guard exists(object) else { throw .missingObject(path: path, object: object) }
        let dataset = H5Dopen2(id, object, tapnirs_H5P_DEFAULT())
        guard dataset >= 0 else { throw .malformed(path: path, reason: "\(object) is not a dataset") }
        defer { H5Dclose(dataset) }
        let type = H5Dget_type(dataset)
        guard type >= 0 else { throw .malformed(path: path, reason: "\(object) has no readable type") }
        defer { H5Tclose(type) }
        let space = H5Dget_space(dataset)
        guard space >= 0 else { throw .malformed(path: path, reason: "\(object) has no readable shape") }
        defer { H5Sclose(space) }
        return try body(dataset, type, space)
    }

    private func extent(_ space: hid_t, _ object: String) throws(SnirfError) -> [Int] {
        let rank = H5Sget_simple_extent_ndims(space)
        guard rank >= 0 else { throw .malformed(path: path, reason: "\(object) has no readable shape") }
        if H5Sget_simple_extent_type(space) == H5S_NULL { return [0] }
        var dimensions = [hsize_t](repeating: 0, count: Int(rank))
        if rank > 0 { H5Sget_simple_extent_dims(space, &dimensions, nil) }
        return dimensions.map { Int($0) }
    }

    private func variableLengthStrings(_ dataset: hid_t, space: hid_t, fileType: hid_t, count: Int,
                                       _ object: String) throws(SnirfError) -> [String] {
        let memoryType = H5Tcopy(tapnirs_H5T_C_S1())
        guard memoryType >= 0 else { throw .malformed(path: path, reason: "\(object): no string type") }
        defer { H5Tclose(memoryType) }
        H5Tset_size(memoryType, tapnirs_H5T_VARIABLE())
        H5Tset_cset(memoryType, H5Tget_cset(fileType))
        var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
        let status = pointers.withUnsafeMutableBytes { buffer in
            H5Dread(dataset, memoryType, tapnirs_H5S_ALL(), tapnirs_H5S_ALL(), tapnirs_H5P_DEFAULT(), buffer.baseAddress)
        }
        guard status >= 0 else { throw .malformed(path: path, reason: "\(object) could not be read as strings") }
        let strings = pointers.map { pointer in pointer.map { String(cString: $0) } ?? "" }
        pointers.withUnsafeMutableBytes { buffer in
            _ = tapnirs_H5_reclaim(memoryType, space, buffer.baseAddress)
        }
        return strings
    }

    private func fixedLengthStrings(_ dataset: hid_t, fileType: hid_t, count: Int,
                                    _ object: String) throws(SnirfError) -> [String] {
        let size = H5Tget_size(fileType)
        guard size > 0 else { return Array(repeating: "", count: count) }
        let spacePadded = H5Tget_strpad(fileType) == H5T_STR_SPACEPAD
        // Read in the file's own fixed-length type: no conversion, the raw padded bytes.
        var bytes = [UInt8](repeating: 0, count: count * size)
        let status = bytes.withUnsafeMutableBytes { buffer in
            H5Dread(dataset, fileType, tapnirs_H5S_ALL(), tapnirs_H5S_ALL(), tapnirs_H5P_DEFAULT(), buffer.baseAddress)
        }
        guard status >= 0 else { throw .malformed(path: path, reason: "\(object) could not be read as strings") }
        return (0..<count).map { index in
            var field = bytes[(index * size)..<((index + 1) * size)]
            // Null-terminated or null-padded: cut at the first NUL; space-padded (Fortran): trim.
            if let nul = field.firstIndex(of: 0) { field = field[..<nul] }
            while spacePadded, let last = field.last, last == UInt8(ascii: " ") { field = field.dropLast() }
            return String(decoding: field, as: UTF8.self)
        }
    }
}
