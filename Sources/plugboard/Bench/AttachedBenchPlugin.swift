import PlugboardProtocol

#if canImport(Glibc)
import Glibc
#endif

/// One `PLUGIN --attach DIR …` process the bench starts (in a private directory of its own) and stops: the child,
/// whose stdout is read until the URL line it prints once its manifest is written, and its directory.
final class AttachedBenchPlugin: Sendable {
    let child: HostChild
    let directory: String

    private init(child: HostChild, directory: String) {
        self.child = child
        self.directory = directory
    }

    /// Starts `executable --attach DIR arguments…` and waits up to 10 s for the URL line it prints once it listens
    /// and its manifest is written.
    static func start(_ executable: String, arguments: [String]) async throws -> AttachedBenchPlugin {
        var template = Array("/tmp/pb-bench-attach-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw CommandFailure(message: "bench: cannot make a directory in /tmp: \(String(cString: strerror(errno)))")
        }
        let directory = String(cString: made)
        let all = ["--attach", directory] + arguments
        let child: HostChild
        do {
            child = try HostChild.spawn(executable, arguments: all, showErrors: false)
        } catch {
            rmdir(directory)
            throw CommandFailure(message: "bench: cannot start \(executable): \(error)")
        }
        let plugin = AttachedBenchPlugin(child: child, directory: directory)
        guard await child.readLine(within: .seconds(10)) != nil else {
            plugin.stop()
            throw CommandFailure(message: "bench: \(executable) \(all.joined(separator: " ")) printed no URL within 10 s")
        }
        return plugin
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
        let pid = child.pid
        defer { close(child.output) }
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
