import PlugboardContracts
import PlugboardProtocol
import PlugboardSDK

/// Text transformations with parameters: the first seed's "more advanced" example.
struct TextTransformer: Transformer {
    static let catalogue: [TransformationInfo] = [
        TransformationInfo(name: "reverse", description: "reverses the text"),
        TransformationInfo(name: "replace", description: "replaces every occurrence of `from` with `to`", parameters: [
            ParameterInfo(name: "from", required: true, description: "the text to find"),
            ParameterInfo(name: "to", description: "the text put in its place (default: nothing)"),
        ]),
        TransformationInfo(name: "wrap", description: "puts `prefix` before and `suffix` after the text", parameters: ["prefix", "suffix"]),
        TransformationInfo(name: "repeat", description: "repeats the text `count` times, joined by `separator`", parameters: [
            ParameterInfo(name: "count", default: #""2""#, description: "a whole number from 0 to 1000, as text"),
            "separator",
        ]),
        TransformationInfo(name: "case", description: "changes case: `to` is upper, lower or title", parameters: [
            ParameterInfo(name: "to", default: #""upper""#, description: "upper, lower or title"),
        ]),
    ]

    func transformations() async throws -> [TransformationInfo] { Self.catalogue }

    func transform(_ request: TransformRequest) async throws -> TransformResponse {
        guard let info = Self.catalogue.first(where: { $0.name == request.transformation }) else {
            let names = Self.catalogue.map(\.name).joined(separator: ", ")
            throw ErrorBody(message: "unknown transformation \"\(request.transformation)\"; available: \(names)", statusCode: 400)
        }
        if let unknown = request.parameters.keys.sorted().first(where: { !info.parameterNames.contains($0) }) {
            throw ErrorBody(message: "transformation \"\(info.name)\" takes no parameter \"\(unknown)\"", statusCode: 400)
        }
        let text = request.data.string
        let parameters = request.parameters
        let output: String
        switch info.name {
        case "reverse":
            output = String(text.reversed())
        case "replace":
            guard let from = parameters["from"], !from.isEmpty else {
                throw ErrorBody(message: "replace needs a non-empty \"from\" parameter", statusCode: 400)
            }
            output = text.split(separator: from, omittingEmptySubsequences: false).joined(separator: parameters["to"] ?? "")
        case "wrap":
            output = (parameters["prefix"] ?? "") + text + (parameters["suffix"] ?? "")
        case "repeat":
            guard let count = Int(parameters["count"] ?? "2"), (0...1000).contains(count) else {
                throw ErrorBody(message: "repeat needs \"count\" from 0 to 1000", statusCode: 400)
            }
            output = Array(repeating: text, count: count).joined(separator: parameters["separator"] ?? "")
        default:
            switch parameters["to"] ?? "upper" {
            case "upper": output = text.uppercased()
            case "lower": output = text.lowercased()
            case "title": output = text.split(separator: " ", omittingEmptySubsequences: false).map { $0.prefix(1).uppercased() + $0.dropFirst().lowercased() }.joined(separator: " ")
            case let other: throw ErrorBody(message: "case \"to\" must be upper, lower or title, not \"\(other)\"", statusCode: 400)
            }
        }
        return TransformResponse(data: Base64Bytes(Array(output.utf8)), metadata: ["transformation": info.name, "transformed_by": "transformer"])
    }
}

@main
struct TransformerPlugin: PluginMain {
    static var plugin: Plugin {
        var plugin = Plugin(name: "transformer")
        plugin.serve(TransformerContract.self, type: "text-transformer", TextTransformer())
        return plugin
    }
}
