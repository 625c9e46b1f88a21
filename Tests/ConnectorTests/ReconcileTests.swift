import Money
import Foundation
import JSON
import Ledger
import Sage100
import Testing
@testable import Connector

@Suite("Reconciliation: ledger source amounts against the agent read-back")
struct ReconcileTests {
    typealias F = ReconcileFixture

    /// Two invoices posted, both read back with the same amounts.
    func postedPair(_ fixture: F, _ source: ReconcileFakeSource) throws -> (String, [LedgerRecord]) {
        let (batch, records) = try fixture.batch(.apInvoices, [
            (1001, "00-0001000-R1001", F.invoiceAmounts(vendor: "0001000", job: "J-100",
                                                        lines: [("5100-01-00", F.decimal("1000.00")), ("5100-04-00", F.decimal("234.56"))],
                                                        retainage: F.decimal("61.73"))),
            (1002, "00-0001001-R1002", F.invoiceAmounts(vendor: "0001001", job: "J-200", lines: [("5100-04-00", F.decimal("500.10"))])),
        ])
        try fixture.settle(records, batchID: batch, as: .posted, sageKeys: ["00-0001000-R1001", "00-0001001-R1002"])
        source.addInvoice(batchID: batch, key: fixture.key(.apInvoices, 1001), sageKey: "00-0001000-R1001", vendor: "0001000",
                          job: "J-100", lines: [("5100-01-00", "1000.00"), ("5100-04-00", "234.56"), ("2010-00-00", "-61.73")])
        return (batch, records)
    }

    @Test("source and posted equal: reconciled, every difference zero, exit code 0")
    func reconciledWhenEqual() async throws {
        let fixture = try F()
        let source = ReconcileFakeSource(vendorNames: ["0001000": "Acme Steel Erectors", "0001001": "Bayside Concrete Inc"])
        let (batch, _) = try postedPair(fixture, source)
        source.addInvoice(batchID: batch, key: fixture.key(.apInvoices, 1002), sageKey: "00-0001001-R1002", vendor: "0001001",
                          job: "J-200", lines: [("5100-04-00", "500.10")])
        let report = try await Reconciler(ledger: fixture.ledger, source: source, options: .init(company: "ABC"))
            .reconcile(runID: fixture.runID)
        #expect(report.exceptions == [])
        #expect(report.isReconciled)
        #expect(report.exitCode == 0)
        let summary = try #require(report.summary.first { $0.kind == "ap-invoices" })
        #expect(summary.sourceDocuments == 2 && summary.postedDocuments == 2)
        #expect(summary.sourceTotal.plain == "1672.93")   // 1234.56 - 61.73 + 500.10
        #expect(summary.postedTotal == summary.sourceTotal)
        #expect(report.headline() == "Reconciled: 2 AP invoices $1,672.93")
        let finishes = try #require(report.byAccount.first { $0.key == "5100-04-00" })
        #expect(finishes.sourceTotal.plain == "734.66" && finishes.difference.isZero)
        #expect(finishes.name == "Subcontract Costs - Finishes")
        let acme = try #require(report.byVendor.first { $0.key == "0001000" })
        #expect(acme.name == "Acme Steel Erectors" && acme.postedTotal.plain == "1172.83")
        #expect(report.byJob.map(\.key) == ["J-100", "J-200"])
    }

    @Test("a posted document the agent does not have is 'missing in Sage' with its source amount")
    func missingDocument() async throws {
        let fixture = try F()
        let source = ReconcileFakeSource()
        _ = try postedPair(fixture, source)   // 1002 is never added to the read-back
        let report = try await Reconciler(ledger: fixture.ledger, source: source, options: .init(company: "ABC"))
            .reconcile(runID: fixture.runID)
        #expect(!report.isReconciled)
        #expect(report.exitCode == 4)
        let missing = try #require(report.exceptions.first { $0.kind == .missingInSage })
        #expect(missing.sourceID == 1002 && missing.sageKey == "00-0001001-R1002")
        #expect(missing.sourceAmount?.plain == "500.10")
        #expect(missing.fix.contains("Sage 100"))
        let summary = try #require(report.summary.first)
        #expect(summary.difference.plain == "-500.10")
        #expect(report.headline() == "1 exception needs attention")
    }

