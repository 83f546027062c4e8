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
