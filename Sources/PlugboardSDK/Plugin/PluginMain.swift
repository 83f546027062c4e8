import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The entry point of a plugin executable, in the spirit of ArgumentParser's `ParsableCommand`: declare the
/// plugin, mark the type `@main`, and the SDK takes over argument handling, serving and shutdown.
///
/// ```swift
/// @main
/// struct SimpleProcessor: PluginMain {
///     static var plugin: Plugin {
///         var plugin = Plugin(name: "simple-processor")
///         plugin.serve(DataProcessorContract.self, type: "uppercase", Uppercase())
///         return plugin
///     }
/// }
/// ```
public protocol PluginMain {
    /// The plugin this executable runs.
    static var plugin: Plugin { get }
}

extension PluginMain {
    /// Runs the plugin with the process's arguments and exits with its status.
    ///
    /// A plugin process is Plugboard's to shape, so this makes SwiftNIO's event loops Swift concurrency's executor
    /// (``PluginServerConfiguration/threads`` of them, one by default): handlers then run on the thread that read
    /// the request, with no hop between threads per request (see docs/PERFORMANCE.md).
    public static func main() async {
        var plugin = self.plugin
        NIOSingletons.groupLoopCountSuggestion = max(1, plugin.configuration.threads)
        NIOSingletons.blockingPoolThreadCountSuggestion = 1
        if EventLoopExecutor.install() {
            plugin.sharedEventLoopGroup = true
        }
        let status = await plugin.run(arguments: CommandLine.arguments)
        exit(status)
    }
}
