import PlugboardProtocol

/// The `dataProcessor` contract: wire name, endpoints, client and routes for ``DataProcessor``.
public enum DataProcessorContract: PluginContract {
    /// The wire name, the key in capabilities `types`.
    public static let name = "dataProcessor"
    /// `POST /process`.
    public static let process = Endpoint<ProcessRequest, ProcessResponse>(.post, "/process")
    /// `GET /formats`.
    public static let formats = Endpoint<Empty, FormatsResponse>(.get, "/formats")

    /// A `DataProcessor` that calls a plugin over `transport`.
    public static func client(_ transport: any EndpointTransport) -> any DataProcessor {
        DataProcessorClient(transport: transport)
    }

    /// The routes that serve `service` on a plugin.
    public static func routes(_ service: any DataProcessor) -> [Route] {
        [
            process.route { try await service.process($0) },
            formats.route { _ in FormatsResponse(formats: try await service.formats()) },
        ]
    }
}

/// A ``DataProcessor`` that forwards to a plugin over the wire.
struct DataProcessorClient: DataProcessor {
    let transport: any EndpointTransport

    func process(_ request: ProcessRequest) async throws -> ProcessResponse {
        try await transport.call(DataProcessorContract.process, request)
    }

    func formats() async throws -> [String] {
        try await transport.call(DataProcessorContract.formats).formats
    }
}
