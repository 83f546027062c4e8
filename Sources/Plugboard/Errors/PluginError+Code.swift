extension PluginError {
    /// What kind of failure a ``PluginError`` is.
    ///
    /// A struct over a private enumeration (as ServiceLifecycle's `ServiceGroupError.Code`): compare with `==` or
    /// match in a `switch` with a `default:` case; a later release can add codes without breaking your code.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Kind: String, Sendable, Hashable {
            case capabilities, invalidSchema, invalidConfig, invalidInput, duplicateContractType, duplicateName
            case startupTimeout, exitedDuringStartup, badLocation, notFound, ambiguous, requestFailed, invalidRequest
            case connection, timeout, crashed, notRunning, stopped, shutDown, cancelled, overloaded
            case responseTooLarge, spawnFailed, invalidManifest, watchFailed, invalidResponse, pinMismatch, sandbox, tls
        }

        private let kind: Kind

        private init(_ kind: Kind) { self.kind = kind }

        /// The code's name, e.g. `crashed`.
        public var description: String { kind.rawValue }

        /// `PLUGIN capabilities` failed: it exited non-zero, hung past its deadline or printed something else than JSON.
        public static let capabilities = Code(.capabilities)
        /// A declared schema is not a valid JSON Schema.
        public static let invalidSchema = Code(.invalidSchema)
        /// Config data does not satisfy the plugin's schema for its type.
        public static let invalidConfig = Code(.invalidConfig)
        /// The input of a method call, or the request body of a contract call, does not satisfy its schema; nothing
        /// was sent.
        public static let invalidInput = Code(.invalidInput)
        /// Another plugin already serves this contract type.
        public static let duplicateContractType = Code(.duplicateContractType)
        /// Another plugin is already registered under this name.
        public static let duplicateName = Code(.duplicateName)
        /// The plugin did not print a location and answer `/healthz` before its startup deadline.
        public static let startupTimeout = Code(.startupTimeout)
        /// The plugin exited before it became ready.
        public static let exitedDuringStartup = Code(.exitedDuringStartup)
        /// The plugin printed a location the host cannot use.
        public static let badLocation = Code(.badLocation)
        /// No plugin serves what was asked for.
        public static let notFound = Code(.notFound)
        /// More than one plugin serves the contract and no type was named.
        public static let ambiguous = Code(.ambiguous)
        /// The plugin answered with a non-2xx status; ``PluginError/status`` holds it.
        public static let requestFailed = Code(.requestFailed)
        /// The request cannot be sent as asked (a path with spaces or control characters); nothing was sent.
        public static let invalidRequest = Code(.invalidRequest)
        /// The connection failed or closed before a whole response arrived, and the plugin is still running.
        public static let connection = Code(.connection)
        /// The call did not complete within its deadline (waiting for a start and a connection included).
        public static let timeout = Code(.timeout)
        /// The plugin process exited while it was serving; calls in flight fail with this.
        public static let crashed = Code(.crashed)
        /// The manager is not running (use ``PluginManager/withManager(configuration:logger:isolation:_:)`` or
        /// ``PluginManager/run()``).
        public static let notRunning = Code(.notRunning)
        /// The plugin was stopped (``PluginHandle/stop()``, `unload`, a reload or removal) while the call waited.
        public static let stopped = Code(.stopped)
        /// The manager or the plugin is shut down for good.
        public static let shutDown = Code(.shutDown)
        /// The caller's task was cancelled; the call ended without an answer.
        public static let cancelled = Code(.cancelled)
        /// Too many callers are already waiting for a connection to this plugin.
        public static let overloaded = Code(.overloaded)
        /// A contract call's 2xx response does not satisfy the response schema the plugin advertises for the endpoint.
        public static let invalidResponse = Code(.invalidResponse)
        /// The response was larger than the configured limit.
        public static let responseTooLarge = Code(.responseTooLarge)
        /// The plugin could not be spawned.
        public static let spawnFailed = Code(.spawnFailed)
        /// An attached plugin's manifest or URL is unusable.
        public static let invalidManifest = Code(.invalidManifest)
        /// A plugin directory cannot be watched (inotify failed).
        public static let watchFailed = Code(.watchFailed)
        /// A pinned plugin file does not match its SHA-256 digest, has none, or cannot be checked (``Pinning``).
        public static let pinMismatch = Code(.pinMismatch)
        /// The plugin's sandbox cannot be set up: a path its policy lists does not exist, or the kernel lacks a
        /// mechanism a `required` policy needs (the message names it).
        public static let sandbox = Code(.sandbox)
        /// TLS to an `https://` plugin cannot be set up (no CA given, a certificate or key file that cannot be read,
        /// a build without the package trait `TLS`), or its handshake failed: the plugin's certificate did not verify
        /// or does not carry the expected name, or the plugin refused the host's client certificate (or its lack of
        /// one). The message names the URL and the cause (``PluginTLS``).
        public static let tls = Code(.tls)
    }
}
