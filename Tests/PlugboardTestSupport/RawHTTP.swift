#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A deliberately independent, minimal HTTP/1.1 client on POSIX sockets, so SDK tests check the wire itself
/// rather than the host library's client. One request per connection (`Connection: close`), 30 s socket timeouts.
///
/// Its calls block on sockets, so each runs on a thread of its own: blocking a thread of Swift concurrency's small
/// pool (two on a 2-core machine) stalls every other test in the process.
public enum RawHTTP {
    /// A parsed response.
    public struct Response: Sendable {
        public var status: Int
        public var headers: [String: String]
        public var body: String
    }

    /// A request that could not be made or answered.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    /// Sends one request to a Unix socket path or a `127.0.0.1:PORT`-style TCP location.
    public static func request(
        _ location: String,
        _ method: String,
        _ path: String,
        body: [UInt8] = [],
        headers: [String: String] = [:]
    ) async throws -> Response {
        try await offThePool { try requestBlocking(location, method, path, body: body, headers: headers) }
    }

    static func requestBlocking(
        _ location: String,
        _ method: String,
        _ path: String,
        body: [UInt8],
        headers: [String: String]
    ) throws -> Response {
        let fd = try connect(location)
        defer { close(fd) }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: \(body.count)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        try send(fd, Array(head.utf8) + body)
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(fd, &chunk, chunk.count, 0)
            if count < 0 && errno == EINTR { continue }
            if count < 0 && !received.isEmpty { break }  // a reset after the response (e.g. 413) still leaves a response
            guard count >= 0 else { throw Failure(description: "recv: \(String(cString: strerror(errno)))") }
            if count == 0 { break }
            received += chunk[..<count]
        }
        return try parse(received)
    }

    /// Sends bytes that are not a whole request (a head announcing more body than follows, say) and closes the
    /// connection without reading: a client that goes away mid-request.
    public static func sendAndHangUp(_ location: String, _ bytes: [UInt8]) async throws {
        try await offThePool { try sendAndHangUpBlocking(location, bytes) }
    }

    static func sendAndHangUpBlocking(_ location: String, _ bytes: [UInt8]) throws {
        let fd = try connect(location)
        defer { close(fd) }
        try send(fd, bytes)
    }

    /// Sends raw bytes (several requests at once, say) and returns everything the server sends until it closes.
    /// With `then`, sends those bytes too once `after` responses (status lines) have arrived.
    public static func exchange(_ location: String, _ bytes: [UInt8], then more: [UInt8] = [], after responses: Int = 0) async throws -> String {
        try await offThePool { try exchangeBlocking(location, bytes, then: more, after: responses) }
    }

    static func exchangeBlocking(_ location: String, _ bytes: [UInt8], then more: [UInt8], after responses: Int) throws -> String {
        let fd = try connect(location)
        defer { close(fd) }
        try send(fd, bytes)
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        var pending = more
        while true {
            if !pending.isEmpty, String(decoding: received, as: UTF8.self).split(separator: "HTTP/1.1 ", omittingEmptySubsequences: true).count >= responses {
                try send(fd, pending)
                pending = []
            }
            let count = recv(fd, &chunk, chunk.count, 0)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            received += chunk[..<count]
        }
        return String(decoding: received, as: UTF8.self)
    }

    /// Sends `chunk` over and over without reading anything back, until `limit` bytes are out or the server stops
    /// taking them: a send that cannot proceed for `stall` milliseconds. Returns the bytes sent when it stalled, or
    /// nil when all `limit` bytes were taken.
    public static func floodWithoutReading(_ location: String, chunk: [UInt8], limit: Int, stall: Int32) async throws -> Int? {
        try await offThePool { try floodWithoutReadingBlocking(location, chunk: chunk, limit: limit, stall: stall) }
    }

    static func floodWithoutReadingBlocking(_ location: String, chunk: [UInt8], limit: Int, stall: Int32) throws -> Int? {
        let fd = try connect(location)
        defer { close(fd) }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        var sent = 0
        var offset = 0
        while sent < limit {
            let count = chunk[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count > 0 {
                sent += count
                offset = (offset + count) % chunk.count
                continue
            }
            guard count < 0, errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR else {
                throw Failure(description: "send: \(String(cString: strerror(errno)))")
            }
            var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            if poll(&poller, 1, stall) == 0 { return sent }
        }
        return nil
    }

    /// Runs blocking socket code on a thread of its own and waits for it without holding a pool thread.
    static func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }

    static func connect(_ location: String) throws -> Int32 {
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        if location.hasPrefix("/") {
            let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            // A connect to a full accept queue waits, at most this long.
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            let result = withUnixAddress(location) { Glibc.connect(fd, $0, $1) }
            guard result == 0 else { close(fd); throw Failure(description: "connect \(location): \(String(cString: strerror(errno)))") }
            return fd
        }
        let text = location.hasPrefix("http://") ? String(location.dropFirst(7)) : location
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]) else {
            throw Failure(description: "bad location \(location)")
        }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { close(fd); throw Failure(description: "connect \(location): \(String(cString: strerror(errno)))") }
        return fd
    }

    static func send(_ fd: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0 && errno == EINTR { continue }
            // The server may answer (413) and close before reading everything; the response is still readable.
            guard sent > 0 else { return }
            offset += sent
        }
    }

    static func parse(_ bytes: [UInt8]) throws -> Response {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { throw Failure(description: "no complete response: \(text.prefix(200))") }
        let lines = text[..<split.lowerBound].split(separator: "\r\n")
        let statusParts = lines.first?.split(separator: " ") ?? []
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw Failure(description: "bad status line \(lines.first ?? "")") }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters()
        }
        return Response(status: status, headers: headers, body: String(text[split.upperBound...]))
    }
}

extension Substring {
    func trimmingCharacters() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}

extension String {
    func range(of target: String) -> Range<String.Index>? {
        var index = startIndex
        while index < endIndex {
            if self[index...].hasPrefix(target) { return index..<self.index(index, offsetBy: target.count) }
            index = self.index(after: index)
        }
        return nil
    }
}
