import PlugboardProtocol

/// The `transformer` contract: wire name, endpoints, client and routes for ``Transformer``.
public enum TransformerContract: PluginContract {
    /// The wire name, the key in capabilities `types`.
    public static let name = "transformer"
    /// `POST /transform`.
    public static let transform = Endpoint<TransformRequest, TransformResponse>(.post, "/transform")
    /// `GET /transformations`.
    public static let transformations = Endpoint<Empty, TransformationsResponse>(.get, "/transformations")

    /// A `Transformer` that calls a plugin over `transport`.
    public static func client(_ transport: any EndpointTransport) -> any Transformer {
        TransformerClient(transport: transport)
    }

    /// The routes that serve `service` on a plugin.
    public static func routes(_ service: any Transformer) -> [Route] {
        [
            transform.route { try await service.transform($0) },
            transformations.route { _ in TransformationsResponse(transformations: try await service.transformations()) },
        ]
    }
}

/// A ``Transformer`` that forwards to a plugin over the wire.
struct TransformerClient: Transformer {
    let transport: any EndpointTransport

    func transform(_ request: TransformRequest) async throws -> TransformResponse {
        try await transport.call(TransformerContract.transform, request)
    }

    func transformations() async throws -> [TransformationInfo] {
        try await transport.call(TransformerContract.transformations).transformations
    }
}
