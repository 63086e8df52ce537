/// Why a SNIRF file could not be read, always naming the file, so that the message shown on
/// screen (or by `tapnirs check`) says which file to fix and what is wrong with it.
public enum SnirfError: Error, Equatable, Sendable, CustomStringConvertible {
    case fileNotFound(path: String)
    /// The file exists but cannot be opened (permissions, a directory, …).
    case unreadable(path: String, reason: String)
    /// The file is not an HDF5 container at all (SNIRF files always are).
    case notHDF5(path: String)
    /// A group or dataset the SNIRF specification requires is absent.
    case missingObject(path: String, object: String)
    /// A measurement holds something other than raw intensity (dataType 1), which is all
    /// tapnirs replays.
    case unsupportedDataType(path: String, measurement: String, dataType: Int, label: String?)
    /// Present but unusable: wrong type, shape, or inconsistent indices.
    case malformed(path: String, reason: String)

    public var path: String {
        switch self {
        case .fileNotFound(let path), .unreadable(let path, _), .notHDF5(let path),
             .missingObject(let path, _), .unsupportedDataType(let path, _, _, _), .malformed(let path, _):
            return path
        }
    }

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            return "\(path): no such file"
        case .unreadable(let path, let reason):
            return "\(path): cannot be read (\(reason))"
        case .notHDF5(let path):
            return "\(path): not an HDF5 file, so not a SNIRF file"
        case .missingObject(let path, let object):
            return "\(path): SNIRF object \(object) is missing"
        case .unsupportedDataType(let path, let measurement, let dataType, let label):
            let labelText = label.map { " (\($0))" } ?? ""
            return "\(path): \(measurement) has dataType \(dataType)\(labelText); only raw intensity (dataType 1) is supported"
        case .malformed(let path, let reason):
            return "\(path): \(reason)"
        }
    }
}
