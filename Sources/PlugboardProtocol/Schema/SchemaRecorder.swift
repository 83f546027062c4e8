/// The state of one derivation: which types are being derived (to find those that refer to themselves) and the
/// `$defs` they become.
final class SchemaRecorder {
    /// Thrown where a type refers to itself; caught where an empty value (nil, `[]`, `[:]`) can stand in for it.
    struct Recursion: Error {}

    private(set) var definitions: [String: SchemaNode] = [:]
    private var inProgress: Set<ObjectIdentifier> = []
    private var referenced: Set<ObjectIdentifier> = []
    private var names: [ObjectIdentifier: String] = [:]

    /// Records the schema of `T` into `node` and returns a sample value for the caller to go on with.
    func value<T: Decodable>(_ type: T.Type, into node: SchemaNode, at path: [any CodingKey]) throws -> T {
        if let custom = T.self as? any WireSchemaProviding.Type {
            node.shape = .schema(try given(custom.wireSchema, for: T.self, at: path))
            return try T(from: SchemaProbeDecoder(recorder: self, node: SchemaNode(), codingPath: path))
        }
        if let (schema, sample) = SchemaScalars.scalar(T.self) {
            node.shape = .schema(schema)
            if T.self == Base64Bytes.self { node.nullable = true }
            return sample
        }
        // Integers, Optional, Array, ContiguousArray, Set, Dictionary: one conformance check for all of them.
        if let builtin = T.self as? any SchemaBuiltin.Type {
            return try builtin.derive(self, into: node, at: path) as! T
        }
        if let special = WireSpecialType.of(T.self) {
            node.shape = .schema(SchemaScalars.special(special))
            if special == .data { node.nullable = true }
            return try T(from: SchemaProbeDecoder(recorder: self, node: SchemaNode(), codingPath: path))
        }
        if let enumeration = T.self as? any (CaseIterable & RawRepresentable).Type {
            guard let (schema, first) = SchemaScalars.enumeration(enumeration), let value = first as? T else {
                throw WireSchemaError(type: "\(T.self)", path: Self.describe(path), reason: "an enum needs String or integer raw values and at least one case")
            }
            node.shape = .schema(schema)
            return value
        }
        let id = ObjectIdentifier(T.self)
        if inProgress.contains(id) {
            referenced.insert(id)
            node.shape = .reference(name(of: T.self))
            throw Recursion()
        }
        inProgress.insert(id)
        defer { inProgress.remove(id) }
        let value = try T(from: SchemaProbeDecoder(recorder: self, node: node, codingPath: path))
        if referenced.contains(id) {
            let definition = SchemaNode()
            definition.shape = node.shape
            definitions[name(of: T.self)] = definition
            node.shape = .reference(name(of: T.self))
        }
        return value
    }

    /// A `$defs` name for `type`: its name with anything but letters, digits and `_` replaced, made unique.
    private func name<T>(of type: T.Type) -> String {
        let id = ObjectIdentifier(type)
        if let name = names[id] { return name }
        let base = String(_typeName(type, qualified: false).map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" })
        var name = base
        var suffix = 2
        while names.values.contains(name) {
            name = "\(base)\(suffix)"
            suffix += 1
        }
        names[id] = name
        return name
    }

    private func given<T>(_ schema: RawJSON, for type: T.Type, at path: [any CodingKey]) throws -> AnyJSON {
        do {
            return try WireJSON.decode(AnyJSON.self, from: schema.bytes)
        } catch {
            throw WireSchemaError(type: "\(T.self)", path: Self.describe(path), reason: "its wireSchema is not JSON: \(WireJSON.describe(error))")
        }
    }

    /// `$.items[0].name`.
    static func describe(_ path: [any CodingKey]) -> String {
        var result = "$"
        for key in path {
            if let index = key.intValue { result += "[\(index)]" } else { result += ".\(key.stringValue)" }
        }
        return result
    }
}
