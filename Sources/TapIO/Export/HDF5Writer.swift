import CHDF5
import Glibc

/// A new HDF5 file and the few typed writes SNIRF needs, in the form the `snirf` validator
/// asks for: scalar variable-length UTF-8 strings, 1-D string arrays, scalar 32-bit integers,
/// little-endian 64-bit float arrays, and long tables written a block of rows at a time
/// (`HDF5RowWriter`). Every handle but the file's (and an open row writer's) is closed before
/// each call returns. Objects carry no creation times, so the same session gives the same
/// bytes. Created with `H5F_ACC_EXCL`: an existing file is never replaced.
struct HDF5Writer {
    let path: String
    let id: hid_t
    /// Transfer properties for every write: a 4 KiB type-conversion buffer instead of HDF5's
    /// 1 MiB one, which it zero-fills on each write that converts (every variable-length
    /// string) — most of a short session's nirs.snirf time went there.
    let transfer: hid_t
    /// Creation properties for every group and dataset (no object times), made once: making and
    /// closing a list per object was a tenth of the file's time (a few hundred objects).
    let groupCreation: hid_t
    let datasetCreation: hid_t
    /// Variable-length ASCII strings, the one string type written.
    let stringType: hid_t
    /// Where names are looked up: the file, or a group (`inGroup`), and that group's path.
    var location: hid_t
    var prefix = ""

    /// Conversion buffer size: ample for the strings and scalars written whole (HDF5 converts
    /// larger selections in pieces of this size).
    static let conversionBufferBytes = 4 << 10

    /// Does, once, in a file held only in memory, what writing a SNIRF file does first: the
    /// library's set-up (its property classes, types, object and B-tree code) and the first use
    /// of every call the writer makes. Run on an idle core while a command that will write
    /// nirs.snirf starts (`SnirfWarmUp`), it takes ≈ 2 ms off that file's writing at the end.
    /// Writes nothing to disk; a failure only means the set-up happens later, as before.
    public static func warmUp() {
        let access = H5Pcreate(tapnirs_H5P_FILE_ACCESS())
        guard access >= 0 else { return }
        defer { H5Pclose(access) }
        guard H5Pset_fapl_core(access, 64 << 10, false) >= 0,
              let writer = try? create("tapnirs-warm-up.snirf", access: access) else { return }
        try? writer.string("/formatVersion", "1.1")
        try? writer.group("/nirs")
        try? writer.integer("/nirs/index", 1)
        try? writer.strings("/nirs/labels", ["a", "b"])
        try? writer.doubles("/nirs/table", [1, 2, 3, 4], dimensions: [2, 2])
        if let rows = try? writer.rows("/nirs/series", width: 2) {
            try? rows.append([1, 2])
            try? rows.finish()
        }
        try? writer.close()
    }

    static func create(_ path: String, access: hid_t = tapnirs_H5P_DEFAULT()) throws(SnirfExportError) -> HDF5Writer {
        tapnirs_H5_silence_errors()
        // What is made so far, closed again should a later step fail.
        var lists: [hid_t] = [], stringType: hid_t = -1, made = false
        defer {
            if !made {
                for list in lists { H5Pclose(list) }
                if stringType >= 0 { H5Tclose(stringType) }
            }
        }
        let transfer = H5Pcreate(tapnirs_H5P_DATASET_XFER())
        if transfer >= 0 { lists.append(transfer) }
        guard transfer >= 0, H5Pset_buffer(transfer, conversionBufferBytes, nil, nil) >= 0 else {
            throw .cannotWrite(path: path, reason: "HDF5 could not make transfer properties")
        }
        let groupCreation = try untimed(tapnirs_H5P_GROUP_CREATE(), object: "groups", path: path)
        lists.append(groupCreation)
        let datasetCreation = try untimed(tapnirs_H5P_DATASET_CREATE(), object: "datasets", path: path)
        lists.append(datasetCreation)
        stringType = H5Tcopy(tapnirs_H5T_C_S1())
        guard stringType >= 0, H5Tset_size(stringType, tapnirs_H5T_VARIABLE()) >= 0, H5Tset_cset(stringType, H5T_CSET_ASCII) >= 0 else {
            throw .cannotWrite(path: path, reason: "HDF5 could not make the string type")
        }
        let id = H5Fcreate(path, tapnirs_H5F_ACC_EXCL(), tapnirs_H5P_DEFAULT(), access)
        guard id >= 0 else { throw .cannotWrite(path: path, reason: "HDF5 could not create the file") }
        made = true
        return HDF5Writer(path: path, id: id, transfer: transfer, groupCreation: groupCreation, datasetCreation: datasetCreation,
                          stringType: stringType, location: id)
    }

