#if canImport(Glibc)
import Glibc
#endif

/// A throw-away plugin directory: link built plugins into it, write script plugins, and remove it afterwards.
public final class PluginDirectory: @unchecked Sendable {
    /// The directory's path.
    public let path: String

    /// Makes an empty directory under /tmp.
    public init() {
        var template = Array("/tmp/pb-test-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "mkdtemp failed")
        path = String(cString: made!)
    }

    /// Links a built executable into the directory under `name` (default: its own name).
    @discardableResult
    public func link(_ binary: String, as name: String? = nil) -> String {
        let target = "\(path)/\(name ?? binary)"
        symlink(TestBinaries.path(binary), target)
        return target
    }

    /// Links a script fixture (``TestBinaries/script(_:)``) into the directory under its name without the
    /// extension, which is how discovery wants a plugin file named.
    @discardableResult
    public func link(script name: String) -> String {
        link(file: TestBinaries.script(name), as: name)
    }

    /// Links any file into the directory.
    @discardableResult
    public func link(file: String, as name: String) -> String {
        let target = "\(path)/\(name)"
        symlink(file, target)
        return target
    }

    /// Writes an executable shell script.
    @discardableResult
    public func script(_ name: String, _ body: String) -> String {
        write(name, "#!/bin/sh\n" + body + "\n", mode: 0o755)
    }

    /// Writes a file.
    @discardableResult
    public func write(_ name: String, _ contents: String, mode: mode_t = 0o644) -> String {
        let target = "\(path)/\(name)"
        let fd = open(target, O_CREAT | O_TRUNC | O_WRONLY, mode)
        precondition(fd >= 0, "cannot write \(target)")
        _ = contents.withCString { Glibc.write(fd, $0, strlen($0)) }
        close(fd)
        chmod(target, mode)
        return target
    }

    /// The names in the directory.
    public var entries: [String] { Files.list(path) }

    /// Removes the directory and everything directly in it.
    public func remove() {
        for name in entries { unlink("\(path)/\(name)") }
        rmdir(path)
    }

    deinit { remove() }
}
