/// A `[String: Value]` dictionary, which ``WireDecoder`` fills straight from an object's members instead of
/// through `Dictionary`'s generic `Codable` (a coding key per member, `allKeys`, a lookup per key).
protocol WireStringKeyedDecodable {
    static func decodeMembers(from decoder: WireDecoder) throws -> Self
}

extension Dictionary: WireStringKeyedDecodable where Key == String, Value: Decodable {
    static func decodeMembers(from decoder: WireDecoder) throws -> Self {
        let members = try decoder.scanMembers()
        var result: [String: Value] = [:]
        result.reserveCapacity(members.count)
        let path = decoder.codingPath
        for member in members {
            let key: String
            if member.keyPlain {
                key = String(decoding: UnsafeBufferPointer(rebasing: decoder.scanner.bytes[member.keyStart..<member.keyEnd]), as: UTF8.self)
            } else {
                do { key = try decoder.scanner.unescape(from: member.keyStart, to: member.keyEnd) } catch { throw decoder.corrupted(error) }
            }
            result[key] = try decoder.decode(Value.self, from: member.value, at: path + [WireIndexKey(stringValue: key)])
        }
        return result
    }
}