    @Test("an amount that differs by one cent is an amount mismatch naming both amounts")
    func oneCentMismatch() async throws {
        let fixture = try F()
        let source = ReconcileFakeSource()
        let (batch, _) = try postedPair(fixture, source)
        source.addInvoice(batchID: batch, key: fixture.key(.apInvoices, 1002), sageKey: "00-0001001-R1002", vendor: "0001001",
                          job: "J-200", lines: [("5100-04-00", "500.11")])
        let report = try await Reconciler(ledger: fixture.ledger, source: source, options: .init(company: "ABC"))
            .reconcile(runID: fixture.runID)
        #expect(report.exceptions.map(\.kind) == [.amountMismatch])
        let mismatch = try #require(report.exceptions.first)
        #expect(mismatch.sourceAmount?.plain == "500.10" && mismatch.postedAmount?.plain == "500.11")
        #expect(mismatch.difference?.plain == "0.01")
        #expect(mismatch.reason.contains("500.11") && mismatch.reason.contains("500.10"))
        let account = try #require(report.byAccount.first { $0.key == "5100-04-00" })
        #expect(account.difference.plain == "0.01")
        #expect(!report.isReconciled)
    }

    @Test("rejected, invalid, uncertain and drifted records each appear with their reason and a fix")
    func stateExceptions() async throws {
        let fixture = try F()
        let source = ReconcileFakeSource()
        let (batch, records) = try fixture.batch(.apInvoices, [
            (2001, nil, F.invoiceAmounts(vendor: "0001002", job: nil, lines: [("5100-01-00", F.decimal("10.00"))])),
            (2002, nil, F.invoiceAmounts(vendor: "0001002", job: nil, lines: [("5100-01-00", F.decimal("20.00"))])),
            (2003, "00-0001002-R2003", F.invoiceAmounts(vendor: "0001002", job: nil, lines: [("5100-01-00", F.decimal("30.00"))])),
        ])
        try fixture.settle([records[0]], batchID: batch, as: .rejected,
                           error: "InvoiceNo: The InvoiceNo already exists for this vendor.")
        try fixture.settle([records[1]], batchID: batch, as: .uncertain, error: "the answer was lost (timed out)")
        try fixture.settle([records[2]], batchID: batch, as: .posted, sageKeys: ["00-0001002-R2003"])
        source.addInvoice(batchID: batch, key: fixture.key(.apInvoices, 2003), sageKey: "00-0001002-R2003", vendor: "0001002",
                          job: nil, lines: [("5100-01-00", "30.00")])
        // The posted requisition changed in Procore afterwards: drift, with the new version staged.
        try fixture.ledger.transition(recordID: records[2].id, to: .drift, runID: fixture.runID)
        let newer = try fixture.ledger.insertRecord(NewLedgerRecord(
            resource: "requisitions", companyID: 1, projectID: 7, sourceID: 2003, sourceUpdatedAt: "2026-11-28T09:00:00Z",
            contentSHA256: String(repeating: "b", count: 64), runID: fixture.runID, idempotencyKey: "ABC:ap-invoices:requisitions:2003-v2"))
        // A record that failed validation in the same run.
        let invalid = try fixture.ledger.insertRecord(NewLedgerRecord(
            resource: "requisitions", companyID: 1, projectID: 7, sourceID: 2004, sourceUpdatedAt: "2026-11-20T10:00:00Z",
            contentSHA256: String(repeating: "c", count: 64), runID: fixture.runID, idempotencyKey: fixture.key(.apInvoices, 2004)))
        try fixture.ledger.settleValidation(recordID: invalid.id, valid: false, reasons: [
            "requisition 2004 (Acme Drywall, invoice 123): cost code 09-250 has no GL mapping; add a row to mapping/cost-codes.csv"],
            runID: fixture.runID)

        let report = try await Reconciler(ledger: fixture.ledger, source: source, options: .init(company: "ABC"))
            .reconcile(runID: fixture.runID)
        #expect(Set(report.exceptions.map(\.kind)) == [.rejected, .invalid, .uncertain, .drift])
        let rejected = try #require(report.exceptions.first { $0.kind == .rejected })
        #expect(rejected.sourceID == 2001 && rejected.reason.contains("InvoiceNo already exists"))
        #expect(!rejected.fix.isEmpty)
        let invalidItem = try #require(report.exceptions.first { $0.kind == .invalid })
        #expect(invalidItem.reason.contains("09-250") && invalidItem.documentKind == "ap-invoices")
        let uncertain = try #require(report.exceptions.first { $0.kind == .uncertain })
        #expect(uncertain.fix.contains("ml-connector post"))
        let drift = try #require(report.exceptions.first { $0.kind == .drift })
        #expect(drift.sourceID == 2003 && drift.sageKey == "00-0001002-R2003")
        #expect(drift.reason.contains("record \(newer.id)") && drift.reason.contains("2026-11-28T09:00:00Z"))
        #expect(report.headline() == "4 exceptions need attention (2 root causes)")
        #expect(!report.isReconciled)
        // The drifted document is still in Sage and counts as posted.
        #expect(report.summary.first?.postedTotal.plain == "30.00")
    }

