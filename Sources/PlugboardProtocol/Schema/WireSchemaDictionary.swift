/// `[String: Value]`, whose value schema the derivation reads from `Value` itself (its `init(from:)` would ask for
/// no key of an empty sample).
protocol WireSchemaDictionary {
    static func probeValue(_ recorder: SchemaRecorder, into node: SchemaNode, at path: [any CodingKey]) throws
}

extension Dictionary: WireSchemaDictionary where Key == String, Value: Decodable {
    static func probeValue(_ recorder: SchemaRecorder, into node: SchemaNode, at path: [any CodingKey]) throws {
        _ = try recorder.value(Value.self, into: node, at: path + [WireIndexKey(stringValue: "*")])
    }
}
