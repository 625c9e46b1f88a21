import Foundation
import HTTP
import Testing
@testable import Connector
import Ledger
import Sage100
import Sandbox

/// Documents actually posted to the Sage agent simulator over loopback HTTP with the real
/// client, then read back and reconciled against a real SQLite ledger.
@Suite("Reconciliation against the Sage agent simulator over loopback")
struct ReconcileSimulatorTests {
    typealias F = ReconcileFixture
    static let apiKey = "reconcile-test-key-0123456789"

    struct Invoice {
        var sourceID: Int64
        var vendor: String
        var job: String
        var lines: [(String, Decimal)]
        var retainage: Decimal = 0

        var amounts: [RecordAmount] { F.invoiceAmounts(vendor: vendor, job: job, lines: lines, retainage: retainage) }

        var document: APInvoice {
            var sageLines = lines.map {
                APInvoiceLine(accountKey: ReconcileAccounts.accountKey($0.0), distributionAmt: $0.1, commentText: "cost", jobNo: job)
            }
            if retainage != 0 {
                sageLines.append(APInvoiceLine(accountKey: ReconcileAccounts.accountKey("2010-00-00"), distributionAmt: -retainage,
                                               commentText: "retainage held this period"))
            }
            let gross = lines.reduce(Decimal(0)) { $0 + $1.1 }
            return APInvoice(apDivisionNo: "00", vendorNo: vendor, invoiceNo: "R\(sourceID)",
                             invoiceDate: try! SageDate(year: 2026, month: 11, day: 20), termsCode: "30",
                             comment: "Procore requisition \(sourceID)", jobNo: job, invoiceAmt: gross - retainage,
                             retentionAmt: retainage, lines: sageLines)
        }
    }

    /// Posts `invoices` as one batch through `SageAgentClient.post` and records each answer in the ledger.
    func postBatch(_ invoices: [Invoice], fixture: F, client: SageAgentClient) async throws -> String {
        let (batchID, records) = try fixture.batch(.apInvoices, invoices.map { ($0.sourceID, nil, $0.amounts) })
        let attempts = try fixture.ledger.beginPosting(recordIDs: records.map(\.id), batchID: batchID, runID: fixture.runID)
        let outcome = try await client.post(batchID: batchID, records: invoices.map { (fixture.key(.apInvoices, $0.sourceID), $0.document) })
        var results: [PostingResult] = []
        for (record, answer) in zip(records, outcome.records) {
            #expect(answer.idempotencyKey == record.idempotencyKey)
            let state: RecordState = answer.status.isInSage ? .posted : (answer.status == .rejected ? .rejected : .uncertain)
            results.append(PostingResult(recordID: record.id, attemptID: attempts[record.id], state: state, targetKey: answer.sageKey,
                                         errors: answer.messages.map { "\($0.field ?? "record"): \($0.message)" },
                                         outcome: answer.status.rawValue))
        }
        try fixture.ledger.finishPosting(results, runID: fixture.runID)
        return batchID
    }

    @Test("posted invoices read back equal; a Sage rejection is the only exception; files and audit written")
    func postAndReconcile() async throws {
        let simulator = try SageAgentSimulator(configuration: .init(apiKey: Self.apiKey))
        try await simulator.start()
        defer { try? FileManager.default.removeItem(atPath: simulator.databasePath) }
        do {
            let client = SageAgentClient(
                configuration: try SageAgentConfiguration(baseURL: simulator.baseURL, companyCode: "ABC",
                                                          auth: .apiKey(Secret(Self.apiKey))),
                httpClient: CurlHTTPClient(configuration: .init(timeout: .seconds(15))))

            // Run 1: everything posts; the report is reconciled.
            let clean = try F()
            _ = try await postBatch([
                Invoice(sourceID: 5001, vendor: "0001000", job: "J-100",
                        lines: [("5100-01-00", F.decimal("1000.00")), ("5100-07-00", F.decimal("234.56"))], retainage: F.decimal("61.73")),
                Invoice(sourceID: 5002, vendor: "0001001", job: "J-200", lines: [("5100-01-00", F.decimal("500.10"))]),
            ], fixture: clean, client: client)
            let good = try await Reconciler(ledger: clean.ledger, source: AgentReconciliationSource(agent: client), options: .init(company: "ABC")).reconcile()
            #expect(good.exceptions == [], "\(good.exceptions)")
            #expect(good.isReconciled)
            #expect(good.headline() == "Reconciled: 2 AP invoices $1,672.93")
            #expect(good.notes == [])
            let sitework = try #require(good.byAccount.first { $0.key == "5100-01-00" })
            #expect(sitework.name == "Subcontract Costs - Sitework" && sitework.postedTotal.plain == "1500.10")
            #expect(good.byVendor.first { $0.key == "0001000" }?.name == "Acme Steel Erectors")
            #expect(good.byJob.map(\.key) == ["J-100", "J-200"])
            #expect(good.byAccount.first { $0.key == "2010-00-00" }?.postedTotal.plain == "-61.73")

            // Run 2: one invoice is coded to an inactive account, so Sage rejects it.
            let mixed = try F()
            let batchID = try await postBatch([
                Invoice(sourceID: 6001, vendor: "0001002", job: "J-300", lines: [("5100-07-00", F.decimal("99.99"))]),
                Invoice(sourceID: 6002, vendor: "0001002", job: "J-300", lines: [("5100-04-00", F.decimal("10.00"))]),
            ], fixture: mixed, client: client)
            let outcome = try await Reconciliation.run(ledger: mixed.ledger, source: AgentReconciliationSource(agent: client), options: .init(company: "ABC"),
                                                       runID: mixed.runID, outboxRoot: mixed.outbox, templatePath: nil)
            let report = outcome.report
            #expect(report.exceptions.map(\.kind) == [.rejected])
            #expect(report.exceptions.first?.reason.contains("inactive") == true)
            #expect(report.exceptions.first?.vendorName == "Cascade Electric Co")
            #expect(outcome.exitCode == 4)
            let summary = try #require(report.summary.first)
            #expect(summary.sourceDocuments == 2 && summary.postedDocuments == 1)
            #expect(summary.postedTotal.plain == "99.99" && summary.difference.plain == "-10.00")
            #expect(report.batches.map(\.id) == [batchID])
            let html = try String(contentsOfFile: outcome.files.html, encoding: .utf8)
            #expect(html.contains("1 exception needs attention") && html.contains("Cascade Electric Co"))
            let csv = try Data(contentsOf: URL(fileURLWithPath: outcome.files.csv))
            #expect(Array(csv.prefix(3)) == [0xEF, 0xBB, 0xBF])
            #expect(try ReconciliationJSON.read(Data(contentsOf: URL(fileURLWithPath: outcome.files.json))) == report)
            let audit = try mixed.ledger.audit(subject: "run:\(mixed.runID)")
            #expect(audit.contains { $0.action == "run.reconciled" && ($0.detailJSON ?? "").contains("\"reconciled\":false") })
            await simulator.stop()
        } catch {
            await simulator.stop()
            throw error
        }
    }
}
