import ArgumentParser
import Plugboard
import UnixSignals
import PlugboardProtocol

/// `plugboard call DIR CONTRACT ENDPOINT`: one request to the plugin that serves a contract.
struct CallCommand: AsyncParsableCommand, StartsPlugins {
    static let configuration = CommandConfiguration(
        commandName: "call",
        abstract: "Call an endpoint of the plugin that serves CONTRACT and print the response body.",
        discussion: """
            Registers the plugins in DIR (starting only the one called), sends the request, prints the response body \
            on stdout and stops everything. Exit 0 on a 2xx answer; otherwise the plugin's message goes to stderr and \
            the exit status is 1. A broken neighbour in DIR does not stop the call.

            Example: plugboard call ./plugins dataProcessor /process --data '{"data":"aGVsbG8=","format":"text/plain"}'
            """
    )

    @Argument(help: "The plugin directory.")
    var directory: String

    @Argument(help: "The contract's wire name, e.g. dataProcessor.")
    var contract: String

    @Argument(help: "The endpoint path, e.g. /process.")
    var endpoint: String

    @Option(help: "The HTTP method: GET or POST (default: POST with --data or --data-file, GET otherwise).")
    var method: String?

    @OptionGroup var body: BodyOptions

    @Option(help: "The contract type, when several plugins serve the contract.")
    var type: String?

    @OptionGroup var host: HostOptions

    func validate() throws {
        if let method, !["GET", "POST", "PUT", "DELETE", "PATCH"].contains(method.uppercased()) {
            throw ValidationError("--method must be GET or POST (or PUT, DELETE, PATCH), not \(method)")
        }
        guard endpoint.hasPrefix("/") else { throw ValidationError("ENDPOINT must start with '/', e.g. /process") }
    }

    func run(trapping signals: UnixSignalsSequence) async throws {
        let requestBody = try body.read()
        let httpMethod = HTTPMethod(rawValue: (method ?? (body.isGiven ? "POST" : "GET")).uppercased()) ?? .post
        let options = try host.registrationOptions(lazy: true)
        let (directory, contract, type, endpoint) = (directory, contract, type, endpoint)
        let response: HTTPResponse = try await SignalledHost.withManager(trapping: signals, verbose: host.verbose) { manager in
            let report: RegistrationReport
            do {
                report = try await manager.registerPlugins(in: directory, options: options)
            } catch let error as FileError {
                throw CommandFailure(message: "cannot read plugin directory \(error)")
            }
            let handle = try await report.explainingSkipped { try await manager.handle(serving: contract, type: type) }
            return try await handle.send(httpMethod, endpoint, body: requestBody)
        }
        guard (200..<300).contains(response.status) else {
            let message = (try? WireJSON.decode(ErrorBody.self, from: response.body).message) ?? String(decoding: response.body, as: UTF8.self)
            throw CommandFailure(message: "\(contract) \(httpMethod.rawValue) \(endpoint) answered \(response.status): \(message)")
        }
        Output.line(String(decoding: response.body, as: UTF8.self))
    }
}
