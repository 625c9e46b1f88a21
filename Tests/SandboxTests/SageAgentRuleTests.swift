import Foundation
import HTTP
import JSON
import Sage100
import Sandbox
import Testing

/// One BOI rule: a record that breaks it, the field Sage names and words of its message.
struct SageRuleCase: Sendable, CustomTestStringConvertible {
    var name: String
    var kind: String
    var record: JSONValue
    var field: String?
    var message: String
    var testDescription: String { name }
}

@Suite("Sage agent simulator: BOI validation")
struct SageAgentRuleTests {
    static let cases: [SageRuleCase] = [
        SageRuleCase(name: "vendor name too long", kind: "vendors",
                     record: SageSamples.vendor("NEWVEND", name: "Northwest Structural Steel Erectors"),
                     field: "VendorName", message: "VendorName exceeds 30 characters."),
        SageRuleCase(name: "vendor state wrong length", kind: "vendors",
                     record: SageSamples.with(SageSamples.vendor("NEWVEND"), "State", "Oregon"),
                     field: "State", message: "State must be exactly 2 characters"),
        SageRuleCase(name: "vendor unknown terms", kind: "vendors",
                     record: SageSamples.with(SageSamples.vendor("NEWVEND"), "TermsCode", "99"),
                     field: "TermsCode", message: "The TermsCode 99 is invalid."),
        SageRuleCase(name: "invoice unknown vendor", kind: "ap-invoices",
                     record: SageSamples.invoice("INV-1", vendor: "0009999"),
                     field: "VendorNo", message: "The VendorNo is invalid."),
        SageRuleCase(name: "invoice unknown division", kind: "ap-invoices",
                     record: SageSamples.invoice("INV-1", division: "07"),
                     field: "APDivisionNo", message: "The APDivisionNo 07 is invalid."),
        SageRuleCase(name: "invoice inactive account", kind: "ap-invoices",
                     record: SageSamples.invoice("INV-1", lines: [("510004000", "900.00")]),
                     field: "lines[1].AccountKey", message: "The AccountKey 510004000 is inactive."),
        SageRuleCase(name: "invoice deleted account", kind: "ap-invoices",
                     record: SageSamples.invoice("INV-1", lines: [("510099000", "900.00")]),
                     field: "lines[1].AccountKey", message: "The AccountKey 510099000 is deleted."),
        SageRuleCase(name: "invoice unknown account", kind: "ap-invoices",
                     record: SageSamples.invoice("INV-1", lines: [("599999000", "900.00")]),
                     field: "lines[1].AccountKey", message: "The AccountKey 599999000 is invalid."),
        SageRuleCase(name: "invoice missing date", kind: "ap-invoices",
                     record: SageSamples.with(SageSamples.invoice("INV-1"), "InvoiceDate", nil),
                     field: "InvoiceDate", message: "The InvoiceDate is required."),
        SageRuleCase(name: "invoice impossible date", kind: "ap-invoices",
                     record: SageSamples.with(SageSamples.invoice("INV-1"), "InvoiceDate", "20260230"),
                     field: "InvoiceDate", message: "is not a valid date"),
        SageRuleCase(name: "invoice number too long", kind: "ap-invoices",
                     record: SageSamples.invoice("INV-2026-000123"),
                     field: "InvoiceNo", message: "InvoiceNo exceeds 10 characters."),
        SageRuleCase(name: "invoice unknown terms", kind: "ap-invoices",
                     record: SageSamples.with(SageSamples.invoice("INV-1"), "TermsCode", "45"),
                     field: "TermsCode", message: "The TermsCode 45 is invalid."),
        SageRuleCase(name: "money as a JSON number", kind: "ap-invoices",
                     record: SageSamples.with(SageSamples.invoice("INV-1"), "DistributionAmt", .number("600"), line: 0),
                     field: "lines[1].DistributionAmt", message: "must be a decimal string"),
        SageRuleCase(name: "money with three decimals", kind: "ap-invoices",
                     record: SageSamples.with(SageSamples.invoice("INV-1"), "InvoiceAmt", "900.005"),
                     field: "InvoiceAmt", message: "more than 2 decimal places"),
        SageRuleCase(name: "distribution total differs", kind: "ap-invoices",
                     record: SageSamples.invoice("INV-1", amount: "950.00"),
                     field: "InvoiceAmt", message: "does not equal the distribution total 900.00"),
        SageRuleCase(name: "retention above invoice", kind: "ap-invoices",
                     record: SageSamples.invoice("INV-1", retention: "1000.00"),
                     field: "RetentionAmt", message: "RetentionAmt 1000.00"),
        SageRuleCase(name: "unknown column", kind: "ap-invoices",
                     record: SageSamples.with(SageSamples.invoice("INV-1"), "InvoiceTotal", "900.00"),
                     field: "InvoiceTotal", message: "is not in the IOList"),
        SageRuleCase(name: "no lines", kind: "ap-invoices",
                     record: SageSamples.with(SageSamples.invoice("INV-1"), "lines", .array([])),
                     field: "lines", message: "no distribution lines"),
        SageRuleCase(name: "journal out of balance", kind: "gl-entries",
                     record: SageSamples.journal(debit: "262.34", credit: "250.00"),
                     field: "lines", message: "Journal entry is out of balance by 12.34."),
        SageRuleCase(name: "journal negative debit", kind: "gl-entries",
                     record: SageSamples.journal(debit: "-250.00", credit: "250.00"),
                     field: "lines[1].DebitAmount", message: "cannot be negative"),
        SageRuleCase(name: "journal inactive account", kind: "gl-entries",
                     record: SageSamples.journal(accounts: ("590000000", "201000000")),
                     field: "lines[1].AccountKey", message: "The AccountKey 590000000 is inactive."),
        SageRuleCase(name: "PO extension differs", kind: "purchase-orders",
                     record: SageSamples.purchaseOrder(extension: "2500.00"),
                     field: "lines[1].ExtensionAmt", message: "does not equal QuantityOrdered × UnitCost (2501.00)"),
        SageRuleCase(name: "PO bad status", kind: "purchase-orders",
                     record: SageSamples.with(SageSamples.purchaseOrder(), "OrderStatus", "Z"),
                     field: "OrderStatus", message: "Valid values are N, O, B, C, X"),
        SageRuleCase(name: "PO quantity scale", kind: "purchase-orders",
                     record: SageSamples.purchaseOrder(quantity: "2.1234567"),
                     field: "lines[1].QuantityOrdered", message: "more than 6 decimal places"),
        SageRuleCase(name: "check unknown bank", kind: "manual-checks",
                     record: SageSamples.manualCheck("10045", bank: "Z"),
                     field: "BankCode", message: "The BankCode Z is invalid."),
        SageRuleCase(name: "check amount differs", kind: "manual-checks",
                     record: SageSamples.manualCheck("10045", amount: "500.00"),
                     field: "CheckAmt", message: "does not equal the total of the invoice lines 450.00"),
        SageRuleCase(name: "check distributions differ", kind: "manual-checks",
                     record: SageSamples.with(SageSamples.manualCheck("10045"), "distributions",
                                              [["AccountKey": "510005000", "DistributionAmt": "299.99"]], line: 0),
                     field: "lines[1].distributions", message: "distribution total 299.99 does not equal the InvoiceAmt 300.00"),
    ]

