/// How the connector proves who it is to the Sage 100 agent.
public enum SageAgentAuth: Sendable, Equatable, CustomStringConvertible {
    /// `Authorization: Bearer <key>` on every request.
    case apiKey(Secret)
    /// Mutual TLS: a PEM client certificate and its PEM private key, signed by a CA the agent trusts.
    case clientCertificate(certPath: String, keyPath: String)
    /// Both: a client certificate for the TLS layer and an API key for the agent.
    case apiKeyAndClientCertificate(Secret, certPath: String, keyPath: String)

    /// The API key, when this mode sends one.
    var apiKey: Secret? {
        switch self {
        case .apiKey(let key), .apiKeyAndClientCertificate(let key, _, _): return key
        case .clientCertificate: return nil
        }
    }

    /// The client certificate and key paths, when this mode uses mutual TLS.
    var clientCertificate: (certPath: String, keyPath: String)? {
        switch self {
        case .apiKey: return nil
        case .clientCertificate(let cert, let key), .apiKeyAndClientCertificate(_, let cert, let key):
            return (cert, key)
        }
    }

    public var description: String {
        switch self {
        case .apiKey: return "API key (********)"
        case .clientCertificate(let cert, _): return "client certificate \(cert)"
        case .apiKeyAndClientCertificate(_, let cert, _): return "API key (********) and client certificate \(cert)"
        }
    }
}