    @Test("totals are exact to the cent over thousands of small amounts")
    func manySmallAmounts() async throws {
        let fixture = try F()
        let source = ReconcileFakeSource()
        // 0.01 + 0.02 + ... : 3000 lines of amounts that have no exact binary representation.
        var lines: [(String, Decimal)] = []
        var expected = Decimal(0)
        for i in 1...3000 {
            let amount = F.decimal("0.\(String(format: "%02d", i % 100))") + F.decimal("0.10")
            lines.append((i % 2 == 0 ? "5100-01-00" : "5100-04-00", amount))
            expected += amount
        }
        let (batch, records) = try fixture.batch(.apInvoices, [(3001, "K", F.invoiceAmounts(vendor: "0001003", job: "J-1", lines: lines))])
        try fixture.settle(records, batchID: batch, as: .posted, sageKeys: ["K"])
        source.addInvoice(batchID: batch, key: fixture.key(.apInvoices, 3001), sageKey: "K", vendor: "0001003", job: "J-1",
                          lines: lines.map { ($0.0, Money($0.1).plain) })
        let report = try await Reconciler(ledger: fixture.ledger, source: source, options: .init(company: "ABC"))
            .reconcile(runID: fixture.runID)
        #expect(report.isReconciled)
        #expect(report.summary.first?.sourceTotal.value == expected)
        #expect(report.summary.first?.sourceTotal.plain == "1785.00")
        let sum = report.byAccount.reduce(Money.zero) { $0 + $1.postedTotal }
        #expect(sum.plain == "1785.00")
        // The same sum through Double drifts away from the exact value.
        let viaDouble = lines.reduce(0.0) { $0 + NSDecimalNumber(decimal: $1.1).doubleValue }
        #expect(Decimal(viaDouble) != expected)
    }

