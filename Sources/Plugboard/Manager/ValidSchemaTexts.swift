import Synchronization

/// The schema texts one discovery found to compile, so that plugins serving the same contract (the same derived
/// schemas, byte for byte) have each schema compiled once per discovery instead of once per plugin.
final class ValidSchemaTexts: Sendable {
    private let texts = Mutex<Set<[UInt8]>>([])

    /// Whether `text` compiled before.
    func contains(_ text: [UInt8]) -> Bool {
        texts.withLock { $0.contains(text) }
    }

    /// Remembers that `text` compiled.
    func insert(_ text: [UInt8]) {
        _ = texts.withLock { $0.insert(text) }
    }
}
