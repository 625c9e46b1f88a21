/// Counters of one client's traffic, for summaries and progress.
public struct ProcoreClientMetrics: Sendable, Hashable, Codable {
    /// API requests sent (token requests not included), retries included.
    public var requests: Int = 0
    /// 429 Too Many Requests answers received.
    public var rateLimited: Int = 0
    /// 503 Service Unavailable answers received.
    public var unavailable: Int = 0
    /// Requests sent again after a transient failure (5xx, 429, timeout, dropped connection, 401).
    public var retries: Int = 0
    /// Access tokens obtained.
    public var tokensIssued: Int = 0
    /// Times a request was held back to keep `X-Rate-Limit-Remaining` above zero.
    public var waitsForPacing: Int = 0
    /// Total seconds spent in those pacing waits.
    public var pacingWaitSeconds: Double = 0
    /// List pages received.
    public var pages: Int = 0
    /// Records received in list pages and children.
    public var records: Int = 0

    public init() {}
}
