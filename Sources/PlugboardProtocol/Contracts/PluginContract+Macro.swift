/// Turns a protocol into a contract: generates `<Protocol>Contract` (its wire name, one ``Endpoint`` per method,
/// ``PluginContract/client(_:)`` and ``PluginContract/routes(_:)``) and `<Protocol>Client`, the protocol implemented
/// by calling a plugin. Plugins advertise each endpoint's JSON Schemas, derived from its types (``WireSchema``).
///
/// ```swift
/// @PluginContract("notes")
/// public protocol Notes: Sendable {
///     func add(_ note: Note) async throws -> NoteID           // POST /add
///     @Endpoint(.get, "/notes")
///     func list() async throws -> NoteList                     // GET /notes
///     func clear() async throws                                // POST /clear, answers {}
/// }
/// ```
///
/// Each method must be `async throws`, take one `Codable` request body or none, and return a `Codable` response
/// or nothing. A method that takes and returns `[UInt8]` (or nothing) is a raw endpoint: the bytes as they are,
/// `application/octet-stream`. Misuse (a method that is not `async throws`, two methods on one path, a body
/// that cannot be `Codable`) is a compile-time error at the method; a body type that is not `Codable` is reported
/// by the compiler at the `@PluginContract` line.
@attached(peer, names: suffixed(Contract), suffixed(Client))
public macro PluginContract(_ name: String) = #externalMacro(module: "PlugboardMacros", type: "PluginContractMacro")

/// The HTTP method and path of a contract method, where the default (`POST /<method name>`) is not wanted.
///
/// ```swift
/// @Endpoint(.get, "/formats")
/// func formats() async throws -> FormatsResponse
/// ```
@attached(peer)
public macro Endpoint(_ method: HTTPMethod, _ path: String) = #externalMacro(module: "PlugboardMacros", type: "EndpointMacro")

/// The HTTP method of a contract method, on its default path `/<method name>`.
@attached(peer)
public macro Endpoint(_ method: HTTPMethod) = #externalMacro(module: "PlugboardMacros", type: "EndpointMacro")

/// The HTTP method and path of a contract method whose response travels inside an object under `responseKey`, as
/// Go contracts often answer (`GET /formats` → `{"formats": [...]}` for a method that returns `[String]`).
///
/// ```swift
/// @Endpoint(.get, "/formats", responseKey: "formats")
/// func formats() async throws -> [String]
/// ```
@attached(peer)
public macro Endpoint(_ method: HTTPMethod, _ path: String, responseKey: String) = #externalMacro(module: "PlugboardMacros", type: "EndpointMacro")
