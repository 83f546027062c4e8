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
