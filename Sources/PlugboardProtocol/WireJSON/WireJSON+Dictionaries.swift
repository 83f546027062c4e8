extension WireJSON {
    /// Whether a `T` can be a `[String: Value]`, which the wire coder reads and writes itself (sorted keys, members
    /// straight from the scan): a dictionary is one reference, so a type of any other size is not one and needs no
    /// conformance check. Such a check costs a scan of all the program's ~2,800 conformance records the first time
    /// each type meets it, and a cache look-up every time after: a plugin's `capabilities` ran ~40 of them, and
    /// every call one per body.
    @inline(__always)
    static func mayBeDictionary<T>(_ type: T.Type) -> Bool {
        MemoryLayout<T>.size == MemoryLayout<[String: Int]>.size
    }
}
