import PlugboardProtocol
import Testing

struct AnyValue: Codable, Equatable {
    var type: String
}
