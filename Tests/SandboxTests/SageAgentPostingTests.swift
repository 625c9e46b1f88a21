import Foundation
import HTTP
import JSON
import Sage100
import Sandbox
import Testing

@Suite("Sage agent simulator: posting, idempotency, read-back")
struct SageAgentPostingTests {
    @Test func invoicePostsWithSageKeyAndReadsBackExactly() async throws {
        try await SageAgentHarness.with { h in
            let results = try await h.importRecords("ap-invoices", batch: "2026-11-29-ap", [
                ImportRecord(idempotencyKey: "inv-1", record: SageSamples.invoice("INV-1", retention: "90.00")),
                ImportRecord(idempotencyKey: "inv-2", record: SageSamples.invoice("INV-2", vendor: "0002000", division: "01",
                                                                              lines: [("510007000", "1234.56")], amount: "1234.56")),
            ])
            #expect(results.map(\.status) == [.posted, .posted])
            #expect(results.map(\.sageKey) == ["00-0001000-INV-1", "01-0002000-INV-2"])

            let postings = try h.simulator.postings()
            #expect(postings.map(\.idempotencyKey) == ["inv-1", "inv-2"])
            #expect(postings.map(\.amount) == [Decimal(string: "900.00")!, Decimal(string: "1234.56")!])
            #expect(postings.allSatisfy { $0.kind == .apInvoices && $0.batchID == "2026-11-29-ap" })

            let page = try h.decode(AgentPage<AgentPostedDocument>.self,
                                    try await h.get("/v1/companies/ABC/ap-invoices?batch=2026-11-29-ap"))
            #expect(page.nextCursor == nil)
            #expect(page.items.map(\.sageKey) == ["00-0001000-INV-1", "01-0002000-INV-2"])
            let first = try #require(page.items.first)
            #expect(first.amount == "900.00")
            #expect(first.idempotencyKey == "inv-1")
            #expect(first.record["InvoiceAmt"] == "900.00")
            #expect(first.record["RetentionAmt"] == "90.00")
            #expect(first.record["HoldPayment"] == "N")
            #expect(first.record["InvoiceDueDate"] == "20261215", "terms 30 from 20261115")
            #expect(first.record["DateUpdated"]?.stringValue?.count == 8)
            #expect(first.record["TimeUpdated"].flatMap { $0.stringValue }.flatMap { AgentWire.parseDecimal($0, maxScale: 6) } != nil)
            let lines = try #require(first.record["lines"]?.arrayValue)
            #expect(lines.count == 2)
            #expect(lines[0]["LineKey"] == "000001")
            #expect(lines[0]["DistributionAmt"] == "600.00")
            #expect(lines[1]["AccountKey"] == "510003000")
            #expect(lines[0]["CostCode"] == "03-300")

            // Money in the raw read-back body is a string, never a JSON number.
            let raw = try await h.get("/v1/companies/ABC/ap-invoices")
            #expect(raw.text.contains(#""DistributionAmt":"600.00""#))

            let other = try h.decode(AgentPage<AgentPostedDocument>.self, try await h.get("/v1/companies/ABC/ap-invoices?batch=other"))
            #expect(other.items.isEmpty)
        }
    }

    @Test("a credit memo (negative invoice) posts with the retention it gives back; retention of the other sign is refused")
    func creditMemoPosts() async throws {
        try await SageAgentHarness.with { h in
            let results = try await h.importRecords("ap-invoices", batch: "credits", [
                ImportRecord(idempotencyKey: "cm-1", record: SageSamples.invoice(
                    "CM-1", lines: [("510002000", "-1000.00"), ("210000000", "100.00")], amount: "-900.00", retention: "-100.00")),
                ImportRecord(idempotencyKey: "cm-2", record: SageSamples.invoice(
                    "CM-2", lines: [("510002000", "-1000.00")], amount: "-1000.00", retention: "50.00")),
                ImportRecord(idempotencyKey: "cm-3", record: SageSamples.invoice(
                    "CM-3", lines: [("510002000", "-100.00")], amount: "-100.00", retention: "-150.00")),
            ])
            #expect(results.map(\.status) == [.posted, .rejected, .rejected])
            #expect(results[1].messages.first?.field == "RetentionAmt")
            #expect(results[2].messages.first?.field == "RetentionAmt")
            let page = try h.decode(AgentPage<AgentPostedDocument>.self, try await h.get("/v1/companies/ABC/ap-invoices?batch=credits"))
            #expect(page.items.map(\.amount) == ["-900.00"])
            #expect(page.items.first?.record["RetentionAmt"] == "-100.00")
        }
    }

