// What a plugin author needs with `import PlugboardSDK` alone: the wire types handlers take and return
// (`Base64Bytes`, `ErrorBody`, `HTTPMethod`, config and capabilities types). Contracts stay their own modules.

@_exported import PlugboardProtocol
