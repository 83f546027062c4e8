// swift-tools-version:6.2
import CompilerPluginSupport
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

// Release builds of the code that runs in plugins put each function in a section of its own, so that lld can place
// the ones a plugin runs together (pluginLinking's symbol ordering; a WMO object file is otherwise one `.text` that
// moves only as a whole). They also reach generic type metadata through its accessor functions, which get the
// conformances the compiler knows, rather than by mangled name, which makes the runtime look each conformance up
// (a scan of all ~2,800 conformance records the first time): 2.5 M of the 12.9 M instructions `PLUGIN capabilities`
// cost (docs/PERFORMANCE.md). Not where the package is a dependency: unsafe flags are refused there.
let pluginCode: [SwiftSetting] = Context.packageDirectory.contains("/checkouts/") ? [] : [
    .unsafeFlags(["-Xfrontend", "-function-sections", "-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"], .when(platforms: [.linux], configuration: .release)),
]

// Release plugins are static executables, as Go's are: the Swift runtime, libstdc++ and libc linked in, so no
// dynamic loader runs at start (no shared library to map, relocate and look symbols up in) and a plugin's resident
// pages are those of one file (docs/PERFORMANCE.md). They do not link Foundation; a plugin that imports it
// statically also needs `-Xlinker -l_FoundationCShims -Xlinker -l_FoundationCollections` on Linux. The rest is
// start-up time and resident memory, each measured there: no dynamic symbol table of the whole program
// (`--no-export-dynamic`: the runtime's `dladdr` scanned 10,000 symbols), a position-dependent executable (no 37,000
// relocations of a PIE at every start, and relocated data stays shared between instances; `-static-executable` is
// one), and lld placing the functions a plugin runs next to each other (Benchmarks/link-order/hot-functions.txt),
// so that it touches fewer pages of its binary.
let pluginLinking: [LinkerSetting] = [
    .unsafeFlags(
        [
            "-static-executable", "-Xlinker", "-lswiftSynchronization",
            "-Xlinker", "--no-export-dynamic",
            "-use-ld=lld",
            "-Xlinker", "--symbol-ordering-file=\(Context.packageDirectory)/Benchmarks/link-order/hot-functions.txt",
            "-Xlinker", "--no-warn-symbol-ordering",
        ],
        .when(platforms: [.linux], configuration: .release)
    ),
]

// Unsafe flags make a product unusable from a package that depends on Plugboard by version, and an application
// that embeds the host builds `plugboard-launcher` from its checkout: there the launcher links as SwiftPM links
// it (dynamically: ~1 ms more per plugin start), here statically.
let builtAsDependency = Context.packageDirectory.contains("/checkouts/")
let launcherLinking: [LinkerSetting] = builtAsDependency ? [] : [
    .unsafeFlags(["-static-executable"], .when(platforms: [.linux])),
]

