/// Writes `"key":value` members into an object the encoder has open.
struct WireKeyedEncodingContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: WireEncoder
    let frame: WireEncoder.FrameReference
    let codingPath: [any CodingKey]

    @inline(__always)
    private func member(_ key: Key) throws {
        try encoder.prepareElement(frame)
        encoder.writeKey(key.stringValue)
    }

    mutating func encodeNil(forKey key: Key) throws {
        try member(key)
        encoder.writeNull()
    }

    mutating func encode(_ value: String, forKey key: Key) throws {
        try member(key)
        encoder.writeString(value)
    }

    mutating func encode(_ value: Bool, forKey key: Key) throws {
        try member(key)
        encoder.writeBool(value)
    }

    mutating func encode(_ value: Int, forKey key: Key) throws {
        try member(key)
        encoder.writeInteger(value)
    }

    mutating func encode(_ value: Int8, forKey key: Key) throws { try member(key); encoder.writeInteger(value) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { try member(key); encoder.writeInteger(value) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { try member(key); encoder.writeInteger(value) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { try member(key); encoder.writeInteger(value) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { try member(key); encoder.writeInteger(value) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { try member(key); encoder.writeInteger(value) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { try member(key); encoder.writeInteger(value) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { try member(key); encoder.writeInteger(value) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { try member(key); encoder.writeInteger(value) }

    mutating func encode(_ value: Double, forKey key: Key) throws {
        try member(key)
        try encoder.writeFloat(value, at: codingPath + [key])
    }

    mutating func encode(_ value: Float, forKey key: Key) throws {
        try member(key)
        try encoder.writeFloat(value, at: codingPath + [key])
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try member(key)
        try encoder.encodeValue(value, at: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        KeyedEncodingContainer(WireKeyedEncodingContainer<NestedKey>(encoder: encoder, frame: open(key, UInt8(ascii: "}")), codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        WireUnkeyedEncodingContainer(encoder: encoder, frame: open(key, UInt8(ascii: "]")), codingPath: codingPath + [key])
    }

    private func open(_ key: Key, _ closer: UInt8) -> WireEncoder.FrameReference {
        encoder.openNested(closer) { try member(key) }
    }

    mutating func superEncoder() -> any Encoder {
        encoder.needsFallback = true
        return encoder
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        encoder.needsFallback = true
        return encoder
    }
}
