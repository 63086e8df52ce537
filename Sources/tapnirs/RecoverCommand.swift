import ArgumentParser
import TapIO

/// `tapnirs recover SESSION`: close a killed session from its journals.
struct Recover: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recover",
        abstract: "Close a session that was killed mid-run (status `running`) from its flushed records.",
        discussion: """
            Replays the session's taps, pauses, markers and fNIRS samples through the same code as the \
            live program to rebuild summary.json (tapping figures, fade detectors), marks the session \
            `interrupted` in session.json and events.tsv, and builds nirs.snirf. Rows already on disk are \
            never changed; a partial last row (cut by the kill) is reported and left out.
            """)

    @Argument(help: ArgumentHelp("Session folders (sessions/sub-ID/ses-…).", valueName: "session"))
    var sessions: [String]

    func run() throws {
        var failed = false
        for folder in sessions {
            do {
                print(try SessionRecovery.recover(folder: folder))
            } catch {
                failed = true
                FileHandleError.print("tapnirs recover: \(error)")
            }
        }
        if failed { throw ExitCode(1) }
    }
}
