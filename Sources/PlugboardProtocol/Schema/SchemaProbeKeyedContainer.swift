/// A keyed container that records each key asked for: `decode` makes it required, `decodeIfPresent` optional, and so
/// does asking `contains(_:)` first (what the standard library's `decodeIfPresent` for primitives does).
struct SchemaProbeKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let recorder: SchemaRecorder
    let node: SchemaNode
    let codingPath: [any CodingKey]

    var allKeys: [Key] { [] }
    func contains(_ key: Key) -> Bool {
        node.checked.insert(key.stringValue)
        _ = node.member(key.stringValue, required: false)
        return true
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        node.member(key.stringValue, required: false).nullable = true
        return false
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let member = node.member(key.stringValue, required: !node.checked.contains(key.stringValue))
        return try recorder.value(T.self, into: member, at: codingPath + [key])
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        let member = node.member(key.stringValue, required: false)
        member.nullable = true
        do {
            return try recorder.value(T.self, into: member, at: codingPath + [key])
        } catch is SchemaRecorder.Recursion {
            return nil
        }
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        let member = node.member(key.stringValue, required: true)
        member.becomeObject()
        return KeyedDecodingContainer(SchemaProbeKeyedContainer<NestedKey>(recorder: recorder, node: member, codingPath: codingPath + [key]))
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        let member = node.member(key.stringValue, required: true)
        if case .array = member.shape {} else { member.shape = .array(nil) }
        return SchemaProbeUnkeyedContainer(recorder: recorder, node: member, codingPath: codingPath + [key])
    }

    func superDecoder() throws -> any Decoder {
        SchemaProbeDecoder(recorder: recorder, node: node.member("super", required: true), codingPath: codingPath)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        SchemaProbeDecoder(recorder: recorder, node: node.member(key.stringValue, required: true), codingPath: codingPath + [key])
    }
}
