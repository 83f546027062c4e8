/// Syntax checks for host names, IP addresses and e-mail addresses.
enum NetworkSyntax {
    /// Dotted-quad IPv4 (RFC 2673 §3.2): four decimal octets, no leading zeros.
    static func isIPv4(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        let parts = scalars.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in
            guard (1...3).contains(part.count), part.allSatisfy({ ("0"..."9").contains($0) }),
                  part.count == 1 || part.first != "0"
            else { return false }
            return Int(String(String.UnicodeScalarView(part)))! <= 255
        }
    }

    /// RFC 4291 textual IPv6, with optional `::` compression and trailing dotted IPv4.
    static func isIPv6(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        var text = Array(scalars)
        var groupLimit = 8
        if let lastColon = text.lastIndex(of: ":"), text[(lastColon + 1)...].contains(".") {
            guard isIPv4(text[(lastColon + 1)...]) else { return false }
            // The IPv4 part counts as two groups: keep one placeholder group and lower the limit.
            text = Array(text[...lastColon]) + ["0"]
            groupLimit = 7
        }
        func groups(_ part: ArraySlice<Unicode.Scalar>) -> Int? {
            if part.isEmpty { return 0 }
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            let valid = pieces.allSatisfy { (1...4).contains($0.count) && $0.allSatisfy(\.properties.isASCIIHexDigit) }
            return valid ? pieces.count : nil
        }
        let compressions = text.indices.dropLast().filter { text[$0] == ":" && text[$0 + 1] == ":" }
        switch compressions.count {
        case 0:
            return groups(text[...]) == groupLimit
        case 1:
            let split = compressions[0]
            guard let left = groups(text[..<split]), let right = groups(text[(split + 2)...]) else { return false }
            return left + right <= groupLimit - 1
        default:
            return false
        }
    }

    /// RFC 1123 host name: dot-separated labels of letters, digits and hyphens; `xn--` labels
    /// must be well-formed Punycode.
    static func isHostname(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        guard !scalars.isEmpty, scalars.count <= 253 else { return false }
        return scalars.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            guard (1...63).contains(label.count), label.first != "-", label.last != "-",
                  label.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") })
            else { return false }
            let lowered = String(String.UnicodeScalarView(label)).lowercased()
            if lowered.dropFirst(2).hasPrefix("--") {
                guard lowered.hasPrefix("xn--"), let decoded = Punycode.decode(lowered.dropFirst(4)) else { return false }
                return isULabel(decoded)
            }
            return true
        }
    }

    /// Basic IDNA 2008 label rules for a decoded label: non-ASCII content, no hyphen at either
    /// end or in positions 3–4, and no leading combining mark. (The contextual rules of RFC 5892
    /// are not checked.)
    private static func isULabel(_ label: [Unicode.Scalar]) -> Bool {
        guard let first = label.first, !label.allSatisfy(\.isASCII), first != "-", label.last != "-" else { return false }
        if label.count >= 4, label[2] == "-", label[3] == "-" { return false }
        switch first.properties.generalCategory {
        case .spacingMark, .nonspacingMark, .enclosingMark: return false
        default: return true
        }
    }

    /// An internationalized host name (RFC 5890): labels separated by `.` or its ideographic and
    /// fullwidth variants; ASCII labels follow ``isHostname(_:)``, others the basic U-label rules
    /// and may contain letters, marks and digits of any script.
    static func isInternationalHostname(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        let separators: Set<Unicode.Scalar> = [".", "\u{3002}", "\u{FF0E}", "\u{FF61}"]
        guard !scalars.isEmpty, scalars.count <= 253 else { return false }
        return scalars.split(omittingEmptySubsequences: false, whereSeparator: separators.contains).allSatisfy { label in
            guard (1...63).contains(label.count) else { return false }
            if label.allSatisfy(\.isASCII) { return isHostname(label) }
            return isULabel(Array(label)) && label.allSatisfy { scalar in
                switch scalar.properties.generalCategory {
                case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                     .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .otherNumber:
                    true
                default:
                    scalar == "-" || scalar == "\u{200C}" || scalar == "\u{200D}" || scalar == "\u{B7}"
                        || scalar == "\u{375}" || scalar == "\u{5F3}" || scalar == "\u{5F4}" || scalar == "\u{30FB}"
                }
            }
        }
    }

    /// RFC 5321 mailbox: dot-atom or quoted local part, then a host name or an address literal.
    static func isEmail(_ scalars: [Unicode.Scalar], international: Bool) -> Bool {
        guard let at = scalars.lastIndex(of: "@") else { return false }
        let local = scalars[..<at], domain = scalars[(at + 1)...]
        guard isLocalPart(local, international: international), !domain.isEmpty else { return false }
        if domain.first == "[", domain.last == "]" {
            let literal = domain.dropFirst().dropLast()
            if literal.starts(with: "IPv6:".unicodeScalars) { return isIPv6(literal.dropFirst(5)) }
            return isIPv4(literal)
        }
        return international ? isInternationalHostname(domain) : isHostname(domain)
    }

    private static func isLocalPart(_ local: ArraySlice<Unicode.Scalar>, international: Bool) -> Bool {
        guard !local.isEmpty, local.count <= 64 else { return false }
        if local.first == "\"" {
            guard local.count >= 2, local.last == "\"" else { return false }
            var escaped = false
            for scalar in local.dropFirst().dropLast() {
                if escaped { escaped = false; continue }
                if scalar == "\\" { escaped = true; continue }
                if scalar == "\"" || (scalar.value < 0x20 && scalar != "\t") { return false }
            }
            return !escaped
        }
        let specials = Set("!#$%&'*+-/=?^_`{|}~".unicodeScalars)
        return local.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { atom in
            !atom.isEmpty && atom.allSatisfy { scalar in
                (scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || specials.contains(scalar)))
                    || (international && !scalar.isASCII)
            }
        }
    }
}
