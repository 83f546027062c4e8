import Plugboard
import PlugboardContracts

/// README, "When plugins crash, hang or race".
func handleFailures(_ processor: any DataProcessor) async throws {
    do {
        _ = try await processor.process(ProcessRequest(data: "hello"))
    } catch let error as PluginError {
        switch error.code {
        case .crashed: print("it died during the call; the next call restarts it:", error)
        case .timeout, .cancelled, .overloaded: print("no answer in time:", error)
        default: print(error)                          // codes can be added: keep a default
        }
    }
}
