import ExtrasBase64

/// The wire path's `Encoder`: writes compact JSON straight into one byte array as values arrive, with no
/// intermediate tree.
///
/// Objects are written in the order their keys are encoded (declaration order for synthesized `Codable`);
/// dictionaries with `String` keys are written with their keys sorted, as Go's `encoding/json` writes maps, so the
/// same value always gives the same bytes. Values come out as Foundation's `JSONEncoder` with default strategies
/// writes them (`Data` as base64, `URL` as a string, `Decimal` as a number, `Date` as seconds since 2001, whole
/// `Double`s without `.0`), without linking Foundation (``WireSpecialType``).
///
/// A container stays open until a sibling or its parent writes again. Codable lets an encoder be used in ways a
/// single forward pass cannot follow (`superEncoder`, writing to a container after a later sibling, a second
/// single value); those set ``needsFallback`` and ``WireJSON`` encodes the value with ``WireTreeEncoder``.
final class WireEncoder: Encoder {
    /// An open object or array.
    struct Frame {
        var id: UInt32
        var closer: UInt8
        var count: Int
    }

    // Unchecked: only this encoder's own methods touch these, one at a time, and the dynamic exclusivity checks
    // on every append were ~9% of an encode.
    @exclusivity(unchecked) var output: [UInt8] = []
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    @exclusivity(unchecked) private(set) var stack: [Frame] = []
    private var nextID: UInt32 = 0
    /// The value being encoded now: the stack depth it started at, whether something was written for it, its id.
    private var slotDepth = 0
    private var slotFilled = false
    private(set) var slotID: UInt32 = 0
    /// Set when the value cannot be written in one forward pass; the caller redoes it with ``WireTreeEncoder``.
    var needsFallback = false
    /// Whether `Data`, `URL` and `Decimal` are written in their JSON forms; off to write their own `Codable` shapes.
    let specialTypes: Bool

    init(specialTypes: Bool = true) {
        self.specialTypes = specialTypes
        output.reserveCapacity(128)
        stack.reserveCapacity(8)
    }

    /// Encodes a whole document.
    func encodeDocument<T: Encodable>(_ value: T) throws -> [UInt8] {
        try encodeValue(value, at: [any CodingKey]())
        if needsFallback { throw WireJSONFallback() }
        return output
    }

