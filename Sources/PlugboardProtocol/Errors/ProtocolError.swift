/// An error in data that crossed the wire: a config, a capabilities document, a location line, a manifest.
///
/// A struct with a ``Code`` rather than an enum (as the host's `PluginError`), so that a later version can add a
/// kind of error without breaking code that matches these: compare ``code`` with `==`, or `switch` over it with a
/// `default`.
public struct ProtocolError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure a ``ProtocolError`` is.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case invalidDuration, invalidLocation, invalidDocument, invalidName
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// The code's name, e.g. `invalidDocument`.
        public var description: String { base.rawValue }

        /// A duration that is neither integer nanoseconds nor Go's duration syntax.
        public static let invalidDuration = Code(.invalidDuration)
        /// A location line that names no reachable address.
        public static let invalidLocation = Code(.invalidLocation)
        /// JSON that does not decode into the expected document.
        public static let invalidDocument = Code(.invalidDocument)
        /// A plugin or namespace name with characters outside `[A-Za-z0-9._-]`.
        public static let invalidName = Code(.invalidName)
    }

    /// What kind of failure it is.
    public var code: Code
    /// What was refused: the duration's or the location line's text, the name, or which document (`config`,
    /// `capabilities`, …).
    public var subject: String
    /// Why; for a document, the JSON path (such as `$.types.dataProcessor[0]`) and what is wrong there.
    public var reason: String

    /// Creates an error.
    public init(_ code: Code, subject: String, reason: String) {
        self.code = code
        self.subject = subject
        self.reason = reason
    }

    /// A duration that is neither integer nanoseconds nor Go's duration syntax.
    public static func invalidDuration(_ text: String, reason: String) -> ProtocolError {
        ProtocolError(.invalidDuration, subject: text, reason: reason)
    }

    /// A location line that names no reachable address.
    public static func invalidLocation(_ line: String, reason: String) -> ProtocolError {
        ProtocolError(.invalidLocation, subject: line, reason: reason)
    }

    /// JSON that does not decode into the expected document; `detail` starts with a JSON path such as
    /// `$.types.dataProcessor[0]`.
    public static func invalidDocument(document: String, detail: String) -> ProtocolError {
        ProtocolError(.invalidDocument, subject: document, reason: detail)
    }

    /// A plugin or namespace name with characters outside `[A-Za-z0-9._-]`.
    public static func invalidName(_ name: String, reason: String) -> ProtocolError {
        ProtocolError(.invalidName, subject: name, reason: reason)
    }

    /// What went wrong, in one line.
    public var description: String {
        switch code {
        case .invalidDuration: return "invalid duration \"\(subject)\": \(reason)"
        case .invalidLocation: return "invalid location \"\(subject.prefix(200))\": \(reason)"
        case .invalidName: return "invalid name \"\(subject)\": \(reason)"
        default: return "invalid \(subject): \(reason)"
        }
    }
}
