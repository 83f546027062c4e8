/// A JSON syntax error with its position in the input.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Zero-based byte offset of the offending byte.
    public let offset: Int
    /// One-based line number.
    public let line: Int
    /// One-based column, counted in bytes from the start of the line.
    public let column: Int
    /// What went wrong, e.g. `expected ':' after object key`.
    public let message: String

    /// Creates an error; the line and column are those of `offset`.
    public init(offset: Int, line: Int, column: Int, message: String) {
        self.offset = offset
        self.line = line
        self.column = column
        self.message = message
    }

    /// `line L, column C: message`.
    public var description: String {
        "JSON parse error at line \(line), column \(column) (offset \(offset)): \(message)"
    }
}
