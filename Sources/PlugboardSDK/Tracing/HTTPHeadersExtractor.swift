import Instrumentation
import NIOHTTP1

/// Reads propagated values from request headers.
struct HTTPHeadersExtractor: Extractor {
    func extract(key: String, from headers: HTTPHeaders) -> String? { headers.first(name: key) }
}
