import SwiftCompilerPlugin
import SwiftSyntaxMacros

/// The compiler plugin that carries Plugboard's macros.
@main
struct PlugboardMacrosPlugin: CompilerPlugin {
    let providingMacros: [any Macro.Type] = [PluginContractMacro.self, EndpointMacro.self]
}
