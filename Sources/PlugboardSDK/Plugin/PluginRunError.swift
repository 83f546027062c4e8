/// Why a plugin could not start or keep running. Printed as one line on stderr before the plugin exits.
enum PluginRunError: Error, CustomStringConvertible {
    /// The config was missing or malformed (exit status 2).
    case badConfig(String)
    /// Another live process serves the socket (its pid, or 0 when it has not written it yet).
    case socketInUse(path: String, pid: Int32)
    /// A file could not be created or removed.
    case files(String)
    /// The listener could not be started.
    case listen(String)
    /// An activation hook failed.
    case hook(String)
    /// TLS cannot be served as asked (a file that cannot be read, a build without TLS).
    case tls(String)

    var description: String {
        switch self {
        case .badConfig(let message): return "invalid --config: \(message)"
        case .socketInUse(let path, let pid) where pid > 0: return "socket \(path) is in use by running process \(pid) (lock file \(path).lock)"
        case .socketInUse(let path, _): return "socket \(path) is in use by another process, which holds its lock file \(path).lock"
        case .files(let message): return message
        case .listen(let message): return "cannot listen: \(message)"
        case .hook(let message): return message
        case .tls(let message): return message
        }
    }

    var exitStatus: Int32 {
        if case .badConfig = self { return 2 }
        return 1
    }
}
