import ConnectorTesting
import Foundation
import HTTP
import Sandbox
import Testing

/// `PATCH /rest/v1.0/{purchase_order_contracts|work_order_contracts|requisitions}/{id}` as an ERP
/// integration uses it: origin fields only, the schema's required ids, origin_id unique per company.
@Suite("Procore sandbox: origin_id written back")
struct ProcoreOriginPatchTests {
    @Test("origin fields are set and read back; required ids, other fields and a taken origin_id are refused saying why")
    func patch() async throws {
        try await ProcoreSandboxHarness.with(.init(projects: 1, recordsPerProject: 60)) { h in
            let token = try await h.token()
            let p = await h.sandbox.dataset().projectIDs[0]
            let orders = try await h.records("/rest/v1.0/work_order_contracts?project_id=\(p)&per_page=100", token: token)
            #expect(orders.count >= 2)
            let a = try #require(orders[0]["id"] as? Int), b = try #require(orders[1]["id"] as? Int)

            let set = try await h.send(.patch, "/rest/v1.0/work_order_contracts/\(a)", token: token, json: [
                "project_id": p, "work_order_contract": ["origin_id": "C0APSW5", "origin_data": "Sage 100 purchase order C0APSW5"]])
            #expect(set.status == 200, "\(set.text)")
            let shown = try await h.records("/rest/v1.0/work_order_contracts?project_id=\(p)&per_page=100", token: token).first { $0["id"] as? Int == a }
            #expect(shown?["origin_id"] as? String == "C0APSW5" && shown?["origin_data"] as? String == "Sage 100 purchase order C0APSW5")
            #expect((shown?["updated_at"] as? String ?? "") > (orders[0]["updated_at"] as? String ?? "~"), "a PATCH stamps the record")

            let taken = try await h.send(.patch, "/rest/v1.0/work_order_contracts/\(b)", token: token, json: [
                "project_id": p, "work_order_contract": ["origin_id": "C0APSW5"]])
            #expect(taken.status == 422 && taken.text.contains("already been taken"), "\(taken.text)")
            let noProject = try await h.send(.patch, "/rest/v1.0/work_order_contracts/\(b)", token: token, json: [
                "work_order_contract": ["origin_id": "C0APSW6"]])
            #expect(noProject.status == 400 && noProject.text.contains("project_id"), "\(noProject.text)")
            let other = try await h.send(.patch, "/rest/v1.0/work_order_contracts/\(b)", token: token, json: [
                "project_id": p, "work_order_contract": ["title": "Renamed"]])
            #expect(other.status == 422 && other.text.contains("title"), "\(other.text)")

            let requisition = try #require(try await h.records("/rest/v1.1/requisitions?project_id=\(p)&per_page=100", token: token).first)
            let rid = try #require(requisition["id"] as? Int), commitment = try #require(requisition["commitment_id"] as? Int)
            let noCommitment = try await h.send(.patch, "/rest/v1.0/requisitions/\(rid)", token: token, json: [
                "project_id": p, "requisition": ["origin_id": "00-P700001-INV-1"]])
            #expect(noCommitment.status == 400 && noCommitment.text.contains("commitment_id"), "\(noCommitment.text)")
            let linked = try await h.send(.patch, "/rest/v1.0/requisitions/\(rid)", token: token, json: [
                "project_id": p, "commitment_id": commitment, "requisition": ["origin_id": "00-P700001-INV-1"]])
            #expect(linked.status == 200, "\(linked.text)")
            let found = try await h.records("/rest/v1.1/requisitions?project_id=\(p)&filters[origin_id]=00-P700001-INV-1", token: token)
            #expect(found.map { $0["id"] as? Int } == [rid])

            // A contract payment: contract_id required; origin_id unique among the company's payments.
            let (contract, firstPayment) = try await commitmentWithPayments(h, token: token, project: p)
            let payments = try await h.records("/rest/v1.0/contract_payments?project_id=\(p)&contract_id=\(contract)", token: token)
            let payment = try #require(payments.first { procoreID($0["id"]) == firstPayment })
            let pid = Int(firstPayment)
            let noContract = try await h.send(.patch, "/rest/v1.0/contract_payments/\(pid)", token: token, json: [
                "project_id": p, "contract_payment": ["origin_id": "A-0012003"]])
            #expect(noContract.status == 400 && noContract.text.contains("contract_id"), "\(noContract.text)")
            let paid = try await h.send(.patch, "/rest/v1.0/contract_payments/\(pid)", token: token, json: [
                "project_id": p, "contract_id": contract, "contract_payment": ["origin_id": "A-0012003", "origin_data": "Sage 100 manual check A-0012003"]])
            #expect(paid.status == 200, "\(paid.text)")
            let listed = try await h.records("/rest/v1.0/contract_payments?project_id=\(p)&contract_id=\(contract)", token: token).first { $0["id"] as? Int == pid }
            #expect(listed?["origin_id"] as? String == "A-0012003" && listed?["check_number"] as? String == payment["check_number"] as? String,
                    "the link changes the origin fields and nothing else")
            if let second = payments.first(where: { $0["id"] as? Int != pid }) {
                let again = try await h.send(.patch, "/rest/v1.0/contract_payments/\(second["id"] as? Int ?? 0)", token: token, json: [
                    "project_id": p, "contract_id": contract, "contract_payment": ["origin_id": "A-0012003"]])
                #expect(again.status == 422 && again.text.contains("already been taken"), "\(again.text)")
            }
        }
    }
}
