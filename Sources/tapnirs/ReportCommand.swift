import ArgumentParser
import Foundation
import Glibc
import TapCore
import TapIO

/// `tapnirs report SESSION [--open]`: writes SESSION/report.html and prints the text summary.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a session's report.html (plots and per-block figures) and print its summary.",
        discussion: """
            The report is one self-contained HTML file (inline SVG and CSS, nothing loaded from the \
            network): tap rate over time, inter-tap intervals and asynchrony, the HbO/HbR motor \
            average, per-block bars, a channel map and a table per block with its plain-language \
            reading. An existing report.html is replaced (atomically) only when tapnirs wrote it for \
            the same session; any other file of that name is left alone and the command fails.
            """)

    @Argument(help: ArgumentHelp("The session folder (…/sub-<ID>/ses-<time>).", valueName: "session"))
    var session: String

    @Flag(name: .long, help: "Open the report with xdg-open (prints its path when xdg-open is missing).")
    var open = false

    @Option(help: ArgumentHelp("A norms file (tapnirs norms build) searched before the published norms.", valueName: "file"))
    var norms: String?

    func run() throws {
        let folder = session.hasSuffix("/") && session.count > 1 ? String(session.dropLast()) : session
        var input: ReportInput
        do { input = try SessionData.read(folder: folder) } catch {
            printError("tapnirs report: \(error.description)")
            throw ExitCode(1)
        }
        do { input.norms = try NormsFile.forSession(localPath: norms) } catch {
            printError("tapnirs report: --norms: \(error.description)")
            throw ExitCode(1)
        }
        let html = ReportHTML.render(input)
        let path = folder + "/report.html"
        do { try ReportFile.write(html, to: path, subject: input.header.subject, session: input.header.session) } catch {
            printError("tapnirs report: \(error.description)")
            throw ExitCode(1)
        }
        print(ReportText.render(input))
        print("  report: \(path)")
        if open { ReportFile.open(path) }
    }
}

enum ReportFile {
    enum Failure: Error, CustomStringConvertible {
        case notOurs(String)
        case cannotWrite(String, String)

        var description: String {
            switch self {
            case .notOurs(let path):
                return "\(path) exists and was not written by tapnirs for this session; move it away to write the report"
            case .cannotWrite(let path, let reason): return "cannot write \(path): \(reason)"
            }
        }
    }

    /// Writes a new file, or replaces (temp file, fsync, rename) a report tapnirs wrote for the same session.
    static func write(_ html: String, to path: String, subject: String, session: String) throws(Failure) {
        if FileManager.default.fileExists(atPath: path) {
            guard let data = FileManager.default.contents(atPath: path),
                  ReportHTML.isOwnReport(String(decoding: data, as: UTF8.self), subject: subject, session: session) else {
                throw .notOurs(path)
            }
        }
        let temp = path + ".tmp-\(getpid())"
        let fd = Glibc.open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .cannotWrite(temp, String(cString: strerror(errno))) }
        let bytes = Array(html.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                let reason = String(cString: strerror(errno))
                close(fd); unlink(temp)
                throw .cannotWrite(temp, reason)
            }
            offset += n
        }
        let synced = fsync(fd) == 0
        close(fd)
        guard synced else { unlink(temp); throw .cannotWrite(temp, "fsync failed: " + String(cString: strerror(errno))) }
        // A report that appeared meanwhile (not ours) must not be replaced: link() refuses to overwrite.
        if !FileManager.default.fileExists(atPath: path) {
            if link(temp, path) == 0 { unlink(temp); syncFolder(of: path); return }
            if errno != EEXIST { let reason = String(cString: strerror(errno)); unlink(temp); throw .cannotWrite(path, reason) }
            guard let data = FileManager.default.contents(atPath: path),
                  ReportHTML.isOwnReport(String(decoding: data, as: UTF8.self), subject: subject, session: session) else {
                unlink(temp); throw .notOurs(path)
            }
        }
        guard rename(temp, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temp)
            throw .cannotWrite(path, reason)
        }
        syncFolder(of: path)
    }

    static func syncFolder(of path: String) {
        let folder = (path as NSString).deletingLastPathComponent
        let fd = Glibc.open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 { _ = fsync(fd); close(fd) }
    }

    /// `xdg-open PATH` when it is on PATH; otherwise just say where the report is.
    static func open(_ path: String) {
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        let candidates: [String] = dirs.map { String($0) + "/xdg-open" }
        guard let tool = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            print("  xdg-open not found: open \(path) in a browser")
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = [path]
        do { try process.run() } catch { print("  could not run xdg-open (\(error)): open \(path) in a browser") }
    }
}
