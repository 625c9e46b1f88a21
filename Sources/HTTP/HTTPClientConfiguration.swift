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

    public init(connectTimeout: Duration = .seconds(10), timeout: Duration = .seconds(60),
                verifyTLS: Bool = true, caBundlePath: String? = nil,
                clientCertificatePath: String? = nil, clientKeyPath: String? = nil,
                maxConcurrentRequests: Int = 8, followRedirects: Bool = false,
                userAgent: String = ProductVersion.userAgent) {
        self.connectTimeout = connectTimeout
        self.timeout = timeout
        self.verifyTLS = verifyTLS
        self.caBundlePath = caBundlePath
        self.clientCertificatePath = clientCertificatePath
        self.clientKeyPath = clientKeyPath
        self.maxConcurrentRequests = maxConcurrentRequests
        self.followRedirects = followRedirects
        self.userAgent = userAgent
    }
}
