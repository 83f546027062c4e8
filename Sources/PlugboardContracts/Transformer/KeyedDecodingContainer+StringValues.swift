import PlugboardProtocol

extension KeyedDecodingContainer {
    /// A map whose values are strings in Swift and any JSON in Go (`map[string]interface{}`): a string is kept as
    /// it is, any other value as its JSON text (`3` → `"3"`, `{"a":1}` → `"{\"a\":1}"`), so that what a Go host or
    /// plugin sends always decodes (PROTOCOL.md §14). Nil when the key is absent or null.
    func decodeStringValues(forKey key: Key) throws -> [String: String]? {
        guard let values = try decodeIfPresent([String: AnyJSON].self, forKey: key) else { return nil }
        return try values.mapValues { value in
            if case .string(let text) = value { return text }
            return String(decoding: try WireJSON.encode(value), as: UTF8.self)
        }
    }
}
