import ArgumentParser

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
}
