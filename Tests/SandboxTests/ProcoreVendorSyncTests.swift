import ConnectorTesting
import Foundation
import HTTP
import Sandbox
import Testing

/// `PATCH /rest/v1.0/vendors/sync` as Procore answers it: always 200 with entities and
/// per-record errors, upsert by id or origin_id, origin_id unique per company.
@Suite("Procore sandbox: vendors sync")
struct ProcoreVendorSyncTests {
    func sync(_ h: ProcoreSandboxHarness, _ token: String, _ updates: [[String: Any]], company: Int64? = nil) async throws
        -> (status: Int, entities: [[String: Any]], errors: [[String: Any]], text: String) {
        var body: [String: Any] = ["updates": updates]
        body["company_id"] = company ?? h.companyID
        let r = try await h.send(.patch, "/rest/v1.0/vendors/sync", token: token, json: body)
        let object = (try? JSONSerialization.jsonObject(with: r.body)) as? [String: Any]
        return (r.status, object?["entities"] as? [[String: Any]] ?? [], object?["errors"] as? [[String: Any]] ?? [], r.text)
    }

    @Test("creates by origin_id, updates the same vendor when the origin_id comes again, and refuses per record")
    func upsertAndErrors() async throws {
        try await ProcoreSandboxHarness.with(.init(projects: 1, recordsPerProject: 40)) { h in
            let token = try await h.token()
            let listPath = "/rest/v1.0/vendors?company_id=\(h.companyID)&per_page=1000"
            let before = try await h.records(listPath, token: token).count

            let first = try await sync(h, token, [
                ["origin_id": "00-0001000", "origin_code": "0001000", "name": "Cascade Concrete", "city": "Portland", "state_code": "OR",
                 "email_address": "ap@cascade.example"],
                ["origin_id": "00-0001001", "name": "Bad Mail Supply", "email_address": "accounts payable"],
                ["origin_id": "00-0001002"],
                ["id": 999, "origin_id": "00-0001003", "name": "Nobody"],
                ["origin_id": 17, "name": "Typed Wrong"],
            ])
            #expect(first.status == 200, "\(first.text)")
            #expect(first.entities.count == 1 && first.errors.count == 4, "\(first.text)")
            let created = try #require(first.entities.first)
            #expect(created["origin_id"] as? String == "00-0001000" && created["name"] as? String == "Cascade Concrete")
            func messages(_ origin: String?) -> String {
                let entry = first.errors.first { ($0["origin_id"] as? String) == origin } ?? [:]
                return "\(entry["errors"] ?? "none")"
            }
            #expect(messages("00-0001001").contains("email_address") && messages("00-0001001").contains("invalid"))
            #expect(messages("00-0001002").contains("name"), "a new vendor needs a name")
            #expect(messages("00-0001003").contains("999"), "an unknown id is a per-record error")
            #expect(first.errors.contains { "\($0["errors"] ?? "")".contains("origin_id") && $0["name"] as? String == "Typed Wrong" })
            #expect(try await h.records(listPath, token: token).count == before + 1)

            // The same origin_id again updates that vendor: no second one.
            let again = try await sync(h, token, [["origin_id": "00-0001000", "name": "Cascade Concrete Inc", "city": "Salem"]])
            #expect(again.errors.isEmpty && again.entities.first?["id"] as? Int == created["id"] as? Int)
            let listed = try await h.records(listPath + "&filters[origin_id]=00-0001000", token: token)
            #expect(listed.count == 1 && listed.first?["city"] as? String == "Salem")

            // Another vendor may not take an origin_id that is held.
            let other = try #require(try await h.records(listPath, token: token).first { $0["origin_id"] is NSNull })
            let taken = try await sync(h, token, [["id": try #require(other["id"] as? Int), "origin_id": "00-0001000"]])
            #expect(taken.entities.isEmpty && "\(taken.errors)".contains("already been taken"), "\(taken.text)")
        }
    }

    @Test("a request Procore cannot read is refused whole with 400 saying what to send")
    func malformed() async throws {
        try await ProcoreSandboxHarness.with(.init(projects: 1, recordsPerProject: 40)) { h in
            let token = try await h.token()
            let noCompany = try await h.send(.patch, "/rest/v1.0/vendors/sync", token: token, json: ["updates": [["name": "X"]]])
            #expect(noCompany.status == 400 && noCompany.text.contains("company_id"), "\(noCompany.text)")
            let tooMany = try await sync(h, token, Array(repeating: ["name": "X"], count: 1001))
            #expect(tooMany.status == 400 && tooMany.text.contains("1000"), "\(tooMany.text)")
            let otherCompany = try await sync(h, token, [["name": "X"]], company: 1)
            #expect(otherCompany.status == 403, "\(otherCompany.text)")
        }
    }
}
