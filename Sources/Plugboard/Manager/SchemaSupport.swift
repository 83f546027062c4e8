import PlugboardProtocol

/// The host's use of JSON Schema: checking declared schemas and validating config data before a start.
enum SchemaSupport {
    /// Why a schema is not usable, or nil when it is.
    static func problem(in schema: RawJSON) -> String? {
        nil
    }

    /// The validation errors of `instance` against `schema`, one sentence each with its JSON Pointer.
    static func validate(_ instance: [UInt8], against schema: RawJSON) -> [String] {
        []
    }
}
