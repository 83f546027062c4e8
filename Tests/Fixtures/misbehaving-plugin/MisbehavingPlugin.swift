import PlugboardContracts
import PlugboardProtocol
import PlugboardSDK

#if canImport(Glibc)
import Glibc
#endif

/// Echoes its input as a DataProcessor (type `echo`, or `FIXTURE_TYPE`), and misbehaves on request:
/// - `POST /crash`: exits with status 3 in the middle of the call;
/// - `POST /slow` with `{"milliseconds": N}`: answers after N ms;
/// - environment `FIXTURE_JUNK=1`: prints junk lines on stdout before the location line;
/// - environment `FIXTURE_HOOK_LOG=PATH`: appends `activate` and `deactivate` lines to PATH from its hooks, and
///   `slow started`, then `slow finished` or `slow cancelled`, from `POST /slow`;
/// - environment `FIXTURE_GRACE_MS=N`: the graceful stop waits N ms for handlers (default 10 s);
/// - environment `FIXTURE_CRASH_RATE=P`: each `POST /process` exits with status 3, before answering, with
///   probability P (e.g. `0.1`);
/// - environment `FIXTURE_CRASH_AFTER_MS=LOW-HIGH`: exits with status 3 at a random moment LOW to HIGH ms after its
///   first `POST /process` (e.g. `50-400`), between calls or during one;
/// - a malformed `FIXTURE_CRASH_*` value: says so on stderr and exits 2 (see ``Faults``);
/// - `POST /try` with an ``Attempt``: tries something a sandbox may forbid (read, write, connect, allocate, spin,
///   spawn processes) and answers how it went.
@main
struct MisbehavingPlugin {
    static func main() async {
        let name = CommandLine.arguments[0].split(separator: "/").last.map(String.init) ?? "misbehaving-plugin"
        let faults: Faults
        do {
            faults = try Faults.fromEnvironment()
        } catch {
            let line = "\(name): \(error)\n"
            _ = line.withCString { write(2, $0, strlen($0)) }
            exit(2)
        }
        // FIXTURE_GRACE_MS: the graceful stop's grace (PluginServerConfiguration.gracefulStopTimeout).
        let grace = getenv("FIXTURE_GRACE_MS").flatMap { Int(String(cString: $0)) }.map { Duration.milliseconds($0) } ?? .seconds(10)
        let hookLog = getenv("FIXTURE_HOOK_LOG").map { String(cString: $0) }
        var plugin = Plugin(name: name, configuration: .init(gracefulStopTimeout: grace))
        plugin.serve(DataProcessorContract.self, type: getenv("FIXTURE_TYPE").map { String(cString: $0) } ?? "echo", Echo(faults: faults))
        plugin.handle(Endpoint<Empty, Empty>(.post, "/crash")) { _, _ in
            exit(3)
        }
        plugin.handle(Endpoint<Delay, Delay>(.post, "/slow")) { delay, context in
            if let hookLog { append("slow started\n", to: hookLog) }
            do {
                try await Task.sleep(for: .milliseconds(delay.milliseconds))
            } catch {
                if let hookLog { append("slow cancelled\n", to: hookLog) }
                throw error
            }
            if let hookLog { append("slow finished\n", to: hookLog) }
            return Delay(milliseconds: delay.milliseconds, stopping: context.isStopping)
        }
        plugin.handle(Endpoint<Attempt, AttemptResult>(.post, "/try")) { attempt, _ in
            attempt.perform()
        }
        if let log = hookLog {
            plugin.onActivate { _ in append("activate\n", to: log) }
            plugin.onDeactivate { _ in append("deactivate\n", to: log) }
        }
        if getenv("FIXTURE_JUNK") != nil, CommandLine.arguments.count > 1, CommandLine.arguments[1] != "capabilities" {
            let junk = "starting up… (not a location)\ndebug: 127.0.0.1 is where I live, maybe\n"
            _ = junk.withCString { write(1, $0, strlen($0)) }
        }
        exit(await plugin.run())
    }
}

func append(_ line: String, to path: String) {
    let fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o644)
    guard fd >= 0 else { return }
    _ = line.withCString { write(fd, $0, strlen($0)) }
    close(fd)
}
