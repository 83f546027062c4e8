#if canImport(Glibc)
import Glibc
#endif

/// Where the package's built executables are: beside the test bundle, in `.build/<config>/`.
public enum TestBinaries {
    /// The build products directory.
    public static let directory: String = {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        precondition(count > 0, "cannot read /proc/self/exe")
        let path = String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var directory = String(path[..<path.lastIndex(of: "/")!])
        // The test runner may live inside PlugboardPackageTests.xctest/; the products sit next to that bundle.
        while directory.hasSuffix(".xctest") || directory.contains(".xctest/") {
            directory = String(directory[..<directory.lastIndex(of: "/")!])
        }
        return directory
    }()

    /// The path of a built executable, e.g. `simple-processor`.
    public static func path(_ name: String) -> String { "\(directory)/\(name)" }

    /// The path of a script fixture: `Tests/Fixtures/NAME/NAME.py`, e.g. `closing-plugin`.
    public static func script(_ name: String) -> String { "\(packageRoot)/Tests/Fixtures/\(name)/\(name).py" }

    /// The package's root folder: the nearest folder above the products directory that holds Package.swift.
    public static var packageRoot: String {
        var root = directory
        while let slash = root.lastIndex(of: "/"), slash > root.startIndex {
            root = String(root[..<slash])
            if access(root + "/Package.swift", F_OK) == 0 { return root }
        }
        return directory
    }
}
