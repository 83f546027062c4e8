import PlugboardProtocol

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An attached plugin's manifest on disk: written atomically (a hidden temporary file linked into place, so a
/// watching host never reads half a file) and removed when the plugin stops.
///
/// One manifest per plugin name and directory: a second copy of a plugin that is still running is refused, naming
/// the pid that holds the manifest, instead of silently replacing it (and then taking it away when either stops).
/// A manifest whose pid is gone is stale and replaced.
struct ManifestFile {
    let path: String

    static func write(_ manifest: Manifest, in directory: String) throws(PluginRunError) -> ManifestFile {
        let file = (manifest.namespace.map { "\($0)." } ?? "") + manifest.name + "." + Manifest.fileExtension
        let path = "\(directory)/\(file)"
        let temporary = "\(directory)/.\(file).\(getpid()).tmp"
        guard var bytes = try? WireJSON.encode(manifest) else { throw .files("cannot encode manifest") }
        bytes.append(UInt8(ascii: "\n"))
        // 0600 when it holds a token: only the user the host and the plugin run as may read it.
        let fd = open(temporary, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, manifest.token == nil ? 0o644 : 0o600)
        guard fd >= 0 else { throw .files("cannot write manifest \(temporary): \(String(cString: strerror(errno)))") }
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
        defer { unlink(temporary) }
        guard written == bytes.count else {
            throw .files("cannot write manifest \(temporary): \(String(cString: strerror(errno)))")
        }
        // link() puts the file in place only if none is there: two copies starting at once cannot both win.
        if link(temporary, path) == 0 { return ManifestFile(path: path) }
        guard errno == EEXIST else { throw .files("cannot write manifest \(path): \(String(cString: strerror(errno)))") }
        if let owner = livingOwner(of: path), owner != getpid() {
            throw .files("\(file.dropLast(Manifest.fileExtension.count + 1)) is already attached in \(directory) by pid \(owner) (\(path)); stop it first, or attach to another directory")
        }
        guard rename(temporary, path) == 0 else {
            throw .files("cannot write manifest \(path): \(String(cString: strerror(errno)))")
        }
        return ManifestFile(path: path)
    }

    /// The pid named by the manifest at `path`, if that process is alive.
    private static func livingOwner(of path: String) -> Int32? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 64 * 1024)
        let count = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 0, let manifest = try? WireJSON.decode(Manifest.self, from: bytes[..<count]), let pid = manifest.pid, pid > 0 else {
            return nil
        }
        return kill(pid, 0) == 0 || errno == EPERM ? pid : nil
    }

    func remove() { unlink(path) }
}
