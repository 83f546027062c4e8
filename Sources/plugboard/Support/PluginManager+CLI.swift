import NIOPosix
import Plugboard

extension PluginManager.Configuration {
    /// The command-line tool's host configuration: connections run on SwiftNIO's singleton event loop group, which
    /// `plugboard` installs as Swift concurrency's executor at start, so a call needs no thread hop.
    static var cli: PluginManager.Configuration {
        PluginManager.Configuration(eventLoops: .shared(MultiThreadedEventLoopGroup.singleton))
    }
}
