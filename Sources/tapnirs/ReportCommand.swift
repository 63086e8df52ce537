import ArgumentParser
import Foundation
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

    @Option(help: ArgumentHelp("A norms file (tapnirs norms build) searched before the published norms "
                               + "(default: the comparisons summary.json recorded, made with the session's norms).",
                               valueName: "file"))
    var norms: String?

    func run() throws {
        let folder = session.hasSuffix("/") && session.count > 1 ? String(session.dropLast()) : session
        var input: ReportInput
        do { input = try SessionData.read(folder: folder) } catch {
            printError("tapnirs report: \(error.description)")
            throw ExitCode(1)
        }
        if let norms {
            do { input.norms = try NormsFile.forSession(localPath: norms) } catch {
                printError("tapnirs report: --norms: \(error.description)")
                throw ExitCode(1)
            }
        } else if input.clinical == nil {
            // No comparisons recorded (a session from before them): made now, with the norms the
            // session ran with; a file that cannot be read is said in the report and here.
            let recorded = NormsFile.recorded(input.header.normsFile)
            input.norms = recorded.table
            if let note = recorded.note {
                input.notes.append(note)
                printError("tapnirs report: \(note)")
            }
        }
        // Otherwise summary.json's comparisons stand as the session (or recover) made them, with
        // the norms it ran with (`input.norms` nil).
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

extension ReportFile {
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
