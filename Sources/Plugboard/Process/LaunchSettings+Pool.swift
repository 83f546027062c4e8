import NIOCore
import PlugboardProtocol

extension LaunchSettings {
    /// A pool of connections to the plugin at `location`, with these settings' limits and token.
    func makePool(_ location: Location, group: any EventLoopGroup, keepsCloseRule: Bool) -> ConnectionPool {
        ConnectionPool(location: location, group: group, options: .init(
            maxConnections: maxConnections,
            maxWaiters: maxWaiters,
            maxResponseSize: maxResponseSize,
            connectTimeout: startupTimeout,
            token: environment["PLUGBOARD_TOKEN"],
            tracksQuiet: idleTimeout != nil,
            keepsCloseRule: keepsCloseRule,
            tls: tls
        ))
    }
}
