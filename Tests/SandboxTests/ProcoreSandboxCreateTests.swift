import ConnectorTesting
import Foundation
import HTTP
import Sandbox
import Testing

/// `POST /_sandbox/create`: new records as people add them in Procore, read back through the
/// public API like any other record, announced to the webhooks as `create`.
@Suite("Procore sandbox: records created after start")
struct ProcoreSandboxCreateTests {
    func ids(_ response: HTTPResponse) throws -> [Int64] {
        let object = try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any])
        return try #require(object["ids"] as? [NSNumber]).map(\.int64Value)
    }

    @Test("new change orders are approved, newest ids, listed and shown in their project; the commitment's approved total follows")
    func changeOrders() async throws {
        try await ProcoreSandboxHarness.with(.init(projects: 2, recordsPerProject: 80)) { h in
            let token = try await h.token()
            let p = await h.sandbox.dataset().projectIDs[0]
            let listPath = "/rest/v1.0/projects/\(p)/commitment_change_orders"
            let before = try await h.records(listPath, token: token)
            func approvedTotals() async throws -> [Int64: Int64] {
                var out: [Int64: Int64] = [:]
                for kind in ["purchase_order_contracts", "work_order_contracts"] {
                    for c in try await h.all("/rest/v1.0/\(kind)?project_id=\(p)&per_page=100", token: token) {
                        if let id = procoreID(c["id"]), let cents = procoreCents(c["approved_change_orders"]) { out[id] = cents }
                    }
                }
                return out
            }
            let totalsBefore = try await approvedTotals()
            let answer = try await h.post("/_sandbox/create?resource=commitment_change_orders&count=3&project_id=\(p)")
            #expect(answer.status == 200, "\(answer.text)")
            let created = try ids(answer)
            #expect(created.count == 3)
            let oldMax = before.compactMap { procoreID($0["id"]) }.max() ?? 0
            #expect(created.allSatisfy { $0 > oldMax } && created == created.sorted(), "new records take ids after every earlier one")

            let after = try await h.records(listPath, token: token)
            #expect(after.count == before.count + 3)
            var addedByContract: [Int64: Int64] = [:]
            for id in created {
                let co = try #require(after.first { procoreID($0["id"]) == id }, "change order \(id) is listed in its project")
                #expect(co["status"] as? String == "approved")
                #expect(co["executed"] as? Bool == true)
                #expect(co["created_at"] as? String == co["updated_at"] as? String)
                let lines = try #require(co["line_items"] as? [[String: Any]])
                #expect((1...3).contains(lines.count))
                let total = try #require(procoreCents(co["grand_total"]))
                #expect(total == lines.compactMap { procoreCents($0["amount"]) }.reduce(0, +) && total > 0)
                let contract = try #require(procoreID((co["contract"] as? [String: Any])?["id"]))
                addedByContract[contract, default: 0] += total
                let shown = try await h.get("\(listPath)/\(id)", token: token)
                #expect(shown.status == 200, "GET of the created change order: \(shown.text)")
            }
            // Each commitment's approved change order total grew by exactly what was created on it.
            let totalsAfter = try await approvedTotals()
            for (contract, added) in addedByContract {
                #expect(totalsAfter[contract].map { $0 - (totalsBefore[contract] ?? 0) } == added, "commitment \(contract)")
            }
            let other = await h.sandbox.dataset().projectIDs[1]
            #expect(try await h.get("/rest/v1.0/projects/\(other)/commitment_change_orders/\(created[0])", token: token).status == 404,
                    "a created change order belongs to its own project only")
        }
    }

    @Test("a new requisition continues its commitment's billing; a new pay app continues the project's; both are approved and pass the API's own filters")
    func billings() async throws {
        try await ProcoreSandboxHarness.with(.init(projects: 2, recordsPerProject: 80)) { h in
            let token = try await h.token()
            /// The first project where a record of `resource` can still be created (a project
            /// billed to 100 % takes no further pay app).
            func createSomewhere(_ resource: String) async throws -> (project: Int64, id: Int64) {
                for p in await h.sandbox.dataset().projectIDs {
                    if let id = try await h.sandbox.create(resource: resource, count: 1, projectID: p).first { return (p, id) }
                }
                Issue.record("no project takes a new \(resource)")
                throw CancellationError()
            }
            let (p, requisitionID) = try await createSomewhere("requisitions")
            let requisition = try await h.records("/rest/v1.1/requisitions?project_id=\(p)&per_page=1000&filters[status]=approved", token: token)
                .first { procoreID($0["id"]) == requisitionID }
            let r = try #require(requisition, "the created requisition is listed with filters[status]=approved")
            let contract = try #require(procoreID(r["commitment_id"]) ?? procoreID(r["contract_id"]))
            let siblings = try await h.records("/rest/v1.1/requisitions?project_id=\(p)&per_page=1000&filters[commitment_id]=\(contract)", token: token)
            let number = try #require((r["number"] as? NSNumber)?.intValue)
            #expect(number == siblings.compactMap { ($0["number"] as? NSNumber)?.intValue }.max(), "the new requisition is its commitment's latest")
            if number > 1 {
                let previous = try #require(procoreID(r["previous_requisition_id"]), "the new requisition follows an earlier one")
                let earlier = try #require(siblings.first { procoreID($0["id"]) == previous })
                #expect((earlier["number"] as? NSNumber)?.intValue == number - 1)
            }
            #expect(try #require(procoreCents(r["total_claimed_amount"])) > 0, "it bills further progress")

            let (payAppProject, payAppID) = try await createSomewhere("payment_applications")
            let payApps = try await h.records("/rest/v1.0/payment_applications?project_id=\(payAppProject)", token: token)
            let pa = try #require(payApps.first { procoreID($0["id"]) == payAppID })
            #expect(pa["status"] as? String == "approved")
            let newest = payApps.compactMap { ($0["number"] as? NSNumber)?.intValue }.max()
            #expect((pa["number"] as? NSNumber)?.intValue == newest, "the created pay app is the project's latest")
            #expect(try #require(procoreCents(pa["total_amount_accrued_this_period"])) > 0, "it bills further progress")
        }
    }

    @Test("unknown resources and projects are refused saying what to use; vendors and payments are created too")
    func refusalsAndOthers() async throws {
        try await ProcoreSandboxHarness.with(.init(projects: 2, recordsPerProject: 80)) { h in
            let token = try await h.token()
            let unknown = try await h.post("/_sandbox/create?resource=projects&count=1")
            #expect(unknown.status == 400 && unknown.text.contains("commitment_change_orders"), "\(unknown.text)")
            let project = try await h.post("/_sandbox/create?resource=vendors&count=1&project_id=42")
            #expect(project.status == 404 && project.text.contains("42"), "\(project.text)")

            let vendorBefore = try await h.records("/rest/v1.0/vendors?company_id=\(h.companyID)&per_page=1000", token: token)
            let vendorIDs = try await h.sandbox.create(resource: "vendors", count: 2)
            let vendorAfter = try await h.records("/rest/v1.0/vendors?company_id=\(h.companyID)&per_page=1000", token: token)
            #expect(vendorAfter.count == vendorBefore.count + 2)
            let oldNames = Set(vendorBefore.compactMap { $0["name"] as? String })
            let newNames = vendorAfter.filter { v in vendorIDs.contains { procoreID(v["id"]) == $0 } }.compactMap { $0["name"] as? String }
            #expect(newNames.count == 2 && Set(newNames).count == 2 && oldNames.isDisjoint(with: newNames), "new vendor names are new: \(newNames)")
            #expect(vendorIDs.allSatisfy { id in vendorAfter.contains { procoreID($0["id"]) == id && $0["origin_id"] is NSNull } })

            let p = await h.sandbox.dataset().projectIDs[0]
            let paymentID = try #require(try await h.sandbox.create(resource: "contract_payments", count: 1, projectID: p).first)
            var found: [String: Any]? = nil
            for kind in ["purchase_order_contracts", "work_order_contracts"] where found == nil {
                for c in try await h.all("/rest/v1.0/\(kind)?project_id=\(p)&per_page=100", token: token) where found == nil {
                    guard let contract = procoreID(c["id"]) else { continue }
                    let payments = try await h.all("/rest/v1.0/contract_payments?project_id=\(p)&contract_id=\(contract)&per_page=100", token: token)
                    found = payments.first { procoreID($0["id"]) == paymentID }
                }
            }
            let payment = try #require(found, "the created payment is listed under its commitment")
            #expect(try #require(procoreCents(payment["amount"])) > 0)
            #expect(procoreID(payment["requisition_id"]) != nil, "the payment pays a requisition")
        }
    }

    @Test("commitment_id puts the new change order on that commitment; a commitment that is not approved takes none")
    func onCommitment() async throws {
        try await ProcoreSandboxHarness.with(.init(projects: 3, recordsPerProject: 200)) { h in
            let token = try await h.token()
            let p = await h.sandbox.dataset().projectIDs[0]
            var commitments: [[String: Any]] = []
            for kind in ["purchase_order_contracts", "work_order_contracts"] {
                commitments += try await h.all("/rest/v1.0/\(kind)?project_id=\(p)&per_page=100", token: token)
            }
            #expect(commitments.count > 5)
            let approved = try #require(commitments.first { ["Approved", "Complete"].contains($0["status"] as? String ?? "") })
            let other = try #require(commitments.first { !["Approved", "Complete"].contains($0["status"] as? String ?? "") })
            let approvedID = try #require(procoreID(approved["id"])), otherID = try #require(procoreID(other["id"]))

            let answer = try await h.post("/_sandbox/create?resource=commitment_change_orders&count=2&commitment_id=\(approvedID)")
            #expect(answer.status == 200, "\(answer.text)")
            let created = try ids(answer)
            let list = try await h.records("/rest/v1.0/projects/\(p)/commitment_change_orders", token: token)
            for id in created {
                let co = try #require(list.first { procoreID($0["id"]) == id })
                #expect(procoreID((co["contract"] as? [String: Any])?["id"]) == approvedID)
            }
            let numbers = list.filter { procoreID(($0["contract"] as? [String: Any])?["id"]) == approvedID }.compactMap { $0["number"] as? String }
            #expect(Set(numbers).count == numbers.count, "change order numbers stay unique on the commitment: \(numbers)")

            let refused = try await h.post("/_sandbox/create?resource=commitment_change_orders&count=1&commitment_id=\(otherID)")
            #expect(refused.status == 422 && refused.text.contains("\(otherID)"), "\(refused.text)")
            let wrongKind = try await h.post("/_sandbox/create?resource=payment_applications&count=1&commitment_id=\(approvedID)")
            #expect(wrongKind.status == 400, "\(wrongKind.text)")
        }
    }

    @Test("a create raises a CREATE event for each new record")
    func webhookEvent() async throws {
        try await ProcoreSandboxHarness.with(.init(projects: 2, recordsPerProject: 60)) { h in
            let token = try await h.token()
            let hook = try await h.send(.post, "/rest/v1.0/webhooks/hooks", token: token, json: [
                "company_id": h.companyID,
                "hook": ["api_version": "v2", "namespace": "ml-connector", "destination_url": "http://127.0.0.1:9/hook"] as [String: Any],
            ])
            let hookID = try #require((try JSONSerialization.jsonObject(with: hook.body) as? [String: Any])?["id"] as? Int)
            let trigger = try await h.send(.post, "/rest/v1.0/webhooks/hooks/\(hookID)/triggers", token: token, json: [
                "company_id": h.companyID, "api_version": "v2",
                "trigger": ["resource_name": "Commitment Change Orders", "event_type": "create"],
            ])
            #expect(trigger.status == 201, "\(trigger.text)")
            // An update is not a create: it raises nothing for this trigger.
            _ = await h.sandbox.touch(resource: "commitment_change_orders", count: 1)
            let created = try await h.sandbox.create(resource: "commitment_change_orders", count: 1)
            #expect(created.count == 1)
            let q = "company_id=\(h.companyID)"
            var deliveries: [[String: Any]] = []
            for _ in 0..<100 where deliveries.isEmpty {
                try await Task.sleep(for: .milliseconds(50))
                deliveries = try await h.records("/rest/v1.0/webhooks/hooks/\(hookID)/deliveries?\(q)", token: token)
            }
            let events = deliveries.compactMap { $0["event"] as? [String: Any] }
            #expect(!events.isEmpty && events.allSatisfy { $0["event_type"] as? String == "create" && procoreID($0["resource_id"]) == created.first })
        }
    }
}
