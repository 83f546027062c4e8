#if canImport(Glibc)
import Glibc
#endif

/// A child process whose stdout is a pipe: the host that `check` kills for the parent-watch step (this `plugboard`
/// again), or a plugin `bench --tls` runs attached.
struct HostChild: Sendable {
    let pid: pid_t
    let output: Int32

    struct SpawnFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// Starts `executable` (by default this one) with `arguments`, this process's environment plus `environment`;
    /// stdin is /dev/null, stderr /dev/null unless `showErrors`.
    static func spawn(_ executable: String = "/proc/self/exe", arguments: [String], environment: [String: String] = [:], showErrors: Bool) throws -> HostChild {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw SpawnFailure(description: "pipe: \(String(cString: strerror(errno)))") }
        // Close-on-exec, so that no other child of this process holds the pipe (dup2 clears it for the child's stdout).
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, ends[1], 1)
        if !showErrors { posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0) }
        let name = executable == "/proc/self/exe" ? "plugboard" : executable
        var argv: [UnsafeMutablePointer<CChar>?] = ([name] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var variables: [String] = []
        var index = 0
        while let entry = environ[index] {
            let text = String(cString: entry)
            if !environment.keys.contains(where: { text.hasPrefix($0 + "=") }) { variables.append(text) }
            index += 1
        }
        variables += environment.map { "\($0.key)=\($0.value)" }
        var envp: [UnsafeMutablePointer<CChar>?] = variables.map { strdup($0) } + [nil]
        defer { for pointer in envp { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, nil, &argv, &envp)
        close(ends[1])
        guard status == 0 else {
            close(ends[0])
            throw SpawnFailure(description: "posix_spawn: \(String(cString: strerror(status)))")
        }
        return HostChild(pid: pid, output: ends[0])
    }

    /// The first line the child prints, or nil when it closes its output or the time is up.
    func readLine(within limit: Duration) async -> String? {
        let fd = output
        return await OffLoop.run {
            var line: [UInt8] = []
            let until = ContinuousClock.now + limit
            var byte: UInt8 = 0
            while ContinuousClock.now < until {
                var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let remaining = until - ContinuousClock.now
                let ready = poll(&poller, 1, Int32(max(1, remaining / .milliseconds(1))))
                if ready < 0 && errno == EINTR { continue }
                guard ready > 0 else { continue }
                let count = read(fd, &byte, 1)
                if count < 0 && errno == EINTR { continue }
                guard count == 1 else { return nil }
                if byte == UInt8(ascii: "\n") { return String(decoding: line, as: UTF8.self) }
                line.append(byte)
            }
            return nil
        }
    }

    /// Kills the child with SIGKILL and reaps it.
    func kill() async {
        let pid = pid
        let fd = output
        await OffLoop.run {
            Glibc.kill(pid, SIGKILL)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            close(fd)
        }
    }
}
