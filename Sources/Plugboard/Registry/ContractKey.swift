/// One contract type a plugin serves: the contract's wire name and the type within it.
struct ContractKey: Hashable, Sendable {
    /// The contract's wire name, e.g. `dataProcessor`.
    var contract: String
    /// The type within it, e.g. `uppercase`.
    var type: String
}
