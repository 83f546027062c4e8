/// A contract: a named plugin API with a Swift protocol for its users, a client that speaks it over the wire, and
/// the routes that serve it on a plugin.
///
/// The same `Service` type is what host code calls whether the implementation is internal (a Swift value in the
/// host), external (a process the host started) or attached (a process someone else started).
///
/// Write the protocol and let ``PluginContract(_:)`` generate the conforming type:
///
/// ```swift
/// @PluginContract("dataProcessor")
/// public protocol DataProcessor: Sendable {
///     func process(_ request: ProcessRequest) async throws -> ProcessResponse
///     @Endpoint(.get, "/formats", responseKey: "formats")
///     func formats() async throws -> [String]
/// }
/// // generates `enum DataProcessorContract: PluginContract` and `struct DataProcessorClient: DataProcessor`
/// ```
///
/// A hand-written conformance works too: a `name`, `client(_:)` and `routes(_:)`, and optionally ``endpoints``
/// for the capabilities.
public protocol PluginContract: Sendable {
    /// The Swift API of the contract, usually an existential such as `any DataProcessor`.
    associatedtype Service: Sendable
    /// The contract's wire name, the key in the capabilities `types` object, e.g. `dataProcessor`.
    static var name: String { get }
    /// A client that implements `Service` by calling a plugin.
    static func client(_ transport: any EndpointTransport) -> Service
    /// The routes that serve `service` on a plugin.
    static func routes(_ service: Service) -> [Route]
    /// The contract's endpoints, which a plugin advertises with their schemas (capabilities `endpoints`).
    static var endpoints: [any ContractEndpoint] { get }
}

extension PluginContract {
    /// No endpoints advertised: a hand-written contract that does not list them.
    public static var endpoints: [any ContractEndpoint] { [] }
}
