import ArgumentParser
import TapIO

/// `tapnirs`: a paced finger-tapping test at the terminal, recorded safely.
@main
struct Tapnirs: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "tapnirs",
        abstract: "Run a paced finger-tapping session at the terminal and record every tap.",
        discussion: "Protocols live in Protocols/; records are written to sessions/sub-<ID>/ses-<time>/. See docs/.",
        version: version,
        subcommands: [Run.self, Check.self, Emulate.self, Evaluate.self, Recover.self, Reanalyse.self, Compare.self, Export.self, ReportCommand.self, Norms.self, BenchNirs.self, BenchLsl.self, BenchSoak.self, BenchEnd.self],
        defaultSubcommand: nil
    )

    /// The commands whose last step is writing nirs.snirf: HDF5 is set up meanwhile (`SnirfWarmUp`).
    static let writesSnirf: Set<String> = ["reanalyse", "recover", "export"]

    /// ArgumentParser's own `main`, with HDF5 warmed up on the idle core for the commands that end
    /// by writing a SNIRF file, and that warm-up joined before the process exits.
    static func main() {
        let warmUp = CommandLine.arguments.dropFirst().first.map(writesSnirf.contains) == true ? SnirfWarmUp() : nil
        do {
            var command = try parseAsRoot()
            try command.run()
            warmUp?.join()
        } catch {
            warmUp?.join()
            exit(withError: error)
        }
    }
}
