/// Thrown inside ``WireEncoder`` when a value cannot be written in one forward pass (a `superEncoder`, containers
/// used out of order); ``WireJSON`` catches it and encodes the value with ``WireTreeEncoder``.
struct WireJSONFallback: Error {}
