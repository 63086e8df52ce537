import ArgumentParser
import TapCore
import TapIO

/// `tapnirs check FILE...`: validates protocol files.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate protocol files.",
        discussion: "Prints one line per valid file; for an invalid one, every problem with its line and field. "
            + "Exits 1 if any file is invalid. The format is in docs/protocol-format.md.")

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
                printError("\(error)")
            }
        }
        if failed > 0 {
            printError("\(failed) of \(files.count) protocol file\(files.count == 1 ? "" : "s") invalid")
            throw ExitCode(1)
        }
    }
}

func printError(_ text: String) {
    var stderr = StandardError()
    print(text, to: &stderr)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        let bytes = Array(string.utf8)
        bytes.withUnsafeBytes { _ = Glibc.write(2, $0.baseAddress, $0.count) }
    }
}

import Glibc
