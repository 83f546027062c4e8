/// An object's members, found by one scan; looked up by comparing key bytes (an index is built for big objects).
struct WireKeyedDecodingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: WireDecoder
    let members: [WireMember]
    let codingPath: [any CodingKey]
    private let index: [String: Int]?

    init(decoder: WireDecoder, members: [WireMember], codingPath: [any CodingKey]) {
        self.decoder = decoder
        self.members = members
        self.codingPath = codingPath
        if members.count > 16 {
            var index: [String: Int] = [:]
            index.reserveCapacity(members.count)
            for (position, member) in members.enumerated() {
                index[Self.key(of: member, decoder)] = position // a repeated key: the last one wins
            }
            self.index = index
        } else {
            self.index = nil
        }
    }

    private static func key(of member: WireMember, _ decoder: WireDecoder) -> String {
        let scanner = decoder.scanner
        if member.keyPlain {
            return String(decoding: UnsafeBufferPointer(rebasing: scanner.bytes[member.keyStart..<member.keyEnd]), as: UTF8.self)
        }
        return (try? scanner.unescape(from: member.keyStart, to: member.keyEnd)) ?? ""
    }

    var allKeys: [Key] {
        var seen = Set<String>()
        var keys: [Key] = []
        for member in members {
            let name = Self.key(of: member, decoder)
            if seen.insert(name).inserted, let key = Key(stringValue: name) { keys.append(key) }
        }
        return keys
    }

    private func member(_ key: Key) -> JSONSlice? {
        let name = key.stringValue
        if let index { return index[name].map { members[$0].value } }
        var position = members.count - 1
        while position >= 0 {
            let member = members[position]
            if decoder.scanner.stringEquals(start: member.keyStart, end: member.keyEnd, plain: member.keyPlain, name) { return member.value }
            position -= 1
        }
        return nil
    }

    private func required(_ key: Key) throws -> JSONSlice {
        guard let slice = member(key) else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "no value for key \"\(key.stringValue)\""))
        }
        return slice
    }

    func contains(_ key: Key) -> Bool { member(key) != nil }

    func decodeNil(forKey key: Key) throws -> Bool { try required(key).kind == .null }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decoder.decode(type, from: try required(key), at: codingPath + [key])
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let slice = member(key), slice.kind != .null else { return nil }
        return try decoder.decode(type, from: slice, at: codingPath + [key])
    }

    // The primitives: no coding path is built unless an error needs it.
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try primitive(key) { try $0.decodeString() } }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try primitive(key) { try $0.decodeBool() } }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try primitive(key) { try $0.decodeInteger(Int.self) } }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try primitive(key) { try $0.decodeInteger(Int8.self) } }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try primitive(key) { try $0.decodeInteger(Int16.self) } }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try primitive(key) { try $0.decodeInteger(Int32.self) } }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try primitive(key) { try $0.decodeInteger(Int64.self) } }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try primitive(key) { try $0.decodeInteger(UInt.self) } }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try primitive(key) { try $0.decodeInteger(UInt8.self) } }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try primitive(key) { try $0.decodeInteger(UInt16.self) } }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try primitive(key) { try $0.decodeInteger(UInt32.self) } }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try primitive(key) { try $0.decodeInteger(UInt64.self) } }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try primitive(key) { try $0.decodeFloat(Double.self) } }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try primitive(key) { try $0.decodeFloat(Float.self) } }

    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try optionalPrimitive(key) { try $0.decodeString() } }
    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try optionalPrimitive(key) { try $0.decodeBool() } }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try optionalPrimitive(key) { try $0.decodeInteger(Int.self) } }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try optionalPrimitive(key) { try $0.decodeFloat(Double.self) } }

    @inline(__always)
    private func primitive<T>(_ key: Key, _ read: (WireDecoder) throws -> T) throws -> T {
        try withValue(try required(key), key, read)
    }

    @inline(__always)
    private func optionalPrimitive<T>(_ key: Key, _ read: (WireDecoder) throws -> T) throws -> T? {
        guard let slice = member(key), slice.kind != .null else { return nil }
        return try withValue(slice, key, read)
    }

    @inline(__always)
    private func withValue<T>(_ slice: JSONSlice, _ key: Key, _ read: (WireDecoder) throws -> T) throws -> T {
        let saved = decoder.value
        decoder.value = slice
        defer { decoder.value = saved }
        do {
            return try read(decoder)
        } catch let error as DecodingError {
            throw error.at(codingPath + [key])
        }
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        let slice = try required(key)
        return try decoder.withValue(slice, at: codingPath + [key]) { try $0.container(keyedBy: type) }
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        let slice = try required(key)
        return try decoder.withValue(slice, at: codingPath + [key]) { try $0.unkeyedContainer() }
    }

    func superDecoder() throws -> any Decoder {
        try superDecoder(named: WireIndexKey(stringValue: "super"))
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        try superDecoder(named: key)
    }

    /// A decoder for the member's value (for a missing member, one that reads null), as Foundation's gives.
    private func superDecoder(named key: some CodingKey) throws -> any Decoder {
        let name = key.stringValue
        var slice = JSONSlice(start: 0, end: 0, kind: .null)
        for member in members.reversed() where decoder.scanner.stringEquals(start: member.keyStart, end: member.keyEnd, plain: member.keyPlain, name) {
            slice = member.value
            break
        }
        return WireDecoder(scanner: decoder.scanner, value: slice, codingPath: codingPath + [key], specialTypes: decoder.specialTypes)
    }
}
