import PlugboardProtocol

/// What the command line asks a plugin to do.
enum PluginArguments: Equatable {
    /// `PLUGIN capabilities`: print the capabilities JSON and exit 0.
    case capabilities
    /// `PLUGIN --config '<json>'` or `--config=<json>`: start with this config text.
    case start(configText: String)
    /// `PLUGIN --config-stdin`: read the config as the first line of stdin (v2, keeps secrets out of argv).
    case startFromStdin
    /// `PLUGIN --attach DIR [--tcp] [--listen HOST:PORT] [--tls-cert FILE --tls-key FILE [--tls-client-ca FILE]]`:
    /// run on its own (not started by a host) and announce itself with a manifest in DIR, a host's watched plugin
    /// directory; on TCP, optionally on another address than loopback, and over TLS.
    case attach(AttachOptions)
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
            return try parseAttach(directory: arguments[1], Array(arguments.dropFirst(2)))
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

    /// The options after `--attach DIR`, in any order.
    private static func parseAttach(directory: String, _ options: [String]) throws(UsageError) -> PluginArguments {
        var attach = AttachOptions(directory: directory)
        var listen: ListenAddress?
        var files: [String: String] = [:]
        var index = 0
        while index < options.count {
            let option = options[index]
            switch option {
            case "--tcp":
                attach.transport = .tcp
                index += 1
            case "--listen":
                guard index + 1 < options.count, !options[index + 1].hasPrefix("--") else { throw UsageError(message: "--listen needs HOST:PORT") }
                listen = try ListenAddress(parsing: options[index + 1])
                attach.transport = .tcp
                index += 2
            case "--tls-cert", "--tls-key", "--tls-client-ca":
                guard index + 1 < options.count, !options[index + 1].hasPrefix("--") else { throw UsageError(message: "\(option) needs a file") }
                files[option] = options[index + 1]
                index += 2
            default:
                throw UsageError(message: "unexpected argument '\(option)' after --attach DIR")
            }
        }
        if !files.isEmpty {
            guard attach.transport == .tcp else { throw UsageError(message: "--tls-cert, --tls-key and --tls-client-ca need --tcp (TLS is served on TCP)") }
            guard let certificate = files["--tls-cert"], let key = files["--tls-key"] else {
                throw UsageError(message: "TLS needs both --tls-cert FILE and --tls-key FILE")
            }
            attach.tls = ServerTLSFiles(certificateChain: certificate, privateKey: key, clientCA: files["--tls-client-ca"])
        }
        if let listen {
            // Beyond loopback, the bearer token and every request would cross the network in plain text.
            guard listen.isLoopback || attach.tls != nil else {
                throw UsageError(message: "--listen \(listen.host):\(listen.port) accepts connections from other machines, which needs TLS: add --tls-cert FILE --tls-key FILE (and --tls-client-ca FILE to require client certificates)")
            }
            attach.listen = listen
        }
        return .attach(attach)
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
                 [--listen HOST:PORT]     on TCP at this address (default 127.0.0.1, any port); beyond loopback, TLS only
                 [--tls-cert FILE --tls-key FILE [--tls-client-ca FILE]]
                                          on TCP, serve TLS (https://); with a client CA, require client certificates
        """
    }
}
