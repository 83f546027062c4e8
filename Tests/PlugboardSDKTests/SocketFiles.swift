import PlugboardProtocol
import PlugboardTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Reading socket paths from location lines.
enum SocketFiles {
    static func path(fromLocationLine output: String) throws -> String {
        let line = try #require(output.split(separator: "\n").first.map(String.init))
        guard case .unix(let path) = try Location(parsing: line) else { throw RawHTTP.Failure(description: "not a unix location: \(line)") }
        return path
    }
}
