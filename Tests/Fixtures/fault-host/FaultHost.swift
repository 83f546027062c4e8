import Plugboard
import PlugboardProtocol
import PlugboardTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A host for the fault-injection tests: `fault-host SCENARIO TRANSPORT` runs one ``FaultScenario`` against real
/// plugin processes over `unix` or `tcp` and prints a ``FaultReport`` as one JSON line on stdout. Exit status 0
/// with a report (whatever the calls did), 1 when the run could not happen, 2 for a usage error.
/// `fault-host hold DIR` starts the plugins in DIR and waits to be killed (``HoldRun``).
///
/// It is a process of its own so that what it leaves open or running can be compared exactly with what it had
/// before: nothing else runs in it.
@main
struct FaultHost {
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.count == 2, arguments[0] == "hold" {
            do {
                try await HoldRun.run(directory: arguments[1])
                return
            } catch {
                fail("fault-host: hold \(arguments[1]): \(error)", status: 1)
            }
        }
        guard arguments.count == 2, let scenario = FaultScenario(rawValue: arguments[0]), let transport = TransportPreference(rawValue: arguments[1]) else {
            let scenarios = FaultScenario.allCases.map(\.rawValue).joined(separator: "|")
            fail("usage: fault-host \(scenarios) unix|tcp", status: 2)
        }
        do {
            let report = try await FaultRun(scenario: scenario, transport: transport).run()
            print(String(decoding: try WireJSON.encode(report), as: UTF8.self))
        } catch {
            fail("fault-host: \(scenario.rawValue) over \(transport.rawValue): \(error)", status: 1)
        }
    }

    static func fail(_ message: String, status: Int32) -> Never {
        let line = message + "\n"
        _ = line.withCString { write(2, $0, strlen($0)) }
        exit(status)
    }
}
