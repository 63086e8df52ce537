import Foundation
import Glibc  // EEXIST
import TapCore

/// The folder of one session: `DIR/sub-<ID>/ses-<YYYYMMDDTHHMMSS>/`, created new every time.
public struct SessionFolder: Sendable {
    public enum Failure: Error, CustomStringConvertible {
        case badSubject(String)
        case cannotCreate(path: String, reason: String)

        public var description: String {
            switch self {
            case .badSubject(let id):
                return "subject ID '\(id)' must be 1–64 letters or digits (it becomes a folder name: sub-<ID>)"
            case .cannotCreate(let path, let reason):
                return "cannot create session folder \(path): \(reason)"
            }
        }
    }

    public let path: String
    public let subject: String
    /// `ses-…` label (BIDS session entity).
    public let sessionLabel: String

    /// An existing session folder (`create` makes new ones).
    public init(path: String, subject: String, sessionLabel: String) {
        self.path = path
        self.subject = subject
        self.sessionLabel = sessionLabel
    }

    /// Letters and digits only: the ID becomes part of a path, and BIDS labels are alphanumeric.
    public static func isValidSubject(_ id: String) -> Bool {
        !id.isEmpty && id.count <= 64 && id.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0)) }
    }

    /// Creates a fresh session folder. If one with the same timestamp exists (two runs in one
    /// second), a letter is appended (`…T101500b`): an existing session is never reused.
    public static func create(in directory: String, subject: String, at date: Date) throws(Failure) -> SessionFolder {
        guard isValidSubject(subject) else { throw .badSubject(subject) }
        let subjectDir = directory + "/sub-" + subject
        do {
            try FileManager.default.createDirectory(atPath: subjectDir, withIntermediateDirectories: true)
        } catch {
            throw .cannotCreate(path: subjectDir, reason: "\(error.localizedDescription)")
        }
        let stamp = Self.stamp(date)
        for suffix in [""] + "bcdefghijklmnopqrstuvwxyz".map(String.init) {
            let label = "ses-" + stamp + suffix
            let path = subjectDir + "/" + label
            do {
                try Syscalls.makeDirectory(path)
                return SessionFolder(path: path, subject: subject, sessionLabel: label)
            } catch {
                if error.errno != EEXIST { throw .cannotCreate(path: path, reason: error.reason) }
            }
        }
        throw .cannotCreate(path: subjectDir + "/ses-" + stamp, reason: "too many sessions started in the same second")
    }

    /// Local time as `YYYYMMDDTHHMMSS`.
    static func stamp(_ date: Date) -> String {
        let c = Calendar(identifier: .gregorian).dateComponents(in: .current, from: date)
        func two(_ v: Int?) -> String { let v = v ?? 0; return v < 10 ? "0\(v)" : "\(v)" }
        return String(c.year ?? 0) + two(c.month) + two(c.day) + "T" + two(c.hour) + two(c.minute) + two(c.second)
    }

    /// ISO 8601 with milliseconds and the local UTC offset (`2026-11-25T10:15:00.123+01:00`).
    public static func iso8601(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = .current
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    public func file(_ name: String) -> String { path + "/" + name }

    /// Writes `name` atomically: temp file, fsync, rename over the old one, fsync the folder.
    /// Every step is checked: a disk that fails here is a write error like a journal's.
    /// `durable: false` leaves out the fsyncs, for a file rewritten durably before long (a replay's
    /// first session.json).
    public func writeAtomically(_ name: String, _ data: Data, durable: Bool = true) throws {
        let final = file(name)
        let temp = final + ".tmp"
        Syscalls.removeQuietly(temp)  // left by a crash mid-write: never the real file
        let fd = try Syscalls.createExclusive(temp)
        do {
            try Syscalls.writeAll(fd, [UInt8](data), at: 0)
            if durable { try Syscalls.sync(fd) }
        } catch {
            Syscalls.closeQuietly(fd)
            Syscalls.removeQuietly(temp)
            throw error
        }
        Syscalls.closeQuietly(fd)
        do { try Syscalls.rename(temp, to: final) } catch {
            Syscalls.removeQuietly(temp)
            throw error
        }
        if durable { try Syscalls.sync(path: path) }
    }

    /// `value` as `encoder` writes it: by `FileJSON` (the same bytes, a tenth of the work), or by
    /// `encoder` itself for what `FileJSON` leaves to it.
    static func json<T: Encodable>(_ value: T) throws -> Data {
        do { return Data(try FileJSON.encode(value, keys: .snakeCase, pretty: true)) } catch {
            return try encoder.encode(value)
        }
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return encoder
    }()

    public func writeJSON<T: Encodable>(_ name: String, _ value: T, durable: Bool = true) throws {
        var data = try Self.json(value)
        data.append(0x0A)
        try writeAtomically(name, data, durable: durable)
    }
}
