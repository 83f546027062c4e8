extension JSONNumber {
    /// Scans one JSON number starting at `index` and advances `index` past it.
    ///
    /// Returns `nil` (with `index` at the offending byte) when the bytes do not follow the
    /// JSON number grammar `-? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?`.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, at index: inout Int) -> JSONNumber? {
        let zero = UInt8(ascii: "0")
        func isDigit(_ i: Int) -> Bool { i < bytes.count && bytes[i] &- zero < 10 }

        let negative = index < bytes.count && bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        guard isDigit(index) else { return nil }
        let integerStart = index
        if bytes[index] == zero {
            index += 1
        } else {
            while isDigit(index) { index += 1 }
        }
        let integerEnd = index
        var fractionStart = index, fractionEnd = index
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard isDigit(index) else { return nil }
            fractionStart = index
            while isDigit(index) { index += 1 }
            fractionEnd = index
        }
        var exponent = 0
        var hasExponent = false
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            hasExponent = true
            index += 1
            var exponentNegative = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            guard isDigit(index) else { return nil }
            while isDigit(index) {
                // Saturate: exponents beyond a billion are far outside any meaningful range.
                exponent = min(exponent * 10 + Int(bytes[index] - zero), 1_000_000_000)
                index += 1
            }
            if exponentNegative { exponent = -exponent }
        }

        let integerDigits = integerEnd - integerStart
        if !hasExponent, fractionStart == fractionEnd, integerDigits <= 18 {
            var value: Int64 = 0
            for i in integerStart..<integerEnd { value = value * 10 + Int64(bytes[i] - zero) }
            return JSONNumber(storage: .int(negative ? -value : value))
        }
        var digits: [UInt8] = []
        digits.reserveCapacity(integerDigits + fractionEnd - fractionStart)
        for i in integerStart..<integerEnd { digits.append(bytes[i] - zero) }
        for i in fractionStart..<fractionEnd { digits.append(bytes[i] - zero) }
        let decimal = BigDecimal(negative: negative, digits: digits, exponent: exponent - (fractionEnd - fractionStart))
        return JSONNumber(decimal: decimal)
    }

    /// Creates the normalized number for `decimal` (an `Int64` when it is an integer in range).
    init(decimal: BigDecimal) {
        if let integer = decimal.int64Value {
            storage = .int(integer)
        } else {
            storage = .decimal(decimal)
        }
    }
}
