#if canImport(Glibc)
import Glibc
#endif

/// The two things the sandbox needs from a 64-bit little-endian ELF file: its program interpreter (`PT_INTERP`) and
/// its library search path (`DT_RUNPATH`, or `DT_RPATH`), read from the program and dynamic headers alone.
struct ELFFile: Sendable, Hashable {
    var interpreter: String?
    var runPaths: [String]

    /// Reads `path`; nil when it is not a 64-bit little-endian ELF file or its headers do not hold together.
    static func read(_ path: String) -> ELFFile? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        /// `count` bytes at `offset`, or (for a string, `short`) as many as there are up to `count`.
        func bytes(at offset: UInt64, count: Int, short: Bool = false) -> [UInt8]? {
            guard count > 0, count <= 1 << 20, offset < UInt64(Int64.max) else { return nil }
            var buffer = [UInt8](repeating: 0, count: count)
            let got = pread(fd, &buffer, count, off_t(offset))
            if got == count { return buffer }
            return short && got > 0 ? Array(buffer[..<got]) : nil
        }
        guard let header = bytes(at: 0, count: 64), header.starts(with: [0x7F, 0x45, 0x4C, 0x46]),
              header[4] == 2, header[5] == 1 else { return nil }
        let programOffset = header.le64(0x20)
        let entrySize = Int(header.le16(0x36))
        let entryCount = Int(header.le16(0x38))
        guard entrySize >= 56, entryCount < 256, let table = bytes(at: programOffset, count: entrySize * entryCount) else { return nil }
        var interpreter: String?
        var dynamic: (offset: UInt64, size: UInt64)?
        var loads: [(virtual: UInt64, offset: UInt64, size: UInt64)] = []
        for index in 0..<entryCount {
            let base = index * entrySize
            let type = table.le32(base)
            let offset = table.le64(base + 8), virtual = table.le64(base + 16), fileSize = table.le64(base + 32)
            switch type {
            case 1: loads.append((virtual, offset, fileSize))
            case 2: dynamic = (offset, fileSize)
            case 3:
                if let text = bytes(at: offset, count: Int(min(fileSize, 4096)), short: true) {
                    interpreter = String(decoding: text.prefix { $0 != 0 }, as: UTF8.self)
                }
            default: break
            }
        }
        var runPaths: [String] = []
        if let dynamic, dynamic.size < 1 << 20, let entries = bytes(at: dynamic.offset, count: Int(dynamic.size)) {
            var stringTable: UInt64?
            var runPath: UInt64?, rPath: UInt64?
            for base in stride(from: 0, to: entries.count - 15, by: 16) {
                let tag = entries.le64(base), value = entries.le64(base + 8)
                if tag == 0 { break }
                if tag == 5 { stringTable = value }
                if tag == 29 { runPath = value }
                if tag == 15 { rPath = value }
            }
            if let stringTable, let entry = runPath ?? rPath,
               let load = loads.first(where: { stringTable >= $0.virtual && stringTable < $0.virtual + $0.size }),
               let text = bytes(at: stringTable &- load.virtual &+ load.offset &+ entry, count: 4096, short: true) {
                let value = String(decoding: text.prefix { $0 != 0 }, as: UTF8.self)
                runPaths = value.split(separator: ":").map(String.init)
            }
        }
        return ELFFile(interpreter: interpreter, runPaths: runPaths)
    }
}

extension [UInt8] {
    fileprivate func le16(_ at: Int) -> UInt16 { UInt16(self[at]) | UInt16(self[at + 1]) << 8 }
    fileprivate func le32(_ at: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(self[at + $1]) << (8 * $1) } }
    fileprivate func le64(_ at: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(self[at + $1]) << (8 * $1) } }
}
