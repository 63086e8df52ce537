import ArgumentParser
import Foundation
import TapCore
import TapIO

/// `tapnirs norms build DIR... --out FILE`: local norms from a clinic's own control sessions.
struct Norms: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "norms",
        abstract: "Norms tables: build one from your own control sessions.",
        subcommands: [Build.self])

    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "build",
            abstract: "Make a norms file from control sessions (per block label, hand and age band: mean, SD, n).",
            discussion: """
                Reads every finished session folder in DIR (a session folder, or a folder holding sub-<ID>/ses-<time>/ \
                folders). Each session gives one value per block label, hand and measure (mean taps, rate, decline; the \
                FTT score per hand), so a person counts once per row. Rows with fewer than 2 sessions are left out. \
                Use the file with run/report/compare --norms FILE (docs/clinical.md).
                """)

        @Argument(help: ArgumentHelp("Folders of control sessions.", valueName: "dir"))
        var folders: [String]

        @Option(help: ArgumentHelp("The norms file to write (refused if it exists, unless --force).", valueName: "file"))
        var out: String

        @Option(help: ArgumentHelp("Age bands, inclusive, e.g. 18-39,40-59,60-89.", valueName: "bands"))
        var ageBands = "18-39,40-59,60-89"

        @Option(help: ArgumentHelp("How the controls tapped, for the report (e.g. 'Dell KB216, space bar, right index finger').",
                                   valueName: "text"))
        var apparatus = "tapnirs, computer keyboard"

        @Option(help: ArgumentHelp("A name for the table (shown with every comparison).", valueName: "name"))
        var name: String?

        @Flag(help: "Replace FILE if it exists.")
        var force = false

        func bands() throws -> [ClosedRange<Int>] {
            try ageBands.split(separator: ",").map { part in
                let ends = part.split(separator: "-").map { Int($0.trimmingCharacters(in: .whitespaces)) }
                guard ends.count == 2, let low = ends[0], let high = ends[1], low >= 0, low <= high else {
                    throw ValidationError("--age-bands '\(part)': write each band as LOW-HIGH in whole years, e.g. 18-39,40-59")
                }
                return low...high
            }
        }

        func validate() throws {
            guard !folders.isEmpty else { throw ValidationError("give at least one folder of control sessions") }
            _ = try bands()
        }

        func run() throws {
            if FileManager.default.fileExists(atPath: out), !force {
                throw RunFailure("\(out) exists; give another --out or --force to replace it")
            }
            var controls: [NormsBuilder.Control] = []
            var skipped: [String] = []
            for folder in folders {
                let found = Self.sessionFolders(in: folder)
                if found.isEmpty { skipped.append("\(folder): no session folder (session.json) found") }
                for session in found {
                    do {
                        let manifest = try SessionReading.manifest(folder: session)
                        guard manifest.status != .running else {
                            skipped.append("\(session): unfinished (close it with tapnirs recover)")
                            continue
                        }
                        let summary = try SessionReading.summary(folder: session)
                        let hands = CompareClinical.column(session: session, manifest: manifest, summary: summary).hands
                        controls.append(.init(name: session, participant: manifest.participant, hands: hands, blocks: manifest.blocksRun))
                    } catch {
                        skipped.append("\(session): \(error)")
                    }
                }
            }
            guard !controls.isEmpty else { throw RunFailure("no finished control session found in " + folders.joined(separator: ", ")) }
            let table = NormsBuilder.build(controls, ageBands: try bands(), name: name ?? "local norms (\(controls.count) controls)",
                                           apparatus: apparatus)
            do { try NormsFile.write(table, to: out) } catch { throw RunFailure("cannot write \(out): \(error)") }
            let withAge = controls.filter { $0.participant?.ageYears != nil }.count
            print("norms: \(table.norms.count) rows from \(controls.count) control session\(controls.count == 1 ? "" : "s") "
                  + "(\(withAge) with an age) -> \(out)")
            for row in table.norms {
                let scale = row.measure == .decline ? 100.0 : 1.0
                print("  \(row.measure.rawValue) \(row.label) \(row.hand.rawValue) \(row.ageBandText): "
                      + FixedDecimal.format(seconds: row.mean * scale, digits: 2) + " ± " + FixedDecimal.format(seconds: row.sd * scale, digits: 2)
                      + " (n \(row.n))" + (row.n < 20 ? "  few controls" : ""))
            }
            for note in skipped { print("  skipped: " + note) }
        }

        /// `folder` itself when it holds session.json, else the session folders below it (two levels: sub-*/ses-*).
        static func sessionFolders(in folder: String) -> [String] {
            let manager = FileManager.default
            if manager.fileExists(atPath: folder + "/session.json") { return [folder] }
            var found: [String] = []
            for child in ((try? manager.contentsOfDirectory(atPath: folder)) ?? []).sorted() {
                let path = folder + "/" + child
                if manager.fileExists(atPath: path + "/session.json") { found.append(path); continue }
                for grandchild in ((try? manager.contentsOfDirectory(atPath: path)) ?? []).sorted()
                where manager.fileExists(atPath: path + "/" + grandchild + "/session.json") {
                    found.append(path + "/" + grandchild)
                }
            }
            return found
        }
    }
}
