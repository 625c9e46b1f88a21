import ConnectorTesting
import Foundation
import HTTP
import Sandbox
import Testing

@Suite("Procore sandbox: OAuth and access control")
struct ProcoreSandboxAuthTests {
    static func tokenJSON(_ r: HTTPResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: r.body) as? [String: Any], "not JSON: \(r.text)")
    }

    @Test("client credentials are accepted as form fields, multipart fields, JSON and HTTP Basic")
    func fourTokenRequestStyles() async throws {
        try await ProcoreSandboxHarness.with(.init(projects: 1, recordsPerProject: 20, tokenTTL: .seconds(600))) { h in
            let id = h.sandbox.configuration.clientID, secret = h.sandbox.configuration.clientSecret
            let form = try await h.post("/oauth/token", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                        body: Data("grant_type=client_credentials&client_id=\(id)&client_secret=\(secret)".utf8))
            let boundary = "----sandbox\(UInt32.random(in: 0...UInt32.max))"
            var multipart = ""
            for (k, v) in [("grant_type", "client_credentials"), ("client_id", id), ("client_secret", secret)] {
                multipart += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(k)\"\r\n\r\n\(v)\r\n"
            }
            multipart += "--\(boundary)--\r\n"
            let multi = try await h.post("/oauth/token", headers: ["Content-Type": "multipart/form-data; boundary=\(boundary)"],
                                         body: Data(multipart.utf8))
            let json = try await h.post("/oauth/token", headers: ["Content-Type": "application/json"],
                                        body: Data(#"{"grant_type":"client_credentials","client_id":"\#(id)","client_secret":"\#(secret)"}"#.utf8))
            let basic = try await h.post("/oauth/token", headers: [
                "Content-Type": "application/x-www-form-urlencoded",
                "Authorization": "Basic " + Data("\(id):\(secret)".utf8).base64EncodedString()],
                body: Data("grant_type=client_credentials".utf8))
            var tokens = Set<String>()
            for (style, r) in [("form", form), ("multipart", multi), ("json", json), ("basic", basic)] {
                #expect(r.status == 200, "\(style): \(r.status) \(r.text)")
                let t = try Self.tokenJSON(r)
                #expect(t["token_type"] as? String == "bearer", "\(style)")
                #expect((t["expires_in"] as? NSNumber)?.intValue == 600, "\(style)")
                let created = try #require((t["created_at"] as? NSNumber)?.doubleValue, "\(style): created_at")
                #expect(abs(created - Date().timeIntervalSince1970) < 60, "\(style): created_at is unix seconds")
                let token = try #require(t["access_token"] as? String)
                tokens.insert(token)
                let api = try await h.get("/rest/v1.0/companies", token: token)
                #expect(api.status == 200, "\(style) token does not open the API: \(api.status)")
            }
            #expect(tokens.count == 4, "every request gets its own token")
            #expect(await h.sandbox.stats().tokensIssued == 4)
        }
    }

    @Test("wrong secret: 401 invalid_client; unsupported grant: 400")
    func badCredentials() async throws {
        try await ProcoreSandboxHarness.with(.init(projects: 1, recordsPerProject: 20)) { h in
            let id = h.sandbox.configuration.clientID
            let wrong = try await h.post("/oauth/token", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                         body: Data("grant_type=client_credentials&client_id=\(id)&client_secret=nope".utf8))
            #expect(wrong.status == 401)
            #expect(try Self.tokenJSON(wrong)["error"] as? String == "invalid_client")
            #expect(!wrong.text.contains(h.sandbox.configuration.clientSecret), "the secret must not be echoed")
            let secret = h.sandbox.configuration.clientSecret
            let grant = try await h.post("/oauth/token", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                         body: Data("grant_type=password&client_id=\(id)&client_secret=\(secret)".utf8))
            #expect(grant.status == 400)
            #expect(try Self.tokenJSON(grant)["error"] as? String == "unsupported_grant_type")
            #expect(await h.sandbox.stats().tokensIssued == 0)
        }
    }

    @Test("a token whose lifetime has passed answers 401; token info and revoke work")
    func tokenExpiry() async throws {
        try await ProcoreSandboxHarness.with(.init(projects: 1, recordsPerProject: 20, tokenTTL: .seconds(600))) { h in
            let token = try await h.token()
            #expect(try await h.get("/rest/v1.0/companies", token: token).status == 200)
            let info = try await h.get("/oauth/token/info", token: token)
            #expect(info.status == 200)
            let app = try Self.tokenJSON(info)["application"] as? [String: Any]
            #expect(app?["uid"] as? String == h.sandbox.configuration.clientID)
            await h.sandbox.expireTokens()
            let expired = try await h.get("/rest/v1.0/companies", token: token)
            #expect(expired.status == 401)
            #expect(expired.text.contains("expired"))
            #expect(expired.headers["WWW-Authenticate"]?.contains("invalid_token") == true)
            #expect(try await h.get("/oauth/token/info", token: token).status == 401)

            let fresh = try await h.token()
            let revoke = try await h.post("/oauth/revoke", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                          body: Data("token=\(fresh)".utf8))
            #expect(revoke.status == 200)
            #expect(try await h.get("/rest/v1.0/companies", token: fresh).status == 401)
        }
    }

    @Test("no token, an unknown token: 401")
    func missingToken() async throws {
        try await ProcoreSandboxHarness.with(.init(projects: 1, recordsPerProject: 20)) { h in
            let none = try await h.get("/rest/v1.0/companies", token: nil)
            #expect(none.status == 401)
            let unknown = try await h.get("/rest/v1.0/companies", token: "not-a-token")
            #expect(unknown.status == 401)
        }
    }

    @Test("missing Procore-Company-Id: 400 with Procore's message; another company: 403")
    func companyHeader() async throws {
        try await ProcoreSandboxHarness.with(.init(projects: 2, recordsPerProject: 20)) { h in
            let token = try await h.token()
            let missing = try await h.get("/rest/v1.0/companies", token: token, company: .some(nil))
            #expect(missing.status == 400)
            #expect(missing.text.contains("Missing Procore-Company-Id header!"))
            let other = try await h.get("/rest/v1.0/companies", token: token, company: "999")
            #expect(other.status == 403)
            let wrongParam = try await h.get("/rest/v1.0/projects?company_id=999", token: token)
            #expect(wrongParam.status == 403)
            let noParam = try await h.get("/rest/v1.0/projects", token: token)
            #expect(noParam.status == 400)
            #expect(noParam.text.contains("company_id"))
        }
    }

    @Test("projects outside the service account's permissions answer 403 on every project endpoint")
    func forbiddenProjects() async throws {
        try await ProcoreSandboxHarness.with(.init(projects: 3, recordsPerProject: 60, forbidProjects: 1)) { h in
            let token = try await h.token()
            let data = await h.sandbox.dataset()
            #expect(data.forbiddenProjectIDs == [data.projectIDs[2]])
            let forbidden = data.projectIDs[2], allowed = data.projectIDs[0]
            for path in ["/rest/v1.1/requisitions?project_id=\(forbidden)",
                         "/rest/v1.0/purchase_order_contracts?project_id=\(forbidden)",
                         "/rest/v1.0/cost_codes?project_id=\(forbidden)",
                         "/rest/v1.0/projects/\(forbidden)/commitment_change_orders",
                         "/rest/v1.1/projects/\(forbidden)/direct_costs"] {
                let r = try await h.get(path, token: token)
                #expect(r.status == 403, "\(path) answered \(r.status)")
                #expect(r.text.contains(String(forbidden)), "the 403 names the project")
            }
            #expect(try await h.get("/rest/v1.1/requisitions?project_id=\(allowed)", token: token).status == 200)
            #expect(try await h.get("/rest/v1.1/requisitions?project_id=1", token: token).status == 404)
            #expect(try await h.get("/rest/v1.1/requisitions", token: token).status == 400)
        }
    }
}
