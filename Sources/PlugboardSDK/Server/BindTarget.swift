/// Where the server listens.
enum BindTarget: Sendable {
    case unix(path: String)
    /// TCP at this address: loopback for a plugin a host started.
    case tcp(ListenAddress)
}
