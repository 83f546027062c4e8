import PlugboardProtocol

extension Location {
    /// The location as a URL: `https://` for a TCP location reached over TLS.
    func url(tls: Bool) -> String {
        guard tls, case .tcp = self else { return description }
        return "https" + description.dropFirst("http".count)
    }
}
