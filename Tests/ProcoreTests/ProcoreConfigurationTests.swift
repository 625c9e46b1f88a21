import Testing
@testable import Procore

@Suite("Procore configuration")
struct ProcoreConfigurationTests {
    @Test("environments supply Procore's documented hosts; overrides win; trailing slashes go")
    func hosts() {
        let prod = ProcoreConfiguration(environment: .production, companyID: 1, clientID: "a", clientSecret: "b")
        #expect(prod.apiBaseURL == "https://api.procore.com")
        #expect(prod.authBaseURL == "https://login.procore.com")
        let sandbox = ProcoreConfiguration(environment: .sandbox, companyID: 1, clientID: "a", clientSecret: "b")
        #expect(sandbox.apiBaseURL == "https://sandbox.procore.com")
        #expect(sandbox.authBaseURL == "https://login-sandbox.procore.com")
        let monthly = ProcoreConfiguration(environment: .monthly, companyID: 1, clientID: "a", clientSecret: "b")
        #expect(monthly.apiBaseURL == "https://api-monthly.procore.com")
        #expect(monthly.authBaseURL == "https://login-sandbox-monthly.procore.com")
        let overridden = ProcoreConfiguration(environment: .production, companyID: 1, clientID: "a", clientSecret: "b",
                                              apiBaseURL: "https://proxy.example/api///")
        #expect(overridden.apiBaseURL == "https://proxy.example/api")
        #expect(overridden.authBaseURL == "https://login.procore.com")
        let custom = ProcoreConfiguration(environment: .custom(apiBaseURL: "http://127.0.0.1:4010", authBaseURL: "http://127.0.0.1:4011"),
                                          companyID: 1, clientID: "a", clientSecret: "b")
        #expect(custom.apiBaseURL == "http://127.0.0.1:4010")
        #expect(custom.authBaseURL == "http://127.0.0.1:4011")
        #expect(prod.perPage == 1000 && prod.maxConcurrentRequests == 4 && prod.tokenRenewalMargin == .seconds(300))
    }

    @Test("validation names the setting and the fix", arguments: [
        (ProcoreConfiguration(companyID: 0, clientID: "a", clientSecret: "b"), "company_id"),
        (ProcoreConfiguration(companyID: 1, clientID: "", clientSecret: "b"), "client_id"),
        (ProcoreConfiguration(companyID: 1, clientID: "a", clientSecret: ""), "client_secret"),
        (ProcoreConfiguration(companyID: 1, clientID: "a", clientSecret: "b", perPage: 0), "per_page"),
        (ProcoreConfiguration(companyID: 1, clientID: "a", clientSecret: "b", maxConcurrentRequests: 0), "max_concurrency"),
        (ProcoreConfiguration(companyID: 1, clientID: "a", clientSecret: "b", apiBaseURL: "api.procore.com"), "api_base_url"),
    ])
    func validation(configuration: ProcoreConfiguration, field: String) {
        do {
            try configuration.validate()
            Issue.record("accepted an invalid \(field)")
        } catch {
            guard case .invalidConfiguration(let f, _) = error else { Issue.record("\(error)"); return }
            #expect(f == field)
            #expect(error.description.contains(field))
        }
    }

    @Test("a valid configuration passes")
    func valid() throws {
        try ProcoreConfiguration(companyID: 4_264_807, clientID: "a", clientSecret: "b").validate()
    }

    @Test("retry backoff doubles from the base and stops at the cap")
    func backoff() {
        let policy = RetryPolicy(maxAttempts: 5, base: .milliseconds(250), cap: .seconds(2))
        #expect(policy.backoffBound(forRetry: 1) == .milliseconds(250))
        #expect(policy.backoffBound(forRetry: 2) == .milliseconds(500))
        #expect(policy.backoffBound(forRetry: 3) == .seconds(1))
        #expect(policy.backoffBound(forRetry: 4) == .seconds(2))
        #expect(policy.backoffBound(forRetry: 40) == .seconds(2))
        var rng = SystemRandomNumberGenerator()
        for attempt in 1...6 {
            let d = policy.backoff(forRetry: attempt, using: &rng)
            #expect(d >= .zero && d <= policy.backoffBound(forRetry: attempt))
        }
    }
}
