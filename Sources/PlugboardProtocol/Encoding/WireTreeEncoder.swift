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

/// One value of a ``WireTreeEncoder`` tree.
final class WireTreeNode {
    enum Content {
        case empty
        case raw([UInt8])
        case object([(key: String, node: WireTreeNode)])
        case array([WireTreeNode])
    }

    var content: Content = .empty

    func becomeObject() {
        if case .object = content { return }
        content = .object([])
    }

    func becomeArray() {
        if case .array = content { return }
        content = .array([])
    }

    /// The member `key` (the existing one when written twice: the last value wins, as in Foundation).
    func child(forKey key: String) -> WireTreeNode {
        becomeObject()
        guard case .object(var members) = content else { return WireTreeNode() }
        if let existing = members.first(where: { $0.key == key }) { return existing.node }
        let node = WireTreeNode()
        members.append((key, node))
        content = .object(members)
        return node
    }

    /// A new last element.
    func appendChild() -> WireTreeNode {
        becomeArray()
        guard case .array(var elements) = content else { return WireTreeNode() }
        let node = WireTreeNode()
        elements.append(node)
        content = .array(elements)
        return node
    }

    var count: Int {
        if case .array(let elements) = content { return elements.count }
        return 0
    }

    /// Writes the tree as compact JSON; a value that encoded nothing is an empty object, as Foundation writes it.
    func write(to writer: WireEncoder) {
        switch content {
        case .empty:
            writer.output.append(contentsOf: [UInt8(ascii: "{"), UInt8(ascii: "}")])
        case .raw(let bytes):
            writer.output.append(contentsOf: bytes)
        case .object(let members):
            writer.output.append(UInt8(ascii: "{"))
            for (position, member) in members.enumerated() {
                if position > 0 { writer.output.append(UInt8(ascii: ",")) }
                writer.writeKey(member.key)
                member.node.write(to: writer)
            }
            writer.output.append(UInt8(ascii: "}"))
        case .array(let elements):
            writer.output.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { writer.output.append(UInt8(ascii: ",")) }
                element.write(to: writer)
            }
            writer.output.append(UInt8(ascii: "]"))
        }
    }
}

struct WireTreeKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: WireTreeNode
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws {
        node.child(forKey: key.stringValue).content = .raw(Array("null".utf8))
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try WireTreeEncoder.encode(value, into: node.child(forKey: key.stringValue), at: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = node.child(forKey: key.stringValue)
        child.becomeObject()
        return KeyedEncodingContainer(WireTreeKeyedContainer<NestedKey>(node: child, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = node.child(forKey: key.stringValue)
        child.becomeArray()
        return WireTreeUnkeyedContainer(node: child, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        WireTreeEncoder(node: node.child(forKey: "super"), codingPath: codingPath + [WireIndexKey(stringValue: "super")])
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        WireTreeEncoder(node: node.child(forKey: key.stringValue), codingPath: codingPath + [key])
    }
}

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

extension EncodingError {
    /// The same error at `path` when it was raised by an encoder that did not know the path.
    func at(_ path: [any CodingKey]) -> EncodingError {
        guard case .invalidValue(let value, let context) = self, context.codingPath.isEmpty, !path.isEmpty else { return self }
        return .invalidValue(value, .init(codingPath: path, debugDescription: context.debugDescription, underlyingError: context.underlyingError))
    }
}
