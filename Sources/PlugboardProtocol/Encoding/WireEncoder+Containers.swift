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

/// Writes elements into an array the encoder has open.
struct WireUnkeyedEncodingContainer: UnkeyedEncodingContainer {
    let encoder: WireEncoder
    let frame: WireEncoder.FrameReference
    let codingPath: [any CodingKey]

    var count: Int { encoder.count(frame) }

    private func element() throws {
        try encoder.prepareElement(frame)
    }

    private var nextPath: [any CodingKey] { codingPath + [WireIndexKey(count)] }

    mutating func encodeNil() throws { try element(); encoder.writeNull() }
    mutating func encode(_ value: String) throws { try element(); encoder.writeString(value) }
    mutating func encode(_ value: Bool) throws { try element(); encoder.writeBool(value) }
    mutating func encode(_ value: Int) throws { try element(); encoder.writeInteger(value) }
    mutating func encode(_ value: Int8) throws { try element(); encoder.writeInteger(value) }
    mutating func encode(_ value: Int16) throws { try element(); encoder.writeInteger(value) }
    mutating func encode(_ value: Int32) throws { try element(); encoder.writeInteger(value) }
    mutating func encode(_ value: Int64) throws { try element(); encoder.writeInteger(value) }
    mutating func encode(_ value: UInt) throws { try element(); encoder.writeInteger(value) }
    mutating func encode(_ value: UInt8) throws { try element(); encoder.writeInteger(value) }
    mutating func encode(_ value: UInt16) throws { try element(); encoder.writeInteger(value) }
    mutating func encode(_ value: UInt32) throws { try element(); encoder.writeInteger(value) }
    mutating func encode(_ value: UInt64) throws { try element(); encoder.writeInteger(value) }

    mutating func encode(_ value: Double) throws {
        let path = nextPath
        try element()
        try encoder.writeFloat(value, at: path)
    }

    mutating func encode(_ value: Float) throws {
        let path = nextPath
        try element()
        try encoder.writeFloat(value, at: path)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let index = count
        try element()
        try encoder.encodeValue(value, at: codingPath + [WireIndexKey(index)])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let path = nextPath
        return KeyedEncodingContainer(WireKeyedEncodingContainer<NestedKey>(encoder: encoder, frame: encoder.openNested(UInt8(ascii: "}"), after: element), codingPath: path))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = nextPath
        return WireUnkeyedEncodingContainer(encoder: encoder, frame: encoder.openNested(UInt8(ascii: "]"), after: element), codingPath: path)
    }

    mutating func superEncoder() -> any Encoder {
        encoder.needsFallback = true
        return encoder
    }
}

/// Writes the encoder's current value as one primitive, or hands it on to an `Encodable`.
struct WireSingleValueEncodingContainer: SingleValueEncodingContainer {
    let encoder: WireEncoder
    let slot: UInt32
    let codingPath: [any CodingKey]

    private func fill() throws { try encoder.fillSlot(slot) }

    mutating func encodeNil() throws { try fill(); encoder.writeNull() }
    mutating func encode(_ value: String) throws { try fill(); encoder.writeString(value) }
    mutating func encode(_ value: Bool) throws { try fill(); encoder.writeBool(value) }
    mutating func encode(_ value: Int) throws { try fill(); encoder.writeInteger(value) }
    mutating func encode(_ value: Int8) throws { try fill(); encoder.writeInteger(value) }
    mutating func encode(_ value: Int16) throws { try fill(); encoder.writeInteger(value) }
    mutating func encode(_ value: Int32) throws { try fill(); encoder.writeInteger(value) }
    mutating func encode(_ value: Int64) throws { try fill(); encoder.writeInteger(value) }
    mutating func encode(_ value: UInt) throws { try fill(); encoder.writeInteger(value) }
    mutating func encode(_ value: UInt8) throws { try fill(); encoder.writeInteger(value) }
    mutating func encode(_ value: UInt16) throws { try fill(); encoder.writeInteger(value) }
    mutating func encode(_ value: UInt32) throws { try fill(); encoder.writeInteger(value) }
    mutating func encode(_ value: UInt64) throws { try fill(); encoder.writeInteger(value) }
    mutating func encode(_ value: Double) throws { try fill(); try encoder.writeFloat(value, at: codingPath) }
    mutating func encode(_ value: Float) throws { try fill(); try encoder.writeFloat(value, at: codingPath) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try fill()
        try encoder.encodeValue(value, at: codingPath)
    }
}
