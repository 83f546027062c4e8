import ArgumentParser
import Plugboard

/// `--contract-validation off|requests|requestsAndResponses`.
extension ContractValidation: ExpressibleByArgument {}
