import ConnectorTesting
import Foundation
import HTTP
import Sandbox
import Testing

@Suite("Procore sandbox: single-record GETs")
struct ProcoreSandboxSingleRecordTests {
    @Test("each show endpoint answers the record the list holds; unknown and deleted ids answer 404")
    func showMatchesList() async throws {
        try await ProcoreSandboxHarness.with(.init(projects: 2, recordsPerProject: 200)) { h in
            let token = try await h.token()
            let p = await h.sandbox.dataset().projectIDs[0]
            let c = h.companyID
            let (contract, _) = try await commitmentWithPayments(h, token: token, project: p)
            // (list path, show path template with ID), both with the scoping parameter
            let cases: [(String, String)] = [
                ("/rest/v1.0/vendors?company_id=\(c)", "/rest/v1.0/vendors/ID?company_id=\(c)"),
                ("/rest/v1.0/cost_codes?project_id=\(p)", "/rest/v1.0/cost_codes/ID?project_id=\(p)"),
                ("/rest/v1.0/line_item_types?company_id=\(c)&project_id=\(p)", "/rest/v1.0/line_item_types/ID?company_id=\(c)"),
                ("/rest/v1.0/purchase_order_contracts?project_id=\(p)", "/rest/v1.0/purchase_order_contracts/ID?project_id=\(p)"),
                ("/rest/v1.0/work_order_contracts?project_id=\(p)", "/rest/v1.0/work_order_contracts/ID?project_id=\(p)"),
                ("/rest/v1.1/requisitions?project_id=\(p)&view=items", "/rest/v1.1/requisitions/ID?project_id=\(p)"),
                ("/rest/v1.1/requisitions?project_id=\(p)&view=items", "/rest/v1.0/requisitions/ID?project_id=\(p)"),
                ("/rest/v1.0/projects/\(p)/commitment_change_orders", "/rest/v1.0/projects/\(p)/commitment_change_orders/ID"),
                ("/rest/v1.0/change_order_packages?project_id=\(p)", "/rest/v1.0/change_order_packages/ID?project_id=\(p)"),
                ("/rest/v1.0/payment_applications?project_id=\(p)", "/rest/v1.0/payment_applications/ID?project_id=\(p)"),
                ("/rest/v1.0/contract_payments?project_id=\(p)&contract_id=\(contract)",
                 "/rest/v1.0/contract_payments/ID?project_id=\(p)&contract_id=\(contract)"),
                ("/rest/v1.1/projects/\(p)/direct_costs", "/rest/v1.1/projects/\(p)/direct_costs/ID"),
            ]
            for (listPath, showPath) in cases {
                let list = try await h.records(listPath, token: token)
                let record = try #require(list.last, "\(listPath) is empty")
                let id = try #require(procoreID(record["id"]))
                let show = try await h.get(showPath.replacingOccurrences(of: "ID", with: String(id)), token: token)
                #expect(show.status == 200, "\(showPath): \(show.status) \(show.text)")
                let one = try #require(try JSONSerialization.jsonObject(with: show.body) as? [String: Any])
                let canonical = { (o: [String: Any]) in try JSONSerialization.data(withJSONObject: o, options: [.sortedKeys]) }
                #expect(try canonical(one) == canonical(record), "\(showPath) differs from the list's record")
                let missing = try await h.get(showPath.replacingOccurrences(of: "ID", with: "1"), token: token)
                #expect(missing.status == 404, "\(showPath) with an unknown id answered \(missing.status)")
            }
            // line items and requisition items
            let wo = try #require(try await h.records("/rest/v1.0/work_order_contracts?project_id=\(p)", token: token).first)
            let woID = try #require(procoreID(wo["id"]))
            let line = try #require(try await h.records("/rest/v1.0/work_order_contracts/\(woID)/line_items?project_id=\(p)", token: token).first)
            let lineID = try #require(procoreID(line["id"]))
            let oneLine = try await h.get("/rest/v1.0/work_order_contracts/\(woID)/line_items/\(lineID)?project_id=\(p)", token: token)
            #expect(oneLine.status == 200)
            let req = try #require(try await h.records("/rest/v1.1/requisitions?project_id=\(p)", token: token).first)
            let reqID = try #require(procoreID(req["id"]))
            let item = try #require(try await h.records("/rest/v1.0/requisitions/\(reqID)/contract_items?project_id=\(p)", token: token).first)
            let itemID = try #require(procoreID(item["id"]))
            let oneItem = try await h.get("/rest/v1.0/requisitions/\(reqID)/contract_items/\(itemID)?project_id=\(p)", token: token)
            #expect(oneItem.status == 200)
            // a deleted commitment is listed with include_deleted but has no show page
            let deleted = try await h.records("/rest/v1.0/work_order_contracts?project_id=\(p)&filters[include_deleted]=only", token: token)
                + h.records("/rest/v1.0/purchase_order_contracts?project_id=\(p)&filters[include_deleted]=only", token: token)
            if let gone = deleted.first, let goneID = procoreID(gone["id"]) {
                let kind = gone["line_items"] == nil ? "purchase_order_contracts" : "work_order_contracts"
                #expect(try await h.get("/rest/v1.0/\(kind)/\(goneID)?project_id=\(p)", token: token).status == 404)
            }
        }
    }
}