    @Test("money formatting: grouping, rounding half away from zero, negatives, JSON strings")
    func moneyFormatting() throws {
        #expect(Money(F.decimal("1234567.891")).grouped == "1,234,567.89")
        #expect(Money(F.decimal("-1234.5")).grouped == "-1,234.50")
        #expect(Money(F.decimal("0.005")).plain == "0.01")
        #expect(Money(F.decimal("-0.004")).plain == "0.00")
        #expect(Money(F.decimal("999")).grouped == "999.00")
        #expect(Money(F.decimal("1000")).currency("$") == "$1,000.00")
        #expect(Money(F.decimal("-12")).currency("$") == "-$12.00")
        let data = try JSONEncoder().encode([Money(F.decimal("10.1"))])
        #expect(String(decoding: data, as: UTF8.self) == "[\"10.10\"]")
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Money].self, from: Data("[\"1e3x\"]".utf8)) }
    }

    @Test("a batch waiting for approval is 'not posted' with the approve fix; a stray Sage document is 'unexpected'; a duplicate posted under another batch is found")
    func notPostedUnexpectedAndElsewhere() async throws {
        let fixture = try F()
        let source = ReconcileFakeSource()
        try fixture.batch(.apInvoices, [(8001, nil, F.invoiceAmounts(vendor: "0001004", job: "J-9", lines: [("5100-01-00", F.decimal("75.25"))]))],
                          state: .pendingApproval)
        let (glBatch, glRecords) = try fixture.batch(.purchaseOrders, [
            (8002, "0001234", [RecordAmount(kind: "purchase-orders", vendorNo: "0001004", jobNo: "J-9", account: "5100-01-00",
                                            amount: F.decimal("400.00"))]),
        ])
        try fixture.settle(glRecords, batchID: glBatch, as: .posted, sageKeys: ["0001234"])
        // The purchase order was answered `duplicate`: Sage holds it under an earlier batch id.
        let lines: JSONValue = .array([.object(["PurchasesAcctKey": .string("510001000"), "ExtensionAmt": .string("400.00"),
                                                "JobNo": .string("J-9")])])
        source.documents.withLock {
            $0["EARLIER-purchase-orders"] = [AgentPostedDocument(
                sageKey: "0001234", kind: "purchase-orders", batchID: "EARLIER-purchase-orders",
                idempotencyKey: fixture.key(.purchaseOrders, 8002), postedAt: "2026-11-01T00:00:00Z", amount: "400.00",
                record: .object(["VendorNo": .string("0001004"), "lines": lines]))]
        }
        // And Sage holds an invoice in the run's batch that no record is posted as.
        source.addInvoice(batchID: "\(fixture.runID)-ap-invoices", key: "ABC:ap-invoices:requisitions:9999", sageKey: "00-0001004-X",
                          vendor: "0001004", job: "J-9", lines: [("5100-01-00", "12.00")])
        let report = try await Reconciler(ledger: fixture.ledger, source: source, options: .init(company: "ABC"))
            .reconcile(runID: fixture.runID)
        #expect(report.exceptions.map(\.kind) == [.notPosted, .unexpectedInSage])
        let waiting = try #require(report.exceptions.first)
        #expect(waiting.sourceID == 8001 && waiting.reason.contains("waits for approval") && waiting.fix.contains("ml-connector approve"))
        let stray = try #require(report.exceptions.last)
        #expect(stray.sageKey == "00-0001004-X" && stray.postedAmount?.plain == "12.00")
        let orders = try #require(report.summary.first { $0.kind == "purchase-orders" })
        #expect(orders.postedDocuments == 1 && orders.difference.isZero)
        #expect(report.byAccount.first { $0.kind == "purchase-orders" }?.key == "5100-01-00")
        #expect(report.byAccount.first { $0.kind == "purchase-orders" }?.difference.isZero == true)
    }

    @Test("root causes: a record refused only because another was counts under that one's cause, held back per document kind")
    func rootCausesFollowBlockers() {
        func refused(_ resource: String, _ id: Int64, kind: String, amount: String?, cause: String, blockedBy: String? = nil) -> ReconciliationException {
            var e = ReconciliationException(kind: .invalid, recordID: id, resource: resource, sourceID: id, documentKind: kind,
                                            sourceAmount: amount.flatMap { Money.parse($0) }.map(Money.init), reason: "x: \(cause)", fix: "fix it")
            e.cause = cause
            e.blockedBy = blockedBy
            return e
        }
        let exceptions = [
            refused("vendors", 1, kind: "vendors", amount: nil, cause: "VendorName is 32 characters"),
            refused("requisitions", 10, kind: "ap-invoices", amount: "100.00", cause: "VendorName is 32 characters", blockedBy: "vendors:1"),
            refused("requisitions", 11, kind: "ap-invoices", amount: "50.25", cause: "cost code 09-300 has no GL mapping"),
            refused("requisitions", 12, kind: "ap-invoices", amount: "49.75", cause: "cost code 09-300 has no GL mapping"),
            refused("contract_payments", 20, kind: "manual-checks", amount: "50.25", cause: "requisition … is invalid", blockedBy: "requisitions:11"),
            // A chain: the payment of a requisition held by a vendor counts under the vendor.
            refused("contract_payments", 21, kind: "manual-checks", amount: "100.00", cause: "requisition … is invalid", blockedBy: "requisitions:10"),
            // Its blocker is not among the refused: it is a cause of its own.
            refused("contract_payments", 22, kind: "manual-checks", amount: "7.00", cause: "requisition … is invalid", blockedBy: "requisitions:99"),
            ReconciliationException(kind: .uncertain, recordID: 30, reason: "no answer", fix: "post"),
        ]
        let causes = RootCauses.build(exceptions)
        #expect(causes.map(\.cause) == ["VendorName is 32 characters", "cost code 09-300 has no GL mapping", "requisition … is invalid"])
        let vendor = causes[0]
        #expect(vendor.records == 1 && vendor.blockedRecords == 2)
        #expect(vendor.held.map(\.kind) == ["vendors", "ap-invoices", "manual-checks"])
        #expect(vendor.held.map(\.amount.plain) == ["0.00", "100.00", "100.00"])
        #expect(vendor.held.first?.recordsWithoutAmount == 1)
        let code = causes[1]
        #expect(code.records == 2 && code.blockedRecords == 1)
        #expect(code.held.map(\.amount.plain) == ["100.00", "50.25"])
        #expect(causes[2].records == 1 && causes[2].blockedRecords == 0)

        var report = ReconciliationReport(runID: "r", company: "ABC", generatedAt: "t", batches: [], summary: [],
                                          exceptions: exceptions, byVendor: [], byJob: [], byAccount: [])
        report.rootCauses = causes
        #expect(report.headline() == "8 exceptions need attention (3 root causes)")
        #expect(report.heldBack() == "1 vendor; 3 AP invoices $200.00; 3 manual checks $157.25")
    }

    @Test("a journal entry posted to an account the mapping charges cost to is an exception; one between memo accounts is not")
    func journalEntryOnCostAccount() async throws {
        let fixture = try F()
        let source = ReconcileFakeSource()
        let gl = SageDocumentKind.glEntries.rawValue
        let (batch, records) = try fixture.batch(.glEntries, [
            (3001, nil, [RecordAmount(kind: gl, vendorNo: nil, jobNo: "J-100", account: "5100-04-00", amount: F.decimal("250.00")),
                         RecordAmount(kind: gl, vendorNo: nil, jobNo: "J-100", account: "2000-00-00", amount: F.decimal("-250.00"))]),
            (3002, nil, [RecordAmount(kind: gl, vendorNo: nil, jobNo: "J-100", account: "5200-00-00", amount: F.decimal("99.00")),
                         RecordAmount(kind: gl, vendorNo: nil, jobNo: "J-100", account: "2010-00-00", amount: F.decimal("-99.00"))]),
        ])
        try fixture.settle(records, batchID: batch, as: .posted, sageKeys: ["000101", "000102"])
        source.addJournal(batchID: batch, key: fixture.key(.glEntries, 3001), sageKey: "000101",
                          lines: [("5100-04-00", "250.00", "0.00"), ("2000-00-00", "0.00", "250.00")])
        source.addJournal(batchID: batch, key: fixture.key(.glEntries, 3002), sageKey: "000102",
                          lines: [("5200-00-00", "99.00", "0.00"), ("2010-00-00", "0.00", "99.00")])
        let report = try await Reconciler(ledger: fixture.ledger, source: source,
                                          options: .init(company: "ABC", costAccounts: ["5100-04-00", "5100-01-00"]))
            .reconcile(runID: fixture.runID)
        #expect(report.exceptions.map(\.kind) == [.costAccountPosting])
        #expect(report.exceptions.first?.sageKey == "000101")
        #expect(report.exceptions.first?.reason.contains("posts to 5100-04-00") == true)
        #expect(!report.isReconciled)

        let clean = try await Reconciler(ledger: fixture.ledger, source: source, options: .init(company: "ABC"))
            .reconcile(runID: fixture.runID)
        #expect(clean.isReconciled, "\(clean.exceptions)")
    }

    @Test("the mapping's cost accounts are every account a cost code can post to, filled per project")
    func mappingCostAccounts() throws {
        let mapping = try MappingFixtures.configuration()
        let accounts = mapping.costAccounts()
        #expect(accounts.contains("5100-04-00"))
        #expect(accounts.contains("5999-04-00"))
        #expect(!accounts.contains("2150-00-00"), "a control account is not a cost account")
        #expect(!accounts.contains { $0.contains("{") }, "\(accounts)")
    }
    @Test("keys read back are trimmed exactly as Foundation trims whitespace, and blank ones are absent")
    func keysTrimmed() {
        let cases: [String?] = [nil, "", " ", "\t", "\u{00A0}", "\u{3000} ", "J-100", " J-100", "J-100\t", "\u{00A0}J-100\u{2003}",
                                "J 100", "Jé", "\n J \n", "5100-01-00"]
        for text in cases {
            let expected = text.map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
            #expect(nonEmpty(text) == expected, "\(String(describing: text))")
            #expect(PostedDocumentLines.text(text.map(JSONValue.string)) == expected)
        }
        #expect(PostedDocumentLines.text(.number("12")) == nil)
    }
}
