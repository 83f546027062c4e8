import ArgumentParser

/// `--data TEXT | --data-file FILE` (`-` for stdin): the bytes a command sends.
struct BodyOptions: ParsableArguments {
    @Option(help: "The bytes to send, given as text (call: the JSON request body; execute: the method's input).")
    var data: String?

    @Option(name: .customLong("data-file"), help: "Read the bytes to send from FILE ('-' for stdin).")
    var dataFile: String?

    func validate() throws {
        if data != nil && dataFile != nil { throw ValidationError("give --data or --data-file, not both") }
    }

    /// Whether a body was given.
    var isGiven: Bool { data != nil || dataFile != nil }

    /// The bytes: from --data, from --data-file, or none.
    func read() throws -> [UInt8] {
        if let data { return Array(data.utf8) }
        guard let dataFile else { return [] }
        guard let bytes = dataFile == "-" ? FileBytes.readStandardInput() : FileBytes.read(dataFile) else {
            throw CommandFailure(message: "cannot read --data-file \(dataFile)")
        }
        return bytes
    }
}
