#if canImport(Glibc)
import Glibc
#endif

/// Where an attached plugin listens on TCP (`--listen HOST:PORT`): an IPv4 address, a bracketed IPv6 address or
/// `localhost`, and a port (0: any free one). Without `--listen` it is 127.0.0.1, any port.
struct ListenAddress: Equatable, Sendable {
    /// The address as given, IPv6 without its brackets.
    var host: String
    /// The port; 0 lets the system choose.
    var port: Int

    /// Loopback, any port: what an attached plugin on TCP listens on unless told otherwise.
    static let loopback = ListenAddress(host: "127.0.0.1", port: 0)

    /// Parses `HOST:PORT` (`[V6]:PORT` for IPv6).
    init(parsing text: String) throws(PluginArguments.UsageError) {
        func refuse(_ why: String) -> PluginArguments.UsageError {
            PluginArguments.UsageError(message: "--listen \(text): \(why); expected HOST:PORT, e.g. 0.0.0.0:8443 or [::]:8443")
        }
        let host: Substring
        let port: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else { throw refuse("an IPv6 address in brackets needs :PORT after it") }
            host = text[text.index(after: text.startIndex)..<close]
            port = text[text.index(close, offsetBy: 2)...]
            guard Self.isAddress(host, family: AF_INET6) else { throw refuse("'\(host)' is not an IPv6 address") }
        } else {
            guard let colon = text.lastIndex(of: ":") else { throw refuse("no port") }
            host = text[..<colon]
            port = text[text.index(after: colon)...]
            guard !host.contains(":") else { throw refuse("an IPv6 address must be in brackets") }
            guard host == "localhost" || Self.isAddress(host, family: AF_INET) else {
                throw refuse("'\(host)' is not an IPv4 address (names other than localhost are not resolved: give the address to listen on)")
            }
        }
        guard let number = Int(port), (0...65535).contains(number) else { throw refuse("'\(port)' is not a port (0 to 65535)") }
        self.host = String(host)
        self.port = number
    }

    init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Whether only this machine can connect: 127.0.0.0/8, ::1 or localhost.
    var isLoopback: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// The host a manifest's URL names: the address itself, or loopback for a wildcard (`0.0.0.0`, `::`), which
    /// a host reading the manifest on this machine cannot connect to by that name.
    var announcedHost: String {
        switch host {
        case "0.0.0.0": return "127.0.0.1"
        case "::": return "::1"
        default: return host
        }
    }

    private static func isAddress(_ text: Substring, family: Int32) -> Bool {
        var buffer = in6_addr()
        return String(text).withCString { inet_pton(family, $0, &buffer) } == 1
    }
}
