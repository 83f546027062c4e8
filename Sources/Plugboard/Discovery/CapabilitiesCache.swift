import PlugboardProtocol
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Remembers what each plugin file answered for `capabilities`, so registering an unchanged directory again
/// spawns nothing.
///
/// An entry is used only while the file's fingerprint is unchanged: its path, device, size, inode, modification and
/// status-change times (`ctime`, which a user cannot set back), and a hash of its first and last 64 KiB. A full
/// content hash was measured to cost about as much as the spawn it saves on a 10 MB binary; with `ctime` in the
/// key, no edit goes unnoticed without it.
public final class CapabilitiesCache: Sendable {
    struct Fingerprint: Hashable, Sendable {
        var device: UInt64
        var size: Int64
        var inode: UInt64
        var modified: Int64
        var changed: Int64
        var sample: UInt64
    }

    private let entries = Mutex<[String: (Fingerprint, Capabilities)]>([:])

    /// Creates an empty cache.
    public init() {}

    /// The cached capabilities of `path`, if the file is unchanged since they were stored, and the file's
    /// fingerprint now: to store a probe's answer under, taken *before* the probe, so that a file replaced while
    /// `capabilities` ran is not cached with the old file's answer.
    func lookup(_ path: String) -> (capabilities: Capabilities?, fingerprint: Fingerprint?) {
        guard let fingerprint = Self.fingerprint(path) else { return (nil, nil) }
        let cached = entries.withLock { entries -> Capabilities? in
            guard let (stored, capabilities) = entries[path], stored == fingerprint else { return nil }
            return capabilities
        }
        return (cached, fingerprint)
    }

    /// Stores what `path` answered, under the fingerprint ``lookup(_:)`` gave before the probe.
    func store(_ capabilities: Capabilities, for path: String, fingerprint: Fingerprint?) {
        guard let fingerprint else { return }
        entries.withLock { $0[path] = (fingerprint, capabilities) }
    }

    /// How many files are cached.
    public var count: Int { entries.withLock { $0.count } }

    static func fingerprint(_ path: String) -> Fingerprint? {
        guard let info = FileSystem.info(path) else { return nil }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        for offset in Set([0, max(0, info.size - Int64(chunk.count))]).sorted() {
            let count = pread(fd, &chunk, chunk.count, off_t(offset))
            guard count >= 0 else { return nil }
            for byte in chunk[..<count] {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            }
        }
        return Fingerprint(device: info.device, size: info.size, inode: info.inode, modified: info.modified, changed: info.changed, sample: hash)
    }
}