    @Test("a purchase order change adds lines after the order's own, deductive ones too; the change reads back with only its lines")
    func purchaseOrderChangeAddsLines() async throws {
        try await SageAgentHarness.with { h in
            let po = try await h.importRecords("purchase-orders", batch: "pos", [
                ImportRecord(idempotencyKey: "po-1", record: SageSamples.purchaseOrder("PO100")),
            ])
            #expect(po.map(\.status) == [.posted])
            let changes = try await h.importRecords("purchase-order-changes", batch: "cos", [
                ImportRecord(idempotencyKey: "co-1", record: SageSamples.purchaseOrderChange("PO100", amounts: ["500.00", "-100.25"])),
                ImportRecord(idempotencyKey: "co-2", record: SageSamples.purchaseOrderChange("PO100", amounts: ["-1000.00"])),
                ImportRecord(idempotencyKey: "co-3", record: SageSamples.purchaseOrderChange("PO999", amounts: ["10.00"])),
                ImportRecord(idempotencyKey: "co-4", record: SageSamples.purchaseOrderChange("PO100", amounts: ["-5000.00"])),
                ImportRecord(idempotencyKey: "co-5", record: SageSamples.with(
                    SageSamples.purchaseOrderChange("PO100", amounts: ["1.00"]), "VendorNo", "0009999")),
            ])
            #expect(changes.map(\.status) == [.posted, .posted, .rejected, .posted, .rejected])
            #expect(changes[0].sageKey == "PO100-000002")
            #expect(changes[1].sageKey == "PO100-000004")
            #expect(changes[2].messages.first?.message.contains("PO999 is not on file") == true)
            #expect(changes[3].sageKey == "PO100-000005", "a deductive change may take the order below zero, as Procore's revised commitment can")
            #expect(changes[4].messages.first?.field == "VendorNo")

            let read = try h.decode(AgentPage<AgentPostedDocument>.self, try await h.get("/v1/companies/ABC/purchase-order-changes?batch=cos"))
            #expect(read.items.map(\.sageKey) == ["PO100-000002", "PO100-000004", "PO100-000005"])
            #expect(read.items.map(\.amount) == ["399.75", "-1000.00", "-5000.00"])
            let first = try #require(read.items.first)
            #expect(first.record["lines"]?.arrayValue?.compactMap { $0["LineKey"]?.stringValue } == ["000002", "000003"])
            #expect(first.record["VendorNo"] == "0001001", "the header is the purchase order's, unchanged")

            // The purchase order itself now holds its own line and the three added ones.
            let order = try h.decode(AgentPage<AgentPostedDocument>.self, try await h.get("/v1/companies/ABC/purchase-orders?batch=pos"))
            let lines = try #require(order.items.first?.record["lines"]?.arrayValue)
            #expect(lines.compactMap { $0["ExtensionAmt"]?.stringValue } == ["2501.00", "500.00", "-100.25", "-1000.00", "-5000.00"])
            #expect(order.items.first?.amount == "2501.00", "the posting's own amount does not change")
        }
    }

    @Test func sameKeyTwiceAnswersDuplicateAndWritesNothing() async throws {
        try await SageAgentHarness.with { h in
            let records = (1...3).map { ImportRecord(idempotencyKey: "dup-\($0)", record: SageSamples.invoice("INV-\($0)")) }
            let first = try await h.importRecords("ap-invoices", records)
            #expect(first.allSatisfy { $0.status == .posted })
            let before = try h.simulator.postings()

            let second = try await h.importRecords("ap-invoices", batch: "B2", records)
            #expect(second.map(\.status) == [.duplicate, .duplicate, .duplicate])
            #expect(second.map(\.sageKey) == first.map(\.sageKey), "a duplicate answers the original Sage key")
            #expect(try h.simulator.postings() == before)
            let stats = h.simulator.stats()
            #expect(stats.writes == 3 && stats.duplicates == 3)

            let lookup = try h.decode(PostingLookup.self, try await h.get("/v1/companies/ABC/postings?idempotency_key=dup-2"))
            #expect(lookup.found && lookup.status == .posted)
            #expect(lookup.sageKey == "00-0001000-INV-2")
            #expect(lookup.kind == "ap-invoices" && lookup.batchID == "B1")
            #expect(lookup.postedAt?.hasSuffix("Z") == true)

            let missing = try await h.get("/v1/companies/ABC/postings")
            #expect(missing.status == 422)
        }
    }

