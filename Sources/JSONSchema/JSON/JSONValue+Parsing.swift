extension JSONValue {
    /// The deepest array/object nesting the parser accepts; deeper input is rejected
    /// instead of risking a stack overflow.
    public static let maximumParsingDepth = 512

    /// Parses UTF-8 encoded JSON text (RFC 8259). Surrounding whitespace is allowed; anything else
    /// after the value is an error.
    ///
    /// - Throws: ``JSONParseError`` with the byte offset, line and column of the problem.
    public init(parsing bytes: some Collection<UInt8>) throws(JSONParseError) {
        let result: Result<JSONValue, JSONParseError>? = bytes.withContiguousStorageIfAvailable { buffer in
            JSONParser.parseDocument(buffer)
        }
        self = try (result ?? Array(bytes).withUnsafeBufferPointer { JSONParser.parseDocument($0) }).get()
    }

    /// Parses JSON text.
    ///
    /// ```swift
    /// let value = try JSONValue(parsing: "[1, 2.5, \"three\"]")
    /// ```
    /// - Throws: ``JSONParseError`` with the byte offset, line and column of the problem.
    public init(parsing text: String) throws(JSONParseError) {
        var text = text
        let result = text.withUTF8 { JSONParser.parseDocument($0) }
        self = try result.get()
    }
}
