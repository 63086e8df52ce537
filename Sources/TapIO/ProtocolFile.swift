import Foundation
import TapCore

/// Reads a protocol file from disk. Every failure — missing, a folder, unreadable, not
/// UTF-8, invalid — becomes a `ProtocolError` naming the file, never a crash.
public enum ProtocolFile {
    public static func load(path: String) throws(ProtocolError) -> SessionProtocol {
        try loadWithText(path: path).definition
    }

    /// The protocol and the exact text it was read from (copied into `session.json`).
    public static func loadWithText(path: String) throws(ProtocolError) -> (definition: SessionProtocol, text: String) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ProtocolError(file: path, issues: [.init(line: nil, field: "", message: "no such file")])
        }
        guard !isDirectory.boolValue else {
            throw ProtocolError(file: path, issues: [.init(line: nil, field: "", message: "is a folder, not a protocol file")])
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ProtocolError(file: path, issues: [.init(line: nil, field: "", message: "cannot be read (permissions?)")])
        }
        guard let text = String(data: data, encoding: .utf8), !data.contains(0) else {
            throw ProtocolError(file: path, issues: [.init(line: nil, field: "", message: "is not a UTF-8 text file")])
        }
        return (try ProtocolParser.parse(text: text, fileName: path), text)
    }
}
