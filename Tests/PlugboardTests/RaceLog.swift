import Plugboard
import Synchronization

/// What the races saw: every pid the manager reported, every error the operations threw, the results of the attaches.
final class RaceLog: Sendable {
    private let state = Mutex<(pids: Set<Int32>, errors: [String], attached: [PluginInfo], reports: [RegistrationReport], codes: [String: Int])>(([], [], [], [], [:]))

    /// Records the pids of the plugins listed.
    func saw(_ plugins: [PluginInfo]) {
        state.withLock { $0.pids.formUnion(plugins.compactMap(\.status.pid)) }
    }

    /// Records an operation's error; one that is not a ``PluginError`` is marked `NOT A PluginError`.
    func failed(_ label: String, _ error: any Error) {
        let kind = error is PluginError ? "" : "NOT A PluginError (\(type(of: error))): "
        let code = (error as? PluginError)?.code.description ?? "other"
        state.withLock {
            $0.errors.append("\(label): \(kind)\(error)")
            $0.codes[code, default: 0] += 1
        }
    }

    func attached(_ info: PluginInfo) { state.withLock { $0.attached.append(info) } }
    func reported(_ report: RegistrationReport) { state.withLock { $0.reports.append(report) } }

    var pids: Set<Int32> { state.withLock { $0.pids } }
    var errors: [String] { state.withLock { $0.errors } }
    var attachedInfos: [PluginInfo] { state.withLock { $0.attached } }
    var reports: [RegistrationReport] { state.withLock { $0.reports } }

    /// How often each error code came up, over all rounds: what the races got to exercise.
    var summary: String {
        state.withLock { state in
            "\(state.pids.count) plugin processes seen; errors: " + state.codes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        }
    }

    /// Forgets one round's attaches, errors and reports (pids are kept: all must be dead at the end).
    func nextRound() { state.withLock { ($0.errors, $0.attached, $0.reports) = ([], [], []) } }
}
