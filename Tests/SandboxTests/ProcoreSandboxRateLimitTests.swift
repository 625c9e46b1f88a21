import ConnectorTesting
import Foundation
import HTTP
import Sandbox
import Testing

@Suite("Procore sandbox: rate limits and outages")
struct ProcoreSandboxRateLimitTests {
    @Test("over the spike limit: 429 with Retry-After and the reset header; headers on every answer")
    func spikeLimit() async throws {
        try await ProcoreSandboxHarness.with(.init(projects: 1, recordsPerProject: 20, hourlyLimit: 600, spikeLimit: 5)) { h in
            let token = try await h.token()
            var remaining: [Int] = []
            for _ in 0..<5 {
                let r = try await h.get("/rest/v1.0/companies", token: token)
                #expect(r.status == 200)
                #expect(r.headers["X-Rate-Limit-Limit"] == "5", "the spike window is closer to exhaustion")
                remaining.append(Int(r.headers["X-Rate-Limit-Remaining"] ?? "") ?? -1)
                let reset = try #require(Int(r.headers["X-Rate-Limit-Reset"] ?? ""))
                let now = Int(Date().timeIntervalSince1970)
                #expect(reset >= now && reset <= now + 11, "reset is unix seconds within the 10 s window")
            }
            #expect(remaining == [4, 3, 2, 1, 0])
            let limited = try await h.get("/rest/v1.0/companies", token: token)
            #expect(limited.status == 429)
            let retry = try #require(Int(limited.headers["Retry-After"] ?? ""))
            #expect((1...10).contains(retry))
            #expect(limited.headers["X-Rate-Limit-Remaining"] == "0")
            #expect(limited.headers["X-Rate-Limit-Reset"] != nil)
            let stats = await h.sandbox.stats()
            #expect(stats.rateLimited == 1)
            #expect(stats.requestsByEndpoint["GET /rest/v1.0/companies"] == 6)
        }
    }

    @Test("hourly limit: headers report the hourly window; requests beyond it get 429")
    func hourlyLimit() async throws {
        try await ProcoreSandboxHarness.with(.init(projects: 1, recordsPerProject: 20, hourlyLimit: 3)) { h in
            let token = try await h.token()
            for expected in [2, 1, 0] {
                let r = try await h.get("/rest/v1.0/companies", token: token)
                #expect(r.status == 200)
                #expect(r.headers["X-Rate-Limit-Limit"] == "3")
                #expect(r.headers["X-Rate-Limit-Remaining"] == String(expected))
            }
            let r = try await h.get("/rest/v1.0/companies", token: token)
            #expect(r.status == 429)
            #expect(Int(r.headers["Retry-After"] ?? "0") ?? 0 > 3000)
        }
    }

    @Test("failRate answers a seeded share of API calls 503 with Retry-After: 1")
    func outages() async throws {
        try await ProcoreSandboxHarness.with(.init(projects: 1, recordsPerProject: 20, failRate: 0.5)) { h in
            let token = try await h.token()
            var statuses: [Int] = []
            for _ in 0..<40 {
                let r = try await h.get("/rest/v1.0/companies", token: token)
                statuses.append(r.status)
                if r.status == 503 { #expect(r.headers["Retry-After"] == "1") }
            }
            let failures = statuses.filter { $0 == 503 }.count
            #expect(Set(statuses) == [200, 503])
            #expect((8...32).contains(failures), "\(failures) of 40 failed")
            #expect(await h.sandbox.stats().unavailable == failures)
        }
    }

    @Test("admin routes need no token and are not rate limited; stats are served as JSON")
    func adminRoutes() async throws {
        try await ProcoreSandboxHarness.with(.init(projects: 1, recordsPerProject: 20, spikeLimit: 1)) { h in
            for _ in 0..<3 {
                let r = try await h.get("/_sandbox/stats", token: nil, company: .some(nil))
                #expect(r.status == 200)
                #expect(r.headers["X-Rate-Limit-Limit"] == nil)
            }
            let token = try await h.token()
            _ = try await h.get("/rest/v1.0/companies", token: token)
            _ = try await h.get("/rest/v1.0/companies", token: token)
            let r = try await h.get("/_sandbox/stats", token: nil, company: .some(nil))
            let json = try #require(try JSONSerialization.jsonObject(with: r.body) as? [String: Any])
            #expect((json["requests_total"] as? NSNumber)?.intValue == 3)   // token + 2 API calls
            #expect((json["rate_limited"] as? NSNumber)?.intValue == 1)
            #expect((json["tokens_issued"] as? NSNumber)?.intValue == 1)
            let byEndpoint = try #require(json["requests_by_endpoint"] as? [String: Any])
            #expect((byEndpoint["GET /rest/v1.0/companies"] as? NSNumber)?.intValue == 2)
        }
    }
}
