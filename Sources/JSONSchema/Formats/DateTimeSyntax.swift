/// RFC 3339 date/time and ISO 8601 duration syntax checks.
enum DateTimeSyntax {
    /// `full-date "T" full-time` (the `T` is case-insensitive).
    static func isDateTime(_ scalars: [Unicode.Scalar]) -> Bool {
        guard scalars.count > 11, scalars[10] == "T" || scalars[10] == "t" else { return false }
        return isDate(scalars[..<10]) && isTime(scalars[11...])
    }

    /// `YYYY-MM-DD` with a day that exists in that month.
    static func isDate(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        let s = Array(scalars)
        guard s.count == 10, s[4] == "-", s[7] == "-",
              let year = number(s[0..<4]), let month = number(s[5..<7]), let day = number(s[8..<10]),
              (1...12).contains(month), day >= 1
        else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= days[month - 1]
    }

    /// `HH:MM:SS[.frac](Z|±HH:MM)`; a leap second is valid only at 23:59:60 UTC.
    static func isTime(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        let s = Array(scalars)
        guard s.count >= 9, s[2] == ":", s[5] == ":",
              let hour = number(s[0..<2]), let minute = number(s[3..<5]), let second = number(s[6..<8]),
              hour <= 23, minute <= 59, second <= 60
        else { return false }
        var index = 8
        if s[index] == "." {
            index += 1
            let start = index
            while index < s.count, isDigit(s[index]) { index += 1 }
            guard index > start else { return false }
        }
        guard index < s.count else { return false }
        var offsetMinutes = 0
        switch s[index] {
        case "Z", "z":
            guard index + 1 == s.count else { return false }
        case "+", "-":
            guard s.count - index == 6, s[index + 3] == ":",
                  let offsetHour = number(s[index + 1..<index + 3]), let offsetMinute = number(s[index + 4..<index + 6]),
                  offsetHour <= 23, offsetMinute <= 59
            else { return false }
            offsetMinutes = (offsetHour * 60 + offsetMinute) * (s[index] == "+" ? 1 : -1)
        default:
            return false
        }
        guard second == 60 else { return true }
        let utcMinutes = ((hour * 60 + minute - offsetMinutes) % 1440 + 1440) % 1440
        return utcMinutes == 23 * 60 + 59
    }

    /// ISO 8601 durations as in RFC 3339 appendix A: `P[nY][nM][nD][T[nH][nM][nS]]` or `PnW`.
    static func isDuration(_ scalars: [Unicode.Scalar]) -> Bool {
        guard scalars.first == "P", scalars.count > 1 else { return false }
        var index = 1
        /// Parses `number designator` pairs in the sequence given by `order`; returns how many.
        func components(_ order: [Unicode.Scalar]) -> Int? {
            // Components are contiguous: e.g. `Y`, `YM`, `YMD`, `MD`, `D`, but not `YD`.
            var found = 0
            var expected: Int?
            while index < scalars.count, isDigit(scalars[index]) {
                while index < scalars.count, isDigit(scalars[index]) { index += 1 }
                guard index < scalars.count, let position = order.firstIndex(of: scalars[index]),
                      expected == nil || expected == position
                else { return nil }
                expected = position + 1
                index += 1
                found += 1
            }
            return found
        }
        if scalars.last == "W" {
            return scalars.count > 2 && scalars[1..<scalars.count - 1].allSatisfy(isDigit)
        }
        guard let dateParts = components(["Y", "M", "D"]) else { return false }
        if index == scalars.count { return dateParts > 0 }
        guard scalars[index] == "T" else { return false }
        index += 1
        guard let timeParts = components(["H", "M", "S"]), timeParts > 0 else { return false }
        return index == scalars.count
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(scalar)
    }

    /// The value of an all-ASCII-digit slice.
    private static func number(_ digits: ArraySlice<Unicode.Scalar>) -> Int? {
        var value = 0
        for digit in digits {
            guard isDigit(digit) else { return nil }
            value = value * 10 + Int(digit.value - 48)
        }
        return value
    }
}
