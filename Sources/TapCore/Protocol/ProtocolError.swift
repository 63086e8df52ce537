/// Why a protocol file was refused: every problem found, each with its line and field, so a
/// user can fix the file in one go.
public struct ProtocolError: Error, Equatable, Sendable, CustomStringConvertible {
    public struct Issue: Equatable, Sendable, CustomStringConvertible {
        /// 1-based line in the file, when known.
        public var line: Int?
        public var column: Int?
        /// Where in the document: `blocks[3].tap.pace`, or empty for the file as a whole.
        public var field: String
        public var message: String

        public init(line: Int?, column: Int? = nil, field: String, message: String) {
            self.line = line
            self.column = column
            self.field = field
            self.message = message
        }

        public var description: String {
            let position = line.map { ":\($0)" + (column.map { ":\($0)" } ?? "") } ?? ""
            return position + ": " + (field.isEmpty ? "" : field + ": ") + message
        }
    }

    public var file: String
    public var issues: [Issue]

    public init(file: String, issues: [Issue]) {
        self.file = file
        self.issues = issues
    }

    /// One line per issue: `Protocols/x.yaml:12:5: blocks[3].tap.pace: 12 Hz is outside 0.2–10 Hz`.
    public var description: String {
        issues.map { file + $0.description }.joined(separator: "\n")
    }
}
