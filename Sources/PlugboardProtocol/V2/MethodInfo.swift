/// A named method a plugin offers (GoPlug's model): bytes in, bytes out, optionally typed by JSON Schemas.
///
/// Listed in a v2 plugin's capabilities (`"methods": [...]`) and by `GET /plugboard/v2/methods`; called with
/// `POST /plugboard/v2/methods/{name}` (the name percent-encoded).
public struct MethodInfo: Codable, Sendable, Hashable {
    /// The name the plugin author wrote, e.g. `Resize` or `count-words`.
    public var name: String
    /// What it does.
    public var description: String?
    /// The JSON Schema of the input, when the method takes JSON.
    public var inputSchema: RawJSON?
    /// The JSON Schema of the output, when the method returns JSON.
    public var outputSchema: RawJSON?

    /// Creates a method description.
    public init(name: String, description: String? = nil, inputSchema: RawJSON? = nil, outputSchema: RawJSON? = nil) {
        self.name = name
        self.description = description
        self.inputSchema = inputSchema
        self.outputSchema = outputSchema
    }
}
