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
    /// `capabilities`, `--help` and usage errors are answered here, on the main thread, before anything else
    /// starts: no event loop, no thread, no task. To serve, a plugin process is Plugboard's to shape, so this makes
    /// SwiftNIO's event loops Swift concurrency's executor (``PluginServerConfiguration/threads`` of them, one by
    /// default) and serves from a task on them: handlers run on the thread that read the request, with no hop
    /// between threads per request. The main thread, otherwise idle, first runs one request through an in-memory
    /// copy of a connection's pipeline (the SDK's `ServerWarmUp`: the runtime's first-time work for those types, done while
    /// the loop binds instead of in front of the host's first request), then reads SIGTERM and SIGINT from a signal
    /// pipe and, for the parent watch, stdin (its `MainThreadWatch`), so the process starts no Dispatch thread (see
    /// docs/PERFORMANCE.md). The process exits when serving ends.
    public static func main() {
        var plugin = self.plugin
        let mode: Plugin.ServeMode
        let executable: String
        switch plugin.invocation(arguments: CommandLine.arguments) {
        case .finished(let status):
            exit(status)
        case .serve(let serveMode, let name):
            (mode, executable) = (serveMode, name)
        }
        NIOSingletons.groupLoopCountSuggestion = max(1, plugin.configuration.threads)
        NIOSingletons.blockingPoolThreadCountSuggestion = 1
        if EventLoopExecutor.install() {
            plugin.sharedEventLoopGroup = true
        }
        let watch: MainThreadWatch
        do {
            watch = MainThreadWatch(signals: try SignalWatch.trap(), stop: StopTrigger())
        } catch {
            Plugin.printError("\(executable): \(error)")
            exit(1)
        }
        plugin.mainThread = watch
        let serving = plugin
        Task {
            exit(await serving.serve(mode, executable: executable))
        }
        ServerWarmUp.run(configuration: plugin.configuration)
        watch.run()
        // Only if poll failed: keep the main thread out of the way until serving ends.
        while true { pause() }
    }
}
