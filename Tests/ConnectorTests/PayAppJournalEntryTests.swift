import Foundation
import Ledger
import Sage100
import Testing
@testable import Connector

@Suite("Transform: owner payment applications become AR/revenue journal entries")
struct PayAppJournalEntryTests {
    static let run1 = "20261129T010000Z-paya"
    static let run2 = "20261129T020000Z-payb"

    /// The transform company with the owner-billing control accounts set (or not).
    static func world(receivable: Bool = true) throws -> TransformWorld {
        let world = try TransformWorld()
        var yaml = TransformWorld.mappingYAML.replacingOccurrences(of: "CREATE", with: "true")
        let extra = (receivable ? "    accounts_receivable: \"1200-00-00\"\n" : "") + "    revenue: \"4000-{division}-00\"\n"
        yaml = yaml.replacingOccurrences(of: "    ap_control: \"2000-00-00\"\n", with: "    ap_control: \"2000-00-00\"\n" + extra)
        world.mapping = try MappingConfiguration.parse(yaml: yaml, file: "connector.yml", baseDirectory: nil)
        return world
    }

    static func payApp(_ id: Int64, status: String = "approved", due: String? = "47500.10", accrued: String = "50000.10",
                       invoice: String = "OI-7", updated: String = "2026-11-20") -> String {
        let g702 = due.map { ",\"g702\":{\"current_payment_due\":\"\($0)\",\"total_retainage\":\"2500.00\"}" } ?? ""
        return Staged.line("payment_applications", project: 1001, """
        {"id":\(id),"number":7,"invoice_number":"\(invoice)","status":"\(status)","billing_date":"2026-11-15","total_amount_accrued_this_period":"\(accrued)","formatted_contract_company":"City of Boise","contract":{"id":301,"type":"PrimeContract","title":"Main"}\(g702),"created_at":"2026-11-10","updated_at":"\(updated)"}
        """)
    }

