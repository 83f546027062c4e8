import PlugboardProtocol

#if canImport(Glibc)
import Glibc
#endif

/// One HTTP request written by hand, for what the host's client never sends: no token, or a wrong one.
/// It connects to a plugin's location, sends `GET PATH` with `connection: close`, and reads the status line.
enum RawProbe {
    /// The status the plugin answered `GET path` with, or a sentence saying why there was none.
    static func status(at location: Location, path: String, authorization: String?, timeout: Duration) async -> Result<Int, ProbeFailure> {
        await OffLoop.run { blockingStatus(at: location, path: path, authorization: authorization, timeout: timeout) }
    }

    struct ProbeFailure: Error, CustomStringConvertible {
        var description: String
    }

    private static func blockingStatus(at location: Location, path: String, authorization: String?, timeout: Duration) -> Result<Int, ProbeFailure> {
        let fd: Int32
        switch connect(location) {
        case .success(let connected): fd = connected
        case .failure(let failure): return .failure(failure)
        }
        defer { close(fd) }
        var limit = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: Int(timeout.components.attoseconds / 1_000_000_000_000))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var head = "GET \(path) HTTP/1.1\r\nhost: localhost\r\nconnection: close\r\ncontent-length: 0\r\n"
        if let authorization { head += "authorization: \(authorization)\r\n" }
        head += "\r\n"
        let request = Array(head.utf8)
        guard FloorSocket.writeAll(fd, request, count: request.count) else {
            return .failure(ProbeFailure(description: "the request could not be written: \(String(cString: strerror(errno)))"))
        }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while !received.contains(UInt8(ascii: "\n")) && received.count < 4096 {
            let count = read(fd, &chunk, chunk.count)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else {
                return .failure(ProbeFailure(description: count == 0 ? "the connection closed without an answer" : "no answer within \(timeout)"))
            }
            received += chunk[..<count]
        }
        // "HTTP/1.1 401 Unauthorized"
        let line = String(decoding: received.prefix { $0 != UInt8(ascii: "\r") && $0 != UInt8(ascii: "\n") }, as: UTF8.self)
        let parts = line.split(separator: " ")
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let status = Int(parts[1]) else {
            return .failure(ProbeFailure(description: "not an HTTP status line: \"\(line.prefix(80))\""))
        }
        return .success(status)
    }

    private static func connect(_ location: Location) -> Result<Int32, ProbeFailure> {
        switch location {
        case .unix(let path):
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            let bytes = Array(path.utf8)
            guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
                return .failure(ProbeFailure(description: "socket path too long: \(path)"))
            }
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                raw.copyBytes(from: bytes)
                raw[bytes.count] = 0
            }
            return connect(family: AF_UNIX, to: address, naming: path)
        case .tcp(let host, let port):
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            guard inet_pton(AF_INET, host == "localhost" ? "127.0.0.1" : host, &address.sin_addr) == 1 else {
                return .failure(ProbeFailure(description: "not an IPv4 address: \(host)"))
            }
            return connect(family: AF_INET, to: address, naming: "\(host):\(port)")
        }
    }

    /// A new stream socket of `family`, connected to `address` (a `sockaddr_un` or `sockaddr_in`), or why not.
    private static func connect<Address>(family: Int32, to address: Address, naming name: String) -> Result<Int32, ProbeFailure> {
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return .failure(ProbeFailure(description: "socket: \(String(cString: strerror(errno)))")) }
        var address = address
        let status = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<Address>.size)) }
        }
        guard status == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            return .failure(ProbeFailure(description: "cannot connect to \(name): \(reason)"))
        }
        return .success(fd)
    }
}
