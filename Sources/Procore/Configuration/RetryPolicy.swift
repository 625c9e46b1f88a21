/// How transient failures (5xx, 429, transport timeouts and drops) are retried.
///
/// Delays grow as `base * 2^(attempt-1)`, capped at `cap`, with full jitter
/// (a uniformly random delay between zero and that value).
public struct RetryPolicy: Sendable, Hashable {
    /// Total tries of one request, the first included. At least 1.
    public var maxAttempts: Int
    /// The first backoff step.
    public var base: Duration
    /// No single backoff is longer than this.
    public var cap: Duration
    /// How many times one request may wait for a rate limit (429) or overload (503 with
    /// `Retry-After`) before giving up. These waits do not use up `maxAttempts`.
    public var maxRateLimitWaits: Int

    public init(maxAttempts: Int = 6, base: Duration = .milliseconds(250), cap: Duration = .seconds(20),
                maxRateLimitWaits: Int = 30) {
        self.maxAttempts = max(1, maxAttempts)
        self.base = base
        self.cap = cap
        self.maxRateLimitWaits = max(0, maxRateLimitWaits)
    }

    /// The upper bound of the backoff before retry number `attempt` (1 = first retry);
    /// the actual wait is drawn uniformly from `0...bound` (full jitter).
    public func backoffBound(forRetry attempt: Int) -> Duration {
        let step = max(1, attempt)
        let factor = step >= 31 ? Double(1 << 30) : Double(1 << (step - 1))
        let seconds = min(base.seconds * factor, cap.seconds)
        return .seconds(seconds)
    }

    /// A jittered backoff for retry number `attempt`, drawn with `generator`.
    public func backoff<G: RandomNumberGenerator>(forRetry attempt: Int, using generator: inout G) -> Duration {
        let bound = backoffBound(forRetry: attempt).seconds
        guard bound > 0 else { return .zero }
        return .seconds(Double.random(in: 0...bound, using: &generator))
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point value (for timing only, never money).
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
