import PlugboardProtocol

/// A parameter is read as an object or, in the older form, a bare name: its `init(from:)` tries the string first,
/// which the derivation alone would take for the only shape.
extension ParameterInfo: WireSchemaProviding {
    /// `{"name": "from", "type": "string", "required": true, "default": ..., "description": "..."}` or `"from"`.
    public static var wireSchema: RawJSON {
        #"{"anyOf":[{"type":"string"},{"type":"object","required":["name"],"properties":{"name":{"type":"string"},"type":{"type":["string","null"]},"required":{"type":["boolean","null"]},"default":{},"description":{"type":["string","null"]}}}]}"#
    }
}
