import Foundation
import HTTP
import Synchronization
import Testing
@testable import Procore

@Suite("OAuth token provider")
struct TokenProviderTests {
    private func configuration(margin: Duration = .seconds(300)) -> ProcoreConfiguration {
        ProcoreConfiguration(environment: .custom(apiBaseURL: "http://127.0.0.1:9", authBaseURL: "http://127.0.0.1:9/"),
                             companyID: 42, clientID: "client-1", clientSecret: "s3cr3t&=+",
                             tokenRenewalMargin: margin)
    }

    @Test("client credentials are posted form-encoded to {auth}/oauth/token")
    func request() async throws {
        let http = FakeHTTPClient { _, i in FakeHTTPClient.token("tok-\(i)") }
        let provider = TokenProvider(configuration: configuration(), http: http)
        let token = try await provider.token()
        #expect(token.value == "tok-0")
        let sent = try #require(http.requests.first)
        #expect(sent.method == .post)
        #expect(sent.url == "http://127.0.0.1:9/oauth/token")
        #expect(sent.headers["Content-Type"] == "application/x-www-form-urlencoded")
        let body = String(decoding: sent.body ?? Data(), as: UTF8.self)
        #expect(body == "grant_type=client_credentials&client_id=client-1&client_secret=s3cr3t%26%3D%2B")
    }

    @Test("the token is cached, then renewed the margin before expiry")
    func renewalMargin() async throws {
        let clock = VirtualClock(1_000_000)
        let http = FakeHTTPClient { _, i in FakeHTTPClient.token("tok-\(i)", expiresIn: 5400) }
        let provider = TokenProvider(configuration: configuration(), http: http, clock: { clock.now })
        #expect(try await provider.token().value == "tok-0")
        clock.advance(5400 - 301)
        #expect(try await provider.token().value == "tok-0")
        clock.advance(2)
        #expect(try await provider.token().value == "tok-1")
        #expect(await provider.tokensIssued == 2)
    }

    @Test("a short-lived token is renewed a tenth of its lifetime before expiry: one new token per expiry")
    func shortTTL() async throws {
        let clock = VirtualClock(1_000_000)
        let http = FakeHTTPClient { _, i in FakeHTTPClient.token("tok-\(i)", expiresIn: 20) }
        let provider = TokenProvider(configuration: configuration(), http: http, clock: { clock.now })
        #expect(try await provider.token().value == "tok-0")
        clock.advance(17)
        #expect(try await provider.token().value == "tok-0")
        clock.advance(1.5)
        #expect(try await provider.token().value == "tok-1")
        #expect(http.requests.count == 2)
    }

    @Test("concurrent callers share one renewal")
    func sharedRenewal() async throws {
        let http = FakeHTTPClient { _, i in
            try await Task.sleep(for: .milliseconds(50))
            return FakeHTTPClient.token("tok-\(i)")
        }
        let provider = TokenProvider(configuration: configuration(), http: http)
        let values = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<20 { group.addTask { try await provider.token().value } }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(Set(values) == ["tok-0"])
        #expect(http.requests.count == 1)
        #expect(await provider.tokensIssued == 1)
    }

    @Test("invalidate after a 401 forces exactly one new token")
    func invalidate() async throws {
        let http = FakeHTTPClient { _, i in FakeHTTPClient.token("tok-\(i)") }
        let provider = TokenProvider(configuration: configuration(), http: http)
        let first = try await provider.token()
        await provider.invalidate(first)
        await provider.invalidate(first)  // a second report of the same stale token changes nothing more
        let second = try await provider.token()
        #expect(second.value == "tok-1")
        await provider.invalidate(first)   // stale: the current token stays
        #expect(try await provider.token().value == "tok-1")
    }

    @Test("wrong credentials: the error names the client id, never the secret")
    func refused() async {
        let http = FakeHTTPClient { _, _ in
            FakeHTTPClient.json(401, #"{"error":"invalid_client","error_description":"Client authentication failed for s3cr3t&=+"}"#)
        }
        let provider = TokenProvider(configuration: configuration(), http: http)
        do {
            _ = try await provider.token()
            Issue.record("accepted refused credentials")
        } catch {
            guard case .authenticationFailed(let id, _, let status, _) = error else { Issue.record("\(error)"); return }
            #expect(id == "client-1")
            #expect(status == 401)
            #expect(error.description.contains("client-1"))
            #expect(!error.description.contains("s3cr3t"))
            #expect(error.description.contains("Client authentication failed"))
        }
    }

    @Test("the secret never appears in the configuration's descriptions")
    func redaction() {
        let c = configuration()
        #expect(!c.description.contains("s3cr3t"))
        #expect(!c.debugDescription.contains("s3cr3t"))
        #expect(!"\(c)".contains("s3cr3t"))
        var dumped = ""
        dump(c, to: &dumped)
        #expect(!dumped.contains("s3cr3t"))
        #expect(c.description.contains("client-1"))
        let token = AccessToken(value: "bearer-value", issuedAt: 0, expiresIn: 10, renewalMargin: .seconds(1))
        #expect(!"\(token)".contains("bearer-value"))
    }
}
