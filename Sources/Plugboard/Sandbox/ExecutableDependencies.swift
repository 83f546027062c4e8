#if canImport(Glibc)
import Glibc
#endif

/// What a sandboxed executable needs to read to start: for an ELF file its loader and the directories of its
/// `RUNPATH`/`RPATH` (with `$ORIGIN` expanded), for a script its interpreter (through `/usr/bin/env`, looked up on
/// `PATH`), that interpreter's own needs, and the installation the interpreter lives in (the directory above its
/// `bin`, e.g. `/usr` or `~/.pyenv`).
struct ExecutableDependencies: Sendable, Hashable {
    /// Files and directories to allow reading (and executing) beneath.
    var readable: [String] = []

    /// The dependencies of `path`, looking programs up on `searchPath` (a `PATH` value).
    init(of path: String, searchPath: String) {
        var seen = Set<String>()
        add(path, searchPath: searchPath, depth: 0, seen: &seen)
    }

    private mutating func add(_ given: String, searchPath: String, depth: Int, seen: inout Set<String>) {
        let path = Self.absolute(given)
        guard depth < 4, seen.insert(path).inserted else { return }
        let real = Self.realPath(path) ?? path
        readable.append(path)
        if real != path { readable.append(real) }
        guard let head = Self.readHead(real, count: 256) else { return }
        // A binary needs itself and what its ELF headers name, not its directory: in a plugins directory that holds
        // the other plugins, the lock file and attached plugins' manifests (with their tokens). A script's
        // interpreter often loads files beside it, so a script's directory stays readable (SECURITY.md says so).
        if head.starts(with: [0x7F, 0x45, 0x4C, 0x46]) {
            let elf = ELFFile.read(real)
            if let interpreter = elf?.interpreter { readable.append(interpreter) }
            let origin = Self.directory(of: real)
            for entry in elf?.runPaths ?? [] {
                readable.append(entry.replacing("${ORIGIN}", with: origin).replacing("$ORIGIN", with: origin))
            }
            return
        }
        readable.append(Self.directory(of: real))
        guard head.starts(with: [0x23, 0x21]) else { return } // "#!"
        let line = String(decoding: head.dropFirst(2).prefix { $0 != 0x0A }, as: UTF8.self)
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let interpreter = words.first, interpreter.hasPrefix("/") else { return }
        add(interpreter, searchPath: searchPath, depth: depth + 1, seen: &seen)
        var program = interpreter
        if interpreter.hasSuffix("/env"), let name = words.dropFirst().first(where: { !$0.hasPrefix("-") }),
           let found = Self.lookUp(name, in: searchPath) {
            program = found
            add(found, searchPath: searchPath, depth: depth + 1, seen: &seen)
        }
        // The installation the interpreter belongs to: its standard library, site packages, shims' targets.
        let installation = Self.directory(of: Self.directory(of: Self.realPath(program) ?? program))
        if installation != "/" { readable.append(installation) }
    }

    private static func lookUp(_ name: String, in searchPath: String) -> String? {
        if name.contains("/") { return name }
        for directory in searchPath.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    static func absolute(_ path: String) -> String {
        guard !path.hasPrefix("/"), let directory = getcwd(nil, 0) else { return path }
        defer { free(directory) }
        return String(cString: directory) + "/" + path
    }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let parent = String(path[..<slash])
        return parent.isEmpty ? "/" : parent
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func readHead(_ path: String, count: Int) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: count)
        let got = read(fd, &bytes, count)
        return got > 0 ? Array(bytes[..<got]) : nil
    }
}
