/// An exact JSON number.
///
/// Integers that fit in `Int64` are stored directly; every other value is kept as an exact
/// decimal (digits and a power-of-ten exponent), so `1.0`, `1e0` and `1` are the same number,
/// `1.0` is an integer, and numbers beyond `Double` precision compare exactly.
///
/// ```swift
/// JSONNumber(parsing: "1.0") == JSONNumber(1)   // true
/// JSONNumber(parsing: "1.0")?.isInteger         // true
/// ```
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// Normalized storage: `.int` whenever the value is an integer that fits `Int64`.
    enum Storage: Sendable, Hashable {
        case int(Int64)
        case decimal(BigDecimal)
    }

    let storage: Storage

    init(storage: Storage) {
        self.storage = storage
    }

    /// Creates a number from an integer.
    public init(_ value: Int64) {
        storage = .int(value)
    }

    /// Creates a number from an integer.
    public init(_ value: Int) {
        storage = .int(Int64(value))
    }

    /// Creates a number from a finite `Double`; returns `nil` for NaN and infinities,
    /// which JSON cannot represent.
    public init?(_ value: Double) {
        guard value.isFinite else { return nil }
        if value == value.rounded(), abs(value) < 9.2e18 {
            storage = .int(Int64(value))
        } else if let parsed = JSONNumber(parsing: "\(value)") {
            self = parsed
        } else {
            return nil
        }
    }

    /// Parses JSON number text such as `-12`, `0.5` or `1e400` exactly;
    /// returns `nil` when the text is not a JSON number.
    public init?(parsing text: String) {
        var utf8 = Array(text.utf8)
        guard let number = utf8.withUnsafeMutableBufferPointer({ buffer -> JSONNumber? in
            var index = 0
            let result = JSONNumber.scan(UnsafeBufferPointer(buffer), at: &index)
            return index == buffer.count ? result : nil
        }) else { return nil }
        self = number
    }

    /// Whether the value is mathematically an integer (`1.0` and `1e3` are integers).
    public var isInteger: Bool {
        switch storage {
        case .int: true
        case .decimal(let decimal): decimal.exponent >= 0
        }
    }

    /// The value as an `Int64`, when it is an integer in range.
    public var int64Value: Int64? {
        if case .int(let value) = storage { return value }
        return nil
    }

    /// The nearest `Double` (may be infinite for huge magnitudes).
    public var doubleValue: Double {
        switch storage {
        case .int(let value): Double(value)
        case .decimal(let decimal): decimal.doubleValue
        }
    }

    /// Whether the value is below zero.
    public var isNegative: Bool {
        switch storage {
        case .int(let value): value < 0
        case .decimal(let decimal): decimal.negative
        }
    }

    /// The shortest exact JSON text for the number, e.g. `1`, `0.25`, `1e+400`.
    public var description: String {
        switch storage {
        case .int(let value): String(value)
        case .decimal(let decimal): decimal.description
        }
    }

    var decimal: BigDecimal {
        switch storage {
        case .int(let value): BigDecimal(value)
        case .decimal(let decimal): decimal
        }
    }
}

extension JSONNumber: Comparable {
    /// Compares numbers exactly, as mathematical values.
    public static func < (lhs: JSONNumber, rhs: JSONNumber) -> Bool {
        if case .int(let a) = lhs.storage, case .int(let b) = rhs.storage { return a < b }
        return BigDecimal.compare(lhs.decimal, rhs.decimal) < 0
    }
}

extension JSONNumber: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    /// Creates a number from an integer literal.
    public init(integerLiteral value: Int64) {
        self.init(value)
    }

    /// Creates a number from a (finite) floating-point literal.
    public init(floatLiteral value: Double) {
        guard let number = JSONNumber(value) else { preconditionFailure("JSON numbers must be finite") }
        self = number
    }
}
