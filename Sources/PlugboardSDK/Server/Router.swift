import Logging
import PlugboardProtocol

/// Maps a method and path to a handler, with the built-in endpoints and the protocol's error bodies.
struct Router: Sendable {
    /// A response ready to write.
    struct Response: Sendable {
        var status: Int
        var contentType: String
        var body: [UInt8]
        /// The `Allow` header of a 405.
        var allow: String?

        static func json(_ status: Int, _ body: [UInt8]) -> Response {
            Response(status: status, contentType: "application/json", body: body)
        }

        static func error(_ status: Int, _ message: String) -> Response {
            let body = (try? WireJSON.encode(ErrorBody(message: message, statusCode: status))) ?? []
            return .json(status, body)
        }
    }

    private var routes: [String: [HTTPMethod: Route]] = [:]
    private var methods: [String: @Sendable ([UInt8]) async throws -> [UInt8]] = [:]
    private var methodList: [UInt8] = Array(#"{"methods":[]}"#.utf8)

    /// Sets the named methods (v2) and their listing.
    mutating func setMethods(_ infos: [MethodInfo], handlers: [String: @Sendable ([UInt8]) async throws -> [UInt8]]) {
        methods = handlers
        methodList = (try? WireJSON.encode(MethodsResponse(methods: infos))) ?? methodList
    }

    /// Adds routes; a later route for the same method and path replaces an earlier one.
    mutating func add(_ newRoutes: [Route]) {
        for route in newRoutes {
            routes[route.path, default: [:]][route.method] = route
        }
    }

    /// Finds the handler for a request, or the error response that answers it. `path` is the request target
    /// without its query (``PluginServer/dispatch(_:)`` cuts it once).
    func lookup(method: String, path: String) -> Result<Route, RouterMiss> {
        if path == V2Paths.methods {
            guard method == "GET" else { return .failure(RouterMiss(response: .error(405, "method \(method) not allowed on \(path)"), allow: "GET")) }
            let listing = methodList
            return .success(Route(method: .get, path: path) { _ in listing })
        }
        if path.hasPrefix(V2Paths.methodPrefix) {
            guard method == "POST" else { return .failure(RouterMiss(response: .error(405, "method \(method) not allowed on \(path)"), allow: "POST")) }
            guard let name = V2Paths.percentDecode(path.dropFirst(V2Paths.methodPrefix.count)), let handler = methods[name] else {
                let known = methods.keys.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
                let shown = V2Paths.percentDecode(path.dropFirst(V2Paths.methodPrefix.count)) ?? String(path.dropFirst(V2Paths.methodPrefix.count))
                return .failure(RouterMiss(response: .error(404, "no method \"\(shown)\"" + (known.isEmpty ? "; this plugin has no methods" : "; methods: \(known)")), allow: nil))
            }
            return .success(Route(method: .post, path: path, contentType: "application/octet-stream", handler: handler))
        }
        guard let byMethod = routes[path] else {
            return .failure(RouterMiss(response: .error(404, "no endpoint \(path)"), allow: nil))
        }
        if let method = HTTPMethod(rawValue: method), let route = byMethod[method] { return .success(route) }
        let allowed = byMethod.keys.map(\.rawValue).sorted().joined(separator: ", ")
        return .failure(RouterMiss(response: .error(405, "method \(method) not allowed on \(path); allowed: \(allowed)"), allow: allowed))
    }

    /// Runs a handler and turns what it throws into the protocol's error body.
    static func run(_ route: Route, body: [UInt8], logger: Logger) async -> Response {
        do {
            let output = try await route.handler(body)
            return Response(status: 200, contentType: route.contentType, body: output)
        } catch let error as ErrorBody {
            return .json(error.statusCode, (try? WireJSON.encode(error)) ?? [])
        } catch {
            logger.error("handler failed", metadata: ["path": "\(route.path)", "error": "\(error)"])
            return .error(500, "\(error)")
        }
    }
}