    /// Hands what HDF5 has written so far to the disk (`sync_file_range`, not waiting): written
    /// after the data blocks, so that the fsync after `close` finds little left to write.
    func startWriteback() {
        guard let fd = try? Syscalls.openReadOnly(path) else { return }
        Syscalls.startWriteback(fd, offset: 0, count: 0)
        Syscalls.closeQuietly(fd)
    }

    /// Flushes and closes the file.
    func close() throws(SnirfExportError) {
        let flushed = H5Fflush(id, H5F_SCOPE_GLOBAL)
        let closed = H5Fclose(id)
        for list in [transfer, groupCreation, datasetCreation] { H5Pclose(list) }
        H5Tclose(stringType)
        guard flushed >= 0, closed >= 0 else { throw .cannotWrite(path: path, reason: "HDF5 could not close the file") }
    }

    func group(_ object: String) throws(SnirfExportError) {
        try inGroup(object) { _ in }
    }

    /// Creates group `object` and runs `body` with a writer whose names are relative to it: the
    /// objects in it are created without HDF5 looking up the group's path again for each (a
    /// SNIRF file's measurement lists: 32 groups of 6–7 small datasets).
    func inGroup(_ object: String, _ body: (HDF5Writer) throws(SnirfExportError) -> Void) throws(SnirfExportError) {
        let group = H5Gcreate2(location, object, tapnirs_H5P_DEFAULT(), groupCreation, tapnirs_H5P_DEFAULT())
        guard group >= 0 else { throw failure(object, "group") }
        defer { H5Gclose(group) }
        var inner = self
        inner.location = group
        inner.prefix = prefix + object + "/"
        try body(inner)
    }

    /// A doubles table (`width` columns, or 1-D for nil) to be filled a block of rows at a time.
    func rows(_ object: String, width: Int?) throws(SnirfExportError) -> HDF5RowWriter {
        try HDF5RowWriter(file: self, object: object, width: width)
    }

    /// A creation property list of `kind` that records no object times.
    static func untimed(_ kind: hid_t, object: String, path: String) throws(SnirfExportError) -> hid_t {
        let properties = H5Pcreate(kind)
        guard properties >= 0 else { throw .cannotWrite(path: path, reason: "HDF5 could not make properties for \(object)") }
        guard H5Pset_obj_track_times(properties, false) >= 0 else {
            H5Pclose(properties)
            throw .cannotWrite(path: path, reason: "HDF5 could not set properties for \(object)")
        }
        return properties
    }

    /// A scalar string.
    func string(_ object: String, _ value: String) throws(SnirfExportError) {
        try strings(object, [value], scalar: true)
    }

    /// A 1-D array of strings.
    func strings(_ object: String, _ values: [String]) throws(SnirfExportError) {
        try strings(object, values, scalar: false)
    }

