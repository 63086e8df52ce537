import Dispatch
import TapIO
import TapCore

/// The standard files a session's folder gets once its journals are complete, written the same
/// way after `tapnirs run` and `tapnirs reanalyse`; each failure is reported, never fatal.
enum SessionEndFiles {
    /// Writes `nirs.snirf` (when `snirf`) and `report.html` (when `reportNorms` is given) side by
    /// side on two threads — they only read the finished journals, and only the SNIRF writer
    /// calls HDF5 — then prints what each did, SNIRF first. `written`: the session.json and
    /// summary.json just written (or being written), which the report need not decode again.
    /// `alongside`: a job run meanwhile on a thread of its own (a reanalysis's fsyncs), joined
    /// before returning.
    static func write(_ folder: SessionFolder, snirf: Bool, reportNorms: NormTable?, written: SessionData.WrittenFiles?,
                      alongside: (@Sendable () -> Void)? = nil) {
        final class Lines: @unchecked Sendable {
            var snirf: String?
            var report: String?
        }
        // A serial queue of its own gets a thread at once (the global ones are busy below).
        let other = DispatchGroup()
        if let alongside { DispatchQueue(label: "tapnirs.end-files.alongside").async(group: other, execute: alongside) }
        let lines = Lines()  // each slot written by one thread, read after both ended
        DispatchQueue.concurrentPerform(iterations: 2) { job in
            if job == 0, snirf { lines.snirf = writeSnirf(folder, written: written) }
            if job == 1, let reportNorms { lines.report = writeReport(folder, norms: reportNorms, written: written) }
        }
        other.wait()
        for line in [lines.snirf, lines.report].compactMap({ $0 }) { StandardOutput.line(line) }
    }

    /// `nirs.snirf`, built from the flushed journals — or the numbers the recorder kept of them,
    /// which read back the same — so it is the same file `tapnirs recover` would build; a failure
    /// is reported, never fatal: the journals are the record.
    static func writeSnirf(_ folder: SessionFolder, written: SessionData.WrittenFiles?) -> String {
        do {
            let report = try SnirfExport.write(sessionFolder: folder.path, to: folder.file("nirs.snirf"), written: written)
            return "  snirf: nirs.snirf (\(report.samplesWritten) samples"
                + (report.skipped.isEmpty ? ")" : ", \(report.skipped.count) partial rows skipped)")
        } catch {
            return "  snirf: not written: \(error)"
        }
    }

    /// `report.html` for the clinician, as `tapnirs report` writes it; a failure is reported, never fatal.
    static func writeReport(_ folder: SessionFolder, norms: NormTable, written: SessionData.WrittenFiles?) -> String {
        do {
            var input = try SessionData.read(folder: folder.path, written: written)
            input.norms = norms
            try ReportFile.write(ReportHTML.render(input), to: folder.file("report.html"),
                                 subject: input.header.subject, session: input.header.session)
            return "  report: \(folder.file("report.html"))"
        } catch {
            return "  report: not written: \(error)"
        }
    }
}
