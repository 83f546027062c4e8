/// RFC 3986 URI / RFC 3987 IRI and RFC 6570 URI Template syntax checks.
enum URISyntax {
    private static let subDelimiters = Set("!$&'()*+,;=".unicodeScalars)
    private static let unreservedMarks = Set("-._~".unicodeScalars)

    /// Whether `scalars` is a URI (or IRI when `international`), or also a relative reference
    /// when `allowRelative`.
    static func isURI(_ scalars: [Unicode.Scalar], international: Bool, allowRelative: Bool) -> Bool {
        var rest = scalars[...]
        if let hash = rest.firstIndex(of: "#") {
            guard isComponent(rest[(hash + 1)...], international: international, extra: "/?") else { return false }
            rest = rest[..<hash]
        }
        if let question = rest.firstIndex(of: "?") {
            guard isComponent(rest[(question + 1)...], international: international, extra: "/?") else { return false }
            rest = rest[..<question]
        }
        var hasScheme = false
        if let colon = rest.firstIndex(of: ":"), !rest[..<colon].contains("/") {
            let scheme = rest[..<colon]
            guard let first = scheme.first, first.isASCII, first.properties.isAlphabetic,
                  scheme.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "+-.".unicodeScalars.contains($0)) })
            else { return false }
            hasScheme = true
            rest = rest[(colon + 1)...]
        }
        guard hasScheme || allowRelative else { return false }
        if rest.starts(with: ["/", "/"]) {
            rest = rest.dropFirst(2)
            let end = rest.firstIndex(of: "/") ?? rest.endIndex
            guard isAuthority(rest[..<end], international: international) else { return false }
            rest = rest[end...]
        }
        return rest.split(separator: "/", omittingEmptySubsequences: false).allSatisfy {
            isComponent($0, international: international, extra: ":@")
        }
    }

    private static func isAuthority(_ authority: ArraySlice<Unicode.Scalar>, international: Bool) -> Bool {
        var hostAndPort = authority
        if let at = authority.lastIndex(of: "@") {
            guard isComponent(authority[..<at], international: international, extra: ":") else { return false }
            hostAndPort = authority[(at + 1)...]
        }
        var host = hostAndPort
        if hostAndPort.first == "[" {
            guard let close = hostAndPort.firstIndex(of: "]"), isIPLiteral(hostAndPort[(hostAndPort.startIndex + 1)..<close])
            else { return false }
            host = hostAndPort[...close]
            let port = hostAndPort[(close + 1)...]
            return port.isEmpty || (port.first == ":" && port.dropFirst().allSatisfy { ("0"..."9").contains($0) })
        }
        if let colon = hostAndPort.lastIndex(of: ":") {
            guard hostAndPort[(colon + 1)...].allSatisfy({ ("0"..."9").contains($0) }) else { return false }
            host = hostAndPort[..<colon]
        }
        return isComponent(host, international: international, extra: "")
    }

    /// The inside of `[...]`: an IPv6 address or `v<hex>.<text>` (IPvFuture).
    private static func isIPLiteral(_ literal: ArraySlice<Unicode.Scalar>) -> Bool {
        guard literal.first == "v" || literal.first == "V" else { return NetworkSyntax.isIPv6(literal) }
        guard let dot = literal.firstIndex(of: ".") else { return false }
        let version = literal[(literal.startIndex + 1)..<dot], text = literal[(dot + 1)...]
        return !version.isEmpty && version.allSatisfy(\.properties.isASCIIHexDigit) && !text.isEmpty
            && isComponent(text, international: false, extra: ":")
    }

    /// Every scalar is unreserved, a sub-delimiter, a valid `%XX` escape, one of `extra`,
    /// or (for IRIs) a non-ASCII character.
    private static func isComponent(_ scalars: ArraySlice<Unicode.Scalar>, international: Bool, extra: String) -> Bool {
        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            if scalar == "%" {
                guard index + 2 < scalars.endIndex,
                      scalars[index + 1].properties.isASCIIHexDigit, scalars[index + 2].properties.isASCIIHexDigit
                else { return false }
                index += 3
                continue
            }
            let allowed = scalar.isASCII
                ? scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || unreservedMarks.contains(scalar)
                    || subDelimiters.contains(scalar) || extra.unicodeScalars.contains(scalar)
                : international && !scalar.properties.isWhitespace && scalar.properties.generalCategory != .control
            guard allowed else { return false }
            index += 1
        }
        return true
    }

    /// RFC 6570 URI Template: literals plus `{operator? varspec,...}` expressions.
    static func isURITemplate(_ scalars: [Unicode.Scalar]) -> Bool {
        let forbiddenLiterals = Set(" \"<>\\^`|}\u{7F}".unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "{" {
                guard let close = scalars[index...].firstIndex(of: "}") else { return false }
                guard isTemplateExpression(scalars[(index + 1)..<close]) else { return false }
                index = close + 1
                continue
            }
            guard !forbiddenLiterals.contains(scalar), scalar.value >= 0x20 else { return false }
            index += 1
        }
        return true
    }

    private static func isTemplateExpression(_ expression: ArraySlice<Unicode.Scalar>) -> Bool {
        var body = expression
        if let first = body.first, "+#./;?&=,!@|".unicodeScalars.contains(first) { body = body.dropFirst() }
        guard !body.isEmpty else { return false }
        return body.split(separator: ",", omittingEmptySubsequences: false).allSatisfy { spec in
            var name = spec
            if spec.last == "*" {
                name = spec.dropLast()
            } else if let colon = spec.firstIndex(of: ":") {
                let length = spec[(colon + 1)...]
                guard (1...4).contains(length.count), length.allSatisfy({ ("0"..."9").contains($0) }), length.first != "0" else { return false }
                name = spec[..<colon]
            }
            // varname = varchar *( ["."] varchar ): dots only between other characters.
            return name.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { part in
                !part.isEmpty && part.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "_%".unicodeScalars.contains($0)) }
            }
        }
    }
}