    func decimal(_ any: Any?) -> Decimal? {
        (any as? String).flatMap { Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) }
    }

    @Test("an approved pay app becomes a balanced entry: debit AR, credit the project's revenue, net of retainage")
    func approvedBecomesBalancedEntry() throws {
        let world = try Self.world()
        let run = try world.stage(Self.run1, ["payment_applications": [Self.payApp(7701)]])
        let summary = try world.transform(run)
        #expect(summary.invalid.isEmpty, "\(summary.invalid)")
        #expect(summary.leftForLater["payment_applications"] == nil)
        #expect(summary.counts("gl-entries").valid == 1)
        let batch = try #require(summary.batches.first { $0.kind == "gl-entries" })
        #expect(batch.controlTotal == "47500.10")
        let item = try #require(try world.importRecords(batch).first)
        #expect(item["idempotency_key"] as? String == "ABC:gl-entries:payment_applications:7701")
        let entry = try #require(item["record"] as? [String: Any])
        #expect(entry["PostingDate"] as? String != nil)
        let lines = try #require(entry["lines"] as? [[String: Any]])
        #expect(lines.count == 2)
        let ar = try #require(lines.first { $0["AccountKey"] as? String == "000000012" })
        let revenue = try #require(lines.first { $0["AccountKey"] as? String == "000000040" })
        #expect(decimal(ar["DebitAmount"]) == Decimal(string: "47500.10"))
        #expect(decimal(ar["CreditAmount"]) == 0)
        #expect(decimal(revenue["CreditAmount"]) == Decimal(string: "47500.10"))
        #expect(decimal(revenue["DebitAmount"]) == 0)

        let manifest = try world.manifest(batch)
        let recordID = try #require(manifest.records.first?.recordID)
        #expect(manifest.records.first?.sourceID == 7701)
        let amounts = try world.ledger.recordAmounts(recordID: recordID)
        #expect(amounts.count == 2)
        #expect(amounts.allSatisfy { $0.kind == "gl-entries" && $0.jobNo == "2501" && $0.vendorNo == nil })
        #expect(amounts.first { $0.account == "1200-00-00" }?.amount == Decimal(string: "47500.10"))
        #expect(amounts.first { $0.account == "4000-04-00" }?.amount == Decimal(string: "-47500.10"))
        #expect(amounts.map(\.amount).reduce(0, +) == 0)
        #expect(try world.ledger.record(id: recordID)?.state == .batched)
    }

    @Test("a pay app that is not approved is not eligible and makes no batch")
    func unapprovedNotEligible() throws {
        let world = try Self.world()
        let run = try world.stage(Self.run1, ["payment_applications": [Self.payApp(7702, status: "under_review")]])
        let summary = try world.transform(run)
        #expect(summary.counts("gl-entries").notEligible == 1)
        #expect(summary.counts("gl-entries").valid == 0)
        #expect(summary.invalid.isEmpty)
        #expect(summary.batches.isEmpty)
    }

    @Test("a pay app approved earlier and sent back to review before posting is superseded, not sent")
    func unapprovedLaterIsRetired() throws {
        let world = try Self.world(receivable: false)
        let first = try world.stage(Self.run1, ["payment_applications": [Self.payApp(7706)]])
        #expect(try world.transform(first).invalid.count == 1)
        let second = try world.stage(Self.run2, ["payment_applications": [Self.payApp(7706, status: "revise_and_resubmit",
                                                                                      updated: "2026-11-21")]])
        let summary = try world.transform(second)
        #expect(summary.counts("gl-entries").notEligible == 1)
        #expect(summary.counts("gl-entries").superseded == 1)
        #expect(try world.ledger.liveRecord(idempotencyKey: "ABC:gl-entries:payment_applications:7706") == nil)
    }

    @Test("a missing accounts_receivable account makes the pay app invalid with the key to set")
    func missingReceivableAccount() throws {
        let world = try Self.world(receivable: false)
        let run = try world.stage(Self.run1, ["payment_applications": [Self.payApp(7703)]])
        let summary = try world.transform(run)
        #expect(summary.batches.isEmpty)
        let invalid = try #require(summary.invalid.first)
        #expect(invalid.sourceID == 7703)
        #expect(invalid.kind == "gl-entries")
        #expect(invalid.label.contains("payment application 7703"))
        #expect(invalid.reasons.contains { $0.contains("mapping.accounts.accounts_receivable") })
        let recordID = try #require(invalid.recordID)
        #expect(try world.ledger.record(id: recordID)?.state == .invalid)
    }

    @Test("a pay app without g702.current_payment_due is invalid, naming the field and the fix")
    func missingAmount() throws {
        let world = try Self.world()
        let run = try world.stage(Self.run1, ["payment_applications": [Self.payApp(7704, due: nil)]])
        let summary = try world.transform(run)
        let invalid = try #require(summary.invalid.first)
        #expect(invalid.sourceID == 7704)
        #expect(invalid.reasons.count == 1)
        #expect(invalid.reasons.first?.contains("g702.current_payment_due") == true)
        #expect(invalid.reasons.first?.contains("pull again") == true)
        #expect(summary.batches.isEmpty)
    }

    @Test("a credit billing (negative amount due) credits AR and debits revenue")
    func creditBillingSwapsSides() throws {
        let world = try Self.world()
        let run = try world.stage(Self.run1, ["payment_applications": [Self.payApp(7705, due: "-1200.35")]])
        let summary = try world.transform(run)
        #expect(summary.invalid.isEmpty, "\(summary.invalid)")
        let batch = try #require(summary.batches.first)
        let entry = try #require(try world.importRecords(batch).first?["record"] as? [String: Any])
        let lines = try #require(entry["lines"] as? [[String: Any]])
        let ar = try #require(lines.first { $0["AccountKey"] as? String == "000000012" })
        let revenue = try #require(lines.first { $0["AccountKey"] as? String == "000000040" })
        #expect(decimal(ar["CreditAmount"]) == Decimal(string: "1200.35"))
        #expect(decimal(revenue["DebitAmount"]) == Decimal(string: "1200.35"))
        #expect(batch.controlTotal == "1200.35")
    }

    @Test("the same pay app delivered and transformed twice is batched once")
    func secondRunIsQuiet() throws {
        let world = try Self.world()
        let run = try world.stage(Self.run1, ["payment_applications": [Self.payApp(7707)]])
        #expect(try world.transform(run).batches.count == 1)
        try world.stage(Self.run1, ["payment_applications": [Self.payApp(7707)]])
        let again = try world.transform(run)
        #expect(again.batches.isEmpty)
        #expect(again.counts("gl-entries").valid == 0)
        #expect(try world.ledger.records(in: .batched).count == 1)
    }

    @Test("mapping.owner_billing accepts journal_entry and refuses sales_order, naming the key and the fix")
    func ownerBillingKey() throws {
        let base = TransformWorld.mappingYAML.replacingOccurrences(of: "CREATE", with: "true")
        _ = try MappingConfiguration.parse(yaml: base + "\n  owner_billing: journal_entry\n", file: "connector.yml", baseDirectory: nil)
        var caught: (any Error)?
        do {
            _ = try MappingConfiguration.parse(yaml: base + "\n  owner_billing: sales_order\n", file: "connector.yml", baseDirectory: nil)
        } catch {
            caught = error
        }
        let error = try #require(caught.flatMap { $0 as? MappingConfigurationError })
        #expect(error.field == "mapping.owner_billing")
        #expect(error.problem.contains("sales_order"))
        #expect(error.fix?.contains("journal_entry") == true)
    }
}
