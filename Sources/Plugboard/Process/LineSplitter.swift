/// Splits a byte stream into lines, cutting lines longer than `maxLength` (the rest of such a line is dropped),
/// so a plugin that prints garbage cannot make the host buffer without bound.
struct LineSplitter {
    let maxLength: Int
    private var current: [UInt8] = []
    private var overflowed = false

    init(maxLength: Int = 64 * 1024) { self.maxLength = maxLength }

    /// Feeds bytes and returns the lines they complete (without their line ending).
    mutating func feed(_ bytes: UnsafeRawBufferPointer) -> [String] {
        var lines: [String] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                lines.append(take())
            } else if current.count < maxLength {
                current.append(byte)
            } else {
                overflowed = true
            }
        }
        return lines
    }

    /// Returns the last unterminated line, if any.
    mutating func flush() -> String? {
        current.isEmpty && !overflowed ? nil : take()
    }

    private mutating func take() -> String {
        if current.last == UInt8(ascii: "\r") { current.removeLast() }
        var line = String(decoding: current, as: UTF8.self)
        if overflowed { line += " …(line cut at \(maxLength) bytes)" }
        current.removeAll(keepingCapacity: true)
        overflowed = false
        return line
    }
}
