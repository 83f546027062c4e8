// What a host author needs with `import Plugboard` alone: the wire types the API takes and returns (`ConfigData`,
// `Base64Bytes`, `HTTPMethod`, `Capabilities`, contracts' building blocks), and the two SwiftNIO names its
// configuration and fast path use. Contracts (PlugboardContracts, or the application's own) stay their own modules.

@_exported import PlugboardProtocol
@_exported @_documentation(visibility: internal) import protocol NIOCore.EventLoopGroup
@_exported @_documentation(visibility: internal) import enum NIOCore.NIOSingletons
@_exported @_documentation(visibility: internal) import class NIOPosix.MultiThreadedEventLoopGroup
