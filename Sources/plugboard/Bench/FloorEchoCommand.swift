import ArgumentParser

#if canImport(Glibc)
import Glibc
#endif

/// `plugboard bench-floor-echo` (hidden): the floor's child. Echoes whatever arrives on standard input (one end of a
/// Unix socket pair) back to it with blocking `read`/`write`, until end of input.
struct FloorEchoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-floor-echo",
        abstract: "Echo standard input (a socket) back to it; the child `plugboard bench` measures its floor with.",
        shouldDisplay: false
    )

    func run() throws {
        var buffer = [UInt8](repeating: 0, count: 256 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }
            guard FloorSocket.writeAll(0, buffer, count: count) else { return }
        }
    }
}
