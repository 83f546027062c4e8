/// A `[String: Value]` dictionary, which ``WireEncoder`` writes with sorted keys.
protocol WireSortedKeysEncodable {
    func encodeSortedKeys(to encoder: WireEncoder, at path: [any CodingKey]) throws
}

extension Dictionary: WireSortedKeysEncodable where Key == String, Value: Encodable {
    func encodeSortedKeys(to encoder: WireEncoder, at path: [any CodingKey]) throws {
        encoder.output.append(UInt8(ascii: "{"))
        if let strings = self as? [String: String] {
            // The common metadata map, without a generic call per value.
            for (position, key) in strings.keys.sorted().enumerated() {
                if position > 0 { encoder.output.append(UInt8(ascii: ",")) }
                encoder.writeKey(key)
                encoder.writeString(strings[key]!)
            }
        } else {
            for (position, key) in keys.sorted().enumerated() {
                if position > 0 { encoder.output.append(UInt8(ascii: ",")) }
                encoder.writeKey(key)
                try encoder.encodeValue(self[key]!, at: path + [WireIndexKey(stringValue: key)])
            }
        }
        encoder.output.append(UInt8(ascii: "}"))
    }
}
