import ConnectorTesting
import Foundation
import HTTP
import Procore
import Sandbox
import Testing

/// `POST /rest/v1.0/contract_payments` as a third-party client sends it, and as the connector's
/// client does: what is created is served back field for field, and what Procore refuses is
/// refused with its status.
@Suite("Procore sandbox: creating contract payments")
struct ProcoreContractPaymentPostTests {
    static func post(_ h: ProcoreSandboxHarness, token: String, json: String, contentType: String = "application/json",
                     company: Bool = true, idempotencyToken: String? = nil) async throws -> (status: Int, body: [String: Any]) {
        var headers = HTTPHeaders()
        if let idempotencyToken { headers.add("Idempotency-Token", idempotencyToken) }
        headers.add("Authorization", "Bearer \(token)")
        headers.add("Content-Type", contentType)
        if company { headers.add("Procore-Company-Id", String(h.companyID)) }
        let response = try await h.post("/rest/v1.0/contract_payments", headers: headers, body: Data(json.utf8))
        let body = (try? JSONSerialization.jsonObject(with: response.body)) as? [String: Any] ?? [:]
        return (response.status, body)
    }

    /// A commitment with a payment, and the requisition that payment paid.
    static func target(_ h: ProcoreSandboxHarness, token: String, skipping: Int64? = nil) async throws -> (project: Int64, contract: Int64, requisition: Int64) {
        let dataset = await h.sandbox.dataset()
        let project = try #require(dataset.projectIDs.first {
            $0 != skipping && !dataset.forbiddenProjectIDs.contains($0) && !dataset.inactiveProjectIDs.contains($0)
        })
        let (contract, _) = try await commitmentWithPayments(h, token: token, project: project)
        let payments = try await h.records("/rest/v1.0/contract_payments?project_id=\(project)&contract_id=\(contract)", token: token)
        let requisition = try #require(payments.compactMap { procoreID($0["requisition_id"]) }.first)
        return (project, contract, requisition)
    }

    @Test("a payment created by a third-party client is served back field for field, in its commitment's list and alone")
    func createdAndServed() async throws {
        try await ProcoreSandboxHarness.with(.init(projects: 3, recordsPerProject: 60)) { h in
            let token = try await h.token()
            let (project, contract, requisition) = try await Self.target(h, token: token)
            let before = await h.sandbox.dataset().counts["contract_payments"] ?? 0
            let (status, created) = try await Self.post(h, token: token, json: """
                {"project_id": \(project), "contract_id": \(contract), "contract_payment": {
                  "amount": "1234.56", "date": "2026-11-30", "check_number": "000123", "payment_method": "check",
                  "requisition_id": \(requisition), "invoice_number": "INV-9", "notes": "from Sage",
                  "origin_id": "A-000123/INV-9", "origin_data": "sage100:ABC", "unknown_field": 1}}
                """)
            #expect(status == 201, "\(created)")
            let id = try #require(procoreID(created["id"]))
            #expect(created["amount"] as? String == "1234.56")
            #expect(created["check_number"] as? String == "000123", "check numbers keep their leading zeros")
            #expect(created["date"] as? String == "2026-11-30")
            #expect(procoreID(created["requisition_id"]) == requisition)
            #expect(procoreID(created["contract_id"]) == contract)
            #expect(created["origin_id"] as? String == "A-000123/INV-9")
            #expect(created["origin_data"] as? String == "sage100:ABC")
            #expect(created["invoice_number"] as? String == "INV-9")
            #expect(await h.sandbox.dataset().counts["contract_payments"] == before + 1)

            let listed = try await h.records("/rest/v1.0/contract_payments?project_id=\(project)&contract_id=\(contract)&per_page=1000", token: token)
            let same = try #require(listed.first { procoreID($0["id"]) == id })
            #expect(same["origin_id"] as? String == "A-000123/INV-9")
            #expect(same["amount"] as? String == "1234.56")
            let single = try await h.get("/rest/v1.0/contract_payments/\(id)?project_id=\(project)&contract_id=\(contract)", token: token)
            #expect(single.status == 200)

            // A request repeating an Idempotency-Token answers the first payment; nothing new is made.
            let once = "{\"project_id\": \(project), \"contract_id\": \(contract), \"contract_payment\": {\"amount\": \"5.00\"}}"
            let a = try await Self.post(h, token: token, json: once, idempotencyToken: "tok-1")
            let b = try await Self.post(h, token: token, json: once, idempotencyToken: "tok-1")
            let c = try await Self.post(h, token: token, json: once, idempotencyToken: "tok-2")
            #expect(a.status == 201 && b.status == 201 && c.status == 201)
            #expect(procoreID(a.body["id"]) == procoreID(b.body["id"]))
            #expect(procoreID(a.body["id"]) != procoreID(c.body["id"]))
            #expect(await h.sandbox.dataset().counts["contract_payments"] == before + 3)

            // The connector's own client creates and finds payments the same way.
            let made = try await h.client.createContractPayment(NewContractPayment(
                projectID: project, contractID: contract, requisitionID: requisition, amount: Decimal(string: "10.05")!,
                date: ProcoreDay(year: 2026, month: 12, day: 1), checkNumber: "000124", invoiceNumber: "INV-10",
                originID: "A-000124/INV-10"))
            #expect(made.amount == Decimal(string: "10.05"))
            #expect(made.originID == "A-000124/INV-10")
            let all = try await h.client.contractPayments(projectID: project, contractID: contract)
            #expect(all.filter { $0.originID == "A-000124/INV-10" }.map(\.id) == [made.id])
            #expect(made.id > id)
        }
    }

    @Test("what Procore refuses is refused with its status, and nothing is created")
    func refusals() async throws {
        try await ProcoreSandboxHarness.with(.init(projects: 4, recordsPerProject: 60, forbidProjects: 1)) { h in
            let token = try await h.token()
            let (project, contract, requisition) = try await Self.target(h, token: token)
            let dataset = await h.sandbox.dataset()
            let forbidden = try #require(dataset.forbiddenProjectIDs.first)
            // A requisition of another commitment of the company.
            let otherRequisition = try await Self.target(h, token: token, skipping: project).requisition
            #expect(otherRequisition != requisition)
            let before = dataset.counts["contract_payments"] ?? 0
            let good = "\"project_id\": \(project), \"contract_id\": \(contract)"
            let cases: [(String, String, Int, String?)] = [
                ("no company header", "{\(good), \"contract_payment\": {\"amount\": \"1.00\"}}", 400, nil),
                ("not JSON", "{\(good), ", 400, nil),
                ("no contract_id", "{\"project_id\": \(project), \"contract_payment\": {\"amount\": \"1.00\"}}", 400, "contract_id"),
                ("contract_id not an integer", "{\"project_id\": \(project), \"contract_id\": \"abc\", \"contract_payment\": {\"amount\": \"1.00\"}}", 400, "contract_id"),
                ("unknown contract", "{\"project_id\": \(project), \"contract_id\": 1, \"contract_payment\": {\"amount\": \"1.00\"}}", 404, "Contract"),
                ("forbidden project", "{\"project_id\": \(forbidden), \"contract_id\": \(contract), \"contract_payment\": {\"amount\": \"1.00\"}}", 403, nil),
                ("no amount", "{\(good), \"contract_payment\": {\"check_number\": \"1\"}}", 422, "Amount"),
                ("three decimals", "{\(good), \"contract_payment\": {\"amount\": \"12.345\"}}", 422, "12.345"),
                ("unknown method", "{\(good), \"contract_payment\": {\"amount\": \"1.00\", \"payment_method\": \"cash\"}}", 422, "payment_method"),
                ("bad date", "{\(good), \"contract_payment\": {\"amount\": \"1.00\", \"date\": \"2026-13-01\"}}", 422, "date"),
                ("number as check", "{\(good), \"contract_payment\": {\"amount\": \"1.00\", \"check_number\": 123}}", 422, "check_number"),
                ("requisition of another contract", "{\(good), \"contract_payment\": {\"amount\": \"1.00\", \"requisition_id\": \(otherRequisition)}}", 422, "requisition_id"),
            ]
            for (name, json, status, mention) in cases {
                let answer = try await Self.post(h, token: token, json: json, company: name != "no company header")
                #expect(answer.status == status, "\(name): \(answer.status) \(answer.body)")
                if let mention {
                    #expect((answer.body["errors"] as? String)?.contains(mention) == true, "\(name): \(answer.body)")
                }
            }
            let wrongType = try await Self.post(h, token: token, json: "{\(good), \"contract_payment\": {\"amount\": \"1.00\"}}",
                                                contentType: "text/plain")
            #expect(wrongType.status == 415)
            #expect(await h.sandbox.dataset().counts["contract_payments"] == before)
        }
    }
}
