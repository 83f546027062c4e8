import PlugboardContracts
import PlugboardProtocol
import PlugboardSDK

#if canImport(Glibc)
import Glibc
#endif

struct Delay: Codable, Sendable {
    var milliseconds: Int
    /// In the answer: whether the plugin had been asked to stop by the time the delay ended.
    var stopping: Bool?
}
