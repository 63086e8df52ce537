import ArgumentParser
import Glibc
import TapCore
import TapIO

/// `tapnirs check FILE...`: validates protocol files without running anything.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate protocol files.",
        discussion: """
            Prints `OK  <file>: <summary>` for each valid file. For an invalid one, prints every \
            problem to stderr as `<file>:<line>:<column>: <field>: <message>`. Exits 1 if any file \
            is invalid. The format is described in docs/protocol-format.md.
            """)

    @Argument(help: ArgumentHelp("Protocol files (YAML or JSON).", valueName: "file"))
    var files: [String]

    func run() throws {
        var failed = 0
        for file in files {
            do {
                let definition = try ProtocolFile.load(path: file)
                print("OK  \(file): \(definition.summaryLine)")
            } catch {
                failed += 1
                printError(error.description)
            }
        }
        if failed > 0 {
            printError("\(failed) of \(files.count) protocol file\(files.count == 1 ? "" : "s") invalid")
            throw ExitCode(1)
        }
    }
}

/// Writes a line to standard error (unbuffered, so it interleaves correctly with stdout).
func printError(_ text: String) {
    var stderr = StandardError()
    print(text, to: &stderr)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        // stderr closed or full: nothing better to do with an error message.
        Syscalls.writeEverything(STDERR_FILENO, Array(string.utf8))
    }
}
