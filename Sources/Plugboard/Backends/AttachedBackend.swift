import Logging
import PlugboardProtocol

/// A plugin someone else started, reached at the location its manifest or URL gives. The host never signals it and
/// never removes its files; "stopping" it means letting go of its connections.
struct AttachedBackend: PluginBackend {
    let name: String
    let path: String
    let location: Location
    let settings: LaunchSettings
    let context: HostContext
    let logger: Logger

    var ownsProcess: Bool { false }
    var capabilitiesAreComplete: Bool { false }

    func makeLaunch(generation: Int, onExit: @escaping @Sendable (ProcessExit) -> Void) -> any PluginLaunch {
        AttachedLaunch(backend: self, onExit: onExit)
    }

    func removeLeftovers(at location: Location, of pid: Int32?) -> [String] { [] }
}
