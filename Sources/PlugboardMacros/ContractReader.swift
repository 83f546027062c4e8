import SwiftDiagnostics
import SwiftSyntax
import SwiftSyntaxMacros

/// Reads a contract protocol into ``ContractMethod``s, reporting every misuse it finds (not only the first).
struct ContractReader {
    /// The names of the generated contract's own static members, which a method may not take.
    static let reserved: Set<String> = ["name", "client", "routes", "endpoints", "Service"]
    static let httpMethods: Set<String> = ["get", "head", "post", "put", "delete", "patch"]

    var diagnostics: [Diagnostic] = []

    mutating func fail(_ node: some SyntaxProtocol, _ message: ContractDiagnostic) {
        diagnostics.append(Diagnostic(node: Syntax(node), message: message))
    }

    /// The methods of `decl`, in declaration order; misuses are collected in ``diagnostics``.
    mutating func methods(of decl: ProtocolDeclSyntax) -> [ContractMethod] {
        var methods: [ContractMethod] = []
        for member in decl.memberBlock.members {
            let item = member.decl
            if let function = item.as(FunctionDeclSyntax.self) {
                if let method = read(function) { methods.append(method) }
            } else if item.is(VariableDeclSyntax.self) {
                fail(item, .notAMethod("a property"))
            } else if item.is(SubscriptDeclSyntax.self) {
                fail(item, .notAMethod("a subscript"))
            } else if item.is(InitializerDeclSyntax.self) {
                fail(item, .notAMethod("an initializer"))
            } else if item.is(AssociatedTypeDeclSyntax.self) {
                fail(item, .notAMethod("an associated type"))
            }
        }
        var names: Set<String> = []
        var paths: [String: String] = [:]
        for method in methods {
            if !names.insert(method.name).inserted {
                fail(method.node.name, .overloaded(method.name))
            }
            if let first = paths[method.wireName] {
                fail(method.node.name, .duplicatePath(method.wireName, first, method.name))
            } else {
                paths[method.wireName] = method.name
            }
        }
        return methods
    }

    private mutating func read(_ function: FunctionDeclSyntax) -> ContractMethod? {
        let name = function.name.text
        let before = diagnostics.count
        if Self.reserved.contains(name) { fail(function.name, .reservedName(name)) }
        if function.genericParameterClause != nil { fail(function.name, .generic(name)) }
        if function.modifiers.contains(where: { $0.name.tokenKind == .keyword(.static) }) {
            fail(function, .notAMethod("a static method"))
        }
        let effects = function.signature.effectSpecifiers
        if effects?.asyncSpecifier == nil || effects?.throwsClause == nil {
            fail(function.signature, .notAsyncThrows(name))
        } else if effects?.throwsClause?.type != nil {
            fail(function.signature, .typedThrows(name))
        }

        var (httpMethod, path, responseKey) = ("post", "/" + name, String?.none)
        let attribute = endpointAttribute(of: function)
        if let attribute {
            guard let explicit = readEndpoint(attribute) else { return nil }
            httpMethod = explicit.method
            path = explicit.path ?? path
            responseKey = explicit.responseKey
        }

        let parameters = function.signature.parameterClause.parameters
        var parameter: (label: String, local: String, type: String)?
        var request = ContractMethod.Body.none
        if parameters.count > 1 {
            fail(function.signature.parameterClause, .tooManyParameters(name))
        } else if let only = parameters.first {
            let type = only.type.trimmedDescription
            if only.ellipsis != nil {
                fail(only, .unsupportedParameter(name, "a variadic parameter cannot be a request body"))
            } else if only.type.is(AttributedTypeSyntax.self) {
                fail(only.type, .unsupportedParameter(name, "'\(type)' cannot be a request body; take the value itself"))
            } else if only.defaultValue != nil {
                fail(only, .unsupportedParameter(name, "a protocol requirement cannot have a default value"))
            } else {
                request = body(only.type, method: name)
            }
            let label = only.firstName.text
            let local = only.secondName?.text ?? (label == "_" ? "request" : label)
            parameter = (label, local, type)
        }
        let response = function.signature.returnClause.map { body($0.type, method: name) } ?? .none
        if (request == .raw && isTyped(response)) || (response == .raw && isTyped(request)) {
            fail(function.signature, .mixedRaw(name))
        }
        if responseKey != nil, !isTyped(response), let attribute {
            fail(attribute, .badEndpoint("has a responseKey but '\(name)' returns no Codable value to put under it"))
        }
        guard diagnostics.count == before else { return nil }
        return ContractMethod(
            name: name, httpMethod: httpMethod, path: path, request: request, response: response,
            responseKey: responseKey, parameter: parameter, node: function
        )
    }

