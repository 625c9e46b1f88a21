/// How a ``CurlHTTPClient`` connects.
public struct HTTPClientConfiguration: Sendable {
    /// Time allowed to establish a connection (TCP + TLS).
    public var connectTimeout: Duration
    /// Time allowed for a whole request, unless the request sets its own.
    public var timeout: Duration
    /// Verify the server's certificate and host name. Only a flag a person sets turns this off.
    public var verifyTLS: Bool
    /// PEM file of CA certificates to trust instead of the system bundle.
    public var caBundlePath: String?
    /// PEM client certificate for mutual TLS.
    public var clientCertificatePath: String?
    /// PEM private key for the client certificate.
    public var clientKeyPath: String?
    /// At most this many requests run at once; the rest wait.
    public var maxConcurrentRequests: Int
    /// Follow 3xx redirects.
    public var followRedirects: Bool
    public var userAgent: String
    /// The largest response body accepted. A peer that sends more (an endless or runaway
    /// answer) is cut off with ``HTTPError/responseTooLarge(url:limit:)``, so memory stays
    /// bounded whatever the other side does. Procore pages and agent pages are a few MiB.
    public var maxResponseBytes: Int

    /// The default body limit: 64 MiB.
    public static let defaultMaxResponseBytes = 64 << 20

    public init(connectTimeout: Duration = .seconds(10), timeout: Duration = .seconds(60),
                verifyTLS: Bool = true, caBundlePath: String? = nil,
                clientCertificatePath: String? = nil, clientKeyPath: String? = nil,
                maxConcurrentRequests: Int = 8, followRedirects: Bool = false,
                userAgent: String = ProductVersion.userAgent,
                maxResponseBytes: Int = HTTPClientConfiguration.defaultMaxResponseBytes) {
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.verifyTLS = verifyTLS
        self.caBundlePath = caBundlePath
        self.clientCertificatePath = clientCertificatePath
        self.clientKeyPath = clientKeyPath
        self.maxConcurrentRequests = maxConcurrentRequests
        self.followRedirects = followRedirects
        self.userAgent = userAgent
        self.maxResponseBytes = maxResponseBytes
    }
}