    /// A scalar 32-bit integer.
    func integer(_ object: String, _ value: Int) throws(SnirfExportError) {
        guard let narrow = Int32(exactly: value) else { throw failure(object, "integer \(value) out of 32-bit range") }
        var stored = CInt(narrow)
        try write(object, fileType: tapnirs_H5T_STD_I32LE(), memoryType: tapnirs_H5T_NATIVE_INT(), dimensions: nil) { dataset, memoryType in
            withUnsafeBytes(of: &stored) { H5Dwrite(dataset, memoryType, tapnirs_H5S_ALL(), tapnirs_H5S_ALL(), transfer, $0.baseAddress) }
        }
    }

    /// Doubles, row-major, with the given extent per dimension (slowest first).
    func doubles(_ object: String, _ values: [Double], dimensions: [Int]) throws(SnirfExportError) {
        guard dimensions.reduce(1, *) == values.count else {
            throw failure(object, "\(values.count) values for shape \(dimensions)")
        }
        try write(object, fileType: tapnirs_H5T_IEEE_F64LE(), memoryType: tapnirs_H5T_NATIVE_DOUBLE(),
                  dimensions: dimensions) { dataset, memoryType in
            if values.isEmpty { return 0 }
            return values.withUnsafeBytes {
                H5Dwrite(dataset, memoryType, tapnirs_H5S_ALL(), tapnirs_H5S_ALL(), transfer, $0.baseAddress)
            }
        }
    }

    /// The `snirf` validator (pysnirf2) decodes every string as ASCII and fails on anything
    /// else, so strings are stored as ASCII: accents dropped (é → e), a few symbols spelled
    /// out (× → x, µ → u, … → ...), anything else `?`.
    static func ascii(_ text: String) -> String {
        var result = ""
        for character in text {
            if character.isASCII { result.append(character); continue }
            switch character {
            case "×": result += "x"
            case "µ", "μ": result += "u"
            case "…": result += "..."
            case "–", "—", "−": result += "-"
            case "‘", "’": result += "'"
            case "“", "”": result += "\""
            default:
                let base = String(character).decomposedStringWithCanonicalMapping.unicodeScalars.first
                if let base, base.isASCII { result.unicodeScalars.append(base) } else { result += "?" }
            }
        }
        return result
    }

    // MARK: - Handles

    private func strings(_ object: String, _ values: [String], scalar: Bool) throws(SnirfExportError) {
        let type = stringType
        let pointers: [UnsafeMutablePointer<CChar>?] = values.map { strdup(Self.ascii($0)) }
        defer { pointers.forEach { free($0) } }
        try write(object, fileType: type, memoryType: type, dimensions: scalar ? nil : [values.count]) { dataset, memoryType in
            if values.isEmpty { return 0 }
            return pointers.withUnsafeBytes {
                H5Dwrite(dataset, memoryType, tapnirs_H5S_ALL(), tapnirs_H5S_ALL(), transfer, $0.baseAddress)
            }
        }
    }

    /// Creates `object` with a scalar (`dimensions` nil) or simple dataspace and runs `body`
    /// (dataset, memory type) to fill it.
    private func write(_ object: String, fileType: hid_t, memoryType: hid_t, dimensions: [Int]?,
                       _ body: (hid_t, hid_t) -> herr_t) throws(SnirfExportError) {
        let space: hid_t
        if let dimensions {
            let extent = dimensions.map { hsize_t($0) }
            space = H5Screate_simple(CInt(extent.count), extent, nil)
        } else {
            space = H5Screate(H5S_SCALAR)
        }
        guard space >= 0 else { throw failure(object, "dataspace") }
        defer { H5Sclose(space) }
        let dataset = H5Dcreate2(location, object, fileType, space, tapnirs_H5P_DEFAULT(), datasetCreation, tapnirs_H5P_DEFAULT())
        guard dataset >= 0 else { throw failure(object, "dataset") }
        defer { H5Dclose(dataset) }
        guard body(dataset, memoryType) >= 0 else { throw failure(object, "data") }
    }

    func failure(_ object: String, _ what: String) -> SnirfExportError {
        .cannotWrite(path: path, reason: "HDF5 could not write \(prefix)\(object) (\(what))")
    }
}
