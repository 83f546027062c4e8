/// The standard library's types the derivation knows by their shape: the integers, `Optional`, `Array`,
/// `ContiguousArray`, `Set` and `Dictionary`, recognised with one conformance check.
///
/// Each first `as?` of a type against a protocol makes the Swift runtime read every protocol conformance record in
/// the program (about 2,800 in a plugin, ~0.1 M instructions per check). Asking each type in turn whether it is a
/// `FixedWidthInteger`, a `[String: V]`, an `ExpressibleByNilLiteral`, `...ArrayLiteral` or `...DictionaryLiteral`
/// took five such scans per struct and was most of what `PLUGIN capabilities` cost (docs/PERFORMANCE.md).
protocol SchemaBuiltin {
    /// Records the type's schema into `node` and returns a sample value for the caller to go on with.
    static func derive(_ recorder: SchemaRecorder, into node: SchemaNode, at path: [any CodingKey]) throws -> Self
}

extension SchemaBuiltin where Self: FixedWidthInteger {
    static func derive(_ recorder: SchemaRecorder, into node: SchemaNode, at path: [any CodingKey]) throws -> Self {
        node.shape = .schema(SchemaScalars.integerSchema(Self.self))
        return 0
    }
}

extension Int: SchemaBuiltin {}
extension Int8: SchemaBuiltin {}
extension Int16: SchemaBuiltin {}
extension Int32: SchemaBuiltin {}
extension Int64: SchemaBuiltin {}
extension UInt: SchemaBuiltin {}
extension UInt8: SchemaBuiltin {}
extension UInt16: SchemaBuiltin {}
extension UInt32: SchemaBuiltin {}
extension UInt64: SchemaBuiltin {}
extension Int128: SchemaBuiltin {}
extension UInt128: SchemaBuiltin {}

extension SchemaBuiltin where Self: Decodable {
    /// Optional, Array, Set: not types of their own, but where a self-reference ends (with `empty`).
    static func deriveContainer(_ recorder: SchemaRecorder, into node: SchemaNode, at path: [any CodingKey], empty: Self) throws -> Self {
        do {
            return try Self(from: SchemaProbeDecoder(recorder: recorder, node: node, codingPath: path))
        } catch is SchemaRecorder.Recursion {
            return empty
        }
    }
}

extension Optional: SchemaBuiltin where Wrapped: Decodable {
    static func derive(_ recorder: SchemaRecorder, into node: SchemaNode, at path: [any CodingKey]) throws -> Self {
        try deriveContainer(recorder, into: node, at: path, empty: nil)
    }
}

extension Array: SchemaBuiltin where Element: Decodable {
    static func derive(_ recorder: SchemaRecorder, into node: SchemaNode, at path: [any CodingKey]) throws -> Self {
        try deriveContainer(recorder, into: node, at: path, empty: [])
    }
}

extension ContiguousArray: SchemaBuiltin where Element: Decodable {
    static func derive(_ recorder: SchemaRecorder, into node: SchemaNode, at path: [any CodingKey]) throws -> Self {
        try deriveContainer(recorder, into: node, at: path, empty: [])
    }
}

extension Set: SchemaBuiltin where Element: Decodable {
    static func derive(_ recorder: SchemaRecorder, into node: SchemaNode, at path: [any CodingKey]) throws -> Self {
        try deriveContainer(recorder, into: node, at: path, empty: [])
    }
}

extension Dictionary: SchemaBuiltin where Key: Decodable, Value: Decodable {
    /// `[String: Value]` reads its value schema from `Value` itself (its `init(from:)` would ask for no key of an
    /// empty sample); other keys go through the dictionary's own `init(from:)`.
    static func derive(_ recorder: SchemaRecorder, into node: SchemaNode, at path: [any CodingKey]) throws -> Self {
        guard Key.self == String.self else { return try deriveContainer(recorder, into: node, at: path, empty: [:]) }
        let values = SchemaNode()
        node.shape = .dictionary(values)
        do {
            _ = try recorder.value(Value.self, into: values, at: path + [WireIndexKey(stringValue: "*")])
        } catch is SchemaRecorder.Recursion {}
        return [:]
    }
}
