import PlugboardProtocol

/// How a supervised plugin is made reachable and ended: the one difference between a plugin the host spawns and one
/// someone else started. The supervisor (``ExternalPlugin``) and its state machine are the same for both.
protocol PluginBackend: Sendable {
    /// Whether the host owns the plugin's process: it spawns it, signals it and reaps it.
    var ownsProcess: Bool { get }

    /// Whether the capabilities the plugin was registered with are complete (an executable's `capabilities`); an
    /// attached plugin's may be partial (a lazy manifest), so it is asked at run time.
    var capabilitiesAreComplete: Bool { get }

    /// Makes one attempt at running the plugin, not yet begun. `onExit` is called once when it ends: when the
    /// process exited, or, for an attached plugin, when the host stopped using it.
    func makeLaunch(generation: Int, onExit: @escaping @Sendable (ProcessExit) -> Void) -> any PluginLaunch

    /// Removes a socket and lock file that an ended launch (whose plugin process was `pid`) left at `location`,
    /// unless another live process owns them; returns what it removed. Attached plugins own their files: nothing is
    /// removed.
    func removeLeftovers(at location: Location, of pid: Int32?) -> [String]
}
