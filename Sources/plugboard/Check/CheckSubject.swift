import PlugboardProtocol

/// What `plugboard check` knows about the plugin before it starts it: its capabilities, and so which promises it
/// made. A v1 plugin's deviations that the host tolerates are warnings; a v2 plugin promised PROTOCOL.md in full,
/// so for it they are faults.
struct CheckSubject: Sendable {
    var path: String
    var capabilities: Capabilities

    var isV2: Bool { capabilities.protocolVersion >= 2 }

    func supports(_ feature: ProtocolFeature) -> Bool { capabilities.supports(feature) }

    /// A step for a deviation the host tolerates: a warning for a v1 plugin (saying what the host does about it), a
    /// failure for a v2 one.
    func tolerated(_ step: String, _ detail: String, hostCopes: String) -> CheckStep {
        isV2 ? .fail(step, "\(detail); a v2 plugin must not deviate here (for a v1 plugin the host copes: \(hostCopes))")
            : .warn(step, "\(detail); a v1 deviation the host tolerates: \(hostCopes)")
    }
}
