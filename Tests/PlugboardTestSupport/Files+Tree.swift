#if canImport(Glibc)
import Glibc
#endif

extension Files {
    /// Every file and directory below `directory`, as paths relative to it, sorted: what a test left behind there.
    /// Empty when the directory is empty or does not exist. Symlinks are listed, not followed.
    public static func tree(_ directory: String) -> [String] {
        list(directory).flatMap { name -> [String] in
            var info = stat()
            let path = "\(directory)/\(name)"
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { return [name] }
            return [name] + tree(path).map { "\(name)/\($0)" }
        }
    }

    /// Removes everything below `directory` (symlinks are removed, not followed), and `directory` itself unless
    /// `keepingRoot`.
    public static func removeTree(_ directory: String, keepingRoot: Bool = false) {
        for name in list(directory) {
            var info = stat()
            let path = "\(directory)/\(name)"
            if lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR { removeTree(path) } else { unlink(path) }
        }
        if !keepingRoot { rmdir(directory) }
    }
}
