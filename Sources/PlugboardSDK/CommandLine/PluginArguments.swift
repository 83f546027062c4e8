import PlugboardProtocol

/// What the command line asks a plugin to do.
enum PluginArguments: Equatable {
    /// `PLUGIN capabilities`: print the capabilities JSON and exit 0.
    case capabilities
    /// `PLUGIN --config '<json>'` or `--config=<json>`: start with this config text.
    case start(configText: String)
    /// `PLUGIN --config-stdin`: read the config as the first line of stdin (v2, keeps secrets out of argv).
    case startFromStdin
    /// `PLUGIN --attach DIR [--tcp]`: run on its own (not started by a host) and announce itself with a manifest
    /// in DIR, a host's watched plugin directory.
    case attach(directory: String, transport: TransportKind)
    /// `PLUGIN --help`.
    case help

    /// Parses the arguments after the executable's name.
    static func parse(_ arguments: [String]) throws(UsageError) -> PluginArguments {
        guard let first = arguments.first else {
            throw UsageError(message: "missing command: expected 'capabilities', '--config <json>' or '--config-stdin'")
        }
        switch first {
        case "capabilities":
            guard arguments.count == 1 else { throw UsageError(message: "'capabilities' takes no arguments") }
            return .capabilities
        case "--help", "-h", "help":
            return .help
        case "--config":
            guard arguments.count == 2 else {
                throw UsageError(message: arguments.count == 1 ? "--config needs a JSON value" : "unexpected argument '\(arguments[2])' after --config")
            }
            return .start(configText: arguments[1])
        case "--attach":
            guard arguments.count >= 2 else { throw UsageError(message: "--attach needs a directory") }
            let rest = Array(arguments.dropFirst(2))
            guard rest.isEmpty || rest == ["--tcp"] else { throw UsageError(message: "unexpected argument '\(rest[0])' after --attach DIR") }
            return .attach(directory: arguments[1], transport: rest.isEmpty ? .unix : .tcp)
        case "--config-stdin":
            guard arguments.count == 1 else { throw UsageError(message: "--config-stdin takes no value") }
            return .startFromStdin
        default:
            if first.hasPrefix("--config=") {
                guard arguments.count == 1 else { throw UsageError(message: "unexpected argument '\(arguments[1])'") }
                return .start(configText: String(first.dropFirst("--config=".count)))
            }
            throw UsageError(message: "unknown argument '\(first)'")
        }
    }

    /// A command line the plugin cannot act on.
    struct UsageError: Error, Equatable {
        let message: String
    }

    static func usage(name: String) -> String {
        """
        usage: \(name) capabilities          print this plugin's capabilities as JSON
               \(name) --config '<json>'     start serving with this config
               \(name) --config-stdin        start serving, reading the config as one JSON line on stdin
               \(name) --attach DIR [--tcp] serve on its own and announce itself with DIR/NAME.pconf
        """
    }
}
