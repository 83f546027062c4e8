extension WireEncoder {
    /// Writes an ``AnyJSON`` tree directly, byte for byte as its `encode(to:)` writes through the containers (object
    /// keys sorted). Schemas are such trees, derived and inside every capabilities document; the containers cost a
    /// box per object and array and a conformance check per value type the first time.
    func writeAnyJSON(_ value: AnyJSON, at path: @autoclosure () -> [any CodingKey]) throws {
        switch value {
        case .null: writeNull()
        case .bool(let flag): writeBool(flag)
        case .integer(let number): writeInteger(number)
        case .number(let number): try writeFloat(number, at: path())
        case .string(let text): writeString(text)
        case .array(let items):
            output.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                try writeAnyJSON(item, at: path() + [WireIndexKey(index)])
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            for (position, key) in members.keys.sorted().enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                writeKey(key)
                try writeAnyJSON(members[key]!, at: path() + [WireIndexKey(stringValue: key)])
            }
            output.append(UInt8(ascii: "}"))
        }
    }
}
