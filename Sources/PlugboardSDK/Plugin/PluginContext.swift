import Logging
import PlugboardProtocol

/// What a running plugin knows about its start: the config the host sent and a logger that writes to stderr
/// (which the host forwards to its own log with the plugin's id).
public struct PluginContext: Sendable {
    /// The config from `--config`.
    public let config: PluginConfig
    /// A logger for the plugin; writes JSON lines to stderr.
    public let logger: Logger
    let stop: StopTrigger
    let eventHub: EventHub

    init(config: PluginConfig, logger: Logger, stop: StopTrigger, events: EventHub) {
        self.config = config
        self.logger = logger
        self.stop = stop
        self.eventHub = events
    }

    /// Sends an event to the host (GoPlug's `Notify`), in order with the others. Fails at once, without waiting,
    /// when the host does not listen for `name`. The event carries the current trace context (when an instrument is
    /// bootstrapped): the host's handler runs in it.
    ///
    /// ```swift
    /// try context.notify("progress", Array("50%".utf8))
    /// ```
    public func notify(_ name: String, _ data: [UInt8]) throws(EventError) {
        try eventHub.notify(name, data, trace: TracePropagation.currentCarrier())
    }

    /// The events the host listens for now (GoPlug's `GetCallbacks`).
    public var listenedEvents: [String] { eventHub.listened }

    /// Whether the plugin has been asked to stop (`/shutdown`, a signal, its idle timeout, its host's death).
    /// Requests in flight still finish; a long handler can use this to wrap up early.
    public var isStopping: Bool { stop.isFired }

    /// Decodes the config item of a type, or returns `nil` when the host sent none.
    ///
    /// ```swift
    /// let settings = try context.config(Settings.self, type: "uppercase-settings")
    /// ```
    public func config<T: Decodable>(_ type: T.Type, type name: String) throws(ProtocolError) -> T? {
        try config.data(ofType: name)?.decode(T.self)
    }
}
