import Plugboard
import PlugboardProtocol
import PlugboardTestSupport
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Collects events from a handler, in arrival order.
final class EventLog: Sendable {
    private let items = Mutex<[String]>([])
    func add(_ data: [UInt8]) { items.withLock { $0.append(String(decoding: data, as: UTF8.self)) } }
    var all: [String] { items.withLock { $0 } }
    var count: Int { items.withLock { $0.count } }
}
