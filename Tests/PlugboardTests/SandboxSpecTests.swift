@testable import Plugboard
import PlugboardProtocol
import PlugboardTestSupport
import Testing

/// The sandbox's text formats and the host's view of an executable, without processes.
@Suite("Sandbox spec, report and dependencies")
struct SandboxSpecTests {
    static func placement(_ executable: String, transport: TransportKind = .unix) -> SandboxPolicy.Placement {
        SandboxPolicy.Placement(
            executable: executable, searchPath: "/usr/bin:/bin", transport: transport, socketDirectory: "/tmp/pb-sock",
            scratchDirectory: "/tmp/pb-sbx-x/scratch", reportPath: "/tmp/pb-sbx-x/exit", cgroup: nil
        )
    }

    @Test("the spec lists the always-allowed paths and the policy's, escapes separators, and encodes each network mode")
    func spec() {
        var policy = SandboxPolicy.strict
        policy.readablePaths = ["/data;v=2%"]
        let items = policy.spec(for: Self.placement(TestBinaries.path("simple-processor"))).split(separator: ";").map(String.init)
        #expect(items.first == "v=1")
        #expect(items.contains("mode=required"))
        #expect(items.contains("read=/data%3Bv=2%25"))
        #expect(items.contains("write=/tmp/pb-sbx-x/scratch") && items.contains("write=/tmp/pb-sock") && items.contains("write=/dev/null"))
        #expect(items.contains("read=/proc"))
        #expect(!items.contains("read=/usr"), "strict does not read the system")
        #expect(items.contains("net=none") && items.contains("inet=none"), "no IP socket at all on the Unix transport")
        #expect(items.contains("memory=\(512 << 20)") && items.contains("nproc=32") && items.contains("report=/tmp/pb-sbx-x/exit"))

        let tcp = policy.spec(for: Self.placement(TestBinaries.path("simple-processor"), transport: .tcp)).split(separator: ";").map(String.init)
        #expect(tcp.contains("inet=stream") && tcp.contains("bind=0"), "its own listener on an ephemeral port")
        var loopback = SandboxPolicy.standard
        loopback.connectPorts = [5432]
        let narrowed = loopback.spec(for: Self.placement("/bin/sh")).split(separator: ";").map(String.init)
        #expect(narrowed.contains("net=loopback") && narrowed.contains("connect=5432") && narrowed.contains("read=/usr"))
        var open = SandboxPolicy.standard
        open.network = .any
        open.processLimit = 0
        let any = open.spec(for: Self.placement("/bin/sh")).split(separator: ";").map(String.init)
        #expect(!any.contains { $0.hasPrefix("net=") || $0.hasPrefix("inet=") })
        #expect(any.contains("noproc"))
    }

    @Test("a policy with a relative or missing path, or impossible limits, says what is wrong")
    func problems() {
        var policy = SandboxPolicy.standard
        #expect(policy.problem() == nil)
        policy.writablePaths = ["relative"]
        #expect(policy.problem()?.contains("relative") == true)
        policy.writablePaths = ["/no/such/path"]
        #expect(policy.problem()?.contains("does not exist") == true)
        policy.writablePaths = []
        policy.memoryLimit = 1000
        #expect(policy.problem()?.contains("below 1 MB") == true)
    }

    @Test("the launcher's report line and the watchdog's report file parse")
    func reports() {
        let report = SandboxReport(line: "plugboard-sandbox: applied=landlock-fs/7,seccomp missing=cgroup")
        #expect(report == SandboxReport(applied: ["landlock-fs/7", "seccomp"], missing: ["cgroup"]))
        #expect(SandboxReport(line: "plugboard-sandbox: applied=- missing=-") == SandboxReport(applied: [], missing: []))
        #expect(SandboxReport(line: "http+unix:///tmp/x.sock") == nil)
        let outcome = SandboxOutcome(report: "usage peak-kb=2048 cpu-us=1500000\ncause=memory exceeded its memory limit of 96 MB (97 MB resident in 1 process)\n")
        #expect(outcome.usage == SandboxUsage(peakMemory: 2 << 20, cpuTime: .milliseconds(1500)))
        #expect(outcome.violation?.limit == .memory)
        #expect(outcome.violation?.detail == "exceeded its memory limit of 96 MB (97 MB resident in 1 process)")
        #expect(SandboxOutcome(report: "").usage == nil)
        #expect(outcome.usage?.description == "peak 2 MB, CPU 1.50 s")
    }

    @Test("an ELF executable's loader and RUNPATH, and a script's interpreter and its installation, are readable")
    func dependencies() throws {
        let elf = try #require(ELFFile.read(TestBinaries.path("simple-processor")))
        #expect(elf.interpreter?.hasPrefix("/lib") == true, "\(elf)")
        #expect(ELFFile.read(TestBinaries.packageRoot + "/Package.swift") == nil)
        let directory = PluginDirectory()
        defer { directory.remove() }
        let script = directory.write("env-python", "#!/usr/bin/env python3\nprint(1)\n", mode: 0o755)
        let needs = ExecutableDependencies(of: script, searchPath: "/usr/bin").readable
        #expect(needs.contains("/usr/bin/env") && needs.contains("/usr/bin/python3"), "\(needs)")
        #expect(needs.contains("/usr"), "python's installation: \(needs)")
    }
}