    // MARK: Encoder

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(WireKeyedEncodingContainer<Key>(encoder: self, frame: openSlotContainer(closer: UInt8(ascii: "}")), codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        WireUnkeyedEncodingContainer(encoder: self, frame: openSlotContainer(closer: UInt8(ascii: "]")), codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        WireSingleValueEncodingContainer(encoder: self, slot: slotID, codingPath: codingPath)
    }

    /// Where a container writes: its frame's depth in the stack and its id (to tell a closed frame from a new one).
    struct FrameReference {
        var depth: Int
        var id: UInt32
        /// A container that writes nothing: the encoder is already marked for the fallback.
        static let detached = FrameReference(depth: Int.max, id: 0)
    }

    /// Opens the current value's container, or finds the one already open for it (asking twice is allowed).
    private func openSlotContainer(closer: UInt8) -> FrameReference {
        if slotFilled {
            guard stack.count > slotDepth, stack[slotDepth].closer == closer else {
                needsFallback = true
                return .detached
            }
            close(downTo: slotDepth + 1)
            return FrameReference(depth: slotDepth, id: stack[slotDepth].id)
        }
        slotFilled = true
        return FrameReference(depth: slotDepth, id: push(closer))
    }

    /// Opens a container nested in another, after `element` has written the separator (and key) for it.
    func openNested(_ closer: UInt8, after element: () throws -> Void) -> FrameReference {
        do {
            try element()
        } catch {
            return .detached // the encoder is marked for the fallback; this container writes nothing
        }
        let depth = stack.count
        return FrameReference(depth: depth, id: push(closer))
    }

    /// How many elements the container has written (0 once it is closed).
    func count(_ frame: FrameReference) -> Int {
        frame.depth < stack.count && stack[frame.depth].id == frame.id ? stack[frame.depth].count : 0
    }

    // MARK: Writing

    /// Opens an object or array at the end of the output; returns its id.
    func push(_ closer: UInt8) -> UInt32 {
        nextID &+= 1
        output.append(closer == UInt8(ascii: "}") ? UInt8(ascii: "{") : UInt8(ascii: "["))
        stack.append(Frame(id: nextID, closer: closer, count: 0))
        return nextID
    }

    /// Closes every container deeper than `depth`.
    func close(downTo depth: Int) {
        while stack.count > depth {
            output.append(stack.removeLast().closer)
        }
    }

    /// Gets the container at `depth` ready for its next element: closes deeper ones, writes the comma. Throws
    /// ``WireJSONFallback`` when that container was closed already (used after a later sibling).
    @inline(__always)
    func prepareElement(_ frame: FrameReference) throws {
        let depth = frame.depth
        guard depth < stack.count, stack[depth].id == frame.id else {
            needsFallback = true
            throw WireJSONFallback()
        }
        if stack.count > depth + 1 { close(downTo: depth + 1) }
        if stack[depth].count > 0 { output.append(UInt8(ascii: ",")) }
        stack[depth].count += 1
    }

    /// Marks the current value as written by a single value container; a second write cannot be followed.
    func fillSlot(_ slot: UInt32) throws {
        guard slot == slotID, !slotFilled else {
            needsFallback = true
            throw WireJSONFallback()
        }
        slotFilled = true
    }

    /// Writes any value at the current position (after a key, a comma, or at the start).
    ///
    /// `path` is only built when needed (for a nested `Encodable`, or an error): most values are strings, numbers
    /// and bytes, and building a coding path per value showed up in profiles.
    func encodeValue<T: Encodable>(_ value: T, at path: @autoclosure () -> [any CodingKey]) throws {
        if T.self == String.self { return writeString(value as! String) }
        if T.self == Base64Bytes.self { return writeBase64((value as! Base64Bytes).bytes) }
        if T.self == Int.self { return writeInteger(value as! Int) }
        if T.self == Bool.self { return writeBool(value as! Bool) }
        if T.self == Double.self { return try writeFloat(value as! Double, at: path()) }
        if T.self == [String: String].self {
            return try (value as! [String: String]).encodeSortedKeys(to: self, at: [])
        }
        if T.self == AnyJSON.self { return try writeAnyJSON(value as! AnyJSON, at: path()) }
        if T.self == RawJSON.self { return try writeAnyJSON((value as! RawJSON).tree(at: path()), at: path()) }
        if specialTypes, let special = WireSpecialType.of(T.self) {
            return try encodeSpecial(special, value, at: path)
        }
        if WireJSON.mayBeDictionary(T.self), let dictionary = value as? any WireSortedKeysEncodable {
            return try dictionary.encodeSortedKeys(to: self, at: path())
        }
        let saved = (slotDepth, slotFilled, slotID, codingPath)
        nextID &+= 1
        slotDepth = stack.count
        slotFilled = false
        slotID = nextID
        codingPath = path()
        defer { (slotDepth, slotFilled, slotID, codingPath) = saved }
        try value.encode(to: self)
        close(downTo: slotDepth)
        // A value that encoded nothing is an empty object, as Foundation writes it.
        if !slotFilled { output.append(contentsOf: [UInt8(ascii: "{"), UInt8(ascii: "}")]) }
    }

    func writeNull() { output.append(contentsOf: [UInt8(ascii: "n"), UInt8(ascii: "u"), UInt8(ascii: "l"), UInt8(ascii: "l")]) }

    func writeBool(_ value: Bool) {
        if value {
            output.append(contentsOf: [UInt8(ascii: "t"), UInt8(ascii: "r"), UInt8(ascii: "u"), UInt8(ascii: "e")])
        } else {
            output.append(contentsOf: [UInt8(ascii: "f"), UInt8(ascii: "a"), UInt8(ascii: "l"), UInt8(ascii: "s"), UInt8(ascii: "e")])
        }
    }

    func writeInteger<T: FixedWidthInteger>(_ value: T) {
        if value == 0 {
            output.append(UInt8(ascii: "0"))
            return
        }
        // Digits backwards into a small stack buffer, then appended in one go.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { digits in
            var position = 40
            var magnitude = value.magnitude
            while magnitude > 0 {
                position -= 1
                digits[position] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
            }
            if value < 0 {
                position -= 1
                digits[position] = UInt8(ascii: "-")
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: digits[position..<40]))
        }
    }

    func writeFloat<T: BinaryFloatingPoint & CustomStringConvertible>(_ value: T, at path: [any CodingKey]) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: path, debugDescription: "\(value) is not valid in JSON"))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        output.append(contentsOf: text.utf8)
    }

    func writeString(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            output.append(UInt8(ascii: "\""))
            var runStart = 0
            for (index, byte) in utf8.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                if runStart < index { output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
                runStart = index + 1
                output.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): output.append(byte)
                case 0x0A: output.append(UInt8(ascii: "n"))
                case 0x0D: output.append(UInt8(ascii: "r"))
                case 0x09: output.append(UInt8(ascii: "t"))
                case 0x08: output.append(UInt8(ascii: "b"))
                case 0x0C: output.append(UInt8(ascii: "f"))
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    output.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                }
            }
            if runStart < utf8.count { output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
            output.append(UInt8(ascii: "\""))
        }
    }

    /// Base64 straight into the output, as Go writes `[]byte` and Foundation writes `Data`.
    func writeBase64(_ bytes: [UInt8]) {
        output.append(UInt8(ascii: "\""))
        output.append(contentsOf: Base64.encodeToBytes(bytes: bytes))
        output.append(UInt8(ascii: "\""))
    }

    func writeKey(_ key: String) {
        writeString(key)
        output.append(UInt8(ascii: ":"))
    }
}
