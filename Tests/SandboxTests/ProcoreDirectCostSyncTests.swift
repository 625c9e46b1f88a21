import ConnectorTesting
import Foundation
import HTTP
import Sandbox
import Testing

/// `PATCH /rest/v1.0/projects/{project_id}/direct_costs/sync` and `…/line_items/sync` as Procore
/// answers them: 200 with entities and per-record errors, upsert by origin_id (unique per
/// company), the direct cost's amount the sum of its lines.
@Suite("Procore sandbox: direct costs sync")
struct ProcoreDirectCostSyncTests {
    func sync(_ h: ProcoreSandboxHarness, _ token: String, project: Int64, lines: Bool = false, _ updates: [[String: Any]]) async throws
        -> (status: Int, entities: [[String: Any]], errors: [[String: Any]], text: String) {
        let path = "/rest/v1.0/projects/\(project)/direct_costs/\(lines ? "line_items/" : "")sync"
        let r = try await h.send(.patch, path, token: token, json: ["updates": updates])
        let object = (try? JSONSerialization.jsonObject(with: r.body)) as? [String: Any]
        return (r.status, object?["entities"] as? [[String: Any]] ?? [], object?["errors"] as? [[String: Any]] ?? [], r.text)
    }

    func fields(_ errors: [[String: Any]], _ origin: String) -> Set<String> {
        Set(((errors.first { $0["origin_id"] as? String == origin }?["errors"]) as? [String: Any] ?? [:]).keys)
    }

    @Test("creates by origin_id and updates on a second send; refuses per record with the field; an origin_id is the company's once; lines need a cost code of the project and sum into the direct cost")
    func directCostSync() async throws {
        try await ProcoreSandboxHarness.with(.init(projects: 2, recordsPerProject: 40)) { h in
            let token = try await h.token()
            let data = await h.sandbox.dataset()
            let (p1, p2) = (data.projectIDs[0], data.projectIDs[1])
            let vendor = try #require(try await h.records("/rest/v1.0/vendors?company_id=\(h.companyID)", token: token).first?["id"] as? NSNumber)

            let first = try await sync(h, token, project: p1, [
                ["origin_id": "JC-000001", "direct_cost_type": "payroll", "direct_cost_date": "2026-12-04", "status": "approved"],
                ["origin_id": "00-0001000-INV1", "direct_cost_type": "invoice", "direct_cost_date": "2026-12-03"],
                ["origin_id": "JC-000002", "direct_cost_type": "expense"],
                ["origin_id": "JC-000003", "direct_cost_type": "rebate", "direct_cost_date": "2026-13-01"],
                ["origin_id": "00-0001000-INV2", "direct_cost_type": "invoice", "direct_cost_date": "2026-12-03",
                 "vendor_id": vendor, "invoice_number": "INV2"],
            ])
            #expect(first.status == 200, "\(first.text)")
            #expect(first.entities.compactMap { $0["origin_id"] as? String }.sorted() == ["00-0001000-INV2", "JC-000001"], "\(first.text)")
            #expect(fields(first.errors, "00-0001000-INV1") == ["invoice_number", "vendor_id"])
            #expect(fields(first.errors, "JC-000002") == ["direct_cost_date"])
            #expect(fields(first.errors, "JC-000003") == ["direct_cost_date", "direct_cost_type"])
            let payroll = try #require(first.entities.first { $0["origin_id"] as? String == "JC-000001" }?["id"] as? NSNumber)

            // The same origin_id again updates; in another project it is refused; the type cannot change.
            let again = try await sync(h, token, project: p1, [["origin_id": "JC-000001", "direct_cost_type": "payroll",
                                                               "direct_cost_date": "2026-12-05", "description": "Crew 4"]])
            #expect((again.entities.first?["id"] as? NSNumber) == payroll && again.entities.first?["direct_cost_date"] as? String == "2026-12-05")
            let elsewhere = try await sync(h, token, project: p2, [["origin_id": "JC-000001", "direct_cost_type": "payroll", "direct_cost_date": "2026-12-05"]])
            #expect(elsewhere.entities.isEmpty && fields(elsewhere.errors, "JC-000001") == ["origin_id"], "\(elsewhere.text)")
            let retype = try await sync(h, token, project: p1, [["origin_id": "JC-000001", "direct_cost_type": "expense"]])
            #expect(fields(retype.errors, "JC-000001") == ["direct_cost_type"])

            // Lines: a cost code of the project, a line item type, an amount; they sum into the direct cost.
            let code1 = try #require(try await h.records("/rest/v1.0/cost_codes?project_id=\(p1)", token: token).first?["id"] as? NSNumber)
            let code2 = try #require(try await h.records("/rest/v1.0/cost_codes?project_id=\(p2)", token: token).first?["id"] as? NSNumber)
            let type = try #require(try await h.records("/rest/v1.0/line_item_types?company_id=\(h.companyID)&project_id=\(p1)", token: token).first?["id"] as? NSNumber)
            let lines = try await sync(h, token, project: p1, lines: true, [
                ["origin_id": "JC-000001/1", "direct_cost_id": payroll, "cost_code_id": code1, "line_item_type_id": type, "amount": 1000.25],
                ["origin_id": "JC-000001/2", "direct_cost_id": payroll, "cost_code_id": code1, "line_item_type_id": type, "amount": 234.31],
                ["origin_id": "JC-000001/3", "direct_cost_id": payroll, "cost_code_id": code2, "line_item_type_id": type, "amount": 5],
                ["origin_id": "JC-000001/4", "direct_cost_id": payroll, "cost_code_id": code1, "line_item_type_id": type, "amount": 1.234],
                ["origin_id": "JC-000001/5", "direct_cost_id": payroll, "line_item_type_id": type, "amount": 5],
            ])
            #expect(lines.entities.count == 2, "\(lines.text)")
            #expect(fields(lines.errors, "JC-000001/3") == ["cost_code_id"])
            #expect(fields(lines.errors, "JC-000001/4") == ["amount"])
            #expect(fields(lines.errors, "JC-000001/5") == ["cost_code_id"])
            let cost = try await h.records("/rest/v1.1/projects/\(p1)/direct_costs?filters[id]=\(payroll)", token: token).first
            #expect(cost?["amount"] as? String == "1234.56", "the direct cost's amount is its lines' sum")
            // A line sent again by origin_id changes, not doubles.
            _ = try await sync(h, token, project: p1, lines: true, [["origin_id": "JC-000001/2", "amount": 0.75]])
            let after = try await h.records("/rest/v1.1/projects/\(p1)/direct_costs?filters[id]=\(payroll)", token: token).first
            #expect(after?["amount"] as? String == "1001.0")

            let missing = try await h.send(.patch, "/rest/v1.0/projects/\(p1)/direct_costs/sync", token: token, json: ["records": []])
            #expect(missing.status == 400)
        }
    }
}
