/// Appends elements to an array node of a ``WireTreeEncoder`` tree.
struct WireTreeUnkeyedContainer: UnkeyedEncodingContainer {
    let node: WireTreeNode
    let codingPath: [any CodingKey]

    var count: Int { node.count }

    private var nextPath: [any CodingKey] { codingPath + [WireIndexKey(count)] }

    mutating func encodeNil() throws {
        node.appendChild().content = .raw(Array("null".utf8))
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let path = nextPath
        try WireTreeEncoder.encode(value, into: node.appendChild(), at: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let path = nextPath
        let child = node.appendChild()
        child.becomeObject()
        return KeyedEncodingContainer(WireTreeKeyedContainer<NestedKey>(node: child, codingPath: path))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = nextPath
        let child = node.appendChild()
        child.becomeArray()
        return WireTreeUnkeyedContainer(node: child, codingPath: path)
    }

    mutating func superEncoder() -> any Encoder {
        let path = nextPath
        return WireTreeEncoder(node: node.appendChild(), codingPath: path)
    }
}
