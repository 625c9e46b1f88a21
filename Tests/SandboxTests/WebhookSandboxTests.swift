import ConnectorTesting
import Foundation
import HTTP
import Sandbox
import Testing

/// The webhook endpoints' response contract, converted from Procore's endpoint schemas
/// (RestV10Webhooks*.json; the `metadata.source_*` fields, declared "nested object" there but
/// integers or null in Procore's payload documentation, accept any value).
private let webhookContractJSON = #"""
{"RestV10WebhooksHooksPost":{"t":"object","n":true,"p":{"id":{"t":"integer","n":true},"api_version":{"t":"string","n":true},"destination_headers":{"t":"object","n":true,"p":{"Authorization":{"t":"string","n":true}}},"destination_url":{"t":"string","n":true},"owned_by_company_id":{"t":"integer","n":true},"owned_by_project_id":{"t":"integer","n":true},"owned_by_user_id":{"t":"integer","n":true},"namespace":{"t":"string","n":true}}},"RestV10WebhooksHooksGet":{"t":"array","n":true,"i":{"t":"object","n":true,"p":{"id":{"t":"integer","n":true},"api_version":{"t":"string","n":true},"destination_headers":{"t":"object","n":true,"p":{"Authorization":{"t":"string","n":true}}},"destination_url":{"t":"string","n":true},"owned_by_company_id":{"t":"integer","n":true},"owned_by_project_id":{"t":"integer","n":true},"owned_by_user_id":{"t":"integer","n":true},"namespace":{"t":"string","n":true}}}},"RestV10WebhooksHooksIdPatch":{"t":"object","n":true,"p":{"id":{"t":"integer","n":true},"api_version":{"t":"string","n":true},"destination_headers":{"t":"object","n":true,"p":{"Authorization":{"t":"string","n":true}}},"destination_url":{"t":"string","n":true},"owned_by_company_id":{"t":"integer","n":true},"owned_by_project_id":{"t":"integer","n":true},"owned_by_user_id":{"t":"integer","n":true},"namespace":{"t":"string","n":true}}},"RestV10WebhooksHooksHookIdTriggersPost":{"t":"object","n":true,"p":{"id":{"t":"integer","n":true},"webhook_hook_id":{"t":"integer","n":true},"resource_name":{"t":"string","n":true},"resource_id":{"t":"integer","n":true},"event_type":{"t":"string","n":true,"e":["CREATE","UPDATE","DELETE"]},"company_id":{"t":"integer","n":true},"project_id":{"t":"integer","n":true},"user_id":{"t":"integer","n":true}}},"RestV10WebhooksHooksHookIdTriggersGet":{"t":"array","n":true,"i":{"t":"object","n":true,"p":{"id":{"t":"integer","n":true},"webhook_hook_id":{"t":"integer","n":true},"resource_name":{"t":"string","n":true},"resource_id":{"t":"integer","n":true},"event_type":{"t":"string","n":true,"e":["CREATE","UPDATE","DELETE"]},"company_id":{"t":"integer","n":true},"project_id":{"t":"integer","n":true},"user_id":{"t":"integer","n":true}}}},"RestV10WebhooksHooksHookIdDeliveriesGet":{"t":"array","n":true,"i":{"t":"object","n":true,"p":{"event":{"t":"object","n":true,"p":{"user_id":{"t":"integer","n":true},"timestamp":{"t":"string","n":true,"f":"date-time"},"resource_name":{"t":"string","n":true},"resource_id":{"t":"integer","n":true},"project_id":{"t":"integer","n":true},"id":{"t":"integer","n":true},"ulid":{"t":"string","n":true},"event_type":{"t":"string","n":true},"company_id":{"t":"integer","n":true},"api_version":{"t":"string","n":true},"metadata":{"t":"object","n":true,"p":{"source_user_id":{"t":"any","n":true},"source_company_id":{"t":"any","n":true},"source_project_id":{"t":"any","n":true},"source_application_id":{"t":"any","n":true},"source_operation_id":{"t":"any","n":true}}}}},"event_id":{"t":"integer","n":true},"outcome":{"t":"string","n":true,"e":["ok","retried","failed","discarded"]},"response_body":{"t":"string","n":true},"response_error":{"t":"string","n":true},"started_at":{"t":"string","n":true,"f":"date-time"},"completed_at":{"t":"string","n":true,"f":"date-time"},"response_status":{"t":"integer","n":true},"response_headers":{"t":"object","n":true}}}},"RestV10WebhooksResourcesGet":{"t":"array","n":true,"i":{"t":"object","n":true,"p":{"api_version":{"t":"string","n":true},"product_category":{"t":"string","n":true},"tools":{"t":"string","n":true},"except":{"t":"array","n":true,"i":{"t":"string","n":true}},"create":{"t":"string","n":true},"update":{"t":"string","n":true},"delete":{"t":"string","n":true}}}}}

