/// RFC 3492 Punycode decoding, used to check `xn--` host name labels.
enum Punycode {
    private static let base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700

    /// Decodes the part after `xn--`; `nil` when it is not valid Punycode.
    static func decode(_ input: Substring) -> [Unicode.Scalar]? {
        var output: [UInt32] = []
        var encoded = input[...]
        if let delimiter = input.lastIndex(of: "-") {
            for character in input[..<delimiter] {
                guard let ascii = character.asciiValue else { return nil }
                output.append(UInt32(ascii))
            }
            encoded = input[input.index(after: delimiter)...]
        }
        var code = 128, position = 0, bias = 72
        var digits = encoded.makeIterator()
        var next = digits.next()
        while next != nil {
            let oldPosition = position
            var weight = 1, k = base
            while true {
                guard let character = next, let digit = digitValue(character) else { return nil }
                next = digits.next()
                let (product, o1) = digit.multipliedReportingOverflow(by: weight)
                let (sum, o2) = position.addingReportingOverflow(product)
                guard !o1, !o2, sum < 1 << 31 else { return nil }
                position = sum
                let threshold = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                if digit < threshold { break }
                weight *= base - threshold
                k += base
            }
            let length = output.count + 1
            bias = adapt(position - oldPosition, length: length, first: oldPosition == 0)
            code += position / length
            position %= length
            guard code <= 0x10FFFF else { return nil }
            output.insert(UInt32(code), at: position)
            position += 1
        }
        var scalars: [Unicode.Scalar] = []
        for value in output {
            guard let scalar = Unicode.Scalar(value) else { return nil }
            scalars.append(scalar)
        }
        return scalars
    }

    private static func digitValue(_ character: Character) -> Int? {
        guard let ascii = character.asciiValue else { return nil }
        switch ascii {
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return Int(ascii - UInt8(ascii: "a"))
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return Int(ascii - UInt8(ascii: "A"))
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(ascii - UInt8(ascii: "0")) + 26
        default: return nil
        }
    }

    private static func adapt(_ delta: Int, length: Int, first: Bool) -> Int {
        var delta = first ? delta / damp : delta / 2
        delta += delta / length
        var k = 0
        while delta > ((base - tMin) * tMax) / 2 {
            delta /= base - tMin
            k += base
        }
        return k + (base - tMin + 1) * delta / (delta + skew)
    }
}
