import ArgumentParser
import Plugboard
import PlugboardProtocol
import UnixSignals

/// `plugboard events DIR NAME [EVENT…]`: listens for a plugin's events and prints each as one JSON line.
struct EventsCommand: AsyncParsableCommand, StartsPlugins {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Listen for the events of the plugin NAME in DIR and print each as one JSON line as it arrives.",
        discussion: """
            Listens for the EVENTs named, or for every event the plugin declares. Each event is a line \
            {"event": NAME, "seq": N, "text": "..."} where text is the payload when it is UTF-8, or \
            {"event": NAME, "seq": N, "base64": "..."} when it is not. Runs until Ctrl-C, or until --count events have \
            arrived. --execute METHOD calls a method once listening has begun (its output goes to stderr), so that a \
            method that notifies can be watched in one command.

            Example: plugboard events ./plugins examples/text-tools progress --execute announce --data '{"count":3}' --count 3
            """
    )

    @Argument(help: "The plugin directory (executables and *.pconf manifests).")
    var directory: String

    @Argument(help: "The plugin's name, or namespace/name.")
    var name: String

    @Argument(help: "The events to listen for (default: those the plugin declares).")
    var events: [String] = []

    @Option(help: "Stop after this many events.")
    var count: Int?

    @Option(help: "Call this method once listening has begun.")
    var execute: String?

    @OptionGroup var input: BodyOptions

    @OptionGroup var host: HostOptions

    func validate() throws {
        if let count, count < 1 { throw ValidationError("--count must be at least 1") }
        if input.isGiven && execute == nil { throw ValidationError("--data and --data-file are the input of --execute METHOD") }
    }

    func run(trapping signals: UnixSignalsSequence) async throws {
        let bytes = try input.read()
        let options = try host.registrationOptions(lazy: true)
        let (directory, name, events, count, execute) = (directory, name, events, count, execute)
        do {
            try await SignalledHost.withManager(trapping: signals, verbose: host.verbose) { manager in
                try await Self.listen(manager, directory: directory, options: options, name: name, events: events, count: count, execute: execute, bytes: bytes)
            }
        } catch is PluginManager.Interrupted {
            // Ctrl-C is how listening ends: the plugins were stopped in order.
        }
    }

    /// Registers the plugins, listens for the events, and prints them until `count` arrived (or forever).
    private static func listen(
        _ manager: PluginManager, directory: String, options: RegistrationOptions, name: String, events: [String],
        count: Int?, execute: String?, bytes: [UInt8]
    ) async throws {
        let report = try await manager.registerPlugins(in: directory, options: options)
        let handle = try await report.explainingSkipped { try await manager.handle(named: PluginName.normalised(name)) }
        let declared = await manager.plugins().first { $0.name == handle.name }?.capabilities?.events ?? []
        let names = events.isEmpty ? declared : events
        guard !names.isEmpty else {
            throw CommandFailure(message: "plugin \"\(handle.name)\" declares no events; name the events to listen for")
        }
        let (arrivals, sink) = AsyncStream.makeStream(of: EventLine.self)
        let received = EventCounter()
        for event in names {
            try await handle.on(event) { data in sink.yield(EventLine(event: event, seq: received.next(), data: data)) }
        }
        // SIGINT and SIGTERM were trapped before the first plugin started (SignalledHost).
        Output.error("listening for \(names.joined(separator: ", ")) from \(handle.name)" + (count.map { " until \($0) arrive" } ?? "; Ctrl-C stops"))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { [count] in
                var printed = 0
                for await line in arrivals {
                    try Output.json(line)
                    printed += 1
                    if let count, printed >= count { return }
                }
            }
            if let execute {
                let output = try await handle.execute(execute, bytes)
                Output.write(2, String(decoding: output, as: UTF8.self) + "\n")
            }
            try await group.next()
            group.cancelAll()
        }
        sink.finish()
    }
}
