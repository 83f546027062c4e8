/// This build has no TLS (the package trait `TLS` is off).
struct TLSUnavailable: Error, CustomStringConvertible {
    var description: String { "this build of Plugboard has no TLS (the package trait TLS is off)" }
}
