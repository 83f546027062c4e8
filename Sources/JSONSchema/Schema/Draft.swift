/// A JSON Schema specification version.
///
/// A schema selects its draft with `$schema`; schemas without `$schema` use
/// ``ValidatorOptions/defaultDraft``.
public enum Draft: Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// JSON Schema 2020-12 (`https://json-schema.org/draft/2020-12/schema`).
    case draft2020_12
    /// JSON Schema draft-07 (`http://json-schema.org/draft-07/schema#`).
    case draft7

    /// The canonical meta-schema URI of the draft.
    public var metaschemaURI: String {
        switch self {
        case .draft2020_12: "https://json-schema.org/draft/2020-12/schema"
        case .draft7: "http://json-schema.org/draft-07/schema#"
        }
    }

    /// The draft whose meta-schema is `uri` (an empty fragment is ignored), if it is a known one.
    public init?(metaschemaURI uri: String) {
        var uri = uri
        if uri.hasSuffix("#") { uri.removeLast() }
        if uri.hasPrefix("https://") { uri = "http://" + uri.dropFirst(8) }
        switch uri {
        case "http://json-schema.org/draft/2020-12/schema": self = .draft2020_12
        case "http://json-schema.org/draft-07/schema": self = .draft7
        default: return nil
        }
    }

    /// `draft2020-12` or `draft7`.
    public var description: String {
        switch self {
        case .draft2020_12: "draft2020-12"
        case .draft7: "draft7"
        }
    }
}
