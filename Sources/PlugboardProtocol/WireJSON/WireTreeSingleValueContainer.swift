/// Writes one value into a node of a ``WireTreeEncoder`` tree.
struct WireTreeSingleValueContainer: SingleValueEncodingContainer {
    let node: WireTreeNode
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws {
        node.content = .raw(Array("null".utf8))
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try WireTreeEncoder.encode(value, into: node, at: codingPath)
    }
}
