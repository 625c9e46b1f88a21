import Foundation
import HTTP
import Sage100
import Sandbox
import Testing

@Suite("Sage agent simulator: status, auth, errors")
struct SageAgentAuthTests {
    @Test func statusNamesCompanyAndVersions() async throws {
        try await SageAgentHarness.with { h in
            let status = try h.decode(AgentStatus.self, try await h.get("/v1/status"))
            #expect(status.companies.map(\.code) == ["ABC"])
            #expect(!status.agentVersion.isEmpty && !status.boiVersion.isEmpty)
            #expect(status.companies[0].modules.contains("A/P"))
        }
    }

    @Test func missingOrWrongAPIKeyIsUnauthorized() async throws {
        try await SageAgentHarness.with { h in
            var anonymous = h
            anonymous.apiKey = nil
            let missing = try await anonymous.get("/v1/status")
            #expect(missing.status == 401)
            #expect(try h.errorBody(missing).code == AgentErrorCode.unauthorized.rawValue)
            #expect(missing.headers["WWW-Authenticate"]?.hasPrefix("Bearer") == true)

            var wrong = h
            wrong.apiKey = "test-key-7f3b"
            let refused = try await wrong.get("/v1/companies/ABC/vendors")
            #expect(refused.status == 401)
            let detail = try h.errorBody(refused)
            #expect(detail.message.contains("not valid"))
            #expect(!refused.text.contains(SageAgentHarness.apiKey), "the configured key must never be echoed")

            // An import without a key writes nothing.
            let post = try await anonymous.postImport("ap-invoices", records: [
                ImportRecord(idempotencyKey: "k1", record: SageSamples.invoice("INV-1")),
            ])
            #expect(post.status == 401)
            #expect(try h.simulator.postings().isEmpty)
        }
    }

    @Test func sandboxRoutesNeedNoKey() async throws {
        try await SageAgentHarness.with { h in
            var anonymous = h
            anonymous.apiKey = nil
            let stats = try h.decode(SageSimulatorStats.self, try await anonymous.get("/_sandbox/stats"))
            #expect(stats == SageSimulatorStats())
        }
    }

    @Test func unknownCompanyKindAndPathAnswerJSONErrors() async throws {
        try await SageAgentHarness.with { h in
            let company = try await h.get("/v1/companies/XYZ/vendors")
            #expect(company.status == 404)
            let detail = try h.errorBody(company)
            #expect(detail.code == "company_not_found")
            #expect(detail.message.contains("XYZ"))
            #expect(detail.hint?.contains("ABC") == true)

            let kind = try await h.postImport("receipts", records: [ImportRecord(idempotencyKey: "k", record: [:])])
            #expect(kind.status == 404)
            #expect(try h.errorBody(kind).hint?.contains("ap-invoices") == true)

            let path = try await h.get("/v1/nothing-here")
            #expect(path.status == 404)
            #expect(try h.errorBody(path).code == "not_found")
        }
    }

    @Test func malformedImportBodiesAre422NamingTheField() async throws {
        try await SageAgentHarness.with { h in
            func post(_ text: String) async throws -> HTTPResponse {
                try await h.client.send(HTTPRequest(method: .post, url: h.url("/v1/companies/ABC/imports/ap-invoices"),
                                                    headers: h.headers(json: true), body: Data(text.utf8)))
            }
            let notJSON = try await post("{\"batch_id\": ")
            #expect(notJSON.status == 422)
            #expect(try h.errorBody(notJSON).code == "malformed")

            let missingKey = try await post(#"{"batch_id":"B","records":[{"record":{}}]}"#)
            #expect(missingKey.status == 422)
            #expect(try h.errorBody(missingKey).message.contains("idempotency_key"))

            let empty = try await post(#"{"batch_id":"B","records":[]}"#)
            #expect(empty.status == 422)
            #expect(try h.errorBody(empty).message.contains("records"))

            let emptyKey = try await post(#"{"batch_id":"B","records":[{"idempotency_key":"","record":{}}]}"#)
            #expect(emptyKey.status == 422)
            #expect(try h.errorBody(emptyKey).message.contains("records[0].idempotency_key"))
            #expect(try h.simulator.postings().isEmpty)
        }
    }

    @Test func portInUseIsAClearError() async throws {
        try await SageAgentHarness.with { h in
            let second = try SageAgentSimulator(configuration: .init(port: h.simulator.port))
            defer { try? FileManager.default.removeItem(atPath: second.databasePath) }
            do {
                try await second.start()
                await second.stop()
                Issue.record("a second simulator on port \(h.simulator.port) must not start")
            } catch let error as SageAgentSimulatorError {
                guard case .cannotBind(_, let port, _) = error else {
                    Issue.record("expected cannotBind, got \(error)")
                    return
                }
                #expect(port == h.simulator.port)
                #expect(error.description.contains("Choose another port"))
            }
        }
    }
}
