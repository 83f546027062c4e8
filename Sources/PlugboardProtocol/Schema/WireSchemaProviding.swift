/// A type that gives its own JSON Schema instead of the one ``WireSchema`` would derive: for a type whose JSON
/// form is not its `init(from:)`'s shape as the derivation sees it (an enum with associated values, a string with
/// a format, a type that validates its input).
///
/// ```swift
/// extension Colour: WireSchemaProviding {
///     static var wireSchema: RawJSON { #"{"type":"string","pattern":"^#[0-9a-f]{6}$"}"# }
/// }
/// ```
///
/// The derivation still calls the type's `init(from:)` with sample values, to go on past it; a type that rejects
/// them can decode a fixed placeholder when ``WireSchema/isDeriving(_:)`` is true.
public protocol WireSchemaProviding {
    /// The type's schema, a draft 2020-12 JSON Schema.
    static var wireSchema: RawJSON { get }
}
