#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension Location {
    /// Parses a location line. Surrounding white space is ignored.
    ///
    /// Accepted: `http+unix:///abs/path.sock`, `unix:///abs/path.sock`, `http://HOST:PORT`, and the bare
    /// `HOST:PORT` / `[V6]:PORT` / `:PORT` forms, where HOST is an IP literal or `localhost`.
    public init(parsing line: String) throws(ProtocolError) {
        let text = line.trimmingWhitespace()
        for scheme in ["http+unix://", "unix://"] where text.hasPrefix(scheme) {
            let path = String(text.dropFirst(scheme.count))
            guard path.hasPrefix("/") else { throw .invalidLocation(line, reason: "a Unix socket path must be absolute") }
            self = .unix(path: path)
            return
        }
        if text.hasPrefix("https://") {
            throw .invalidLocation(line, reason: "https:// is for attached plugins (a manifest's url, or attach(url:)), not a location line: a plugin the host starts is reached on a private socket, in plain HTTP")
        }
        var hostPort = Substring(text)
        let explicitScheme = text.hasPrefix("http://")
        if explicitScheme { hostPort = hostPort.dropFirst("http://".count) }
        if hostPort.hasSuffix("/") { hostPort = hostPort.dropLast() }
        let host: Substring
        let portText: Substring
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]"), hostPort[hostPort.index(after: close)...].hasPrefix(":") else {
                throw .invalidLocation(line, reason: "expected [IPv6]:PORT")
            }
            host = hostPort[hostPort.index(after: hostPort.startIndex)..<close]
            portText = hostPort[hostPort.index(close, offsetBy: 2)...]
            guard host.contains(":"), Self.isIPv6(host) else {
                throw .invalidLocation(line, reason: "\"\(host)\" in brackets is not an IPv6 address")
            }
        } else {
            guard let colon = hostPort.lastIndex(of: ":") else {
                throw .invalidLocation(line, reason: "expected http+unix:///PATH, http://HOST:PORT or HOST:PORT")
            }
            host = hostPort[..<colon]
            portText = hostPort[hostPort.index(after: colon)...]
            // An IPv6 address goes in brackets ([::1]:PORT): without them, a stray line such as a time of day
            // (`10:30:15`) would read as one.
            guard !host.contains(":") else {
                throw .invalidLocation(line, reason: "an IPv6 host must be in brackets: [\(host)]:\(portText)")
            }
        }
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw .invalidLocation(line, reason: "port \"\(portText)\" is not a number from 1 to 65535")
        }
        guard Self.isReachableHostSyntax(host, explicitScheme: explicitScheme) else {
            throw .invalidLocation(line, reason: "host \"\(host)\" is not an IP address or localhost")
        }
        switch host {
        case "", "::", "0.0.0.0", "[::]":
            self = .tcp(host: "127.0.0.1", port: port)
        default:
            self = .tcp(host: String(host), port: port)
        }
    }

    /// Whether a string could be a location line (used to skip stray lines a plugin prints before its location).
    public static func looksLikeLocation(_ line: String) -> Bool {
        (try? Location(parsing: line)) != nil
    }

    private static func isReachableHostSyntax(_ host: Substring, explicitScheme: Bool) -> Bool {
        if host.isEmpty || host == "localhost" { return true }
        if host.contains(":") { return isIPv6(host) }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 4, parts.allSatisfy({ UInt8($0) != nil }) { return true }
        // With an explicit http:// scheme a DNS name is allowed (attached plugins on other machines).
        return explicitScheme && host.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." }
    }
}

extension Location {
    /// Whether `host` is an IPv6 address as `inet_pton` reads one.
    static func isIPv6(_ host: Substring) -> Bool {
        var address = in6_addr()
        return String(host).withCString { inet_pton(AF_INET6, $0, &address) } == 1
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
