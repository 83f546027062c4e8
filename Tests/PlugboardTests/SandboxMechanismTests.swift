import PlugboardTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `plugboard_sandbox_apply` itself, through Tests/Fixtures/sandbox-exec (the launcher's part in miniature), with
/// Python one-liners as the confined program: what each mechanism refuses, with which errno.
@Suite("Sandbox mechanism (CPlugboardSandbox)")
struct SandboxMechanismTests {
    static let base = "v=1;mode=required;nnp;caps=drop;read=/usr;read=/lib;read=/lib64;read=/bin;read=/etc/ld.so.cache;read=/proc;write=/dev/null"

    static func run(_ spec: String, python: String) async throws -> TestProcess.Outcome {
        try await TestProcess.run(TestBinaries.path("sandbox-exec"), [spec, "/usr/bin/python3", "-c", python], timeout: .seconds(60))
    }

    @Test("the report line lists what was applied; a malformed spec is refused before anything runs, naming the item")
    func report() async throws {
        let ok = try await Self.run(Self.base + ";seccomp=deny;scope=abstract,signal", python: "print('ran')")
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.hasPrefix("plugboard-sandbox: applied=no-capabilities,no-new-privs,landlock-fs/"), "\(ok.stdout)")
        #expect(ok.stdout.contains("seccomp") && ok.stdout.hasSuffix("ran\n"))
        let bad = try await Self.run("v=1;memory=lots", python: "print('ran')")
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("memory=lots is not a number"), "\(bad.stderr)")
        #expect(!bad.stdout.contains("ran"))
    }

    @Test("seccomp=deny refuses ptrace, mount, unshare, bpf and kexec with EPERM; the rest still works")
    func seccomp() async throws {
        let script = """
            import ctypes, os
            libc = ctypes.CDLL(None, use_errno=True)
            for name, call in [("ptrace", lambda: libc.ptrace(16, os.getppid(), 0, 0)),
                               ("mount", lambda: libc.mount(b"none", b"/tmp", b"tmpfs", 0, None)),
                               ("unshare", lambda: libc.unshare(0x10000000)),
                               ("bpf", lambda: libc.syscall(321, 0, 0, 0)),
                               ("kexec_load", lambda: libc.syscall(246, 0, 0, 0, 0))]:
                result = call()
                print(name, result, ctypes.get_errno())
            print("pid", os.getpid() > 0)
            """
        let outcome = try await Self.run(Self.base + ";seccomp=deny", python: script)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        for name in ["ptrace", "mount", "unshare", "bpf", "kexec_load"] {
            #expect(outcome.stdout.contains("\(name) -1 1\n"), "\(name): \(outcome.stdout)")
        }
        #expect(outcome.stdout.contains("pid True"))
    }

    @Test("network none refuses UDP and TCP sockets on the Unix transport; loopback refuses UDP and keeps TCP")
    func sockets() async throws {
        let script = """
            import socket
            for kind in (socket.SOCK_STREAM, socket.SOCK_DGRAM):
                try:
                    socket.socket(socket.AF_INET, kind).close(); print(kind, "ok")
                except OSError as error:
                    print(kind, error.errno)
            """
        let none = try await Self.run(Self.base + ";net=none;inet=none", python: script)
        // Kinds print as their numbers: 1 is SOCK_STREAM, 2 SOCK_DGRAM; 13 is EACCES.
        #expect(none.stdout.contains("\n1 13\n2 13\n"), "\(none.stdout)\(none.stderr)")
        let loopback = try await Self.run(Self.base + ";net=loopback;inet=stream;bind=0", python: script)
        #expect(loopback.stdout.contains("\n1 ok\n2 13\n"), "\(loopback.stdout)\(loopback.stderr)")
    }

    @Test("io_uring is refused (EPERM) under every filter: its IORING_OP_SOCKET would make the UDP socket socket() may not")
    func ioUring() async throws {
        // io_uring_setup(1, params) with a zeroed 120-byte io_uring_params: 425 on x86_64 and aarch64 alike.
        let script = """
            import ctypes
            libc = ctypes.CDLL(None, use_errno=True)
            params = ctypes.create_string_buffer(120)
            fd = libc.syscall(425, 1, params)
            print("io_uring_setup", "ok" if fd >= 0 else fd, 0 if fd >= 0 else ctypes.get_errno())
            """
        let unfiltered = try await Self.run(Self.base, python: script)
        #expect(unfiltered.status == 0, "\(unfiltered.stderr)")
        for spec in [";net=none;inet=none", ";net=loopback;inet=stream;bind=0", ";seccomp=deny", ";noproc"] {
            let outcome = try await Self.run(Self.base + spec, python: script)
            #expect(outcome.stdout.contains("io_uring_setup -1 1\n"), "\(spec): \(outcome.stdout)\(outcome.stderr)")
        }
    }

    @Test("/proc is readable, but not another process's environment or memory map (EACCES): the host's token stays its own")
    func procfs() async throws {
        let outcome = try await Self.run(Self.base, python: """
            for name in ("environ", "maps", "cmdline"):
                try:
                    open("/proc/\(getpid())/" + name, "rb").read(1); print(name, "read")
                except OSError as error:
                    print(name, error.errno)
            open("/proc/self/environ", "rb").read(1); print("own environ read")
            """)
        #expect(outcome.stdout.contains("environ 13\nmaps 13\ncmdline read\nown environ read"), "\(outcome.stdout)\(outcome.stderr)")
    }

    @Test("signal scoping: the confined program cannot signal a process outside its sandbox (the test, its host)")
    func signalScope() async throws {
        let script = """
            import os
            try:
                os.kill(\(getpid()), 0); print("reached")
            except OSError as error:
                print("refused", error.errno)
            """
        let scoped = try await Self.run(Self.base + ";scope=signal", python: script)
        #expect(scoped.stdout.contains("refused 1"), "\(scoped.stdout)\(scoped.stderr)")
        let unscoped = try await Self.run(Self.base, python: script)
        #expect(unscoped.stdout.contains("reached"), "\(unscoped.stdout)\(unscoped.stderr)")
    }
}
