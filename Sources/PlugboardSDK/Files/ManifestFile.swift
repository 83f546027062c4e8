import PlugboardProtocol

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An attached plugin's manifest on disk: written atomically (a hidden temporary file renamed into place, so a
/// watching host never reads half a file) and removed when the plugin stops.
struct ManifestFile {
    let path: String

    static func write(_ manifest: Manifest, in directory: String) throws(PluginRunError) -> ManifestFile {
        let file = (manifest.namespace.map { "\($0)." } ?? "") + manifest.name + "." + Manifest.fileExtension
        let path = "\(directory)/\(file)"
        let temporary = "\(directory)/.\(file).\(getpid()).tmp"
        guard var bytes = try? WireJSON.encode(manifest) else { throw .files("cannot encode manifest") }
        bytes.append(UInt8(ascii: "\n"))
        let fd = open(temporary, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .files("cannot write manifest \(temporary): \(String(cString: strerror(errno)))") }
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
        guard written == bytes.count, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw .files("cannot write manifest \(path): \(String(cString: strerror(errno)))")
        }
        return ManifestFile(path: path)
    }

    func remove() { unlink(path) }
}
