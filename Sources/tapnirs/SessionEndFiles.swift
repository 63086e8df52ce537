import TapIO
import TapCore

/// The standard files a session's folder gets once its journals are complete, written the same
/// way after `tapnirs run` and `tapnirs reanalyse`; each failure is reported, never fatal.
enum SessionEndFiles {
    /// `nirs.snirf`, built from the flushed journals (so it is the same file `tapnirs recover`
    /// would build); a failure is reported, never fatal: the journals are the record.
    static func writeSnirf(_ folder: SessionFolder) {
        do {
            let report = try SnirfExport.write(sessionFolder: folder.path, to: folder.file("nirs.snirf"))
            print("  snirf: nirs.snirf (\(report.samplesWritten) samples" + (report.skipped.isEmpty ? ")" : ", \(report.skipped.count) partial rows skipped)"))
        } catch {
            print("  snirf: not written: \(error)")
        }
    }

    /// `report.html` for the clinician, as `tapnirs report` writes it; a failure is reported, never fatal.
    static func writeReport(_ folder: SessionFolder, norms: NormTable) {
        do {
            var input = try SessionData.read(folder: folder.path)
            input.norms = norms
            try ReportFile.write(ReportHTML.render(input), to: folder.file("report.html"),
                                 subject: input.header.subject, session: input.header.session)
            print("  report: \(folder.file("report.html"))")
        } catch {
            print("  report: not written: \(error)")
        }
    }
}
