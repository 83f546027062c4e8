/// The `format` values the validator can assert (when format assertion is enabled).
enum StringFormat: String, Sendable, CaseIterable {
    case dateTime = "date-time"
    case date
    case time
    case duration
    case email
    case idnEmail = "idn-email"
    case hostname
    case idnHostname = "idn-hostname"
    case ipv4
    case ipv6
    case uri
    case uriReference = "uri-reference"
    case iri
    case iriReference = "iri-reference"
    case uriTemplate = "uri-template"
    case uuid
    case regex
    case jsonPointer = "json-pointer"
    case relativeJSONPointer = "relative-json-pointer"

    /// Whether `string` is a valid instance of the format.
    func accepts(_ string: String) -> Bool {
        let scalars = Array(string.unicodeScalars)
        switch self {
        case .dateTime: return DateTimeSyntax.isDateTime(scalars)
        case .date: return DateTimeSyntax.isDate(scalars[...])
        case .time: return DateTimeSyntax.isTime(scalars[...])
        case .duration: return DateTimeSyntax.isDuration(scalars)
        case .email: return NetworkSyntax.isEmail(scalars, international: false)
        case .idnEmail: return NetworkSyntax.isEmail(scalars, international: true)
        case .hostname: return NetworkSyntax.isHostname(scalars[...])
        case .idnHostname: return NetworkSyntax.isInternationalHostname(scalars[...])
        case .ipv4: return NetworkSyntax.isIPv4(scalars[...])
        case .ipv6: return NetworkSyntax.isIPv6(scalars[...])
        case .uri: return URISyntax.isURI(scalars, international: false, allowRelative: false)
        case .uriReference: return URISyntax.isURI(scalars, international: false, allowRelative: true)
        case .iri: return URISyntax.isURI(scalars, international: true, allowRelative: false)
        case .iriReference: return URISyntax.isURI(scalars, international: true, allowRelative: true)
        case .uriTemplate: return URISyntax.isURITemplate(scalars)
        case .uuid: return Self.isUUID(scalars)
        case .regex: return (try? ECMARegex(string)) != nil
        case .jsonPointer: return Self.isJSONPointer(scalars[...])
        case .relativeJSONPointer: return Self.isRelativeJSONPointer(scalars)
        }
    }

    private static func isUUID(_ scalars: [Unicode.Scalar]) -> Bool {
        guard scalars.count == 36 else { return false }
        return scalars.enumerated().allSatisfy { position, scalar in
            [8, 13, 18, 23].contains(position) ? scalar == "-" : scalar.properties.isASCIIHexDigit
        }
    }

    private static func isJSONPointer(_ scalars: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let first = scalars.first else { return true }
        guard first == "/" else { return false }
        var index = scalars.startIndex
        while index < scalars.endIndex {
            if scalars[index] == "~" {
                guard index + 1 < scalars.endIndex, scalars[index + 1] == "0" || scalars[index + 1] == "1" else { return false }
                index += 1
            }
            index += 1
        }
        return true
    }

    private static func isRelativeJSONPointer(_ scalars: [Unicode.Scalar]) -> Bool {
        let digits = scalars.prefix { ("0"..."9").contains($0) }
        guard !digits.isEmpty, digits.count == 1 || digits.first != "0" else { return false }
        let rest = scalars[digits.count...]
        return rest == ["#"] || isJSONPointer(rest)
    }
}
