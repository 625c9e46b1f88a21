import Sage100

/// The `webhooks:` section of `connector.yml`.
///
/// ```yaml
/// webhooks:
///   listen: 127.0.0.1:8085            # where `ml-connector webhooks serve` listens
///   secret_env: PROCORE_WEBHOOK_SECRET # variable holding the Authorization value Procore sends
///   public_url: https://connector.example.com/procore/webhooks  # what Procore is told to call
///   debounce_s: 5                      # events arriving within this window share one pull
/// ```
public struct WebhookSettings: Sendable {
    /// Interface to listen on (loopback or a reverse proxy's upstream address).
    public var host: String
    /// TCP port (0: a free one).
    public var port: Int
    /// The environment variable holding the shared secret.
    public var secretVariable: String
    /// The shared secret (the whole Authorization header value Procore sends); nil when the variable is unset.
    public var secret: Secret?
    /// The URL Procore delivers to (registered by `webhooks register`); nil when not set.
    public var publicURL: String?
    /// Seconds a burst of events is gathered before one early pull.
    public var debounceSeconds: Double

    /// The keys the section may hold.
    public static let keys = ["listen", "secret_env", "public_url", "debounce_s"]

    public init(host: String = "127.0.0.1", port: Int = 8085, secretVariable: String = "PROCORE_WEBHOOK_SECRET",
                secret: Secret? = nil, publicURL: String? = nil, debounceSeconds: Double = 5) {
        self.host = host
        self.port = port
        self.secretVariable = secretVariable
        self.secret = secret
        self.publicURL = publicURL
        self.debounceSeconds = debounceSeconds
    }

    /// Splits `host:port` (`127.0.0.1:8085`); nil when it is not that shape.
    public static func parseListen(_ text: String) -> (host: String, port: Int)? {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        let host = String(text[..<colon]), portText = String(text[text.index(after: colon)...])
        guard !host.isEmpty, let port = Int(portText), (0...65_535).contains(port) else { return nil }
        return (host, port)
    }
}
