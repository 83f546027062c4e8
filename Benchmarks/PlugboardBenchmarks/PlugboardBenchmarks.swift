import Benchmark
import JSONSchema
import PlugboardContracts
import PlugboardProtocol

/// Micro-benchmarks of the hot paths under a plugin call: wire JSON, location parsing and config validation.
/// Run with `PLUGBOARD_BENCHMARKS=1 swift package benchmark`; end-to-end figures come from `plugboard bench`.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        warmupIterations: 100,
        scalingFactor: .kilo,
        maxDuration: .seconds(2),
        maxIterations: 10_000
    )

    // MARK: Wire JSON (both sides encode and decode these on every call)

    let smallRequest = ProcessRequest(data: "hello world", format: "text/plain")
    let smallRequestJSON = try! WireJSON.encode(smallRequest)
    let smallResponse = ProcessResponse(data: "HELLO WORLD", format: "text/plain", metadata: ["processed_by": "simple-processor"])
    let smallResponseJSON = try! WireJSON.encode(smallResponse)

    Benchmark("WireJSON encode ProcessRequest (small)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try! WireJSON.encode(smallRequest)) }
    }
    Benchmark("WireJSON decode ProcessRequest (small)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try! WireJSON.decode(ProcessRequest.self, from: smallRequestJSON)) }
    }
    Benchmark("WireJSON encode ProcessResponse (small)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try! WireJSON.encode(smallResponse)) }
    }
    Benchmark("WireJSON decode ProcessResponse (small)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try! WireJSON.decode(ProcessResponse.self, from: smallResponseJSON)) }
    }

    let largeRequest = ProcessRequest(data: Base64Bytes((0..<(64 << 10)).map { UInt8(ascii: "a") + UInt8($0 % 26) }))
    let largeRequestJSON = try! WireJSON.encode(largeRequest)
    let large = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        warmupIterations: 10, scalingFactor: .one, maxDuration: .seconds(2), maxIterations: 5_000
    )
    Benchmark("WireJSON encode ProcessRequest (64 KiB, base64)", configuration: large) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try! WireJSON.encode(largeRequest)) }
    }
    Benchmark("WireJSON decode ProcessRequest (64 KiB, base64)", configuration: large) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try! WireJSON.decode(ProcessRequest.self, from: largeRequestJSON)) }
    }

    // MARK: Location parsing (once per start, and for every attached plugin)

    Benchmark("Location parse http+unix://") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try! Location(parsing: "http+unix:///tmp/pb-Ab12Cd/simple-processor-4242-1.sock")) }
    }
    Benchmark("Location parse [::]:PORT (Go SDK)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try! Location(parsing: "[::]:43483")) }
    }
    Benchmark("Location parse http://127.0.0.1:PORT") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try! Location(parsing: "http://127.0.0.1:43483\n")) }
    }

    // MARK: JSON Schema (issue #4: validations per second of a compiled schema of realistic size)

    let schema = try! JSONSchema(json: ConfigSchemaFixture.schema)
    let valid = try! JSONValue(parsing: ConfigSchemaFixture.validInstance)
    let invalid = try! JSONValue(parsing: ConfigSchemaFixture.invalidInstance)
    precondition(schema.isValid(valid) && !schema.isValid(invalid), "the schema fixture no longer matches its instances")

    Benchmark("JSONSchema isValid, realistic config (valid)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(schema.isValid(valid)) }
    }
    Benchmark("JSONSchema validate, realistic config (valid)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(schema.validate(valid)) }
    }
    Benchmark("JSONSchema validate, realistic config (3 errors)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(schema.validate(invalid)) }
    }
    Benchmark("JSONValue parse, realistic config") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try! JSONValue(parsing: ConfigSchemaFixture.validInstance)) }
    }
    Benchmark("JSONSchema compile, realistic config schema", configuration: large) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try! JSONSchema(json: ConfigSchemaFixture.schema)) }
    }
}