let package = Package(
    name: "Plugboard",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Plugboard", targets: ["Plugboard"]),
        .library(name: "PlugboardSDK", targets: ["PlugboardSDK"]),
        .library(name: "PlugboardProtocol", targets: ["PlugboardProtocol"]),
        .library(name: "PlugboardContracts", targets: ["PlugboardContracts"]),
        .library(name: "JSONSchema", targets: ["JSONSchema"]),
        .executable(name: "plugboard", targets: ["plugboard"]),
        .executable(name: "plugboard-launcher", targets: ["plugboard-launcher"]),
        .executable(name: "simple-processor", targets: ["simple-processor"]),
        .executable(name: "transformer", targets: ["transformer"]),
        .executable(name: "example-host", targets: ["example-host"]),
        .executable(name: "text-tools", targets: ["text-tools"]),
        .executable(name: "service-host", targets: ["service-host"]),
    ],
    // Pinning plugin files to SHA-256 digests needs swift-crypto (BoringSSL on Linux: minutes of a clean build). On
    // by default; a host that never pins depends on Plugboard with `traits: []` and does not build it.
    traits: [
        .trait(name: "Pinning", description: "RegistrationOptions.pinning: SHA-256 digests of plugin files (swift-crypto)"),
        // HTTPS attached plugins and mutual TLS need swift-nio-ssl (a second copy of BoringSSL: docs/PERFORMANCE.md
        // has what it adds to a clean build). Off by default: `traits: ["default", "TLS"]` (or
        // `swift build --traits default,TLS`; `--traits TLS` alone turns `Pinning` off). Without it the API is the
        // same and an `https://` plugin fails to attach, saying the trait is missing.
        .trait(name: "TLS", description: "PluginTLS: attached plugins over https:// with server verification and client certificates, and the SDK's --tls-cert/--tls-key/--tls-client-ca (swift-nio-ssl)"),
        .default(enabledTraits: ["Pinning"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.0"),
        .package(url: "https://github.com/swift-extras/swift-extras-base64.git", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.1.0"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin.git", from: "1.4.0"),
        // Only for the `@PluginContract` macro's implementation, which runs in the compiler: nothing of it is linked
        // into the host, the SDK or a plugin.
        .package(url: "https://github.com/swiftlang/swift-syntax.git", from: "603.0.0"),
    ],
    targets: [
        .target(
            name: "PlugboardProtocol",
            dependencies: ["PlugboardMacros", .product(name: "ExtrasBase64", package: "swift-extras-base64")],
            swiftSettings: strict + pluginCode
        ),
        // The implementation of `@PluginContract` (declared in PlugboardProtocol): a compiler plugin, built for the
        // build machine and run by the compiler; nothing links it.
        .macro(
            name: "PlugboardMacros",
            dependencies: [
                .product(name: "SwiftSyntax", package: "swift-syntax"),
                .product(name: "SwiftSyntaxMacros", package: "swift-syntax"),
                .product(name: "SwiftCompilerPlugin", package: "swift-syntax"),
                .product(name: "SwiftDiagnostics", package: "swift-syntax"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "JSONSchema",
            swiftSettings: strict
        ),
        .target(
            name: "Plugboard",
            dependencies: [
                "PlugboardProtocol",
                "JSONSchema",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Crypto", package: "swift-crypto", condition: .when(traits: ["Pinning"])),
                .product(name: "NIOSSL", package: "swift-nio-ssl", condition: .when(traits: ["TLS"])),
                .product(name: "NIOTLS", package: "swift-nio", condition: .when(traits: ["TLS"])),
            ],
            swiftSettings: strict
        ),
        .target(name: "CPlugboardShims"),
        // The plugboard tool's constructor that blocks SIGINT and SIGTERM before any thread starts.
        .target(name: "CPlugboardCLI"),
        // The sandbox applied in the plugin's process before exec (plugboard-launcher calls it): rlimits,
        // no_new_privs, Landlock, seccomp, cgroup placement, and the watchdog's limits. C and libc only.
        .target(name: "CPlugboardSandbox"),
        // What every plugin process is started through, so that none outlives its host (docs/LIFECYCLE.md): C, libc
        // only, single-threaded.
        // Linked statically where this package is the one being built: SwiftPM links even a C executable through the
        // Swift driver, which made it load the Swift runtime's shared libraries (libswiftCore, libstdc++, libm) at
        // every plugin start: 2.9 M instructions, 167 system calls and 211 page faults before the plugin's exec;
        // static, 0.1 M, 40 and 67 (docs/PERFORMANCE.md).
        .executableTarget(name: "plugboard-launcher", dependencies: ["CPlugboardSandbox"], linkerSettings: launcherLinking),
        .target(
            name: "PlugboardSDK",
            dependencies: [
                "PlugboardProtocol",
                "CPlugboardShims",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                // EmbeddedChannel, for ServerWarmUp.
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "NIOSSL", package: "swift-nio-ssl", condition: .when(traits: ["TLS"])),
                .product(name: "NIOTLS", package: "swift-nio", condition: .when(traits: ["TLS"])),
            ],
            swiftSettings: strict + pluginCode
        ),
        .target(
            name: "PlugboardContracts",
            dependencies: ["PlugboardProtocol"],
            swiftSettings: strict + pluginCode
        ),
        .executableTarget(
            name: "plugboard",
            dependencies: [
                "Plugboard",
                "plugboard-launcher",
                "CPlugboardCLI",
                "PlugboardContracts",
                "JSONSchema",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "simple-processor",
            dependencies: ["PlugboardSDK", "PlugboardContracts"],
            path: "Examples/simple-processor",
            swiftSettings: strict + pluginCode,
            linkerSettings: pluginLinking
        ),
        .executableTarget(
            name: "transformer",
            dependencies: ["PlugboardSDK", "PlugboardContracts"],
            path: "Examples/transformer",
            swiftSettings: strict + pluginCode,
            linkerSettings: pluginLinking
        ),
        .executableTarget(
            name: "text-tools",
            dependencies: ["PlugboardSDK"],
            path: "Examples/text-tools",
            swiftSettings: strict + pluginCode,
            linkerSettings: pluginLinking
        ),
        .executableTarget(
            name: "example-host",
            dependencies: [
                "Plugboard", "plugboard-launcher", "PlugboardContracts",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            path: "Examples/example-host",
            swiftSettings: strict
        ),
        // A host on swift-service-lifecycle: the manager in a ServiceGroup, every plugin stopped on SIGTERM.
        .executableTarget(
            name: "service-host",
            dependencies: [
                "Plugboard", "PlugboardContracts",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Examples/service-host",
            swiftSettings: strict
        ),
        // The README's Swift code, compiled (and the host's run) by the tests, each with one library import per side
        // as a new package would have (Tests/PlugboardCLITests/ReadmeTests.swift).
        .executableTarget(
            name: "readme-host",
            dependencies: ["Plugboard", "PlugboardContracts"],
            path: "Tests/ReadmeExamples/Host",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "readme-plugin",
            dependencies: ["PlugboardSDK", "PlugboardContracts"],
            path: "Tests/ReadmeExamples/Plugin",
            swiftSettings: strict
        ),
        // A plugin that misbehaves on request (crashes, stalls, prints junk), for the integration tests.
        .executableTarget(
            name: "misbehaving-plugin",
            dependencies: ["PlugboardSDK", "PlugboardContracts"],
            path: "Tests/Fixtures/misbehaving-plugin",
            swiftSettings: strict
        ),
        // plugboard-launcher's part in miniature (apply, report, exec; watch and report the cause), for the sandbox's
        // own tests of the mechanism.
        .executableTarget(
            name: "sandbox-exec",
            dependencies: ["CPlugboardSandbox"],
            path: "Tests/Fixtures/sandbox-exec"
        ),
        // A host that drives real plugins while they fail, in a process of its own, and reports how its calls ended
        // and what it left open or running (Tests/PlugboardTests/FaultInjectionTests.swift).
        .executableTarget(
            name: "fault-host",
            dependencies: [
                "Plugboard", "PlugboardContracts", "PlugboardProtocol", "PlugboardTestSupport", "plugboard-launcher",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/Fixtures/fault-host",
            swiftSettings: strict
        ),
        // A plugin on `PluginMain` that bootstraps a tracer propagating W3C `traceparent`: the trace propagation and
        // event-loop executor tests.
        .executableTarget(
            name: "traced-plugin",
            dependencies: [
                "PlugboardSDK", "PlugboardTestTracing",
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Tests/Fixtures/traced-plugin",
            swiftSettings: strict
        ),
        // swift-distributed-tracing's in-memory tracer with W3C propagation, for the host's tests and traced-plugin.
        .target(
            name: "PlugboardTestTracing",
            dependencies: [
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
            ],
            path: "Tests/PlugboardTestTracing",
            swiftSettings: strict
        ),
        // A three-method contract written with `@PluginContract` alone, and a plugin serving it (ContractMacroTests).
        .target(
            name: "NotesContract",
            dependencies: ["PlugboardProtocol"],
            path: "Tests/Fixtures/NotesContract",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "notes-plugin",
            dependencies: ["PlugboardSDK", "NotesContract"],
            path: "Tests/Fixtures/notes-plugin",
            swiftSettings: strict
        ),
        // Finding built binaries, making throw-away plugin directories, checking that nothing is left behind.
        .target(
            name: "PlugboardTestSupport",
            dependencies: ["PlugboardProtocol", .product(name: "Subprocess", package: "swift-subprocess")],
            path: "Tests/PlugboardTestSupport",
            swiftSettings: strict
        ),
        .testTarget(name: "PlugboardProtocolTests", dependencies: ["PlugboardProtocol", "PlugboardContracts", "JSONSchema"], swiftSettings: strict),
        .testTarget(
            name: "PlugboardMacrosTests",
            dependencies: [
                "PlugboardMacros",
                .product(name: "SwiftSyntaxMacrosGenericTestSupport", package: "swift-syntax"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "JSONSchemaTests", dependencies: ["JSONSchema"], swiftSettings: strict),
        .testTarget(
            name: "PlugboardSDKTests",
            dependencies: ["PlugboardSDK", "PlugboardProtocol", "PlugboardTestSupport", "simple-processor", "misbehaving-plugin"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PlugboardTests",
            dependencies: [
                "Plugboard", "PlugboardContracts", "PlugboardProtocol", "PlugboardTestSupport", "PlugboardTestTracing",
                "NotesContract", "simple-processor", "transformer", "misbehaving-plugin", "fault-host", "notes-plugin",
                "plugboard-launcher", "traced-plugin", "sandbox-exec", "text-tools",
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PlugboardCLITests",
            dependencies: [
                "PlugboardProtocol", "PlugboardTestSupport", "plugboard", "simple-processor", "transformer", "text-tools",
                "misbehaving-plugin", "example-host", "service-host", "readme-host", "readme-plugin",
            ],
            swiftSettings: strict
        ),
    ]
)

// Micro-benchmarks (ordo-one/benchmark), only when PLUGBOARD_BENCHMARKS is set, so that users never resolve or
// build them: `PLUGBOARD_BENCHMARKS=1 swift package benchmark`. See docs/PERFORMANCE.md.
if Context.environment["PLUGBOARD_BENCHMARKS"] != nil {
    package.dependencies.append(
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"])
    )
    package.targets.append(
        .executableTarget(
            name: "PlugboardBenchmarks",
            dependencies: [
                "PlugboardProtocol",
                "PlugboardContracts",
                "JSONSchema",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/PlugboardBenchmarks",
            swiftSettings: strict,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    )
}
