/// Sends HTTP requests. The seam every remote client (Procore, the Sage 100 agent) is built on.
///
/// `CurlHTTPClient` is the real implementation; tests may put a fake behind this protocol
/// for fast unit tests, but integration tests use `CurlHTTPClient` over loopback.
public protocol HTTPClient: Sendable {
    /// Sends `request` and returns the whole response. Any status code is a response, not an
    /// error: only transport failures (DNS, connect, TLS, timeout, dropped connection) throw
    /// ``HTTPError``.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}
