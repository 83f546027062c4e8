import PlugboardProtocol
import Tracing

extension ExternalPlugin {
    /// A call with its metrics and span (docs/OBSERVABILITY.md): counted, timed and in flight per endpoint, failures
    /// by code; a client span, child of the caller's `ServiceContext`, whose context goes to the plugin in the
    /// request's headers (W3C `traceparent` with OpenTelemetry).
    func observedSend(_ method: HTTPMethod, _ endpoint: String, body: [UInt8], timeout: Duration?, contract: String?) async throws(PluginError) -> HTTPResponse {
        let measured = metrics.map { ($0, $0.endpoint(method, endpoint), ContinuousClock.now) }
        measured?.0.inFlight.increment()
        var span: (any Span)?
        var traceHeaders: [UInt8] = []
        if let tracer = context.observability.tracer {
            let started = tracer.startSpan("\(method.rawValue) \(endpoint.prefix { $0 != "?" })", context: ServiceContext.current ?? .topLevel, ofKind: .client)
            started.updateAttributes { attributes in
                attributes["plugboard.plugin"] = name
                if let contract { attributes["plugboard.contract"] = contract }
                attributes["plugboard.endpoint"] = endpoint
                attributes["http.request.method"] = method.rawValue
            }
            tracer.inject(started.context, into: &traceHeaders, using: HeaderLinesInjector())
            span = started
        }
        let result: Result<HTTPResponse, PluginError>
        do {
            result = .success(try await transmit(method, endpoint, body: body, timeout: timeout, traceHeaders: traceHeaders))
        } catch {
            result = .failure(error)
        }
        let outcome: String
        switch result {
        case .success(let response): outcome = (200..<300).contains(response.status) ? "ok" : "status_\(response.status)"
        case .failure(let error): outcome = error.code.description
        }
        if let (metrics, calls, started) = measured {
            metrics.inFlight.decrement()
            calls.calls.increment()
            calls.duration.recordNanoseconds((ContinuousClock.now - started).nanoseconds)
            if outcome != "ok" { metrics.failed(calls, code: outcome) }
        }
        if let span {
            span.updateAttributes { attributes in
                attributes["plugboard.outcome"] = outcome
                if case .success(let response) = result { attributes["http.response.status_code"] = response.status }
            }
            if case .failure(let error) = result {
                span.recordError(error)
                span.setStatus(SpanStatus(code: .error, message: error.message))
            } else if outcome != "ok" {
                span.setStatus(SpanStatus(code: .error, message: outcome))
            }
            span.end()
        }
        return try result.get()
    }
}
