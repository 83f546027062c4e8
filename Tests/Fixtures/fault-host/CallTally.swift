import Plugboard
import PlugboardTestSupport
import Synchronization

/// The ``CallOutcomes`` of a run, updated by many callers at once.
final class CallTally: Sendable {
    private let outcomes = Mutex(CallOutcomes())

    /// Records a call answered as expected.
    func succeeded() {
        outcomes.withLock { $0.recordSuccess() }
    }

    /// Records a call answered with something else than expected.
    func answeredWrongly(_ answer: String) {
        outcomes.withLock { $0.recordWrongAnswer(answer) }
    }

    /// Records a call that failed, by its `PluginError` code.
    func failed(_ error: any Error) {
        outcomes.withLock { outcomes in
            if let error = error as? PluginError {
                outcomes.recordFailure(code: error.code.description, message: error.description)
            } else {
                outcomes.recordOtherError("\(type(of: error)): \(error)")
            }
        }
    }

    /// The outcomes so far.
    var snapshot: CallOutcomes { outcomes.withLock { $0 } }
}
