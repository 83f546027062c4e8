/// An attached plugin's announcement (GoPlug's `.pconf`): a file `NAME.pconf` in a watched plugin directory,
/// written atomically by a plugin someone else started and removed when it stops.
///
/// ```json
/// {"name": "resizer", "namespace": "acme", "url": "http+unix:///run/acme/resizer.sock", "lazy": false, "pid": 4242,
///  "token": "9f86d081884c7d659a2feaa0c55ad015"}
/// ```
///
/// `token`, when present, is the bearer token the plugin requires on every request (the Swift SDK's `--attach`
/// makes a random one per start and writes it only here, mode 0600); the host sends it. A manifest without one is
/// attached as unauthenticated.
///
/// `tls`, for an `https://` URL, names PEM files relative to the manifest's directory: `ca` (the CA certificates the
/// plugin's certificate must chain to), `cert` and `key` (the certificate the host presents, for mutual TLS), and
/// `serverName` (the name the plugin's certificate carries, when it is not the URL's host):
/// `"tls": {"ca": "ca.pem", "cert": "host.pem", "key": "host-key.pem"}`.
///
/// GoPlug's own keys (`Name`, `NameSpace`, `Url`, `sock`, `LazyLoad`) are accepted too; `sock` is a socket path.
public struct Manifest: Codable, Sendable, Hashable {
    /// The plugin's name.
    public var name: String
    /// Its namespace, if any.
    public var namespace: String?
    /// Where it listens: `http+unix:///path.sock` or `http://host:port`.
    public var url: String
    /// Connect only on first use.
    public var lazy: Bool
    /// The process serving it, when on this machine (informational).
    public var pid: Int32?
    /// The bearer token the plugin requires, if it requires one.
    public var token: String?
    /// TLS settings for an `https://` URL.
    public var tls: TLS?

    /// The TLS settings of an `https://` manifest: PEM files, relative to the manifest's directory unless absolute.
    public struct TLS: Codable, Sendable, Hashable {
        /// The CA certificates the plugin's certificate must chain to.
        public var ca: String?
        /// The certificate (and intermediates) the host presents, for a plugin that requires client certificates.
        public var cert: String?
        /// The private key of `cert`.
        public var key: String?
        /// The DNS name the plugin's certificate carries, when it is not the URL's host.
        public var serverName: String?

        /// Creates TLS settings.
        public init(ca: String? = nil, cert: String? = nil, key: String? = nil, serverName: String? = nil) {
            self.ca = ca
            self.cert = cert
            self.key = key
            self.serverName = serverName
        }
    }

    /// Creates a manifest.
    public init(name: String, namespace: String? = nil, url: String, lazy: Bool = false, pid: Int32? = nil, token: String? = nil, tls: TLS? = nil) {
        self.token = token
        self.tls = tls
        self.name = name
        self.namespace = namespace
        self.url = url
        self.lazy = lazy
        self.pid = pid
    }

    /// The location to connect to (for an `https://` URL, the TCP host and port TLS runs on).
    public func location() throws(ProtocolError) -> Location {
        guard usesTLS else { return try Location(parsing: url) }
        return try Location(parsing: "http://" + url.dropFirst("https://".count))
    }

    /// Whether the URL is `https://`: the host must speak TLS to the plugin, and never falls back to plain HTTP.
    public var usesTLS: Bool { url.hasPrefix("https://") }

    /// The validated identity.
    public func pluginName() throws(ProtocolError) -> PluginName { try PluginName(name, namespace: namespace) }

    enum CodingKeys: String, CodingKey { case name, namespace, url, lazy, pid, token, tls }
    enum GoPlugKeys: String, CodingKey { case Name, NameSpace, Namespace, Url, URL, sock, Sock, LazyLoad }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let goplug = try decoder.container(keyedBy: GoPlugKeys.self)
        guard let name = try container.decodeIfPresent(String.self, forKey: .name) ?? goplug.decodeIfPresent(String.self, forKey: .Name) else {
            throw DecodingError.keyNotFound(CodingKeys.name, .init(codingPath: decoder.codingPath, debugDescription: "a manifest needs \"name\""))
        }
        self.name = name
        self.namespace = try container.decodeIfPresent(String.self, forKey: .namespace)
            ?? goplug.decodeIfPresent(String.self, forKey: .NameSpace) ?? goplug.decodeIfPresent(String.self, forKey: .Namespace)
        if let url = try container.decodeIfPresent(String.self, forKey: .url) ?? goplug.decodeIfPresent(String.self, forKey: .Url)
            ?? goplug.decodeIfPresent(String.self, forKey: .URL), !url.isEmpty, url != "unix://" {
            self.url = url
        } else if let sock = try goplug.decodeIfPresent(String.self, forKey: .sock) ?? goplug.decodeIfPresent(String.self, forKey: .Sock) {
            self.url = "http+unix://" + sock
        } else {
            throw DecodingError.keyNotFound(CodingKeys.url, .init(codingPath: decoder.codingPath, debugDescription: "a manifest needs \"url\" (or GoPlug's \"sock\")"))
        }
        self.lazy = try container.decodeIfPresent(Bool.self, forKey: .lazy) ?? goplug.decodeIfPresent(Bool.self, forKey: .LazyLoad) ?? false
        self.pid = try container.decodeIfPresent(Int32.self, forKey: .pid)
        self.token = try container.decodeIfPresent(String.self, forKey: .token)
        self.tls = try container.decodeIfPresent(TLS.self, forKey: .tls)
        if let token, token.isEmpty || token.utf8.count > 512 || !token.utf8.allSatisfy(Self.isTokenByte) {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath + [CodingKeys.token],
                debugDescription: "a token is 1 to 512 characters of A-Z, a-z, 0-9 and -._~+/="
            ))
        }
    }

    /// The characters of a bearer token (RFC 6750's `b64token`): nothing that could end a header line.
    public static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"): return true
        default: return Array("-._~+/=".utf8).contains(byte)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encodeIfPresent(namespace, forKey: .namespace)
        try container.encode(url, forKey: .url)
        try container.encode(lazy, forKey: .lazy)
        try container.encodeIfPresent(pid, forKey: .pid)
        try container.encodeIfPresent(token, forKey: .token)
        try container.encodeIfPresent(tls, forKey: .tls)
    }

    /// Parses a manifest, naming the JSON path of the first problem.
    public static func parse(_ bytes: some Collection<UInt8>) throws(ProtocolError) -> Manifest {
        do {
            return try WireJSON.decode(Manifest.self, from: bytes)
        } catch {
            throw .invalidDocument(document: "manifest", detail: WireJSON.describe(error))
        }
    }

    /// The file extension of manifests.
    public static let fileExtension = "pconf"
}
