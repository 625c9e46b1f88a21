import Foundation
import Ledger
import Sage100
import Testing
@testable import Connector

@Suite("Reconciliation: records still open from other runs, one row per cause")
struct CarriedOverTests {
    typealias F = ReconcileFixture

    /// An invalid record of `run` with `reason`, as a transform leaves it.
    func invalid(_ fixture: F, run: RunID, resource: String, sourceID: Int64, reason: String) throws -> LedgerRecord {
        let record = try fixture.ledger.insertRecord(NewLedgerRecord(
            resource: resource, companyID: 1, projectID: 7, sourceID: sourceID, sourceUpdatedAt: "2026-11-20T10:00:00Z",
            contentSHA256: String(format: "%064llx", sourceID), runID: run,
            idempotencyKey: "ABC:\(resource):\(sourceID)"))
        return try fixture.ledger.settleValidation(recordID: record.id, valid: false, reasons: [reason], runID: run)
    }

    /// The reconciled run's one invoice, posted and read back with the same amount.
    func postedInvoice(_ fixture: F) throws -> ReconcileFakeSource {
        let source = ReconcileFakeSource()
        let (batch, records) = try fixture.batch(.apInvoices, [
            (1001, "00-0001000-R1001", F.invoiceAmounts(vendor: "0001000", job: "J-100", lines: [("5100-01-00", F.decimal("10.00"))])),
        ])
        try fixture.settle(records, batchID: batch, as: .posted, sageKeys: ["00-0001000-R1001"])
        source.addInvoice(batchID: batch, key: fixture.key(.apInvoices, 1001), sageKey: "00-0001000-R1001", vendor: "0001000",
                          job: "J-100", lines: [("5100-01-00", "10.00")])
        return source
    }

    static func unmapped(_ sourceID: Int64, project: Int64) -> String {
        "requisition \(sourceID) (Acme Drywall, invoice \(sourceID % 100)-001): cost code 09-300 (type S) on project \(project) has no GL mapping; add a row to cost-codes.csv"
    }

    @Test("the run's own open records are listed one by one; a backlog of 300 from an earlier run is 2 rows by cause")
    func backlogGroupedByCause() async throws {
        let fixture = try F()
        let earlier = try fixture.ledger.beginRun(kind: "run")
        var blockedByCode: [Int64] = []
        for i in 0..<250 {
            blockedByCode.append(try invalid(fixture, run: earlier, resource: "requisitions", sourceID: 7_000 + Int64(i),
                                             reason: Self.unmapped(7_000 + Int64(i), project: 562_949_953_421_312 + Int64(i % 4))).id)
        }
        for i in 0..<50 {
            _ = try invalid(fixture, run: earlier, resource: "contract_payments", sourceID: 9_000 + Int64(i),
                            reason: "contract payment \(9_000 + i) (check \(10_000 + i)): requisition \(5_030_000_000 + i) is invalid in this transform, so its AP invoice does not exist yet; fix the requisition (see its messages) and transform again")
        }
        // The reconciled run: one posted invoice, and one record of its own that failed.
        let source = try postedInvoice(fixture)
        let own = try invalid(fixture, run: fixture.runID, resource: "requisitions", sourceID: 1002,
                              reason: Self.unmapped(1002, project: 562_949_953_421_312))

        let report = try await Reconciler(ledger: fixture.ledger, source: source, options: .init(company: "ABC"))
            .reconcile(runID: fixture.runID)
        #expect(report.exceptions.map(\.recordID) == [own.id])
        #expect(report.carriedOver.count == 2, "\(report.carriedOver.map(\.cause))")
        let code = try #require(report.carriedOver.first)
        #expect(code.kind == .invalid && code.resource == "requisitions" && code.records == 250)
        #expect(code.cause == "cost code 09-300 (type S) on project … has no GL mapping; add a row to cost-codes.csv")
        #expect(code.recordsWithoutAmount == 250 && code.amount.isZero)
        #expect(code.examples == Array(blockedByCode.prefix(3)))
        #expect(!code.since.isEmpty && !code.fix.isEmpty)
        let payments = try #require(report.carriedOver.last)
        #expect(payments.resource == "contract_payments" && payments.records == 50)
        #expect(payments.cause.hasPrefix("requisition … is invalid in this transform"))
        #expect(report.carriedOverRecords == 300 && report.openCount == 301)
        #expect(!report.isReconciled)
        #expect(report.headline() == "1 exception needs attention (1 root cause); 300 records of other runs still open (2 causes)")

        // Both files a person opens show the rows.
        let files = try ReconciliationWriter(outboxRoot: fixture.outbox, templatePath: nil).write(report)
        let html = try String(contentsOfFile: files.html, encoding: .utf8)
        #expect(html.contains("Still open from other runs (300 records, by cause)"))
        #expect(html.contains("on project … has no GL mapping"))
        let csv = try String(contentsOfFile: files.csv, encoding: .utf8)
        #expect(csv.contains("open_elsewhere,invalid,requisitions,250,"))
    }

