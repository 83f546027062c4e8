import PlugboardProtocol

#if canImport(Glibc)
import Glibc
#endif

/// Writing to the terminal: plain lines, JSON, tables, and progress that shows only on a terminal.
enum Output {
    static func line(_ text: String = "") { write(1, text + "\n") }

    static func error(_ text: String) { write(2, "plugboard: " + text + "\n") }

    static func write(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            bytes = bytes.dropFirst(written)
        }
    }

    /// Prints an Encodable as JSON.
    static func json<T: Encodable>(_ value: T) throws {
        line(String(decoding: try WireJSON.encode(value), as: UTF8.self))
    }

    /// Whether stderr is a terminal (progress is shown only then).
    static var isTerminal: Bool { isatty(2) == 1 }

    /// Shows `label done/total` on one terminal line; nothing when stderr is not a terminal.
    static func progress(_ label: String, _ done: Int, _ total: Int) {
        guard isTerminal else { return }
        write(2, "\r\u{1B}[K\(label) \(done)/\(total)" + (done == total ? "\r\u{1B}[K" : ""))
    }

    /// Formats rows as an aligned table with a header.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