    @Test func purchaseOrdersAndJournalEntriesGetAllocatedNumbers() async throws {
        try await SageAgentHarness.with { h in
            let pos = try await h.importRecords("purchase-orders", [
                ImportRecord(idempotencyKey: "po-1", record: SageSamples.purchaseOrder()),
                ImportRecord(idempotencyKey: "po-2", record: SageSamples.purchaseOrder("PO7777")),
                ImportRecord(idempotencyKey: "po-3", record: SageSamples.purchaseOrder()),
                ImportRecord(idempotencyKey: "po-4", record: SageSamples.purchaseOrder("PO7777")),
            ])
            #expect(pos.map(\.sageKey) == ["0001000", "PO7777", "0001001", nil])
            #expect(pos[3].messages.first?.message == "The PurchaseOrderNo PO7777 already exists.")

            let entries = try await h.importRecords("gl-entries", [
                ImportRecord(idempotencyKey: "je-1", record: SageSamples.journal()),
                ImportRecord(idempotencyKey: "je-2", record: SageSamples.journal(debit: "0.01", credit: "0.01")),
            ])
            #expect(entries.map(\.sageKey) == ["000001", "000002"])

            let read = try h.decode(AgentPage<AgentPostedDocument>.self, try await h.get("/v1/companies/ABC/gl-entries"))
            #expect(read.items.map(\.amount) == ["250.00", "0.01"])
            let lines = try #require(read.items.first?.record["lines"]?.arrayValue)
            #expect(lines.map { $0["DebitAmount"] } == ["250.00", "0.00"])
            #expect(lines.map { $0["CreditAmount"] } == ["0.00", "250.00"])
            #expect(read.items.first?.record["SourceJournal"] == "GJ")

            let po = try h.decode(AgentPage<AgentPostedDocument>.self, try await h.get("/v1/companies/ABC/purchase-orders?limit=1"))
            #expect(po.items.count == 1 && po.nextCursor != nil)
            #expect(po.items[0].record["lines"]?.arrayValue?.first?["QuantityOrdered"] == "2.000000")
            #expect(po.items[0].amount == "2501.00")
        }
    }

    @Test func manualCheckKeepsDistributionsUnderLines() async throws {
        try await SageAgentHarness.with { h in
            let results = try await h.importRecords("manual-checks", [ImportRecord(idempotencyKey: "mc", record: SageSamples.manualCheck("10045"))])
            #expect(results.first?.sageKey == "A-10045")
            let page = try h.decode(AgentPage<AgentPostedDocument>.self, try await h.get("/v1/companies/ABC/manual-checks"))
            let doc = try #require(page.items.first)
            #expect(doc.amount == "450.00")
            let lines = try #require(doc.record["lines"]?.arrayValue)
            #expect(lines.map { $0["InvoiceNo"] } == ["INV-77", "INV-78"])
            let subs = try #require(lines[1]["distributions"]?.arrayValue)
            #expect(subs.map { $0["DistributionAmt"] } == ["100.00", "50.00"])
            #expect(subs.map { $0["AccountKey"] } == ["510006000", "530000000"])
        }
    }

    @Test func vendorsAreAddedThenUpdatedAndPolledByDateUpdated() async throws {
        try await SageAgentHarness.with { h in
            let added = try await h.importRecords("vendors", [ImportRecord(idempotencyKey: "v1", record: SageSamples.vendor("STEEL01"))])
            #expect(added.first?.sageKey == "00-STEEL01")
            let renamed = SageSamples.with(SageSamples.vendor("STEEL01"), "VendorName", "Summit Steel Supply Co")
            let updated = try await h.importRecords("vendors", [ImportRecord(idempotencyKey: "v2", record: renamed)])
            #expect(updated.first?.status == .posted)

            let today = String(try #require(h.simulator.postings().first?.postedAt).prefix(10)).replacingOccurrences(of: "-", with: "")
            let page = try h.decode(AgentPage<JSONValue>.self, try await h.get("/v1/companies/ABC/vendors?updated_since=\(today)"))
            #expect(page.items.count == 1, "only the vendor written today, not the seeded ones")
            let vendor = try #require(page.items.first)
            #expect(vendor["VendorName"] == "Summit Steel Supply Co")
            #expect(vendor["UDF_PROCORE_ID"] == "562949953421312")
            #expect(vendor["DateCreated"] == vendor["DateUpdated"])

            let later = try h.decode(AgentPage<JSONValue>.self, try await h.get("/v1/companies/ABC/vendors?updated_since=\(today)T23.99"))
            #expect(later.items.isEmpty)
            let bad = try await h.get("/v1/companies/ABC/vendors?updated_since=2026-11-29")
            #expect(bad.status == 422)
            #expect(try h.errorBody(bad).message.contains("updated_since"))
        }
    }
}
