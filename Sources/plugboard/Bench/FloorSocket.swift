#if canImport(Glibc)
import Glibc
#endif

/// Blocking socket I/O for the floor: whole writes and exact reads, retrying on `EINTR`.
enum FloorSocket {
    /// Writes the first `count` bytes of `bytes`; false when the peer is gone. Never raises SIGPIPE.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], count: Int) -> Bool {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < count {
                let written = send(fd, raw.baseAddress! + offset, count - offset, Int32(MSG_NOSIGNAL))
                if written < 0 && errno == EINTR { continue }
                guard written > 0 else { return false }
                offset += written
            }
            return true
        }
    }

    /// Reads exactly `count` bytes into `buffer`; false on end of input or an error.
    static func readExactly(_ fd: Int32, into buffer: inout [UInt8], count: Int) -> Bool {
        buffer.withUnsafeMutableBytes { raw in
            var offset = 0
            while offset < count {
                let got = read(fd, raw.baseAddress! + offset, count - offset)
                if got < 0 && errno == EINTR { continue }
                guard got > 0 else { return false }
                offset += got
            }
            return true
        }
    }
}
