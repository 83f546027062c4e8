import PlugboardTestSupport
import Testing

/// Runs the built `plugboard` binary.
enum CLI {
    static func run(_ arguments: [String], input: String? = nil, environment: [String: String] = [:]) async throws -> TestProcess.Outcome {
        try await TestProcess.run(TestBinaries.path("plugboard"), arguments, environment: environment, input: input, timeout: .seconds(120))
    }

    /// A plugin directory with the two example plugins and the given broken ones.
    static func directory(broken: [String] = []) -> PluginDirectory {
        let directory = PluginDirectory()
        directory.link("simple-processor")
        directory.link("transformer")
        for name in broken {
            switch name {
            case "garbage": directory.script("garbage", #"echo "hello, I am not JSON""#)
            case "hangs": directory.script("hangs", "exec sleep 600")
            case "quitter":
                directory.script("quitter", """
                    case "$1" in
                      capabilities) echo '{"types":{"dataProcessor":[{"type":"quits"}]}}' ;;
                      *) echo "fatal: cannot open database" >&2; exit 3 ;;
                    esac
                    """)
            case "silent":
                directory.script("silent", """
                    case "$1" in
                      capabilities) echo '{"types":{"dataProcessor":[{"type":"silent"}]}}' ;;
                      *) exec sleep 600 ;;
                    esac
                    """)
            default: Issue.record("unknown broken plugin \(name)")
            }
        }
        return directory
    }

    /// Fails the test if any process started from `directory` is still running.
    /// A process the command killed (SIGKILL to a plugin's group) is gone a moment after the command exits, not
    /// at once: waited for, up to 5 s.
    static func expectNothingLeft(_ directory: PluginDirectory, sourceLocation: SourceLocation = #_sourceLocation) async {
        let gone = await eventually(timeout: .seconds(5)) { Files.processes(mentioning: directory.path).isEmpty }
        #expect(gone, "processes still running from \(directory.path): \(Files.processes(mentioning: directory.path))", sourceLocation: sourceLocation)
    }
}
