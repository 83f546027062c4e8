/// A single-value container: `decodeNil()` marks the value nullable (and answers false, to go on), `decode`
/// records the type.
struct SchemaProbeSingleValueContainer: SingleValueDecodingContainer {
    let recorder: SchemaRecorder
    let node: SchemaNode
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool {
        node.nullable = true
        return false
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try recorder.value(T.self, into: node, at: codingPath)
    }
}
