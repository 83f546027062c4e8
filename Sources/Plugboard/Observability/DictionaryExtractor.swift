import Instrumentation

/// Reads propagated values from an event's `trace` object.
struct DictionaryExtractor: Extractor {
    func extract(key: String, from carrier: [String: String]) -> String? { carrier[key] }
}
