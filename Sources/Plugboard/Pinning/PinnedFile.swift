#if Pinning
import Crypto
#endif

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A plugin file opened once and hashed through that descriptor: the launcher executes this same open file
/// (`--pinned`), so what runs is what was hashed (docs/SECURITY.md, "Pinned plugins").
///
/// swift-subprocess closes every descriptor above 2 in the child, so the launcher reaches the host's descriptor
/// through `/proc/HOSTPID/fd/N`: that opens the same inode, whatever has been renamed over the path since. It checks
/// the inode, the size, the modification and the status-change times against what is recorded here, taken after
/// the hash: an in-place write moves both times, and no one can set the ctime back. The descriptor stays open until the plugin printed its location (or exited).
final class PinnedFile: Sendable {
    /// The descriptor (read-only, close-on-exec).
    let descriptor: Int32
    /// The SHA-256 of the contents, lowercase hex.
    let digest: String
    private let device: UInt64
    private let inode: UInt64
    private let size: Int64
    private let changedSeconds: Int
    private let changedNanoseconds: Int
    private let modifiedSeconds: Int
    private let modifiedNanoseconds: Int

    /// Opens `path` and hashes it; throws the errno text when it cannot be read (ENOSYS in a build without the
    /// `Pinning` trait).
    init(path: String) throws(FileError) {
        #if !Pinning
        throw FileError(path: path, errno: ENOSYS)
        #else
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileError(path: path, errno: errno) }
        var hasher = SHA256()
        var chunk = [UInt8](repeating: 0, count: 256 * 1024)
        while true {
            let count = read(fd, &chunk, chunk.count)
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else {
                let error = errno
                close(fd)
                throw FileError(path: path, errno: error)
            }
            if count == 0 { break }
            chunk.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[..<count])) }
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let error = errno
            close(fd)
            throw FileError(path: path, errno: error)
        }
        descriptor = fd
        digest = Self.hex(hasher.finalize())
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        #if canImport(Darwin)
        (changedSeconds, changedNanoseconds) = (Int(info.st_ctimespec.tv_sec), Int(info.st_ctimespec.tv_nsec))
        (modifiedSeconds, modifiedNanoseconds) = (Int(info.st_mtimespec.tv_sec), Int(info.st_mtimespec.tv_nsec))
        #else
        (changedSeconds, changedNanoseconds) = (Int(info.st_ctim.tv_sec), Int(info.st_ctim.tv_nsec))
        (modifiedSeconds, modifiedNanoseconds) = (Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec))
        #endif
        #endif
    }

    deinit { close(descriptor) }

    /// `FD:DEV:INO:SIZE:CTIME:MTIME` for the launcher's `--pinned`.
    var launcherArgument: String {
        "\(descriptor):\(device):\(inode):\(size):\(changedSeconds).\(changedNanoseconds):\(modifiedSeconds).\(modifiedNanoseconds)"
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xf)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
