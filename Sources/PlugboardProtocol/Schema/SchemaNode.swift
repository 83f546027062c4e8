/// What the probing decoder learnt about one JSON value while a type decoded it.
final class SchemaNode {
    enum Shape {
        /// Nothing was asked of the value: any JSON.
        case any
        /// A keyed container: members in the order first asked for.
        case object([(key: String, node: SchemaNode, required: Bool)])
        /// `[String: T]`.
        case dictionary(SchemaNode)
        /// An unkeyed container; nil items when no element was read.
        case array(SchemaNode?)
        /// A scalar, or a schema given whole (``WireSchemaProviding``, enums, bytes).
        case schema(AnyJSON)
        /// A type defined in `$defs`.
        case reference(String)
    }

    var shape: Shape = .any
    /// Whether `null` reads (a `decodeNil()` that would have been answered true, or `decodeIfPresent`).
    var nullable = false
    /// The keys the type asked `contains(_:)` about: optional, whatever is read after.
    var checked: Set<String> = []

    /// The member `key` of an object node, created (as required or not) on first use.
    func member(_ key: String, required: Bool) -> SchemaNode {
        var members: [(key: String, node: SchemaNode, required: Bool)] = []
        if case .object(let existing) = shape { members = existing }
        if let index = members.firstIndex(where: { $0.key == key }) {
            if required { members[index].required = true }
            shape = .object(members)
            return members[index].node
        }
        let node = SchemaNode()
        members.append((key, node, required))
        shape = .object(members)
        return node
    }

    /// Marks the node as an object (a keyed container was asked for) without members yet.
    func becomeObject() {
        if case .object = shape { return }
        shape = .object([])
    }

    /// The node as a JSON Schema.
    func json(_ recorder: SchemaRecorder) -> AnyJSON {
        var schema: [String: AnyJSON]
        switch shape {
        case .any:
            return .object([:])
        case .object(let members):
            schema = ["type": .string("object")]
            if !members.isEmpty {
                schema["properties"] = .object(Dictionary(members.map { ($0.key, $0.node.json(recorder)) }, uniquingKeysWith: { first, _ in first }))
            }
            let required = members.filter(\.required).map { AnyJSON.string($0.key) }
            if !required.isEmpty { schema["required"] = .array(required) }
        case .dictionary(let values):
            schema = ["type": .string("object"), "additionalProperties": values.json(recorder)]
        case .array(let items):
            schema = ["type": .string("array")]
            if let items { schema["items"] = items.json(recorder) }
        case .schema(let given):
            guard case .object(let members) = given else { return given }
            schema = members
        case .reference(let name):
            schema = ["$ref": .string("#/$defs/\(name)")]
        }
        if nullable { schema = Self.allowingNull(schema) }
        return .object(schema)
    }

    /// `schema` widened to accept `null` too.
    private static func allowingNull(_ schema: [String: AnyJSON]) -> [String: AnyJSON] {
        var schema = schema
        if case .array(var values) = schema["enum"] {
            if !values.contains(.null) { values.append(.null) }
            schema["enum"] = .array(values)
        }
        switch schema["type"] {
        case .string(let type) where type != "null":
            schema["type"] = .array([.string(type), .string("null")])
            return schema
        case .array(var types):
            if !types.contains(.string("null")) { types.append(.string("null")) }
            schema["type"] = .array(types)
            return schema
        case nil where schema["enum"] != nil:
            return schema
        default:
            return ["anyOf": .array([.object(schema), .object(["type": .string("null")])])]
        }
    }
}
