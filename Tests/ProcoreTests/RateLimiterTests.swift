import HTTP
import Testing
@testable import Procore

@Suite("Rate limiter pacing")
struct RateLimiterTests {
    @Test("pacing interval is (reset - now) / max(remaining - reserve, 1)")
    func intervalMath() {
        #expect(RateLimiter.pacingInterval(now: 100, remaining: 12, reset: 110, reserve: 2) == 1.0)
        #expect(RateLimiter.pacingInterval(now: 100, remaining: 3, reset: 104, reserve: 2) == 4.0)
        #expect(RateLimiter.pacingInterval(now: 100, remaining: 1, reset: 104, reserve: 2) == 4.0)
        #expect(RateLimiter.pacingInterval(now: 120, remaining: 5, reset: 110, reserve: 2) == 0)
        #expect(RateLimiter.pacingThreshold(limit: 25, reserve: 2) == 6)
        #expect(RateLimiter.pacingThreshold(limit: 3600, reserve: 2) == 720)
    }

    private func headers(limit: Int, remaining: Int, reset: Double) -> HTTPHeaders {
        ["X-Rate-Limit-Limit": "\(limit)", "X-Rate-Limit-Remaining": "\(remaining)", "X-Rate-Limit-Reset": "\(Int(reset))"]
    }

    @Test("no wait while remaining is high; spacing once it is low; a wait for the reset at the reserve")
    func phases() async {
        let clock = VirtualClock(1000)
        let limiter = RateLimiter(reserve: 2, clock: { clock.now }, jitter: { _ in 0 })
        var p = await limiter.permit()
        #expect(p.delay == 0)
        await limiter.observe(p.sequence, headers: headers(limit: 25, remaining: 20, reset: 1010))
        p = await limiter.permit()
        #expect(p.delay == 0)   // 20 left: far above the threshold of 6
        await limiter.observe(p.sequence, headers: headers(limit: 25, remaining: 6, reset: 1010))
        // 6 left with 10 s to go: (1010 - 1000) / (6 - 2) = 2.5 s after the last request.
        p = await limiter.permit()
        #expect(abs(p.delay - 2.5) < 1e-9)
        #expect(p.reason == .pacing)
        clock.advance(p.delay)
        await limiter.observe(p.sequence, headers: headers(limit: 25, remaining: 2, reset: 1010))
        // At the reserve: wait for the reset (+0.25 s margin).
        p = await limiter.permit()
        #expect(abs(p.delay - (1010.25 - 1002.5)) < 1e-9)
        #expect(p.reason == .pacing)
    }

    @Test("a 429 holds every caller until Retry-After has passed")
    func tooManyRequests() async {
        let clock = VirtualClock(5000)
        let limiter = RateLimiter(reserve: 2, clock: { clock.now }, jitter: { _ in 0 })
        let p = await limiter.permit()
        await limiter.observe(p.sequence, headers: headers(limit: 25, remaining: 0, reset: 5004))
        let wait = await limiter.rejected(retryAfter: 3, headers: headers(limit: 25, remaining: 0, reset: 5004))
        #expect(wait == 3)
        let a = await limiter.permit()
        let b = await limiter.permit()
        #expect(a.delay >= 3 && a.reason == .rateLimited)
        #expect(b.delay >= 3)
    }

    /// A fixed-window server (like Procore's spike window) driven in virtual time.
    private struct WindowServer {
        let limit: Int
        let length: Double
        var windowStart: Double
        var used = 0
        var rejected = 0
        mutating func handle(at t: Double) -> (ok: Bool, headers: HTTPHeaders) {
            while t >= windowStart + length { windowStart += length; used = 0 }
            let reset = windowStart + length
            guard used < limit else {
                rejected += 1
                return (false, ["X-Rate-Limit-Limit": "\(limit)", "X-Rate-Limit-Remaining": "0", "X-Rate-Limit-Reset": "\(Int(reset))"])
            }
            used += 1
            return (true, ["X-Rate-Limit-Limit": "\(limit)", "X-Rate-Limit-Remaining": "\(limit - used)", "X-Rate-Limit-Reset": "\(Int(reset))"])
        }
    }

    @Test("250 requests, 4 at a time, against a spike limit of 25 per 10 s: zero 429s", arguments: [1, 4])
    func spikeLimitSimulation(concurrency: Int) async {
        let clock = VirtualClock(10_000)
        let limiter = RateLimiter(reserve: 2, clock: { clock.now }, jitter: { $0 / 2 })
        var server = WindowServer(limit: 25, length: 10, windowStart: 10_000)
        var sent = 0
        while sent < 250 {
            let start = clock.now
            var batch: [RateLimiter.Permit] = []
            for _ in 0..<concurrency { batch.append(await limiter.permit()) }
            var latest = start
            for permit in batch.sorted(by: { $0.delay < $1.delay }) {
                let arrival = start + permit.delay + 0.01
                let answer = server.handle(at: arrival)
                await limiter.observe(permit.sequence, headers: answer.headers)
                if !answer.ok { _ = await limiter.rejected(retryAfter: nil, headers: answer.headers) }
                latest = max(latest, arrival + 0.02)
            }
            clock.set(latest)
            sent += concurrency
        }
        #expect(server.rejected == 0)
        // 250 requests at no more than 25 per 10 s take at least 90 s of virtual time...
        #expect(clock.now - 10_000 >= 90)
        // ...and pacing keeps them close to that rate (no needless crawling).
        #expect(clock.now - 10_000 < 150)
    }
}
