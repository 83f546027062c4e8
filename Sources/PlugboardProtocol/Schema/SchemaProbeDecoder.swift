/// The decoder ``WireSchema`` runs a type's `init(from:)` with: it answers every request with a sample value and
/// records, in a ``SchemaNode``, what was asked.
struct SchemaProbeDecoder: Decoder {
    let recorder: SchemaRecorder
    let node: SchemaNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        node.becomeObject()
        return KeyedDecodingContainer(SchemaProbeKeyedContainer<Key>(recorder: recorder, node: node, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        if case .array = node.shape {} else { node.shape = .array(nil) }
        return SchemaProbeUnkeyedContainer(recorder: recorder, node: node, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SchemaProbeSingleValueContainer(recorder: recorder, node: node, codingPath: codingPath)
    }
}

extension WireSchema {
    /// Whether `decoder` is the one deriving a schema: a type whose `init(from:)` rejects sample values can then
    /// decode a placeholder (its schema comes from ``WireSchemaProviding``).
    public static func isDeriving(_ decoder: any Decoder) -> Bool {
        decoder is SchemaProbeDecoder
    }
}
