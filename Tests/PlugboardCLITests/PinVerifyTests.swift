import PlugboardTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite("plugboard pin and verify")
struct PinVerifyTests {
    @Test("pin writes the lock (exit 0); verify passes (0), then names a changed, a new and a missing file (1); usage errors are 2")
    func pinAndVerify() async throws {
        let directory = PluginDirectory()
        directory.script("alpha", "echo alpha")
        directory.script("beta", "echo beta")
        let pinned = try await CLI.run(["pin", directory.path])
        #expect(pinned.status == 0, "\(pinned.stderr)")
        #expect(pinned.stdout.contains("pinned 2 plugin(s)"))
        let lock = String(decoding: Files.read("\(directory.path)/plugboard.lock") ?? [], as: UTF8.self)
        let lines = lock.split(separator: "\n").filter { !$0.hasPrefix("#") }
        let names: [String] = lines.map { line in String(line.split(separator: " ").last ?? "") }
        #expect(names == ["alpha", "beta"])
        // sha256sum's format: coreutils checks it too.
        #expect(system("cd '\(directory.path)' && sha256sum -c --quiet plugboard.lock") == 0)

        let clean = try await CLI.run(["verify", directory.path])
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")

        directory.script("alpha", "echo ALPHA")
        directory.script("gamma", "echo gamma")
        unlink("\(directory.path)/beta")
        let dirty = try await CLI.run(["verify", directory.path])
        #expect(dirty.status == 1)
        #expect(dirty.stdout.contains("MISMATCH    alpha: expected sha256 "), "\(dirty.stdout)")
        #expect(dirty.stdout.contains("NOT PINNED  gamma"), "\(dirty.stdout)")
        #expect(dirty.stdout.contains("MISSING     beta"), "\(dirty.stdout)")

        let empty = PluginDirectory()
        let noLock = try await CLI.run(["verify", empty.path])
        #expect(noLock.status == 1 && noLock.stderr.contains("plugboard.lock"), "\(noLock.stderr)")
        #expect(try await CLI.run(["verify"]).status == 2)
        #expect(try await CLI.run(["pin"]).status == 2)
    }
}
