import Foundation
import HTTP
import JSON
import Sage100
import Sandbox
import Testing

@Suite("Sage agent simulator: reference reads and paging")
struct SageAgentReferenceTests {
    @Test func glAccountsPageByCursorWithoutGapsOrRepeats() async throws {
        try await SageAgentHarness.with { h in
            var keys: [String] = []
            var cursor: String?
            var pages = 0
            repeat {
                let query = "/v1/companies/ABC/gl-accounts?limit=25" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try h.decode(AgentPage<JSONValue>.self, try await h.get(query))
                #expect(page.items.count <= 25)
                keys += page.items.compactMap { $0["AccountKey"]?.stringValue }
                cursor = page.nextCursor
                pages += 1
            } while cursor != nil && pages < 10
            #expect(pages == 3)
            #expect(keys.count >= 55)
            #expect(Set(keys).count == keys.count)
            #expect(keys == keys.sorted())
            #expect(keys.allSatisfy { $0.count == 9 })

            let all = try h.decode(AgentPage<JSONValue>.self, try await h.get("/v1/companies/ABC/gl-accounts?limit=500"))
            let electrical = try #require(all.items.first { $0["AccountKey"] == "510004000" })
            #expect(electrical["Status"] == "I")
            #expect(electrical["Account"] == "5100-04-00")
            #expect(electrical["AccountDesc"] == "Subcontract Costs - Electrical")
            let descriptions = Set(all.items.compactMap { $0["AccountDesc"]?.stringValue })
            #expect(descriptions.isSuperset(of: ["Subcontract Costs", "Retainage Payable", "Accounts Payable", "Cash - Operating"]))
        }
    }

    @Test func vendorsPageAndRejectForeignCursorsAndLimits() async throws {
        try await SageAgentHarness.with { h in
            let first = try h.decode(AgentPage<JSONValue>.self, try await h.get("/v1/companies/ABC/vendors?limit=20"))
            #expect(first.items.count == 20)
            let cursor = try #require(first.nextCursor)
            let second = try h.decode(AgentPage<JSONValue>.self, try await h.get("/v1/companies/ABC/vendors?limit=20&cursor=\(cursor)"))
            #expect(second.nextCursor == nil)
            #expect(first.items.count + second.items.count == 30)
            #expect(Set((first.items + second.items).compactMap { $0["VendorNo"]?.stringValue }).count == 30)
            #expect(second.items.contains { $0["APDivisionNo"] == "01" })

            let forged = try await h.get("/v1/companies/ABC/vendors?cursor=bm90LWEtY3Vyc29y")
            #expect(forged.status == 422)
            #expect(try h.errorBody(forged).message.contains("cursor"))
            let tooMany = try await h.get("/v1/companies/ABC/vendors?limit=501")
            #expect(tooMany.status == 422)
            #expect(try h.errorBody(tooMany).message.contains("501"))
        }
    }

    @Test func accountStructureDescribesTheMask() async throws {
        try await SageAgentHarness.with { h in
            let structure = try h.decode(AgentAccountStructure.self, try await h.get("/v1/companies/ABC/account-structure"))
            #expect(structure.mask == "####-##-##")
            #expect(structure.segments.map(\.length) == [4, 2, 2])
            #expect(structure.segments.map(\.separator) == ["-", "-", nil])
            #expect(structure.segments.allSatisfy { $0.numeric })
        }
    }

    @Test func jobDocumentsNeedAJobAndPageByKindThenKey() async throws {
        try await SageAgentHarness.with { h in
            let missing = try await h.get("/v1/companies/ABC/job-documents")
            #expect(missing.status == 422)
            #expect(try h.errorBody(missing).message.contains("job"))
            let empty = try h.decode(AgentPage<AgentPostedDocument>.self, try await h.get("/v1/companies/ABC/job-documents?job=9999"))
            #expect(empty.items.isEmpty && empty.nextCursor == nil)
        }
    }

    @Test func contractFileListsEveryServedPath() throws {
        // docs/agent-api.yaml is the contract: every path it lists is one the simulator serves
        // (checked against the routes exercised in these tests).
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("docs/agent-api.yaml"), encoding: .utf8)
        let paths = text.split(separator: "\n").filter { $0.hasPrefix("  /v1/") }.map { $0.trimmingCharacters(in: .whitespaces).dropLast() }
        #expect(Set(paths.map(String.init)) == [
            "/v1/status", "/v1/companies/{code}/vendors", "/v1/companies/{code}/gl-accounts",
            "/v1/companies/{code}/account-structure", "/v1/companies/{code}/imports/{kind}",
            "/v1/companies/{code}/postings", "/v1/companies/{code}/ap-invoices", "/v1/companies/{code}/purchase-orders",
            "/v1/companies/{code}/purchase-order-changes", "/v1/companies/{code}/job-documents",
            "/v1/companies/{code}/gl-entries", "/v1/companies/{code}/manual-checks", "/v1/companies/{code}/ebusiness",
            "/v1/companies/{code}/check-payments", "/v1/companies/{code}/job-costs",
        ])
        #expect(text.contains("openapi: 3.0.3"))
    }
}
