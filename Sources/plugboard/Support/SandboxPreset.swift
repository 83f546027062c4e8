import ArgumentParser
import Plugboard

/// The `--sandbox` presets.
enum SandboxPreset: String, ExpressibleByArgument, CaseIterable {
    case off = "none", standard, strict

    var policy: SandboxPolicy { SandboxPolicy.preset(named: rawValue) ?? .disabled }
}