    @Test(arguments: cases)
    func ruleRejectsNamingTheField(_ rule: SageRuleCase) async throws {
        try await SageAgentHarness.with { h in
            let results = try await h.importRecords(rule.kind, [ImportRecord(idempotencyKey: "rule-1", record: rule.record)])
            let result = try #require(results.first)
            #expect(result.status == .rejected, "\(rule.name): \(result)")
            #expect(result.sageKey == nil)
            let hit = result.messages.first { $0.field == rule.field && $0.message.contains(rule.message) }
            #expect(hit != nil, "\(rule.name): expected field \(rule.field ?? "nil") with '\(rule.message)', got \(result.messages)")
            // Nothing written, counted as rejected, and the key stays unused.
            #expect(try h.simulator.postings().isEmpty)
            #expect(h.simulator.stats().rejected == 1)
            #expect(h.simulator.stats().writes == 0)
            let lookup = try h.decode(PostingLookup.self, try await h.get("/v1/companies/ABC/postings?idempotency_key=rule-1"))
            #expect(lookup.found == false)
        }
    }

    @Test func duplicateInvoiceNumberForVendorIsRejected() async throws {
        try await SageAgentHarness.with { h in
            let first = try await h.importRecords("ap-invoices", [ImportRecord(idempotencyKey: "a", record: SageSamples.invoice("INV-9"))])
            #expect(first.first?.status == .posted)
            // Same vendor and invoice number under a different idempotency key: Sage's rule.
            let second = try await h.importRecords("ap-invoices", [ImportRecord(idempotencyKey: "b", record: SageSamples.invoice("INV-9"))])
            #expect(second.first?.status == .rejected)
            #expect(second.first?.messages.contains {
                $0.field == "InvoiceNo" && $0.message.hasPrefix("The InvoiceNo already exists for this vendor.")
            } == true)
            // Another vendor may use the same invoice number.
            let other = try await h.importRecords("ap-invoices", [
                ImportRecord(idempotencyKey: "c", record: SageSamples.invoice("INV-9", vendor: "0001001")),
            ])
            #expect(other.first?.sageKey == "00-0001001-INV-9")
            #expect(try h.simulator.postings().map(\.idempotencyKey) == ["a", "c"])
        }
    }

    @Test func duplicateCheckNumberForBankIsRejected() async throws {
        try await SageAgentHarness.with { h in
            _ = try await h.importRecords("manual-checks", [ImportRecord(idempotencyKey: "c1", record: SageSamples.manualCheck("10045"))])
            let again = try await h.importRecords("manual-checks", [ImportRecord(idempotencyKey: "c2", record: SageSamples.manualCheck("10045"))])
            #expect(again.first?.status == .rejected)
            #expect(again.first?.messages.first?.message == "The CheckNo 10045 already exists for bank code A.")
            let otherBank = try await h.importRecords("manual-checks", [
                ImportRecord(idempotencyKey: "c3", record: SageSamples.manualCheck("10045", bank: "B")),
            ])
            #expect(otherBank.first?.sageKey == "B-10045")
        }
    }

    @Test func oneBadRecordDoesNotStopTheBatch() async throws {
        try await SageAgentHarness.with { h in
            let results = try await h.importRecords("ap-invoices", [
                ImportRecord(idempotencyKey: "ok-1", record: SageSamples.invoice("INV-1")),
                ImportRecord(idempotencyKey: "bad", record: SageSamples.invoice("INV-2", vendor: "0009999")),
                ImportRecord(idempotencyKey: "ok-2", record: SageSamples.invoice("INV-3")),
            ])
            #expect(results.map(\.status) == [.posted, .rejected, .posted])
            #expect(results.map(\.idempotencyKey) == ["ok-1", "bad", "ok-2"])
            let stats = h.simulator.stats()
            #expect(stats.writes == 2 && stats.rejected == 1)
        }
    }
}
