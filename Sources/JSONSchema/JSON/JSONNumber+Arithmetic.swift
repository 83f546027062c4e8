extension JSONNumber {
    /// Whether `self` is an integer multiple of the positive number `divisor`.
    ///
    /// Exact for decimal values (so `0.0075` is a multiple of `0.0001`); falls back to `Double`
    /// division only when the divisor has more than 19 significant digits or the exponents are
    /// astronomically far apart.
    public func isMultiple(of divisor: JSONNumber) -> Bool {
        if case .int(let a) = storage, case .int(let b) = divisor.storage, b != 0 {
            return b == -1 || a % b == 0
        }
        let a = decimal, b = divisor.decimal
        if a.isZero { return true }
        if b.isZero { return false }
        let common = min(a.exponent, b.exponent)
        let dividendShift = a.exponent - common, divisorShift = b.exponent - common
        if dividendShift <= 100_000, let modulus = BigDecimal.unsignedValue(of: b.digits, shift: divisorShift) {
            var remainder: UInt64 = 0
            for digit in a.digits { remainder = Self.appendDigit(digit, to: remainder, modulo: modulus) }
            for _ in 0..<dividendShift { remainder = Self.appendDigit(0, to: remainder, modulo: modulus) }
            return remainder == 0
        }
        let quotient = doubleValue / divisor.doubleValue
        return quotient.isFinite && quotient == quotient.rounded()
    }

    /// `(remainder * 10 + digit) mod modulus` without overflow.
    private static func appendDigit(_ digit: UInt8, to remainder: UInt64, modulo modulus: UInt64) -> UInt64 {
        let product = remainder.multipliedFullWidth(by: 10)
        let (low, carry) = product.low.addingReportingOverflow(UInt64(digit))
        let high = product.high + (carry ? 1 : 0)
        return modulus.dividingFullWidth((high: high % modulus, low: low)).remainder
    }
}

extension BigDecimal {
    /// `digits × 10^shift` as a `UInt64`, or `nil` when it does not fit.
    static func unsignedValue(of digits: [UInt8], shift: Int) -> UInt64? {
        guard digits.count + shift <= 19 else { return nil }
        var value: UInt64 = 0
        for digit in digits + repeatElement(0, count: shift) {
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(digit))
            if o1 || o2 { return nil }
            value = sum
        }
        return value
    }
}
