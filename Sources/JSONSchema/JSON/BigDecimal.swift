/// An exact, normalized decimal `±digits × 10^exponent` used for numbers that do not fit `Int64`.
///
/// Normalization: `digits` has no leading or trailing zeros (zero is the empty digit list),
/// so two equal values always have equal representations.
struct BigDecimal: Sendable, Hashable, CustomStringConvertible {
    var negative: Bool
    /// Decimal digits, most significant first, each in `0...9`.
    var digits: [UInt8]
    var exponent: Int

    init(negative: Bool, digits: [UInt8], exponent: Int) {
        var digits = digits
        var exponent = exponent
        let leading = digits.firstIndex { $0 != 0 } ?? digits.count
        digits.removeFirst(leading)
        while let last = digits.last, last == 0 {
            digits.removeLast()
            exponent += 1
        }
        self.negative = digits.isEmpty ? false : negative
        self.digits = digits
        self.exponent = digits.isEmpty ? 0 : exponent
    }

    init(_ value: Int64) {
        let magnitude = value.magnitude
        self.init(negative: value < 0, digits: String(magnitude).utf8.map { $0 - UInt8(ascii: "0") }, exponent: 0)
    }

    var isZero: Bool { digits.isEmpty }

    /// Position of the most significant digit: `10^(adjusted-1) <= |value| < 10^adjusted`.
    var adjustedExponent: Int { digits.count + exponent }

    /// The value as `Int64` when it is an integer in range.
    var int64Value: Int64? {
        guard exponent >= 0, adjustedExponent <= 19 else { return isZero ? 0 : nil }
        var magnitude: UInt64 = 0
        for digit in digits {
            let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(digit))
            if o1 || o2 { return nil }
            magnitude = sum
        }
        for _ in 0..<exponent {
            let (times10, overflow) = magnitude.multipliedReportingOverflow(by: 10)
            if overflow { return nil }
            magnitude = times10
        }
        if negative {
            return magnitude <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil
        }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
    }

    var doubleValue: Double {
        if isZero { return 0 }
        let text = (negative ? "-" : "") + String(decoding: digits.map { $0 + UInt8(ascii: "0") }, as: UTF8.self)
            + "e" + String(exponent)
        return Double(text) ?? (negative ? -.infinity : .infinity)
    }

    var description: String {
        if isZero { return "0" }
        let text = String(decoding: digits.map { $0 + UInt8(ascii: "0") }, as: UTF8.self)
        let sign = negative ? "-" : ""
        if exponent >= 0 {
            if exponent <= 21 { return sign + text + String(repeating: "0", count: exponent) }
        } else if adjustedExponent > 0 {
            let split = text.index(text.startIndex, offsetBy: adjustedExponent)
            return sign + text[..<split] + "." + text[split...]
        } else if adjustedExponent > -6 {
            return sign + "0." + String(repeating: "0", count: -adjustedExponent) + text
        }
        let mantissa = digits.count == 1 ? text : String(text.prefix(1)) + "." + text.dropFirst()
        let power = adjustedExponent - 1
        return sign + mantissa + "e" + (power < 0 ? "-" : "+") + String(power.magnitude)
    }

    /// Three-way exact comparison: negative, zero or positive.
    static func compare(_ lhs: BigDecimal, _ rhs: BigDecimal) -> Int {
        if lhs.negative != rhs.negative { return lhs.negative ? -1 : 1 }
        let magnitude = compareMagnitude(lhs, rhs)
        return lhs.negative ? -magnitude : magnitude
    }

    private static func compareMagnitude(_ lhs: BigDecimal, _ rhs: BigDecimal) -> Int {
        if lhs.isZero || rhs.isZero { return (lhs.isZero ? 0 : 1) - (rhs.isZero ? 0 : 1) }
        if lhs.adjustedExponent != rhs.adjustedExponent {
            return lhs.adjustedExponent < rhs.adjustedExponent ? -1 : 1
        }
        for position in 0..<max(lhs.digits.count, rhs.digits.count) {
            let a = position < lhs.digits.count ? lhs.digits[position] : 0
            let b = position < rhs.digits.count ? rhs.digits[position] : 0
            if a != b { return a < b ? -1 : 1 }
        }
        return 0
    }
}
