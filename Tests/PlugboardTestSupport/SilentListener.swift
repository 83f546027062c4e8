#if canImport(Glibc)
import Glibc
#endif

/// A TCP listener on 127.0.0.1 that never accepts: connections complete in the kernel's queue and nothing answers
/// them, as a hung server would. Closed by ``close()``.
public final class SilentListener: Sendable {
    private let fd: Int32
    /// The port it listens on.
    public let port: Int

    /// Listens on a free port of 127.0.0.1.
    public init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = in_addr_t(0x7f00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && listen(fd, 16) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard fd >= 0, bound else {
            let failure = Failed(errno: errno)
            if fd >= 0 { _ = Glibc.close(fd) }
            throw failure
        }
        self.fd = fd
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    /// A free port nothing listens on (taken from the system, then let go): a connection there is refused.
    public static func refusingPort() throws -> Int {
        let listener = try SilentListener()
        listener.close()
        return listener.port
    }

    /// Stops listening.
    public func close() { _ = Glibc.close(fd) }

    /// The socket calls failed.
    public struct Failed: Error { public var errno: Int32 }
}
