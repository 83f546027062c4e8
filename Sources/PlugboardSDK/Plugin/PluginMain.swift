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
    public static func main() async {
        let status = await plugin.run(arguments: CommandLine.arguments)
        exit(status)
    }
}
