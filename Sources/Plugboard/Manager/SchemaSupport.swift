import JSONSchema
import PlugboardProtocol

/// The host's use of JSON Schema: checking declared schemas and validating config data before a start.
enum SchemaSupport {
    /// Why a schema is not usable, or nil when it is.
    static func problem(in schema: RawJSON, known: ValidSchemaTexts? = nil) -> String? {
        if let known, known.contains(schema.bytes) { return nil }
        do {
            _ = try JSONSchema(json: schema.bytes)
            known?.insert(schema.bytes)
            return nil
        } catch {
            return error.description
        }
    }

    /// The validation errors of `instance` against `schema`, one sentence each with its JSON Pointer.
    static func validate(_ instance: [UInt8], against schema: RawJSON) -> [String] {
        let compiled: JSONSchema
        do {
            compiled = try JSONSchema(json: schema.bytes)
        } catch {
            return ["the schema itself is invalid: \(error)"]
        }
        return validate(instance, against: compiled)
    }

    /// The validation errors of `instance` against a compiled schema, one sentence each with its JSON Pointer.
    static func validate(_ instance: [UInt8], against compiled: JSONSchema) -> [String] {
        let value: JSONValue
        do {
            value = try JSONValue(parsing: instance)
        } catch {
            return ["the data is not JSON: \(error)"]
        }
        return compiled.validate(value).errors.map { error in
            "\(error.instanceLocation.isEmpty ? "(root)" : error.instanceLocation): \(error.message)"
        }
    }

    /// Checks that every schema a plugin declares is a valid JSON Schema; with `known`, a text that compiled for
    /// another plugin of the same discovery is not compiled again.
    static func checkSchemas(_ capabilities: Capabilities, plugin: String, path: String?, known: ValidSchemaTexts? = nil) throws(PluginError) {
        for (contract, types) in capabilities.types.sorted(by: { $0.key < $1.key }) {
            for (index, info) in types.enumerated() {
                guard let schema = info.jsonSchema else { continue }
                if let problem = problem(in: schema, known: known) {
                    throw PluginError(.invalidSchema, plugin: plugin, path: path,
                                      message: "schema of contract \"\(contract)\" type \"\(info.type)\" ($.types.\(contract)[\(index)].jsonSchema) is not a valid JSON Schema: \(problem)")
                }
            }
        }
        for (contract, endpoints) in capabilities.endpoints.sorted(by: { $0.key < $1.key }) {
            for (index, endpoint) in endpoints.enumerated() {
                for (which, schema) in [("requestSchema", endpoint.requestSchema), ("responseSchema", endpoint.responseSchema)] {
                    guard let schema, let problem = problem(in: schema, known: known) else { continue }
                    throw PluginError(.invalidSchema, plugin: plugin, path: path,
                                      message: "\(which) of \(endpoint.method.rawValue) \(endpoint.path) ($.endpoints.\(contract)[\(index)].\(which)) is not a valid JSON Schema: \(problem)")
                }
            }
        }
        for method in capabilities.methods {
            for (which, schema) in [("inputSchema", method.inputSchema), ("outputSchema", method.outputSchema)] {
                guard let schema else { continue }
                if let problem = problem(in: schema, known: known) {
                    throw PluginError(.invalidSchema, plugin: plugin, path: path,
                                      message: "\(which) of method \"\(method.name)\" is not a valid JSON Schema: \(problem)")
                }
            }
        }
        for info in capabilities.configTypes {
            guard let schema = info.jsonSchema else { continue }
            if let problem = problem(in: schema, known: known) {
                throw PluginError(.invalidSchema, plugin: plugin, path: path,
                                  message: "schema of config type \"\(info.type)\" ($.configSchemas.\(info.type)) is not a valid JSON Schema: \(problem)")
            }
        }
    }

}
