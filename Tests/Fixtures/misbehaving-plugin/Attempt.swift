#if canImport(Glibc)
import Glibc
#endif

/// What `POST /try` is asked to attempt, for the sandbox's tests: each action is something a sandbox may forbid.
/// - `read` PATH, `write` PATH (creates or truncates it): answers whether it worked and, if not, the errno text;
/// - `scratch`: writes a file into `$TMPDIR` and answers its path;
/// - `connect` PORT (TCP on 127.0.0.1): the same;
/// - `allocate` MEGABYTES: allocates and touches that much, a megabyte at a time, then answers;
/// - `spin`: burns CPU until it is killed; never answers;
/// - `spawn` DEPTH: starts a doubling tree of shell processes DEPTH levels deep (2^DEPTH processes at most, each
///   sleeping 30 s), then answers.
struct Attempt: Codable, Sendable {
    var action: String
    var path: String?
    var port: Int?
    var megabytes: Int?
    var depth: Int?
}

extension Attempt {
    func perform() -> AttemptResult {
        switch action {
        case "read":
            let fd = open(path ?? "", O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return .failure() }
            close(fd)
            return AttemptResult(ok: true)
        case "write":
            let fd = open(path ?? "", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            guard fd >= 0 else { return .failure() }
            let written = write(fd, "x", 1)
            close(fd)
            return written == 1 ? AttemptResult(ok: true) : .failure()
        case "scratch":
            let file = (getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp") + "/made"
            var result = Attempt(action: "write", path: file).perform()
            result.path = file
            return result
        case "connect":
            return connectLoopback(port: port ?? 0)
        case "allocate":
            var blocks: [UnsafeMutableRawPointer] = []
            for _ in 0..<(megabytes ?? 0) {
                guard let block = malloc(1 << 20) else { return .failure() }
                memset(block, 1, 1 << 20)
                blocks.append(block)
            }
            for block in blocks { free(block) }
            return AttemptResult(ok: true)
        case "spin":
            var counter: UInt64 = 0
            while true {
                counter &+= 1
                if counter == 0 { break }
            }
            return AttemptResult(ok: true)
        case "spawn":
            let script = "f() { if [ $1 -gt 0 ]; then f $(($1 - 1)) & f $(($1 - 1)); fi; sleep 30; }; f \(depth ?? 1)"
            var pid: pid_t = 0
            let arguments = ["/bin/sh", "-c", script]
            var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
            defer { for pointer in argv { free(pointer) } }
            let result = posix_spawn(&pid, "/bin/sh", nil, nil, &argv, environ)
            return result == 0 ? AttemptResult(ok: true) : AttemptResult(ok: false, error: String(cString: strerror(result)), errno: result)
        default:
            return AttemptResult(ok: false, error: "unknown action \(action)")
        }
    }

    private func connectLoopback(port: Int) -> AttemptResult {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return .failure() }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = in_addr_t(0x7F00_0001).bigEndian
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return result == 0 ? AttemptResult(ok: true) : .failure()
    }
}
