/// Capped exponential backoff with full jitter, bounded in attempts.
///
/// The wait before retry number `n` (0 for the first retry) is a uniformly random duration in
/// `0 ... min(cap, base * 2^n)` ("full jitter"), which spreads competing writers apart better
/// than fixed or equal-jitter schemes. A record is sent at most ``maxAttempts`` times in all
/// (the first send included); after that it is reported to the caller as still locked.
public struct SageAgentBackoffPolicy: Sendable, Equatable, CustomStringConvertible {
    /// The ceiling of the first retry's wait. Default 50 ms: most record locks are another
    /// task's write and clear within milliseconds; a lock held by a person is met by the waits
    /// growing toward the cap.
    public let base: Duration
    /// No wait is ever longer than this. Default 2 s: the company has one writer, so there is
    /// no crowd of competing writers for longer waits to spread apart, and a retry costs the
    /// agent one lookup; a longer wait only leaves the agent idle once the rest of the batch
    /// is written.
    public let cap: Duration
    /// Sends per record, the first included. Default 16: with the default base and cap a
    /// record is retried for up to about 21 s before it is reported still locked.
    public let maxAttempts: Int

    /// - Throws: ``SageAgentConfigurationError`` when base or cap is not positive, cap is below
    ///   base, or maxAttempts is below 1.
    public init(base: Duration = .milliseconds(50), cap: Duration = .seconds(2), maxAttempts: Int = 16) throws {
        guard base > .zero else {
            throw SageAgentConfigurationError(field: "lockBackoff.base", value: "\(base)",
                                              problem: "must be longer than zero", fix: "use e.g. 50 ms")
        }
        guard cap >= base else {
            throw SageAgentConfigurationError(field: "lockBackoff.cap", value: "\(cap)",
                                              problem: "is shorter than the base \(base)", fix: "set the cap at or above the base, e.g. 2 s")
        }
        guard maxAttempts >= 1 else {
            throw SageAgentConfigurationError(field: "lockBackoff.maxAttempts", value: "\(maxAttempts)",
                                              problem: "must be at least 1", fix: "use e.g. 16")
        }
        self.base = base
        self.cap = cap
        self.maxAttempts = maxAttempts
    }

    /// The defaults: base 50 ms, cap 2 s, 16 attempts.
    public static let standard = try! SageAgentBackoffPolicy()

    /// The upper bound of the wait before retry `retry` (0-based): `min(cap, base * 2^retry)`.
    public func ceiling(forRetry retry: Int) -> Duration {
        let baseNanos = Self.nanoseconds(base)
        let capNanos = Self.nanoseconds(cap)
        let shift = max(0, min(retry, 62))
        let (scaled, overflow) = baseNanos.multipliedReportingOverflow(by: UInt64(1) << UInt64(shift))
        let ceiling = overflow ? capNanos : min(capNanos, scaled)
        return .nanoseconds(Int64(clamping: ceiling))
    }

    /// A random wait for retry `retry` (0-based), uniform in `0 ... ceiling(forRetry:)`.
    public func delay<R: RandomNumberGenerator>(forRetry retry: Int, using generator: inout R) -> Duration {
        let ceiling = Self.nanoseconds(self.ceiling(forRetry: retry))
        guard ceiling > 0 else { return .zero }
        return .nanoseconds(Int64(clamping: UInt64.random(in: 0...ceiling, using: &generator)))
    }

    /// True when a record already sent `attemptsMade` times may be sent again.
    public func allowsAnotherAttempt(after attemptsMade: Int) -> Bool {
        attemptsMade < maxAttempts
    }

    public var description: String {
        "full-jitter backoff: base \(base), cap \(cap), at most \(maxAttempts) attempts"
    }

    static func nanoseconds(_ duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0, attoseconds >= 0 else { return 0 }
        let (wholeNanos, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return UInt64(Int64.max) }
        return min(UInt64(Int64.max), wholeNanos &+ UInt64(attoseconds / 1_000_000_000))
    }
}
