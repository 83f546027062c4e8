import ArgumentParser
import Plugboard

extension SandboxPolicy.Network: ExpressibleByArgument {}
