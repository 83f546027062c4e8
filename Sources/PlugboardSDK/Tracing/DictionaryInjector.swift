import Instrumentation

/// Writes propagated values into a dictionary (an event's `trace`).
struct DictionaryInjector: Injector {
    func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) { carrier[key] = value }
}
