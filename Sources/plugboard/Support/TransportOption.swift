import ArgumentParser
import Plugboard

extension TransportPreference: ExpressibleByArgument {}
