/// Which contract calls the host checks against the JSON Schemas a plugin advertises for its endpoints.
///
/// ```swift
/// var options = RegistrationOptions()
/// options.contractValidation = .requestsAndResponses
/// ```
public enum ContractValidation: String, Sendable, Hashable, CaseIterable {
    /// No checks: a request that breaks the schema reaches the plugin, which refuses it (400) if it cannot decode it.
    case off
    /// Each request body is checked before it is sent; one that breaks the schema fails with ``PluginError`` code
    /// `invalidInput` naming the JSON path, and nothing is sent.
    case requests
    /// Requests as with ``requests``, and each 2xx response body too (code `invalidResponse`).
    case requestsAndResponses
}
