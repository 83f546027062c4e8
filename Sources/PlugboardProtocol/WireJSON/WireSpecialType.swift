/// Foundation's types whose JSON form (what Foundation's `JSONEncoder` writes with default strategies, and what Go
/// expects) differs from their own `Codable` shape: `Data` is a base64 string, not an array of numbers; `URL` is a
/// string, not `{"relative": ...}`; `Decimal` is a number, not its mantissa words.
///
/// The wire coder recognises them by name, so that neither it nor any plugin links Foundation for their sake
/// (Foundation was ~3 MB of a plugin's memory, a quarter of its type conformances, and part of its start-up):
/// a plugin that uses these types imports Foundation itself, and they then read and write as with Foundation.
enum WireSpecialType {
    case data, url, decimal

    /// Which special type `type` is, if any. Costs the runtime's cached type-name lookup; only values that are
    /// neither primitives nor bytes get here.
    static func of(_ type: Any.Type) -> WireSpecialType? {
        let special: WireSpecialType
        switch _typeName(type, qualified: false) {
        case "Data": special = .data
        case "URL": special = .url
        case "Decimal": special = .decimal
        default: return nil
        }
        switch _typeName(type, qualified: true) {
        case "FoundationEssentials.Data", "Foundation.Data", "FoundationEssentials.URL", "Foundation.URL",
             "FoundationEssentials.Decimal", "Foundation.Decimal":
            return special
        default:
            return nil
        }
    }
}
