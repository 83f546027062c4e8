import SwiftDiagnostics
import SwiftSyntax
import SwiftSyntaxMacros

/// `@PluginContract("dataProcessor")` on a protocol: generates `<Protocol>Contract` (the wire name, one endpoint
/// per method, the client and the routes) and `<Protocol>Client` (the protocol, implemented by calling a plugin).
///
/// Each method is one endpoint: `POST /<method name>` unless `@Endpoint(.get, "/path")` says otherwise. A method
/// takes one `Codable` request body or none and returns a `Codable` response or nothing; `[UInt8]` on both sides
/// (or with nothing) is a raw endpoint, the bytes as they are.
public struct PluginContractMacro: PeerMacro {
    public static func expansion(
        of node: AttributeSyntax,
        providingPeersOf declaration: some DeclSyntaxProtocol,
        in context: some MacroExpansionContext
    ) throws -> [DeclSyntax] {
        guard let proto = declaration.as(ProtocolDeclSyntax.self) else {
            context.diagnose(Diagnostic(node: Syntax(node), message: ContractDiagnostic.notAProtocol()))
            return []
        }
        guard let name = contractName(node) else {
            context.diagnose(Diagnostic(node: Syntax(node), message: ContractDiagnostic.missingName()))
            return []
        }
        var reader = ContractReader()
        let methods = reader.methods(of: proto)
        guard reader.diagnostics.isEmpty else {
            reader.diagnostics.forEach(context.diagnose)
            return []
        }
        let source = ContractSource(
            protocolName: proto.name.text,
            wireName: name,
            access: accessPrefix(of: proto),
            methods: methods
        )
        return [source.contract, source.client]
    }

    /// The first argument, a plain string literal.
    private static func contractName(_ node: AttributeSyntax) -> String? {
        guard let arguments = node.arguments?.as(LabeledExprListSyntax.self),
              let literal = arguments.first?.expression.as(StringLiteralExprSyntax.self),
              let value = literal.representedLiteralValue, !value.isEmpty else { return nil }
        return value
    }

    /// `public `, `package `, `` (internal) or `fileprivate ` (for a private protocol), for the generated peers.
    private static func accessPrefix(of proto: ProtocolDeclSyntax) -> String {
        for modifier in proto.modifiers {
            switch modifier.name.tokenKind {
            case .keyword(.public), .keyword(.open): return "public "
            case .keyword(.package): return "package "
            case .keyword(.fileprivate), .keyword(.private): return "fileprivate "
            default: continue
            }
        }
        return ""
    }
}
