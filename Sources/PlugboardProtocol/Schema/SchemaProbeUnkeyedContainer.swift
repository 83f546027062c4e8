/// An unkeyed container that holds one element: its schema is the array's `items` (arrays are homogeneous).
struct SchemaProbeUnkeyedContainer: UnkeyedDecodingContainer {
    let recorder: SchemaRecorder
    let node: SchemaNode
    let codingPath: [any CodingKey]
    private(set) var currentIndex = 0

    init(recorder: SchemaRecorder, node: SchemaNode, codingPath: [any CodingKey]) {
        self.recorder = recorder
        self.node = node
        self.codingPath = codingPath
    }

    var count: Int? { 1 }
    var isAtEnd: Bool { currentIndex >= 1 }

    /// The node of the next element: the items' for the first, a throw-away one after.
    private mutating func next() -> SchemaNode {
        defer { currentIndex += 1 }
        guard currentIndex == 0, case .array(let existing) = node.shape else { return SchemaNode() }
        if let existing { return existing }
        let items = SchemaNode()
        node.shape = .array(items)
        return items
    }

    mutating func decodeNil() throws -> Bool {
        guard currentIndex == 0, case .array(let existing) = node.shape else { return false }
        let items = existing ?? SchemaNode()
        items.nullable = true
        node.shape = .array(items)
        return false
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let path = codingPath + [WireIndexKey(currentIndex)]
        return try recorder.value(T.self, into: next(), at: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let path = codingPath + [WireIndexKey(currentIndex)]
        let items = next()
        items.becomeObject()
        return KeyedDecodingContainer(SchemaProbeKeyedContainer<NestedKey>(recorder: recorder, node: items, codingPath: path))
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let path = codingPath + [WireIndexKey(currentIndex)]
        let items = next()
        if case .array = items.shape {} else { items.shape = .array(nil) }
        return SchemaProbeUnkeyedContainer(recorder: recorder, node: items, codingPath: path)
    }

    mutating func superDecoder() throws -> any Decoder {
        let path = codingPath + [WireIndexKey(currentIndex)]
        return SchemaProbeDecoder(recorder: recorder, node: next(), codingPath: path)
    }
}
