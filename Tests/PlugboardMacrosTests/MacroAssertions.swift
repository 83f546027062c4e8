import PlugboardMacros
import SwiftSyntaxMacroExpansion
import SwiftSyntaxMacrosGenericTestSupport
import SwiftSyntaxMacros
import Testing

/// The macros under test, by the names the sources use.
let plugboardMacros: [String: MacroSpec] = [
    "PluginContract": MacroSpec(type: PluginContractMacro.self),
    "Endpoint": MacroSpec(type: EndpointMacro.self),
]

/// `assertMacroExpansion`, reporting to Swift Testing.
func assertExpansion(
    _ source: String,
    expandedSource: String,
    diagnostics: [DiagnosticSpec] = [],
    sourceLocation: SourceLocation = #_sourceLocation
) {
    assertMacroExpansion(
        source,
        expandedSource: expandedSource,
        diagnostics: diagnostics,
        macroSpecs: plugboardMacros,
        failureHandler: { failure in
            Issue.record(Comment(rawValue: failure.message), sourceLocation: sourceLocation)
        }
    )
}
