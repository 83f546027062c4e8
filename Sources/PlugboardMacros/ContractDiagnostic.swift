import SwiftDiagnostics

/// A misuse of `@PluginContract` or `@Endpoint`, reported at compile time where it is written.
struct ContractDiagnostic: DiagnosticMessage, Error {
    let message: String
    let id: String

    var diagnosticID: MessageID { MessageID(domain: "PlugboardMacros", id: id) }
    var severity: DiagnosticSeverity { .error }

    static func notAProtocol() -> Self {
        Self(message: "@PluginContract applies to a protocol: write it on `protocol MyContract: Sendable { ... }`", id: "notAProtocol")
    }

    static func missingName() -> Self {
        Self(message: "@PluginContract needs the contract's wire name as a string literal, e.g. @PluginContract(\"dataProcessor\")", id: "missingName")
    }

    static func notAMethod(_ what: String) -> Self {
        Self(message: "a contract declares only methods (each one is an endpoint); \(what) cannot cross the wire", id: "notAMethod")
    }

    static func notAsyncThrows(_ method: String) -> Self {
        Self(message: "method '\(method)' must be 'async throws': a call to a plugin crosses a process boundary, waits and can fail", id: "notAsyncThrows")
    }

    static func typedThrows(_ method: String) -> Self {
        Self(message: "method '\(method)' must throw 'any Error' (plain 'throws'): a client reports transport and plugin failures as PluginError", id: "typedThrows")
    }

    static func tooManyParameters(_ method: String) -> Self {
        Self(message: "method '\(method)' takes more than one parameter; an endpoint has one request body: put the values in one Codable struct", id: "tooManyParameters")
    }

    static func unsupportedParameter(_ method: String, _ why: String) -> Self {
        Self(message: "method '\(method)': \(why)", id: "unsupportedParameter")
    }

    static func generic(_ method: String) -> Self {
        Self(message: "method '\(method)' is generic; an endpoint's body types must be concrete Codable types", id: "generic")
    }

    static func notCodable(_ method: String, _ type: String, _ why: String) -> Self {
        Self(message: "method '\(method)': '\(type)' is not Codable (\(why)); a body must be a Codable type, or [UInt8] for raw bytes", id: "notCodable")
    }

    static func mixedRaw(_ method: String) -> Self {
        Self(message: "method '\(method)' mixes raw bytes and JSON; a raw endpoint takes [UInt8] (or nothing) and returns [UInt8] (or nothing)", id: "mixedRaw")
    }

    static func reservedName(_ method: String) -> Self {
        Self(message: "method '\(method)' would collide with the generated contract's static '\(method)'; rename it and keep its path with @Endpoint(.post, \"/\(method)\")", id: "reservedName")
    }

    static func overloaded(_ method: String) -> Self {
        Self(message: "two methods named '\(method)'; endpoints are named after their methods, so each name appears once", id: "overloaded")
    }

    static func duplicatePath(_ wire: String, _ first: String, _ second: String) -> Self {
        Self(message: "methods '\(first)' and '\(second)' are both on \(wire); give one of them another path with @Endpoint", id: "duplicatePath")
    }

    static func badEndpoint(_ why: String) -> Self {
        Self(message: "@Endpoint \(why); write @Endpoint(.get, \"/formats\")", id: "badEndpoint")
    }
}
