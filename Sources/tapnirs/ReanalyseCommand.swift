import ArgumentParser
import Foundation
import TapCore
import TapIO

/// `tapnirs reanalyse SESSION [--protocol FILE]`: the recorded inputs again, into a new folder.
struct Reanalyse: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reanalyse",
        abstract: "Re-run the analysis of a recorded session (detectors, summaries, report) into a new folder beside it.",
        discussion: """
            Feeds the session's input journal (inputs.tsv: every key, fNIRS sample batch, signal and \
            beat, at the nanosecond it happened) through the same code as the live program and writes \
            every record again into SESSIONreanalysisN beside it; the original is never changed. With \
            --protocol, the detector and fNIRS settings of FILE are used; its blocks must be the \
            recorded ones. Without it, the result equals the original file for file.
            """)

    @Argument(help: ArgumentHelp("A session folder (sessions/sub-ID/ses-…).", valueName: "session"))
    var session: String

    @Option(name: .customLong("protocol"), help: ArgumentHelp("A protocol with other analysis settings.", valueName: "file"))
    var protocolPath: String?

    @Option(help: ArgumentHelp("A local norms file (default: the one the session was run with).", valueName: "file"))
    var norms: String?

    @Flag(help: "Write no report.html.")
    var noReport = false

    func run() throws {
        var replacement: (SessionProtocol, text: String, file: String)?
        if let protocolPath {
            do {
                let (definition, text) = try ProtocolFile.loadWithText(path: protocolPath)
                replacement = (definition, text, protocolPath)
            } catch {
                FileHandleError.print("tapnirs reanalyse: \(error)")
                throw ExitCode(1)
            }
        }
        let outcome: SessionReanalysis.Outcome
        do { outcome = try SessionReanalysis.run(original: session, replacement: replacement, normsFile: norms) } catch {
            FileHandleError.print("tapnirs reanalyse: \(error)")
            throw ExitCode(1)
        }
        StandardOutput.line("reanalysed \(session): \(outcome.inputs) inputs replayed into \(outcome.folder.path); "
                            + "status \(outcome.session.status.rawValue)")
        for row in outcome.skipped { StandardOutput.line("  skipped: \(row)") }
        for detection in outcome.session.detections.sorted(by: { $0.block < $1.block }) { StandardOutput.line("  " + detection.reading) }
        let snirf = FileManager.default.fileExists(atPath: outcome.folder.file("nirs_raw.tsv"))
        let reportNorms = noReport ? nil : outcome.norms
        guard let final = outcome.written else {
            // Its last rows could not be written there: the end files read the folder once it is complete.
            let written = outcome.complete()
            SessionEndFiles.write(outcome.finalFolder, snirf: snirf, reportNorms: reportNorms, written: written)
            return
        }
        // The records are fsynced and summary.json and session.json written while nirs.snirf and
        // report.html are built from what those files are getting.
        final class Completion: @unchecked Sendable {  // run on the other thread, read after it is joined
            let outcome: SessionReanalysis.Outcome
            var written: SessionData.WrittenFiles?
            init(_ outcome: SessionReanalysis.Outcome) { self.outcome = outcome }
            func run() { written = outcome.complete() }
        }
        let completion = Completion(outcome)
        SessionEndFiles.write(outcome.folder, snirf: snirf, reportNorms: reportNorms, written: final,
                              alongside: completion.run)
        let written = completion.written
        if outcome.finalFolder.path != outcome.folder.path {
            // A write failed meanwhile and the records moved to the fallback folder: both files
            // again there, from what that folder holds.
            SessionEndFiles.write(outcome.finalFolder, snirf: snirf, reportNorms: reportNorms, written: written)
        } else if let reportNorms, written?.manifest != final.manifest || written?.summary != final.summary {
            // A write failed meanwhile (session.json now lists it, or summary.json is missing): the
            // report again, from the folder as it now is.
            StandardOutput.line(SessionEndFiles.writeReport(outcome.finalFolder, norms: reportNorms, written: written))
        }
    }
}
