/// The fields of `Decimal`'s own `Codable` shape, computed from a JSON number: a mantissa of up to 38 digits in
/// eight 16-bit words (least significant first) and a base-10 exponent.
struct DecimalShape {
    var exponent: Int
    var isNegative: Bool
    var mantissa: UInt128

    init?(number: String) {
        var digits: [UInt8] = []
        var exponent = 0
        var isNegative = false
        var seenPoint = false
        var utf8 = number.utf8[...]
        if utf8.first == UInt8(ascii: "-") {
            isNegative = true
            utf8 = utf8.dropFirst()
        }
        while let byte = utf8.first, byte != UInt8(ascii: "e"), byte != UInt8(ascii: "E") {
            utf8 = utf8.dropFirst()
            if byte == UInt8(ascii: ".") {
                seenPoint = true
                continue
            }
            if digits.isEmpty && byte == UInt8(ascii: "0") {
                if seenPoint { exponent -= 1 }
                continue
            }
            if digits.count < 38 {
                digits.append(byte - UInt8(ascii: "0"))
                if seenPoint { exponent -= 1 }
            } else if !seenPoint {
                exponent += 1 // digits beyond a Decimal's 38 are dropped, as Foundation does
            }
        }
        if !utf8.isEmpty {
            guard let written = Int(String(decoding: utf8.dropFirst(), as: UTF8.self)) else { return nil }
            exponent += written
        }
        var mantissa: UInt128 = 0
        for digit in digits { mantissa = mantissa * 10 + UInt128(digit) }
        // The compact form: no trailing zeros in the mantissa.
        while mantissa != 0 && mantissa % 10 == 0 {
            mantissa /= 10
            exponent += 1
        }
        if mantissa == 0 {
            exponent = 0
            isNegative = false
        }
        guard (-128...127).contains(exponent) else { return nil }
        self.exponent = exponent
        self.isNegative = isNegative
        self.mantissa = mantissa
    }

    /// `Decimal`'s own `Codable` shape as JSON.
    var json: String {
        var words: [UInt16] = []
        var rest = mantissa
        for _ in 0..<8 {
            words.append(UInt16(truncatingIfNeeded: rest))
            rest >>= 16
        }
        let length = words.lastIndex { $0 != 0 }.map { $0 + 1 } ?? 0
        let mantissaText = words.map(String.init).joined(separator: ",")
        return #"{"exponent":\#(exponent),"length":\#(length),"isNegative":\#(isNegative),"isCompact":true,"mantissa":[\#(mantissaText)]}"#
    }
}
