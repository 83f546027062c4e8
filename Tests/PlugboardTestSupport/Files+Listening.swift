extension Files {
    /// The IPv4 TCP listeners of this machine's network namespace, as `ADDRESS:PORT` (`/proc/net/tcp`, state 0A).
    public static func listeningTCP() -> [String] {
        guard let bytes = read("/proc/net/tcp", limit: 1 << 22) else { return [] }
        let text = String(decoding: bytes, as: UTF8.self)
        return text.split(separator: "\n").dropFirst().compactMap { line -> String? in
            let fields = line.split(separator: " ")
            guard fields.count > 3, fields[3] == "0A" else { return nil }
            let local = fields[1].split(separator: ":")
            guard local.count == 2, let address = UInt32(local[0], radix: 16), let port = UInt16(local[1], radix: 16) else { return nil }
            // The address is in network order, printed as the host's (little-endian) word.
            let octets = (0..<4).map { String((address >> (8 * $0)) & 0xff) }
            return "\(octets.joined(separator: ".")):\(port)"
        }
    }
}
