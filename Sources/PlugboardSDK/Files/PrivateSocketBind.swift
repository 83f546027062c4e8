#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Binds a Unix socket whose file has mode 0600 from the moment it exists at its path, without touching the
/// process's `umask` (which every thread shares: a bind under `umask 0177` changed the mode of whatever other
/// threads created meanwhile, and a thread changing it meanwhile widened the socket).
///
/// The socket is bound inside a fresh directory beside the path, made by `mkdtemp` (mode 0700, so no other user can
/// reach the socket however the bind's mode came out), set to 0600 there, then hard-linked to the path, which fails
/// if the path exists as a bind would, and unlinked from the directory, which is removed. The name inside is short
/// (`DIR/.pbXXXXXX/s`), never longer than the path itself, so a path that fits a `sockaddr_un` still does.
enum PrivateSocketBind {
    /// Binds at `path` with `bind` (which binds a listener at the path it is given) and returns its result.
    static func bind<Listener>(at path: String, _ bind: (String) async throws -> Listener, close: (Listener) async -> Void) async throws(PluginRunError) -> Listener {
        let parent = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        var template = Array(((parent.isEmpty ? "" : parent) + "/.pbXXXXXX").utf8CString)
        guard let directory = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }).map({ String(cString: $0) }) else {
            throw .listen("cannot make a private directory beside \(path) to bind in: \(String(cString: strerror(errno)))")
        }
        let temporary = directory + "/s"
        defer { rmdir(directory) }
        let listener: Listener
        do {
            listener = try await bind(temporary)
        } catch {
            unlink(temporary)
            throw .listen("\(error)")
        }
        defer { unlink(temporary) }
        if chmod(temporary, 0o600) != 0 {
            let reason = String(cString: strerror(errno))
            await close(listener)
            throw .listen("cannot set the mode of socket \(temporary): \(reason)")
        }
        if link(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            await close(listener)
            throw .listen("cannot put the socket at \(path): \(reason)")
        }
        return listener
    }
}
