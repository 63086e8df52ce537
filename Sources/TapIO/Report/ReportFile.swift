import Foundation
import Glibc  // EEXIST
import TapCore

/// A session's `report.html`, written so that a report is never half there and a file tapnirs
/// did not write for this session is never replaced.
public enum ReportFile {
    public enum Failure: Error, CustomStringConvertible {
        case notOurs(String)
        case cannotWrite(String, String)

        public var description: String {
            switch self {
            case .notOurs(let path):
                return "\(path) exists and was not written by tapnirs for this session; move it away to write the report"
            case .cannotWrite(let path, let reason): return "cannot write \(path): \(reason)"
            }
        }
    }

    /// Writes a new file, or replaces (temp file, fsync, rename) a report tapnirs wrote for the same session.
    public static func write(_ html: String, to path: String, subject: String, session: String) throws(Failure) {
        func isOurs() -> Bool {
            guard let data = FileManager.default.contents(atPath: path) else { return false }
            return ReportHTML.isOwnReport(String(decoding: data, as: UTF8.self), subject: subject, session: session)
        }
        if FileManager.default.fileExists(atPath: path), !isOurs() { throw .notOurs(path) }
        let temp = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        let fd: Int32
        do { fd = try Syscalls.createExclusive(temp) } catch { throw .cannotWrite(temp, error.reason) }
        do {
            try Syscalls.writeAll(fd, Array(html.utf8))
            try Syscalls.sync(fd)
        } catch {
            Syscalls.closeQuietly(fd)
            Syscalls.removeQuietly(temp)
            throw .cannotWrite(temp, error.call == "fsync" ? "fsync failed: " + error.reason : error.reason)
        }
        Syscalls.closeQuietly(fd)  // after a checked fsync: see closeQuietly
        // A report that appeared meanwhile (not ours) must not be replaced: link() refuses to overwrite.
        if !FileManager.default.fileExists(atPath: path) {
            do {
                try Syscalls.link(temp, to: path)
                Syscalls.removeQuietly(temp)
                syncFolder(of: path)
                return
            } catch {
                guard error.errno == EEXIST else {
                    Syscalls.removeQuietly(temp)
                    throw .cannotWrite(path, error.reason)
                }
            }
            guard isOurs() else {
                Syscalls.removeQuietly(temp)
                throw .notOurs(path)
            }
        }
        do { try Syscalls.rename(temp, to: path) } catch {
            Syscalls.removeQuietly(temp)
            throw .cannotWrite(path, error.reason)
        }
        syncFolder(of: path)
    }

    /// Makes the new name durable. A failure is not reported: the file's bytes were fsynced
    /// (checked) before, and a report lost with its name in a crash is written again from the
    /// session folder by `tapnirs report`.
    static func syncFolder(of path: String) {
        let folder = (path as NSString).deletingLastPathComponent
        try? Syscalls.sync(path: folder.isEmpty ? "." : folder)
    }
}