    @Test("once the backlog's records are resolved the report reconciles")
    func resolvedBacklogReconciles() async throws {
        let fixture = try F()
        let earlier = try fixture.ledger.beginRun(kind: "run")
        let old = try invalid(fixture, run: earlier, resource: "requisitions", sourceID: 7_001,
                              reason: Self.unmapped(7_001, project: 1_234_567))
        let source = try postedInvoice(fixture)
        let reconciler = Reconciler(ledger: fixture.ledger, source: source, options: .init(company: "ABC"))
        let before = try await reconciler.reconcile(runID: fixture.runID)
        #expect(before.carriedOverRecords == 1 && !before.isReconciled)
        #expect(before.headline() == "1 record of other runs still open (1 cause): needs attention")

        // A later version replaced it (the correction went through): nothing is open any more.
        try fixture.ledger.transition(recordID: old.id, to: .superseded, runID: fixture.runID)
        let after = try await reconciler.reconcile(runID: fixture.runID)
        #expect(after.carriedOver.isEmpty && after.isReconciled)
    }

    @Test("a cause leaves out the record's own label, ids, keys and amounts, and keeps what names the cause")
    func causeText() {
        #expect(RecordCause.of( "requisition 5030000326 (=Summit Steel, invoice 14-001): cost code 09-300 (type O) on project 562949953424405 has no GL mapping")
                == "cost code 09-300 (type O) on project … has no GL mapping")
        // A label whose details hold parentheses of their own.
        #expect(RecordCause.of( "purchase order contract 18000065 (Blue Ridge (East), number PO-1000-017): vendor 2700046 (Blue Ridge Roofing): VendorName is 32 characters; Sage 100 allows 30")
                == "VendorName is 32 characters; Sage 100 allows 30")
        // A line's label continues its record's; a nested label (a contract item's) goes too.
        #expect(RecordCause.of( "subcontract 18000002 (Blue Ridge, number SC-1000-001) line 5 (line item 4304967209): it has no cost code, so no GL account can be chosen")
                == "it has no cost code, so no GL account can be chosen")
        #expect(RecordCause.of( "requisition 5000000009 (Blue Ridge, invoice BLUERI-1-001): contract item 320640000578 (512.47): it has no cost code")
                == "it has no cost code")
        #expect(RecordCause.of( "contract item 88123456 (255.63): it has no cost code")
                == "it has no cost code")
        #expect(RecordCause.of( "AP invoice 00-P700064/274-008: the invoice has no distribution lines")
                == "AP invoice …: the invoice has no distribution lines")
        #expect(RecordCause.of( "The RetentionAmt -96.82 must be between 0.00 and the InvoiceAmt 1250.00")
                == "The RetentionAmt … must be between … and the InvoiceAmt …")
        // No label, nothing to mask: unchanged.
        #expect(RecordCause.of( "VendorName is 59 characters; Sage 100 allows 30") == "VendorName is 59 characters; Sage 100 allows 30")
    }
}
