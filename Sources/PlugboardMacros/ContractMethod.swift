import SwiftSyntax

/// One method of a contract protocol, as `@PluginContract` reads it: its Swift signature and the endpoint it maps to.
struct ContractMethod {
    /// How a body crosses the wire.
    enum Body: Equatable {
        /// No body: the request has none (`Empty` on the wire), or the method returns nothing (`{}`).
        case none
        /// A `Codable` type, as JSON.
        case typed(String)
        /// `[UInt8]`, the bytes as they are (`application/octet-stream`).
        case raw
    }

    /// The method's name, which is also the generated endpoint's name.
    var name: String
    /// `GET`, `POST`, ... as the `HTTPMethod` case name (`get`, `post`).
    var httpMethod: String
    /// The path, starting with `/`.
    var path: String
    /// The request body.
    var request: Body
    /// The response body.
    var response: Body
    /// `@Endpoint(..., responseKey: "formats")`: the response travels as `{"formats": <value>}`.
    var responseKey: String?
    /// The parameter as it is declared (`_ request: ProcessRequest`), for the client's signature.
    var parameter: (label: String, local: String, type: String)?
    /// Where the method is declared, for diagnostics.
    var node: FunctionDeclSyntax

    /// `Endpoint<Request, Response>`, or `RawEndpoint` when no side is typed.
    var endpointType: String {
        if request != .raw && response != .raw {
            return "Endpoint<\(request.swiftType), \(wireResponseType)>"
        }
        return "RawEndpoint"
    }

    /// Whether the bodies are raw bytes.
    var isRaw: Bool { endpointType == "RawEndpoint" }

    /// The response type on the wire: the method's, or the generated wrapper (`FormatsBody`) for a response key.
    var wireResponseType: String {
        responseKey == nil ? response.swiftType : wrapperName
    }

    /// `FormatsBody` for `formats`.
    var wrapperName: String { name.prefix(1).uppercased() + name.dropFirst() + "Body" }

    /// `POST /process`.
    var wireName: String { "\(httpMethod.uppercased()) \(path)" }
}

extension ContractMethod.Body {
    /// The Swift type the generated endpoint uses for this body.
    var swiftType: String {
        switch self {
        case .none: "Empty"
        case .typed(let type): type
        case .raw: "[UInt8]"
        }
    }
}
