/// Rewrites the parts of ECMA-262 regular expression syntax that Swift's regex syntax reads
/// differently:
///
/// - `$` means end of input (Swift's `$` would also match before a final newline) → `\z`;
/// - `\cX` control escapes → `\u{..}`;
/// - `\uXXXX` (including surrogate pairs) → `\u{XXXXX}`;
/// - `\s` also matches U+FEFF, as in ECMAScript;
/// - only ECMAScript group kinds and escapes are accepted (`(?i)`, `(?P<n>…)`, `\a` are errors);
/// - `[]` matches nothing and `[^]` matches any character;
/// - inside a class, `[`, `&` and `~` are literals, and a `-` next to a class escape
///   (`[\d-z]`) is a literal hyphen.
enum ECMARegexTranslator {
    static func translate(_ pattern: String) throws(RegexSyntaxError) -> String {
        let scalars = Array(pattern.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        var inClass = false
        func append(_ text: String) { output.append(contentsOf: text.unicodeScalars) }

        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            switch scalar {
            case "\\":
                guard index < scalars.count else { throw RegexSyntaxError(message: "pattern ends with a lone backslash") }
                let escaped = scalars[index]
                index += 1
                switch escaped {
                case "c" where index < scalars.count && scalars[index].isASCII && scalars[index].properties.isAlphabetic:
                    append(hexEscape(scalars[index].value % 32))
                    index += 1
                case "u" where index + 4 <= scalars.count && scalars[index..<index + 4].allSatisfy(\.properties.isASCIIHexDigit):
                    var code = hexValue(scalars[index..<index + 4])
                    index += 4
                    if (0xD800..<0xDC00).contains(code), index + 6 <= scalars.count, scalars[index] == "\\", scalars[index + 1] == "u",
                       scalars[index + 2..<index + 6].allSatisfy(\.properties.isASCIIHexDigit)
                    {
                        let low = hexValue(scalars[index + 2..<index + 6])
                        if (0xDC00..<0xE000).contains(low) {
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                            index += 6
                        }
                    }
                    append(hexEscape(code))
                case "s" where !inClass:
                    append("[\\s\\u{feff}]")  // ECMAScript whitespace includes U+FEFF
                case "S" where !inClass:
                    append("[^\\s\\u{feff}]")
                case "d", "D", "w", "W", "s", "S":
                    append("\\" + String(escaped))
                    if escaped == "s" { append("\\u{feff}") }
                    if inClass, index + 1 < scalars.count, scalars[index] == "-", scalars[index + 1] != "]" {
                        append("\\-")
                        index += 1
                    }
                case "/":
                    append("/")
                case _ where escaped.isASCII && escaped.properties.isAlphabetic && !"bBfnrtvxupPk".unicodeScalars.contains(escaped):
                    throw RegexSyntaxError(message: "\\\(escaped) is not a valid escape in ECMA-262 regular expressions")
                default:
                    output.append("\\")
                    output.append(escaped)
                }
            case "[" where inClass, "&" where inClass, "~" where inClass:
                output.append("\\")
                output.append(scalar)
            case "-" where inClass && index < scalars.count && scalars[index] == "\\" && index + 1 < scalars.count
                && "dDwWsS".unicodeScalars.contains(scalars[index + 1]):
                append("\\-")
            case "[":
                inClass = true
                output.append(scalar)
                if index < scalars.count, scalars[index] == "^" {
                    output.append("^")
                    index += 1
                }
                // A leading `]` closes an empty class in ECMAScript (`[]` matches nothing, `[^]` anything).
                if index < scalars.count, scalars[index] == "]" {
                    let negated = scalars[index - 1] == "^"
                    inClass = false
                    index += 1
                    output.removeLast(negated ? 2 : 1)
                    append(negated ? "[\\s\\S]" : "(?!)")
                }
            case "]" where inClass:
                inClass = false
                output.append(scalar)
            case "(" where !inClass && index < scalars.count && scalars[index] == "?":
                // Only ECMAScript group kinds: (?:…), (?=…), (?!…), (?<=…), (?<!…), (?<name>…).
                let next = index + 1 < scalars.count ? scalars[index + 1] : " "
                let afterNext = index + 2 < scalars.count ? scalars[index + 2] : " "
                let isLookbehind = next == "<" && (afterNext == "=" || afterNext == "!")
                let isNamed = next == "<" && (afterNext.properties.isAlphabetic || afterNext == "_" || afterNext == "$")
                guard next == ":" || next == "=" || next == "!" || isLookbehind || isNamed else {
                    throw RegexSyntaxError(message: "(?\(next) groups are not ECMA-262 syntax")
                }
                output.append(scalar)
            case "$" where !inClass:
                append("\\z")
            default:
                output.append(scalar)
            }
        }
        return String(output)
    }

    private static func hexValue(_ digits: ArraySlice<Unicode.Scalar>) -> UInt32 {
        UInt32(String(String.UnicodeScalarView(digits)), radix: 16) ?? 0
    }

    private static func hexEscape(_ code: UInt32) -> String {
        "\\u{" + String(code, radix: 16) + "}"
    }
}
