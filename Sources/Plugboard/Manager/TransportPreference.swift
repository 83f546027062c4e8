/// Which transport external plugins listen on.
public enum TransportPreference: String, Sendable, Hashable, CaseIterable {
    /// Unix domain sockets.
    case unix
    /// Loopback TCP.
    case tcp
    /// Unix sockets where the host can make its private socket directory, TCP otherwise.
    case automatic = "auto"
}
