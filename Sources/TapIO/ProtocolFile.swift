import Foundation
import TapCore

/// Reads a protocol file from disk and parses it. Every failure — missing, a folder, a device
/// or pipe, too large, unreadable, not UTF-8 text, invalid — becomes a `ProtocolError` naming
/// the file as the user wrote it, never a crash.
public enum ProtocolFile {
    public static func load(path: String) throws(ProtocolError) -> SessionProtocol {
        try loadWithText(path: path).definition
    }

    /// The protocol and the exact text it was read from (copied into `session.json`).
    public static func loadWithText(path: String) throws(ProtocolError) -> (definition: SessionProtocol, text: String) {
        let text = try readText(path: path)
        return (try ProtocolParser.parse(text: text, fileName: path), text)
    }

    /// The file's text, checked to be a small UTF-8 text file before and after reading.
    public static func readText(path: String) throws(ProtocolError) -> String {
        func refuse(_ message: String) -> ProtocolError { ProtocolError(file: path, message: message) }
        guard !path.isEmpty else { throw refuse("no file name given") }
        // Follow symbolic links, then look at what the name points to before opening it:
        // opening a FIFO would block, and reading /dev/zero would never end.
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory) else {
            throw refuse("no such file")
        }
        guard !isDirectory.boolValue else { throw refuse("is a folder, not a protocol file") }
        let attributes = (try? FileManager.default.attributesOfItem(atPath: resolved)) ?? [:]
        if let type = attributes[.type] as? FileAttributeType, type != .typeRegular {
            throw refuse("is not a regular file (a device, pipe or socket); give the path of a .yaml file")
        }
        if let size = (attributes[.size] as? NSNumber)?.intValue, size > ProtocolParser.maximumBytes {
            throw refuse("is \(size) bytes; a protocol is a short text file (at most 1 MiB)")
        }
        guard FileManager.default.isReadableFile(atPath: resolved) else {
            throw refuse("cannot be read: permission denied")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: resolved))
        } catch {
            throw refuse("cannot be read: \((error as NSError).localizedDescription)")
        }
        guard data.count <= ProtocolParser.maximumBytes else {
            throw refuse("is larger than 1 MiB; a protocol is a short text file")
        }
        guard !data.contains(0), let text = String(data: data, encoding: .utf8) else {
            throw refuse("is not a UTF-8 text file (a YAML or JSON protocol is plain text)")
        }
        return text
    }
}
