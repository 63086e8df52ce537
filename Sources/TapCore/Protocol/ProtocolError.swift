/// Why a protocol file was refused: every problem found, each with its line and field, so a
/// user can fix the file in one go.
///
/// Rendered one problem per line, compiler-style, so editors and terminals can jump to it:
///
///     Protocols/x.yaml:12:15: blocks[3].tap.pace: 12 Hz is outside 0.2–10 Hz
///     Protocols/x.yaml: no such file
public struct ProtocolError: Error, Equatable, Sendable, CustomStringConvertible {
    public struct Issue: Equatable, Sendable, CustomStringConvertible {
        /// 1-based line in the file, when known.
        public var line: Int?
        /// 1-based column (in Unicode scalars, as libyaml counts), when known.
        public var column: Int?
        /// Where in the document: `blocks[3].tap.pace`, or empty for the file as a whole.
        /// List indices are positions in the file's lists, before repeats are expanded.
        public var field: String
        /// The offending value as written in the file (`12`, `'fast'`), when there is one.
        /// The message already quotes it; this is for programs.
        public var value: String?
        /// Plain words: what is wrong and, where possible, what to write instead.
        public var message: String

        public init(line: Int?, column: Int? = nil, field: String, value: String? = nil, message: String) {
            self.line = line
            self.column = column
            self.field = field
            self.value = value
            self.message = message
        }

        /// `:12:15: blocks[3].tap.pace: message`, ready to follow the file name.
        public var description: String {
            let position = line.map { ":\($0)" + (column.map { ":\($0)" } ?? "") } ?? ""
            return position + ": " + (field.isEmpty ? "" : field + ": ") + message
        }
    }

    /// The file as the user named it (a path, or whatever name the caller gave the text).
    public var file: String
    /// In file order: by line, then column; problems about the file as a whole first.
    public var issues: [Issue]

    public init(file: String, issues: [Issue]) {
        self.file = file
        self.issues = issues
    }

    /// A problem with the file as a whole (missing, unreadable…), with no line.
    public init(file: String, message: String) {
        self.init(file: file, issues: [Issue(line: nil, field: "", message: message)])
    }

    /// One line per issue: `Protocols/x.yaml:12:15: blocks[3].tap.pace: 12 Hz is outside 0.2–10 Hz`.
    public var description: String {
        issues.map { file + $0.description }.joined(separator: "\n")
    }
}
