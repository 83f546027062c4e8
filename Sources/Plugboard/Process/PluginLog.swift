import Logging
import PlugboardProtocol

/// Forwards a plugin's stderr lines to the host's logger. JSON log lines (Go's slog, or swift-log JSON handlers)
/// keep their level and message; other lines are logged as they are, at info.
enum PluginLog {
    private struct JSONLine: Decodable {
        var level: String?
        var msg: String?
        var message: String?
    }

    static func forward(_ line: String, to logger: Logger) {
        if line.first == "{", let parsed = try? WireJSON.decode(JSONLine.self, from: Array(line.utf8)),
           let text = parsed.msg ?? parsed.message {
            logger.log(level: level(parsed.level), "\(text)", metadata: ["stream": "stderr", "raw": "\(line)"])
        } else {
            logger.info("\(line)", metadata: ["stream": "stderr"])
        }
    }

    private static func level(_ text: String?) -> Logger.Level {
        switch text?.lowercased() {
        case "debug": return .debug
        case "trace": return .trace
        case "warn", "warning": return .warning
        case "error": return .error
        case "critical", "fatal": return .critical
        default: return .info
        }
    }
}
