#if canImport(Glibc)
import Glibc
#endif

/// One `plugboard bench-floor-echo` child process, holding the other end of a `socketpair(AF_UNIX, SOCK_STREAM)`
/// as its standard input.
///
/// ```swift
/// let child = try FloorChild.spawn(executable: "/path/to/plugboard")
/// var buffer = [UInt8](repeating: 1, count: 64)
/// _ = child.roundTrip(&buffer)
/// child.finish()
/// ```
struct FloorChild: Sendable {
    /// The parent's end of the socket pair.
    let socket: Int32
    /// The child's process id.
    let pid: pid_t

    /// Makes a socket pair and starts `executable bench-floor-echo` on the other end of it.
    ///
    /// - Throws: ``CommandFailure`` when the pair cannot be made or the process cannot start.
    static func spawn(executable: String) throws -> FloorChild {
        var ends: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &ends) == 0 else {
            throw CommandFailure(message: "bench: socketpair failed: \(String(cString: strerror(errno)))")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // dup2 clears close-on-exec: the child keeps only its end, as standard input; stdout goes nowhere.
        posix_spawn_file_actions_adddup2(&actions, ends[1], 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        let arguments = [executable, "bench-floor-echo"]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var environment: [UnsafeMutablePointer<CChar>?] = [nil]
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, nil, &argv, &environment)
        close(ends[1])
        guard status == 0 else {
            close(ends[0])
            throw CommandFailure(message: "bench: cannot start \(executable) bench-floor-echo: \(String(cString: strerror(status)))")
        }
        return FloorChild(socket: ends[0], pid: pid)
    }

    /// Sends `buffer.count` bytes and reads as many back into `buffer`; false when the child is gone.
    func roundTrip(_ buffer: inout [UInt8]) -> Bool {
        FloorSocket.writeAll(socket, buffer, count: buffer.count) && FloorSocket.readExactly(socket, into: &buffer, count: buffer.count)
    }

    /// Sends all of `payload` and reads it all back into `received`, writing and reading at once (one thread,
    /// `poll`), the way a streaming copy through the socket runs; false on any failure.
    func copy(_ payload: [UInt8], into received: inout [UInt8]) -> Bool {
        let flags = fcntl(socket, F_GETFL)
        _ = fcntl(socket, F_SETFL, flags | O_NONBLOCK)
        defer { _ = fcntl(socket, F_SETFL, flags) }
        let total = payload.count
        var sent = 0
        var got = 0
        return payload.withUnsafeBytes { out in
            received.withUnsafeMutableBytes { into in
                while got < total {
                    var descriptor = pollfd(fd: socket, events: Int16(POLLIN) | (sent < total ? Int16(POLLOUT) : 0), revents: 0)
                    let ready = poll(&descriptor, 1, 5_000)
                    if ready < 0 && errno == EINTR { continue }
                    guard ready > 0 else { return false }
                    if sent < total && descriptor.revents & Int16(POLLOUT) != 0 {
                        let written = send(socket, out.baseAddress! + sent, total - sent, Int32(MSG_NOSIGNAL))
                        if written > 0 { sent += written } else if errno != EAGAIN && errno != EINTR { return false }
                    }
                    if descriptor.revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 {
                        let count = read(socket, into.baseAddress! + got, total - got)
                        if count > 0 { got += count } else if count == 0 || (errno != EAGAIN && errno != EINTR) { return false }
                    }
                }
                return true
            }
        }
    }

    /// Closes the socket (the child sees end of input and exits) and reaps the child.
    func finish() {
        close(socket)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }
}
