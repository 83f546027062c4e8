import Glibc

extension RawHTTP {
    /// Fills the accept queue of a Unix-socket listener that serves one connection at a time and listens with a
    /// backlog of 0: the first connection is accepted and left silent (the server waits for its request), the
    /// second waits in the queue. Returns both descriptors; closing them lets the server go on. Throws unless a
    /// further non-blocking `connect` then fails with `EAGAIN`, so a caller knows the queue is full.
    public static func fillAcceptQueue(_ path: String) async throws -> [Int32] {
        try await offThePool {
            // Blocking connects wait while the queue is full: the second returns once the server took the first.
            let held = [try connect(path), try connect(path)]
            let probe = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
            defer { close(probe) }
            let result = withUnixAddress(path) { Glibc.connect(probe, $0, $1) }
            let code = errno
            guard result < 0, code == EAGAIN else {
                for fd in held { close(fd) }
                throw Failure(description: "the accept queue of \(path) is not full: connect gave \(result < 0 ? String(cString: strerror(code)) : "a connection")")
            }
            return held
        }
    }

    /// Closes the connections ``fillAcceptQueue(_:)`` returned.
    public static func release(_ held: [Int32]) {
        for fd in held { close(fd) }
    }

    /// Calls `body` with `path` as a `sockaddr_un`.
    static func withUnixAddress<T>(_ path: String, _ body: (UnsafePointer<sockaddr>, socklen_t) -> T) -> T {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() where index < raw.count - 1 { raw[index] = byte }
        }
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
    }
}
