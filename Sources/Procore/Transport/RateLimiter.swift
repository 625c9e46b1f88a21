import Foundation
import HTTP

/// Paces requests from Procore's `X-Rate-Limit-*` headers so `Remaining` never reaches zero.
///
/// Every request first takes a ``Permit`` (which may ask it to wait), and every response is
/// fed back with ``observe(_:headers:)``. While `Remaining` is comfortably high, requests go
/// out at once. Once it falls to the pacing threshold (a fifth of the limit, at least
/// `reserve + 4`), requests are spaced `(reset - now) / max(remaining - reserve, 1)` apart,
/// and at `reserve` they wait for the window to reset. A 429 stops everyone until its
/// `Retry-After` (or the reset) has passed, plus jitter.
public actor RateLimiter {
    /// Permission to send one request, after `delay` seconds.
    public struct Permit: Sendable {
        /// Identifies the request when its response is observed.
        public let sequence: UInt64
        /// Seconds to wait before sending (0 = now).
        public let delay: Double
        /// Why the wait, when there is one.
        public let reason: ProcoreEvent.WaitReason?
    }

    /// What the last response said about the window closest to exhaustion.
    public struct Window: Sendable, Equatable {
        public var limit: Int
        public var remaining: Int
        /// Unix seconds when the window resets.
        public var reset: Double
    }

    /// Requests kept in hand below the limit.
    public let reserve: Int
    private let clock: @Sendable () -> Double
    private let jitter: @Sendable (Double) -> Double

    private var window: Window?
    private var limit: Int?
    private var predicted: Int = .max
    private var notBefore: Double = 0
    private var serverBlockUntil: Double = 0
    private var lastIssue: Double = 0
    private var sequence: UInt64 = 0
    private var inFlight: Set<UInt64> = []

    /// - Parameters:
    ///   - reserve: requests kept below the limit (2 leaves room for other tools).
    ///   - clock: current Unix time in seconds (injectable for tests).
    ///   - jitter: returns a random value in `0...bound` (injectable for tests).
    public init(reserve: Int = 2,
                clock: @escaping @Sendable () -> Double = { Date().timeIntervalSince1970 },
                jitter: @escaping @Sendable (Double) -> Double = { $0 > 0 ? Double.random(in: 0...$0) : 0 }) {
        self.reserve = max(0, reserve)
        self.clock = clock
        self.jitter = jitter
    }

    /// The spacing between requests when pacing: `(reset - now) / max(remaining - reserve, 1)`,
    /// never negative.
    public static func pacingInterval(now: Double, remaining: Int, reset: Double, reserve: Int) -> Double {
        max(0, reset - now) / Double(max(remaining - reserve, 1))
    }

    /// `Remaining` at or below this starts pacing for a window of `limit` requests.
    public static func pacingThreshold(limit: Int, reserve: Int) -> Int {
        max(reserve + 4, limit / 5)
    }

    /// The window as last reported (adjusted for requests still in flight).
    public var current: Window? {
        guard var w = window else { return nil }
        w.remaining = predicted
        return w
    }

    /// Schedules one request and says how long it must wait first.
    public func permit() -> Permit {
        let now = clock()
        var slot = max(now, notBefore)
        var reason: ProcoreEvent.WaitReason? = slot > now ? (now < serverBlockUntil ? .rateLimited : .pacing) : nil
        if let w = window, slot >= w.reset + 0.25 {
            // The window has reset since the last response: assume it is full again.
            window = nil
            predicted = w.limit - inFlight.count
        }
        if let w = window {
            let available = predicted - reserve
            if available <= 0 {
                let resume = w.reset + 0.25 + jitter(0.25)
                if resume > slot {
                    slot = resume
                    reason = reason ?? .pacing
                }
                notBefore = max(notBefore, slot)
                window = nil
                predicted = w.limit
            } else if predicted <= Self.pacingThreshold(limit: w.limit, reserve: reserve) {
                let interval = Self.pacingInterval(now: slot, remaining: predicted, reset: w.reset, reserve: reserve)
                let spaced = lastIssue + interval
                if spaced > slot {
                    slot = spaced
                    reason = reason ?? .pacing
                }
            }
        }
        if predicted != .max { predicted -= 1 }
        lastIssue = max(lastIssue, slot)
        sequence += 1
        inFlight.insert(sequence)
        let delay = max(0, slot - now)
        return Permit(sequence: sequence, delay: delay, reason: delay > 0 ? reason : nil)
    }

    /// Feeds back a response's rate-limit headers (call for every response, any status).
    public func observe(_ sequence: UInt64, headers: HTTPHeaders) {
        inFlight.remove(sequence)
        guard let limitText = headers["X-Rate-Limit-Limit"], let limit = Int(limitText.trimmedDigits),
              let remText = headers["X-Rate-Limit-Remaining"], let remaining = Int(remText.trimmedDigits),
              let resetText = headers["X-Rate-Limit-Reset"], let reset = Double(resetText.trimmedDigits)
        else { return }
        self.limit = limit
        let sentLater = inFlight.filter { $0 > sequence }.count
        let value = remaining - sentLater
        if let w = window, w.limit == limit, w.reset == reset {
            predicted = min(predicted, value)
        } else {
            guard reset > clock() - 1 else { return }  // a late answer from a window already over
            window = Window(limit: limit, remaining: remaining, reset: reset)
            predicted = value
        }
    }

    /// Marks a request finished without a response (transport failure).
    public func abandon(_ sequence: UInt64) {
        inFlight.remove(sequence)
    }

    /// After a 429: nobody sends until `retryAfter` seconds (or the reset) have passed, plus jitter.
    /// - Returns: the seconds from now until requests resume.
    @discardableResult
    public func rejected(retryAfter: Double?, headers: HTTPHeaders) -> Double {
        let now = clock()
        var wait = retryAfter ?? 0
        if retryAfter == nil, let resetText = headers["X-Rate-Limit-Reset"], let reset = Double(resetText.trimmedDigits) {
            wait = reset - now
        }
        wait = min(max(wait, 0.5), 3600) + jitter(0.5)
        notBefore = max(notBefore, now + wait)
        serverBlockUntil = max(serverBlockUntil, now + wait)
        window = nil
        predicted = limit ?? .max
        return notBefore - now
    }
}

extension String {
    var trimmedDigits: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