    private func isTyped(_ body: ContractMethod.Body) -> Bool {
        if case .typed = body { return true }
        return false
    }

    private func endpointAttribute(of function: FunctionDeclSyntax) -> AttributeSyntax? {
        for element in function.attributes {
            guard let attribute = element.as(AttributeSyntax.self) else { continue }
            let name = attribute.attributeName.trimmedDescription
            if name == "Endpoint" || name.hasSuffix(".Endpoint") { return attribute }
        }
        return nil
    }

    /// `@Endpoint(.get, "/formats")`, `@Endpoint(.get)` (the default path), with `responseKey: "formats"` or not.
    private mutating func readEndpoint(_ attribute: AttributeSyntax) -> (method: String, path: String?, responseKey: String?)? {
        guard var arguments = attribute.arguments?.as(LabeledExprListSyntax.self).map(Array.init), let first = arguments.first else {
            fail(attribute, .badEndpoint("needs an HTTP method"))
            return nil
        }
        var responseKey: String?
        if let last = arguments.last, last.label?.text == "responseKey" {
            guard let literal = last.expression.as(StringLiteralExprSyntax.self), let key = literal.representedLiteralValue, !key.isEmpty else {
                fail(last.expression, .badEndpoint("takes the responseKey as a non-empty string literal"))
                return nil
            }
            responseKey = key
            arguments.removeLast()
        }
        guard let member = first.expression.as(MemberAccessExprSyntax.self),
              Self.httpMethods.contains(member.declName.baseName.text) else {
            fail(first.expression, .badEndpoint("takes the HTTP method as .get, .head, .post, .put, .delete or .patch"))
            return nil
        }
        guard arguments.count > 1 else { return (member.declName.baseName.text, nil, responseKey) }
        let second = arguments[1].expression
        guard let literal = second.as(StringLiteralExprSyntax.self), let path = literal.representedLiteralValue else {
            fail(second, .badEndpoint("takes the path as a string literal"))
            return nil
        }
        guard path.hasPrefix("/"), !path.contains(" "), !path.contains("?") else {
            fail(second, .badEndpoint("path \"\(path)\" must start with / and hold no spaces or query"))
            return nil
        }
        return (member.declName.baseName.text, path, responseKey)
    }

    /// How `type` crosses the wire; a type that cannot be Codable is reported.
    private mutating func body(_ type: TypeSyntax, method: String) -> ContractMethod.Body {
        let text = type.trimmedDescription
        if text == "Void" || text == "()" { return .none }
        if text == "[UInt8]" || text == "Array<UInt8>" { return .raw }
        if type.is(FunctionTypeSyntax.self) {
            fail(type, .notCodable(method, text, "a function cannot be encoded"))
        } else if type.is(TupleTypeSyntax.self) {
            fail(type, .notCodable(method, text, "tuples do not conform to Codable"))
        } else if let some = type.as(SomeOrAnyTypeSyntax.self) {
            fail(type, .notCodable(method, text, "the wire needs one concrete type to decode, not '\(some.someOrAnySpecifier.text)'"))
        } else if text == "Any" || text == "AnyObject" {
            fail(type, .notCodable(method, text, "the wire needs one concrete type to decode"))
        } else if type.is(MetatypeTypeSyntax.self) {
            fail(type, .notCodable(method, text, "a metatype cannot be encoded"))
        }
        return .typed(text)
    }
}
