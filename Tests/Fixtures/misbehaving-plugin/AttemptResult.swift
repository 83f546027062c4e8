#if canImport(Glibc)
import Glibc
#endif

/// How an ``Attempt`` went.
struct AttemptResult: Codable, Sendable {
    var ok: Bool
    var error: String?
    /// `errno` when it failed.
    var errno: Int32?
    /// For `scratch`: the file it wrote.
    var path: String?
}

extension AttemptResult {
    init(ok: Bool, error: String? = nil, errno: Int32? = nil) {
        self.ok = ok
        self.error = error
        self.errno = errno
    }

    /// The current `errno`.
    static func failure() -> AttemptResult {
        let code = Glibc.errno
        return AttemptResult(ok: false, error: String(cString: strerror(code)), errno: code)
    }
}
