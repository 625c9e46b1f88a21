import Foundation
import HTTP
import JSON
import Sage100
import Sandbox
import Testing

/// `GET …/check-payments`: every invoice paid by a check, however the check was written, with
/// the idempotency key only when the agent imported it; pages and `updated_since` as every read.
@Suite("Sage agent simulator: check payments")
struct SageAgentCheckPaymentTests {
    @Test("checks imported and keyed in Sage are listed per invoice paid, in key order, page by page")
    func listed() async throws {
        try await SageAgentHarness.with { h in
            let imported = try await h.importRecords("manual-checks", [ImportRecord(idempotencyKey: "mc-1", record: SageSamples.manualCheck("10045"))])
            #expect(imported.first?.status == .posted, "\(imported)")
            var keyed = SageSamples.with(SageSamples.manualCheck("10046", amount: "450.00"), "CheckDate", "20261201")
            keyed = SageSamples.with(keyed, "CheckType", "N")
            #expect(try await h.simulator.keyInSage(.manualChecks, record: keyed).status == .posted)
            let void = SageSamples.with(SageSamples.manualCheck("10047"), "CheckType", "V")
            #expect(try await h.simulator.keyInSage(.manualChecks, record: void).status == .posted)

            let all = try h.decode(AgentPage<AgentCheckPayment>.self, try await h.get("/v1/companies/ABC/check-payments"))
            #expect(all.nextCursor == nil)
            #expect(all.items.map(\.lineKey) == ["A-10045/INV-77", "A-10045/INV-78", "A-10046/INV-77", "A-10046/INV-78",
                                                  "A-10047/INV-77", "A-10047/INV-78"])
            let first = try #require(all.items.first)
            #expect(first.idempotencyKey == "mc-1")
            #expect(first.invoiceKey == "00-0001002-INV-77")
            #expect(first.amount == "300.00")
            #expect(first.checkDate == "20261125")
            #expect(all.items.filter { $0.checkNo == "10046" }.allSatisfy { $0.idempotencyKey == nil && $0.checkType == "N" && $0.checkDate == "20261201" })
            #expect(all.items.filter { $0.checkNo == "10047" }.allSatisfy { $0.checkType == "V" })

            // One line a page: the same lines, in the same order, by cursor.
            var paged: [String] = []
            var cursor: String?
            repeat {
                let query = "limit=1" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try h.decode(AgentPage<AgentCheckPayment>.self, try await h.get("/v1/companies/ABC/check-payments?\(query)"))
                paged += page.items.map(\.lineKey)
                cursor = page.nextCursor
            } while cursor != nil && paged.count < 20
            #expect(paged == all.items.map(\.lineKey))

            // updated_since: from a check's own stamp, it and everything after; tomorrow, nothing.
            let last = try #require(all.items.last?.updatedSince)
            let since = try h.decode(AgentPage<AgentCheckPayment>.self, try await h.get("/v1/companies/ABC/check-payments?updated_since=\(last)"))
            #expect(since.items.map(\.checkNo).contains("10047"))
            #expect(!since.items.isEmpty && since.items.count <= all.items.count)
            let later = try h.decode(AgentPage<AgentCheckPayment>.self, try await h.get("/v1/companies/ABC/check-payments?updated_since=29991231"))
            #expect(later.items.isEmpty)
            let bad = try await h.get("/v1/companies/ABC/check-payments?updated_since=yesterday")
            #expect(bad.status == 422)
        }
    }
}
