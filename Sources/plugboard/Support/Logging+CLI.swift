import Logging

extension Logger {
    /// The command-line tool's logger: warnings and worse on stderr, everything with `--verbose`.
    static func cli(verbose: Bool) -> Logger {
        var logger = Logger(label: "plugboard") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = verbose ? .debug : .error
        return logger
    }
}
