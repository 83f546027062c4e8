import SwiftSyntax
import SwiftSyntaxMacros

/// `@Endpoint(.get, "/formats")`: a marker read by ``PluginContractMacro``; it expands to nothing itself.
public struct EndpointMacro: PeerMacro {
    public static func expansion(
        of node: AttributeSyntax,
        providingPeersOf declaration: some DeclSyntaxProtocol,
        in context: some MacroExpansionContext
    ) throws -> [DeclSyntax] {
        []
    }
}
