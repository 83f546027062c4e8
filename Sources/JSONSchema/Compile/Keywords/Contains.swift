/// `contains` with its `minContains`/`maxContains` bounds.
struct Contains: Sendable {
    let schema: NodeID
    let minimum: Int
    let maximum: Int?
}
