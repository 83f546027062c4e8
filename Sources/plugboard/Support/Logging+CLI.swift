import Logging

extension Logger {
    /// The command-line tool's logger: silent by default (commands report failures themselves), everything on
    /// stderr with `--verbose`.
    static func cli(verbose: Bool) -> Logger {
        var logger = Logger(label: "plugboard") { StreamLogHandler.standardError(label: $0) }
        logger.logLevel = verbose ? .debug : .critical
        return logger
    }
}
