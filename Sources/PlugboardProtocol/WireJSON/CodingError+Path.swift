extension DecodingError {
    /// The same error at `path`, for a primitive whose path was not built before it failed.
    func at(_ path: [any CodingKey]) -> DecodingError {
        switch self {
        case .typeMismatch(let type, let context):
            return .typeMismatch(type, .init(codingPath: path, debugDescription: context.debugDescription, underlyingError: context.underlyingError))
        case .valueNotFound(let type, let context):
            return .valueNotFound(type, .init(codingPath: path, debugDescription: context.debugDescription, underlyingError: context.underlyingError))
        case .dataCorrupted(let context):
            return .dataCorrupted(.init(codingPath: path, debugDescription: context.debugDescription, underlyingError: context.underlyingError))
        default:
            return self
        }
    }
}

extension EncodingError {
    /// The same error at `path` when it was raised by an encoder that did not know the path.
    func at(_ path: [any CodingKey]) -> EncodingError {
        guard case .invalidValue(let value, let context) = self, context.codingPath.isEmpty, !path.isEmpty else { return self }
        return .invalidValue(value, .init(codingPath: path, debugDescription: context.debugDescription, underlyingError: context.underlyingError))
    }
}
