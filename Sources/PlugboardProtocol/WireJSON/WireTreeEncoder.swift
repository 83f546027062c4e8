/// The wire coder's encoder for values ``WireEncoder`` cannot write in one forward pass: a `superEncoder`, a
/// container written to after a later sibling. It builds a tree of nodes (reference semantics, so any container can
/// be written to at any time) and writes it out at the end. Each value inside still tries the forward pass first,
/// so only the parts that need the tree pay for it.
///
/// ```swift
/// let bytes = try WireTreeEncoder.encodeDocument(valueUsingSuperEncoder)
/// ```
final class WireTreeEncoder: Encoder {
    let node: WireTreeNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(node: WireTreeNode, codingPath: [any CodingKey]) {
        self.node = node
        self.codingPath = codingPath
    }

    /// Encodes a whole document.
    static func encodeDocument<T: Encodable>(_ value: T) throws -> [UInt8] {
        let root = WireTreeNode()
        try encode(value, into: root, at: [])
        let writer = WireEncoder()
        root.write(to: writer)
        return writer.output
    }

    /// Encodes `value` into `node`: in one forward pass when it can be, as a tree when not.
    static func encode<T: Encodable>(_ value: T, into node: WireTreeNode, at path: [any CodingKey]) throws {
        do {
            node.content = .raw(try WireEncoder().encodeDocument(value))
        } catch is WireJSONFallback {
            node.content = .empty
            try value.encode(to: WireTreeEncoder(node: node, codingPath: path))
        } catch let error as EncodingError {
            throw error.at(path)
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.becomeObject()
        return KeyedEncodingContainer(WireTreeKeyedContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.becomeArray()
        return WireTreeUnkeyedContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        WireTreeSingleValueContainer(node: node, codingPath: codingPath)
    }
}
