/// Counters of what a ``ProcoreSandbox`` has answered since it started.
public struct ProcoreSandboxStats: Sendable, Equatable {
    /// Requests per endpoint, keyed by method and path template, e.g.
    /// `"GET /rest/v1.1/requisitions"`.
    public var requestsByEndpoint: [String: Int] = [:]
    /// Every request received, admin routes excluded.
    public var requestsTotal = 0
    /// `429 Too Many Requests` answers sent.
    public var rateLimited = 0
    /// `503 Service Unavailable` answers sent (from `failRate`).
    public var unavailable = 0
    /// Access tokens issued by `POST /oauth/token`.
    public var tokensIssued = 0

    public init() {}
}
