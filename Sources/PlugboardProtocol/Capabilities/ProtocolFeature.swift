/// The v2 extensions a plugin can declare in its capabilities. The host uses one only when it is declared.
public enum ProtocolFeature: String, Sendable, CaseIterable, Codable {
    /// The plugin reads its config as one JSON line on stdin (`--config-stdin`), keeping secrets out of argv.
    case configStdin
    /// The plugin requires `Authorization: Bearer <token>` on every request, the token coming from the
    /// `PLUGBOARD_TOKEN` environment variable.
    case token
    /// The plugin binds its Unix socket inside `socketDirectory` from the config, a 0700 directory the host made.
    case socketDirectory
    /// The plugin exits when its stdin reaches end-of-file, i.e. when the host that holds the pipe dies.
    case parentWatch
    /// The plugin serves `GET /plugboard/v2/methods` and `POST /plugboard/v2/methods/{name}`.
    case methods
    /// The plugin serves the events stream `GET /plugboard/v2/events?listen=...`.
    case events
    /// The plugin serves its capabilities at `GET /plugboard/v2/capabilities` (needed to attach to it).
    case capabilitiesEndpoint
}
