import Testing
@testable import Sage100

@Suite("Agent lock backoff policy")
struct AgentBackoffPolicyTests {
    @Test("ceiling doubles from the base and stops at the cap")
    func ceilingDoublesAndCaps() throws {
        let policy = try SageAgentBackoffPolicy(base: .milliseconds(200), cap: .seconds(10), maxAttempts: 8)
        #expect(policy.ceiling(forRetry: 0) == .milliseconds(200))
        #expect(policy.ceiling(forRetry: 1) == .milliseconds(400))
        #expect(policy.ceiling(forRetry: 2) == .milliseconds(800))
        #expect(policy.ceiling(forRetry: 5) == .milliseconds(6400))
        #expect(policy.ceiling(forRetry: 6) == .seconds(10))  // 12.8 s capped
        #expect(policy.ceiling(forRetry: 500) == .seconds(10))  // no overflow
        #expect(policy.ceiling(forRetry: -3) == .milliseconds(200))
    }

    @Test("full jitter: every delay lies in 0 ... min(cap, base * 2^n) and spreads over the range")
    func jitterWithinRange() throws {
        let policy = try SageAgentBackoffPolicy(base: .milliseconds(200), cap: .seconds(10), maxAttempts: 8)
        var rng = AgentSeededRandom(seed: 42)
        for retry in 0..<10 {
            let ceiling = policy.ceiling(forRetry: retry)
            var samples: [Duration] = []
            for _ in 0..<400 {
                let d = policy.delay(forRetry: retry, using: &rng)
                #expect(d >= .zero && d <= ceiling, "retry \(retry): \(d) outside 0...\(ceiling)")
                samples.append(d)
            }
            // Full jitter reaches both ends of the range, not a fixed or half-range value.
            #expect(samples.min()! < ceiling / 10, "retry \(retry): smallest \(samples.min()!)")
            #expect(samples.max()! > ceiling * 9 / 10, "retry \(retry): largest \(samples.max()!)")
        }
    }

    @Test("same seed, same delays; different seed, different delays")
    func deterministicWithInjectedRandom() {
        let policy = SageAgentBackoffPolicy.standard
        var a = AgentSeededRandom(seed: 7), b = AgentSeededRandom(seed: 7), c = AgentSeededRandom(seed: 8)
        let first = (0..<8).map { policy.delay(forRetry: $0, using: &a) }
        let second = (0..<8).map { policy.delay(forRetry: $0, using: &b) }
        let third = (0..<8).map { policy.delay(forRetry: $0, using: &c) }
        #expect(first == second)
        #expect(first != third)
    }

    @Test("attempts are bounded by maxAttempts")
    func attemptsBounded() throws {
        let policy = try SageAgentBackoffPolicy(maxAttempts: 3)
        #expect(policy.allowsAnotherAttempt(after: 0))
        #expect(policy.allowsAnotherAttempt(after: 2))
        #expect(!policy.allowsAnotherAttempt(after: 3))
        #expect(!policy.allowsAnotherAttempt(after: 9))
    }

    @Test("defaults are base 50 ms, cap 2 s, 16 attempts: about 21 s of waits at most before a record is left locked")
    func defaults() {
        let policy = SageAgentBackoffPolicy.standard
        #expect(policy.base == .milliseconds(50))
        #expect(policy.cap == .seconds(2))
        #expect(policy.maxAttempts == 16)
        let longest = (0..<(policy.maxAttempts - 1)).reduce(Duration.zero) { $0 + policy.ceiling(forRetry: $1) }
        #expect(longest == .milliseconds(21_150))
    }

    @Test("nonsense settings are refused, naming the setting")
    func invalidSettings() {
        #expect(throws: SageAgentConfigurationError.self) { try SageAgentBackoffPolicy(base: .zero) }
        #expect(throws: SageAgentConfigurationError.self) { try SageAgentBackoffPolicy(base: .seconds(2), cap: .seconds(1)) }
        do {
            _ = try SageAgentBackoffPolicy(maxAttempts: 0)
            Issue.record("maxAttempts 0 accepted")
        } catch let error as SageAgentConfigurationError {
            #expect(error.field == "lockBackoff.maxAttempts")
            #expect(error.description.contains("at least 1"))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
