/// An array's elements, found by one scan, read in order.
struct WireUnkeyedDecodingContainer: UnkeyedDecodingContainer {
    let decoder: WireDecoder
    let elements: [JSONSlice]
    let codingPath: [any CodingKey]
    private(set) var currentIndex = 0

    init(decoder: WireDecoder, elements: [JSONSlice], codingPath: [any CodingKey]) {
        self.decoder = decoder
        self.elements = elements
        self.codingPath = codingPath
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private var currentPath: [any CodingKey] { codingPath + [WireIndexKey(currentIndex)] }

    private func next() throws -> JSONSlice {
        guard currentIndex < elements.count else {
            throw DecodingError.valueNotFound(Any.self, .init(codingPath: currentPath, debugDescription: "the array has no more elements (it has \(elements.count))"))
        }
        return elements[currentIndex]
    }

    mutating func decodeNil() throws -> Bool {
        guard try next().kind == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let value = try decoder.decode(type, from: try next(), at: self.currentPath)
        currentIndex += 1
        return value
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let container = try decoder.withValue(try next(), at: currentPath) { try $0.container(keyedBy: type) }
        currentIndex += 1
        return container
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let container = try decoder.withValue(try next(), at: currentPath) { try $0.unkeyedContainer() }
        currentIndex += 1
        return container
    }

    mutating func superDecoder() throws -> any Decoder {
        let superDecoder = WireDecoder(scanner: decoder.scanner, value: try next(), codingPath: currentPath, specialTypes: decoder.specialTypes)
        currentIndex += 1
        return superDecoder
    }
}