"""#

private func webhookContract() throws -> [String: ProcoreContract.FieldType] {
    try JSONDecoder().decode([String: ProcoreContract.FieldType].self, from: Data(webhookContractJSON.utf8))
}

extension ProcoreSandboxHarness {
    /// Sends `method` with a JSON body, bearer token and company header.
    func send(_ method: HTTPMethod, _ pathAndQuery: String, token: String, json: Any?) async throws -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add("Authorization", "Bearer \(token)")
        headers.add("Procore-Company-Id", String(companyID))
        headers.add("Content-Type", "application/json")
        let body = try json.map { try JSONSerialization.data(withJSONObject: $0) }
        return try await http.send(HTTPRequest(method: method, url: sandbox.baseURL + pathAndQuery, headers: headers, body: body))
    }

    func node(_ response: HTTPResponse) throws -> ProcoreJSONNode {
        try JSONDecoder().decode(ProcoreJSONNode.self, from: response.body)
    }
}

@Suite("Procore sandbox webhook endpoints")
struct WebhookSandboxTests {
    @Test("hooks, triggers, deliveries and resources answer field for field as the schemas say")
    func contract() async throws {
        let contract = try webhookContract()
        try await ProcoreSandboxHarness.with(.init(projects: 2, recordsPerProject: 60)) { h in
            let token = try await h.token()
            func check(_ op: String, _ r: HTTPResponse, status: Int) throws {
                #expect(r.status == status, "\(op) answered \(r.status): \(r.text)")
                let type = try #require(contract[op])
                let problems = ProcoreContract.violations(try h.node(r), type, at: op)
                #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
            }
            let created = try await h.send(.post, "/rest/v1.0/webhooks/hooks", token: token, json: [
                "company_id": h.companyID,
                "hook": ["api_version": "v2", "namespace": "ml-connector", "destination_url": "http://127.0.0.1:9/hook",
                         "destination_headers": ["Authorization": "Bearer s3cret-value-12345"]] as [String: Any],
            ])
            try check("RestV10WebhooksHooksPost", created, status: 201)
            let hook = try #require(try JSONSerialization.jsonObject(with: created.body) as? [String: Any])
            let hookID = try #require(hook["id"] as? Int)
            let masked = try #require((hook["destination_headers"] as? [String: Any])?["Authorization"] as? String)
            #expect(masked.hasSuffix("12345") && !masked.contains("s3cret"), "the secret must come back masked, got \(masked)")
            #expect(hook["owned_by_company_id"] as? Int == Int(h.companyID))

            let trigger = try await h.send(.post, "/rest/v1.0/webhooks/hooks/\(hookID)/triggers", token: token, json: [
                "company_id": h.companyID, "api_version": "v2",
                "trigger": ["resource_name": "Requisitions", "event_type": "update"],
            ])
            try check("RestV10WebhooksHooksHookIdTriggersPost", trigger, status: 201)
            let t = try #require(try JSONSerialization.jsonObject(with: trigger.body) as? [String: Any])
            #expect(t["event_type"] as? String == "UPDATE")
            #expect(t["webhook_hook_id"] as? Int == hookID)

            let q = "company_id=\(h.companyID)"
            try check("RestV10WebhooksHooksGet", try await h.get("/rest/v1.0/webhooks/hooks?\(q)&namespace=ml-connector", token: token), status: 200)
            let hooks = try await h.records("/rest/v1.0/webhooks/hooks?\(q)&namespace=ml-connector", token: token)
            #expect(hooks.count == 1)
            #expect(try await h.records("/rest/v1.0/webhooks/hooks?\(q)&namespace=other", token: token).isEmpty)
            try check("RestV10WebhooksHooksHookIdTriggersGet", try await h.get("/rest/v1.0/webhooks/hooks/\(hookID)/triggers?\(q)", token: token), status: 200)
            try check("RestV10WebhooksResourcesGet", try await h.get("/rest/v1.0/webhooks/resources?\(q)", token: token), status: 200)
            let resources = try await h.records("/rest/v1.0/webhooks/resources?\(q)", token: token)
            #expect(resources.contains { $0["tools"] as? String == "Requisitions" })

            let patched = try await h.send(.patch, "/rest/v1.0/webhooks/hooks/\(hookID)", token: token, json: [
                "company_id": h.companyID, "hook": ["destination_url": "http://127.0.0.1:9/other"],
            ])
            try check("RestV10WebhooksHooksIdPatch", patched, status: 200)
            #expect(patched.text.contains("/other"))

            // A touch raises an event; the destination (port 9, closed) fails, so the delivery is retried.
            let ids = await h.sandbox.touch(resource: "requisitions", count: 1)
            #expect(ids.count == 1)
            var deliveries: [[String: Any]] = []
            for _ in 0..<100 where deliveries.isEmpty {
                try await Task.sleep(for: .milliseconds(50))
                deliveries = try await h.records("/rest/v1.0/webhooks/hooks/\(hookID)/deliveries?\(q)", token: token)
            }
            try check("RestV10WebhooksHooksHookIdDeliveriesGet", try await h.get("/rest/v1.0/webhooks/hooks/\(hookID)/deliveries?\(q)", token: token), status: 200)
            let first = try #require(deliveries.first)
            #expect(first["outcome"] as? String == "retried")
            let event = try #require(first["event"] as? [String: Any])
            #expect(event["resource_id"] as? Int == Int(ids[0]))
            #expect(event["resource_name"] as? String == "Requisitions")
            #expect((event["ulid"] as? String)?.count == 26)
            #expect(event["api_version"] as? String == "v2.0")
            #expect(try await h.records("/rest/v1.0/webhooks/hooks/\(hookID)/deliveries?\(q)&filters[status]=successful", token: token).isEmpty)
        }
    }

    @Test("bad hook and trigger requests are refused with the field named")
    func validation() async throws {
        try await ProcoreSandboxHarness.with(.init(projects: 1, recordsPerProject: 30)) { h in
            let token = try await h.token()
            let noScope = try await h.send(.post, "/rest/v1.0/webhooks/hooks", token: token, json: ["hook": ["namespace": "x", "destination_url": "http://127.0.0.1:9"]])
            #expect(noScope.status == 400 && noScope.text.contains("company_id or project_id"), "\(noScope.status) \(noScope.text)")
            let badURL = try await h.send(.post, "/rest/v1.0/webhooks/hooks", token: token, json: ["company_id": h.companyID, "hook": ["namespace": "x", "destination_url": "ftp://x"]])
            #expect(badURL.status == 422 && badURL.text.contains("destination_url"), "\(badURL.status) \(badURL.text)")
            let otherCompany = try await h.send(.post, "/rest/v1.0/webhooks/hooks", token: token, json: ["company_id": 1, "hook": ["namespace": "x", "destination_url": "http://127.0.0.1:9"]])
            #expect(otherCompany.status == 403)
            let created = try await h.send(.post, "/rest/v1.0/webhooks/hooks", token: token, json: ["company_id": h.companyID, "hook": ["namespace": "x", "destination_url": "http://127.0.0.1:9"]])
            let hookID = try #require((try JSONSerialization.jsonObject(with: created.body) as? [String: Any])?["id"] as? Int)
            let badName = try await h.send(.post, "/rest/v1.0/webhooks/hooks/\(hookID)/triggers", token: token, json: ["company_id": h.companyID, "trigger": ["resource_name": "Spaceships", "event_type": "update"]])
            #expect(badName.status == 422 && badName.text.contains("resource_name"), "\(badName.status) \(badName.text)")
            let badType = try await h.send(.post, "/rest/v1.0/webhooks/hooks/\(hookID)/triggers", token: token, json: ["company_id": h.companyID, "trigger": ["resource_name": "Requisitions", "event_type": "explode"]])
            #expect(badType.status == 422 && badType.text.contains("event_type"), "\(badType.status) \(badType.text)")
            let unknownHook = try await h.get("/rest/v1.0/webhooks/hooks/999/triggers?company_id=\(h.companyID)", token: token)
            #expect(unknownHook.status == 404)
            let noToken = try await h.get("/rest/v1.0/webhooks/hooks?company_id=\(h.companyID)", token: nil)
            #expect(noToken.status == 401)
        }
    }
}
