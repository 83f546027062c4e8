import PlugboardProtocol

#if canImport(Glibc)
import Glibc
#endif

/// One `PLUGIN --attach DIR …` process the bench starts (in a private directory of its own) and stops: its pid,
/// its directory and the URL it printed once its manifest was written.
final class AttachedBenchPlugin: Sendable {
    let pid: pid_t
    let directory: String
    let printedURL: String

    private init(pid: pid_t, directory: String, printedURL: String) {
        self.pid = pid
        self.directory = directory
        self.printedURL = printedURL
    }

    /// Starts `executable --attach DIR arguments…` and waits up to 10 s for the URL line it prints once it listens
    /// and its manifest is written.
    static func start(_ executable: String, arguments: [String]) throws -> AttachedBenchPlugin {
        var template = Array("/tmp/pb-bench-attach-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw CommandFailure(message: "bench: cannot make a directory in /tmp: \(String(cString: strerror(errno)))")
        }
        let directory = String(cString: made)
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else {
            throw CommandFailure(message: "bench: pipe failed: \(String(cString: strerror(errno)))")
        }
        // Only the child's stdout gets the write end (dup2 clears close-on-exec); nothing else may inherit either.
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, ends[1], 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let all = [executable, "--attach", directory] + arguments
        var argv: [UnsafeMutablePointer<CChar>?] = all.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, nil, &argv, environ)
        close(ends[1])
        defer { close(ends[0]) }
        guard status == 0 else {
            rmdir(directory)
            throw CommandFailure(message: "bench: cannot start \(executable): \(String(cString: strerror(status)))")
        }
        var line: [UInt8] = []
        let deadline = ContinuousClock.now + .seconds(10)
        var byte: UInt8 = 0
        while line.last != UInt8(ascii: "\n") {
            let left = deadline - .now
            var entry = pollfd(fd: ends[0], events: Int16(POLLIN), revents: 0)
            let ready = left > .zero ? poll(&entry, 1, Int32(left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000)) : 0
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0, read(ends[0], &byte, 1) == 1 else {
                let plugin = AttachedBenchPlugin(pid: pid, directory: directory, printedURL: "")
                plugin.stop()
                throw CommandFailure(message: "bench: \(all.joined(separator: " ")) printed no URL within 10 s")
            }
            line.append(byte)
        }
        return AttachedBenchPlugin(pid: pid, directory: directory, printedURL: String(decoding: line.dropLast(), as: UTF8.self))
    }

    /// The manifest the plugin wrote.
    func manifest() throws -> String {
        guard let name = listing().first(where: { $0.hasSuffix("." + Manifest.fileExtension) }) else {
            throw CommandFailure(message: "bench: \(directory) holds no manifest")
        }
        return "\(directory)/\(name)"
    }

    /// The URL in the manifest.
    func url() throws -> String { try parsed().url }

    /// The token in the manifest (nil under mutual TLS).
    func token() throws -> String? { try parsed().token }

    private func parsed() throws -> Manifest {
        let path = try manifest()
        guard let bytes = FileBytes.read(path, limit: 1 << 20) else { throw CommandFailure(message: "bench: cannot read \(path)") }
        return try Manifest.parse(bytes)
    }

    private func listing() -> [String] {
        guard let stream = opendir(directory) else { return [] }
        defer { closedir(stream) }
        var names: [String] = []
        while let entry = readdir(stream) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) } }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// SIGTERM, up to 5 s for the exit (its manifest goes with it), then SIGKILL; the directory is removed.
    func stop() {
        kill(pid, SIGTERM)
        let deadline = ContinuousClock.now + .seconds(5)
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            guard ContinuousClock.now < deadline else {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                break
            }
            usleep(2_000)
        }
        for name in listing() { unlink("\(directory)/\(name)") }
        rmdir(directory)
    }
}
