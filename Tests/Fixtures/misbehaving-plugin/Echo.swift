import PlugboardContracts

/// The plugin's DataProcessor: echoes its input, after injecting the faults it was given.
struct Echo: DataProcessor {
    var faults = Faults()
    let crashTimer = CrashTimer()

    func process(_ request: ProcessRequest) async throws -> ProcessResponse {
        if let range = faults.crashAfter { crashTimer.arm(milliseconds: range) }
        if faults.crashRate > 0 {
            var generator = SystemRandomNumberGenerator()
            if Double.random(in: 0..<1, using: &generator) < faults.crashRate { CrashTimer.crash() }
        }
        return ProcessResponse(data: request.data, format: request.format, metadata: ["processed_by": "misbehaving-plugin"])
    }

    func formats() async throws -> [String] { ["application/octet-stream"] }
}
