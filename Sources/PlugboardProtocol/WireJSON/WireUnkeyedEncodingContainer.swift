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
