#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `plugboard-launcher` executable through which the host starts every plugin process (and every
/// `capabilities` probe), so that no plugin outlives its host, whatever its protocol version (docs/LIFECYCLE.md).
///
/// The package builds it as the executable product `plugboard-launcher`. The host looks for it, in order:
/// ``PluginManager/Configuration/launcherPath``, the environment variable `PLUGBOARD_LAUNCHER`, then beside the
/// host's own executable (and beside the test bundle, for `swift test`).
struct Launcher: Sendable, Hashable {
    /// The launcher's path.
    let path: String

    /// The launcher found the documented way (`explicit` first), or a message saying where it looked.
    static func locate(explicit: String? = nil) -> Result<Launcher, LauncherMissing> {
        if let explicit { return at(explicit, from: "PluginManager.Configuration.launcherPath") }
        if let variable = getenv("PLUGBOARD_LAUNCHER").map({ String(cString: $0) }), !variable.isEmpty {
            return at(variable, from: "PLUGBOARD_LAUNCHER")
        }
        return found
    }

    private static func at(_ path: String, from source: String) -> Result<Launcher, LauncherMissing> {
        guard let info = FileSystem.info(path), info.isRegular, FileSystem.isExecutable(path) else {
            return .failure(LauncherMissing(message: "\(source) names \(path), which is not an executable file"))
        }
        return .success(Launcher(path: path))
    }

    /// The launcher beside the host's executable (or above the `.xctest` bundle it is in), looked for once.
    private static let found: Result<Launcher, LauncherMissing> = {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        let executable = count > 0 ? String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) : ""
        var directories: [String] = []
        var directory = executable
        while let slash = directory.lastIndex(of: "/"), slash > directory.startIndex {
            directory = String(directory[..<slash])
            directories.append(directory)
            if !directory.contains(".xctest") { break }
        }
        for directory in directories {
            let path = directory + "/plugboard-launcher"
            if let info = FileSystem.info(path), info.isRegular, FileSystem.isExecutable(path) { return .success(Launcher(path: path)) }
        }
        return .failure(LauncherMissing(
            message: "cannot find plugboard-launcher (looked in \(directories.joined(separator: ", "))): build it with "
                + "`swift build --product plugboard-launcher` and put it beside the host's executable, "
                + "or set PLUGBOARD_LAUNCHER or PluginManager.Configuration.launcherPath"
        ))
    }()

    /// The launcher's arguments that start `executable` with `arguments`: the host's pid (the launcher checks that
    /// the host is still its parent, and watches it), for a pinned file the descriptor the host hashed (keep
    /// `pinned` alive until the plugin has started), and the sandbox spec when there is one.
    func arguments(executing executable: String, _ arguments: [String], pinned: PinnedFile? = nil, sandbox: String? = nil) -> [String] {
        ["--host-pid", String(getpid())] + (pinned.map { ["--pinned", $0.launcherArgument] } ?? [])
            + (sandbox.map { ["--sandbox", $0] } ?? []) + ["--", executable] + arguments
    }
}
