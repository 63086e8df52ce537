import ArgumentParser
import TapIO

/// `tapnirs export --bids DIR SESSION...`: session folders as a BIDS-NIRS dataset.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export session folders as a BIDS dataset (NIRS extension).",
        discussion: """
            Writes each session to DIR/sub-<ID>/ses-<label>/: nirs/ (SNIRF recording, events, channels, \
            optodes, coordinate system, sidecar) and beh/ (every key press); a session without fNIRS gets \
            beh/ with its events only. Adds dataset_description.json, README, participants.tsv and \
            participants.json to DIR. Several sessions of a subject go side by side. A file already in DIR \
            is never replaced: a session whose files would differ from those there is refused (exit 1). \
            A session still marked running must be closed with `tapnirs recover` first. \
            Check the result with scripts/check-bids.sh DIR (the official BIDS validator).
            """)

    @Option(help: ArgumentHelp("The BIDS dataset folder (created if needed; may already hold sessions).", valueName: "dir"))
    var bids: String

    @Argument(help: ArgumentHelp("Session folders (sessions/sub-<ID>/ses-<time>).", valueName: "session"))
    var sessions: [String]

    func run() throws {
        var failed = 0
        var subjects: [String] = []
        var visits: [BidsVisit] = []
        for session in sessions {
            do {
                let summary = try BidsExport.exportSession(session, to: bids)
                print(summary.description)
                subjects.append(summary.subject)
                visits.append(summary.visit)
            } catch {
                failed += 1
                printError("error: " + error.description)
            }
        }
        if !subjects.isEmpty {
            do {
                for note in try BidsExport.updateDatasetFiles(bids, subjects: subjects, version: Tapnirs.version, visits: visits) { print("note: \(note)") }
            } catch {
                printError("error: " + error.description)
                throw ExitCode(1)
            }
        }
        let exported = sessions.count - failed
        print("\(exported) of \(sessions.count) session\(sessions.count == 1 ? "" : "s") exported to \(bids)")
        if failed > 0 { throw ExitCode(1) }
    }
}
