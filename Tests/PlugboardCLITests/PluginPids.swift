import PlugboardTestSupport
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The pids a test collects from a host's output.
final class PluginPids: Sendable {
    private let pids = Mutex<[Int32]>([])
    func add(_ pid: Int32) { pids.withLock { if !$0.contains(pid) { $0.append(pid) } } }
    var all: [Int32] { pids.withLock { $0 } }
    var count: Int { all.count }
}
