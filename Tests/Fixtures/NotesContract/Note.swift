import PlugboardProtocol

/// One note.
public struct Note: Codable, Sendable, Hashable {
    /// Required.
    public var title: String
    /// Optional.
    public var body: String?
    /// Free-form labels.
    public var tags: [String]

    /// Creates a note.
    public init(title: String, body: String? = nil, tags: [String] = []) {
        self.title = title
        self.body = body
        self.tags = tags
    }
}
