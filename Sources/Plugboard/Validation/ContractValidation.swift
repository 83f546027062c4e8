/// Which contract calls the host checks against the JSON Schemas a plugin advertises for its endpoints.
///
/// ```swift
/// var options = RegistrationOptions()
/// options.contractValidation = .requestsAndResponses
/// ```
///
/// A struct with static values rather than an enum (as ``PluginState``), so that a later version can add a level
/// without breaking code that switches over these (compare with `==`, or `switch` with a `default`). Its
/// `rawValue` is what `plugboard --contract-validation` takes.
public struct ContractValidation: RawRepresentable, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    enum Base: String, Sendable, CaseIterable {
        case off, requests, requestsAndResponses
    }

    /// Which one, for the host's own exhaustive switches.
    let base: Base

    private init(_ base: Base) { self.base = base }

    /// The level's name: `off`, `requests` or `requestsAndResponses`.
    public var rawValue: String { base.rawValue }

    /// The level of that name; nil for a name this version does not know.
    public init?(rawValue: String) {
        guard let base = Base(rawValue: rawValue) else { return nil }; self.base = base
    }

    /// The level's name.
    public var description: String { rawValue }

    /// Every level this version knows.
    public static let allCases = Base.allCases.map(ContractValidation.init)

    /// No checks: a request that breaks the schema reaches the plugin, which refuses it (400) if it cannot decode it.
    public static let off = ContractValidation(.off)
    /// Each request body is checked before it is sent; one that breaks the schema fails with ``PluginError`` code
    /// `invalidInput` naming the JSON path, and nothing is sent.
    public static let requests = ContractValidation(.requests)
    /// Requests as with ``requests``, and each 2xx response body too (code `invalidResponse`).
    public static let requestsAndResponses = ContractValidation(.requestsAndResponses)
}
