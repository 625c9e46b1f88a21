import HTTP
import Testing
@testable import Sage100

@Suite("Agent configuration")
struct AgentConfigurationTests {
    @Test("company code: three letters or digits, upper-cased")
    func companyCode() throws {
        let auth = SageAgentAuth.apiKey(Secret("key"))
        #expect(try SageAgentConfiguration(baseURL: "http://127.0.0.1:1", companyCode: "abc", auth: auth).companyCode == "ABC")
        #expect(try SageAgentConfiguration(baseURL: "http://127.0.0.1:1", companyCode: "A1Z", auth: auth).companyCode == "A1Z")
        for bad in ["AB", "ABCD", "A-C", "", "ÄBC", "A C"] {
            #expect(throws: SageAgentConfigurationError.self, "accepted '\(bad)'") {
                try SageAgentConfiguration(baseURL: "http://127.0.0.1:1", companyCode: bad, auth: auth)
            }
        }
    }

    @Test("base URL: http only on this machine, no path, trailing slash dropped")
    func baseURL() throws {
        let auth = SageAgentAuth.apiKey(Secret("key"))
        #expect(try SageAgentConfiguration(baseURL: "https://sage01:4020/", companyCode: "ABC", auth: auth).baseURL == "https://sage01:4020")
        #expect(try SageAgentConfiguration(baseURL: "http://localhost:4020", companyCode: "ABC", auth: auth).baseURL == "http://localhost:4020")
        #expect(try SageAgentConfiguration(baseURL: "http://[::1]:4020", companyCode: "ABC", auth: auth).baseURL == "http://[::1]:4020")
        do {
            _ = try SageAgentConfiguration(baseURL: "http://sage01:4020", companyCode: "ABC", auth: auth)
            Issue.record("plain http to another machine accepted")
        } catch let error as SageAgentConfigurationError {
            #expect(error.field == "baseURL")
            #expect(error.description.contains("https"))
        }
        for bad in ["ftp://x", "sage01:4020", "https://", "https://h:1/v1", "https://u:p@h:1"] {
            #expect(throws: SageAgentConfigurationError.self, "accepted '\(bad)'") {
                try SageAgentConfiguration(baseURL: bad, companyCode: "ABC", auth: auth)
            }
        }
    }

    @Test("the API key never shows in descriptions; TLS verification is on by default")
    func secretRedacted() throws {
        let config = try SageAgentConfiguration(baseURL: "https://sage01:4020", companyCode: "ABC",
                                                auth: .apiKey(Secret("sk-live-very-secret")))
        #expect(config.verifyTLS)
        #expect(config.httpClientConfiguration.verifyTLS)
        let texts = [config.description, "\(config)", String(reflecting: config), "\(config.auth)", String(reflecting: config.auth)]
        for text in texts {
            #expect(!text.contains("sk-live-very-secret"), "leaked in: \(text)")
        }
        #expect(throws: SageAgentConfigurationError.self) {
            try SageAgentConfiguration(baseURL: "https://sage01:4020", companyCode: "ABC", auth: .apiKey(Secret("")))
        }
    }

    @Test("client certificate and CA bundle reach the HTTP configuration")
    func mtlsMapping() throws {
        let config = try SageAgentConfiguration(baseURL: "https://sage01:4020", companyCode: "ABC",
                                                auth: .clientCertificate(certPath: "/etc/c.pem", keyPath: "/etc/k.pem"),
                                                caBundlePath: "/etc/ca.pem", connectTimeout: .seconds(3))
        let http = config.httpClientConfiguration
        #expect(http.clientCertificatePath == "/etc/c.pem")
        #expect(http.clientKeyPath == "/etc/k.pem")
        #expect(http.caBundlePath == "/etc/ca.pem")
        #expect(http.connectTimeout == .seconds(3))
        #expect(config.auth.apiKey == nil)
    }

    @Test("Retry-After: seconds or an HTTP date")
    func retryAfterParsing() {
        #expect(SageAgentClient.retryAfter("30") == .seconds(30))
        #expect(SageAgentClient.retryAfter(" 2 ") == .seconds(2))
        #expect(SageAgentClient.retryAfter("1.5") == .milliseconds(1500))
        #expect(SageAgentClient.retryAfter(nil) == nil)
        #expect(SageAgentClient.retryAfter("soon") == nil)
        #expect(SageAgentClient.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT") == .zero)  // in the past
    }
}
