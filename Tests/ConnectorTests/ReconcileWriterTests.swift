import Money
import Foundation
import Testing
@testable import Connector
import Ledger
import Sage100

@Suite("Reconciliation report files: HTML, CSV, JSON")
struct ReconcileWriterTests {
    typealias F = ReconcileFixture
    static let hostile = "<script>alert(\"x\")</script> Smith & Sons 'Élan'"

    func sampleReport() -> ReconciliationReport {
        ReconciliationReport(
            runID: "20261129T014000Z-ab12", company: "ABC", generatedAt: "2026-11-29T02:00:00Z",
            batches: [.init(id: "20261129T014000Z-ab12-ap-invoices", kind: "ap-invoices", state: "partial", records: 3, controlTotal: "1234567.89")],
            summary: [.init(kind: "ap-invoices", sourceDocuments: 3, postedDocuments: 2,
                            sourceTotal: Money(F.decimal("1234567.89")), postedTotal: Money(F.decimal("1234067.89")))],
            exceptions: [
                ReconciliationException(kind: .rejected, recordID: 42, resource: "requisitions", sourceID: 1280646,
                                        idempotencyKey: "ABC:ap-invoices:requisitions:1280646", documentKind: "ap-invoices",
                                        batchID: "20261129T014000Z-ab12-ap-invoices", vendorNo: "0001000", vendorName: Self.hostile,
                                        jobNo: "J-100", sourceAmount: Money(F.decimal("500")),
                                        reason: "=HYPERLINK(\"http://evil\") InvoiceNo: already exists", fix: "-correct and replay"),
            ],
            byVendor: [.init(kind: "ap-invoices", key: "0001000", name: Self.hostile,
                             sourceTotal: Money(F.decimal("1000.5")), postedTotal: Money(F.decimal("500.5")))],
            byJob: [.init(kind: "ap-invoices", key: "+J-1", name: nil, sourceTotal: Money(F.decimal("-12.34")),
                          postedTotal: Money(F.decimal("-12.34")))],
            byAccount: [.init(kind: "ap-invoices", key: "@5100-01-00", name: "Subcontract, \"Sitework\"",
                              sourceTotal: Money(F.decimal("1")), postedTotal: Money(F.decimal("1")))])
    }

    /// The repository's `templates/reconciliation.mustache`.
    static var repoTemplatePath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("templates/reconciliation.mustache").path
    }

    @Test("the built-in template is identical to templates/reconciliation.mustache")
    func templateCopiesIdentical() throws {
        let file = try String(contentsOfFile: Self.repoTemplatePath, encoding: .utf8)
        #expect(file == ReconciliationHTML.builtInTemplate)
        let fromFile = try ReconciliationHTML(templatePath: Self.repoTemplatePath)
        let builtIn = try ReconciliationHTML(templatePath: "/nonexistent/reconciliation.mustache")
        #expect(fromFile.templateSource == Self.repoTemplatePath && builtIn.templateSource == "built-in")
        #expect(fromFile.render(sampleReport()) == builtIn.render(sampleReport()))
    }

    @Test("HTML escapes a hostile vendor name and shows headline, exceptions with fixes, sections, grouped money")
    func htmlContent() throws {
        let html = try ReconciliationHTML(templatePath: nil).render(sampleReport())
        #expect(!html.contains("<script>"))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Smith &amp; Sons &#39;Élan&#39;"))
        #expect(html.contains("1 exception needs attention"))
        #expect(html.contains("Rejected by Sage"))
        #expect(html.contains("<strong>Fix:</strong> -correct and replay"))
        #expect(html.contains("1,234,567.89") && html.contains("-500.00"))
        #expect(html.contains("By vendor") && html.contains("By job") && html.contains("By GL account"))
        #expect(html.contains("requisitions 1280646 (record 42)"))
        #expect(html.contains("thead { display: table-header-group; }"))
        #expect(html.contains("break-inside: avoid"))
        #expect(html.contains("class=\"differs\""))
    }

    @Test("CSV: BOM, CRLF, RFC 4180 quotes, formula cells neutralised, amounts stay numbers")
    func csvContent() throws {
        let data = ReconciliationCSV.render(sampleReport())
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let text = String(decoding: data.dropFirst(3), as: UTF8.self)
        #expect(text.contains("\r\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        // Formula-looking text is neutralised, and quoted because it holds quotes.
        #expect(text.contains("\"'=HYPERLINK(\"\"http://evil\"\") InvoiceNo: already exists\""))
        #expect(text.contains(",'-correct and replay\r\n"))
        #expect(text.contains(",'+J-1,"))
        #expect(text.contains(",'@5100-01-00,\"Subcontract, \"\"Sitework\"\"\","))
        // Negative amounts are numbers, not neutralised text.
        #expect(text.contains("job,ap-invoices,'+J-1,,-12.34,-12.34,0.00\r\n"))
        #expect(text.contains("summary,ap-invoices,3,2,1234567.89,1234067.89,-500.00\r\n"))
        #expect(text.contains("Smith & Sons 'Élan'"))
        for section in ["report", "summary", "exception", "vendor", "job", "account", "batch"] {
            #expect(text.contains("\r\n\(section),") || text.hasPrefix("section,"), "section \(section)")
        }
    }

    @Test("writer puts html, csv and json in outbox/<run-id>/ and the JSON reads back equal")
    func writesFiles() throws {
        let fixture = try F()
        let report = sampleReport()
        let files = try ReconciliationWriter(outboxRoot: fixture.outbox, templatePath: nil).write(report)
        #expect(files.html == fixture.outbox + "/20261129T014000Z-ab12/reconciliation.html")
        for path in [files.html, files.csv, files.json] { #expect(FileManager.default.fileExists(atPath: path)) }
        let json = try Data(contentsOf: URL(fileURLWithPath: files.json))
        #expect(try ReconciliationJSON.read(json) == report)
        let text = String(decoding: json, as: UTF8.self)
        #expect(text.contains("\"sourceTotal\" : \"1234567.89\""))
        #expect(text.contains("\"headline\" : \"1 exception needs attention\""))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: fixture.outbox + "/20261129T014000Z-ab12")
        #expect(leftovers.sorted() == ["reconciliation.csv", "reconciliation.html", "reconciliation.json"])
        var bad = report
        bad.runID = "../escape"
        #expect(throws: ReconcileError.self) { try ReconciliationWriter(outboxRoot: fixture.outbox, templatePath: nil).write(bad) }
    }
    @Test("a reconciled sample and an exception sample render their key content from the reconciler")
    func renderedSample() async throws {
        let fixture = try F()
        let source = ReconcileFakeSource(vendorNames: ["0001000": "Acme Steel Erectors", "0001001": "Bayside <Concrete> & Sons"])
        let (batch, records) = try fixture.batch(.apInvoices, [
            (7001, "00-0001000-R7001", F.invoiceAmounts(vendor: "0001000", job: "J-100",
                                                        lines: [("5100-01-00", F.decimal("1200000.00")), ("5100-04-00", F.decimal("34567.89"))],
                                                        retainage: F.decimal("0"))),
            (7002, "00-0001001-R7002", F.invoiceAmounts(vendor: "0001001", job: "J-200", lines: [("5100-04-00", F.decimal("800.00"))],
                                                        retainage: F.decimal("40.00"))),
        ])
        try fixture.settle(records, batchID: batch, as: .posted, sageKeys: ["00-0001000-R7001", "00-0001001-R7002"])
        source.addInvoice(batchID: batch, key: fixture.key(.apInvoices, 7001), sageKey: "00-0001000-R7001", vendor: "0001000",
                          job: "J-100", lines: [("5100-01-00", "1200000.00"), ("5100-04-00", "34567.89")])
        source.addInvoice(batchID: batch, key: fixture.key(.apInvoices, 7002), sageKey: "00-0001001-R7002", vendor: "0001001",
                          job: "J-200", lines: [("5100-04-00", "800.00"), ("2010-00-00", "-40.00")])
        let reconciler = Reconciler(ledger: fixture.ledger, source: source, options: .init(company: "ABC"))
        let good = try await reconciler.reconcile(runID: fixture.runID)
        let writer = try ReconciliationWriter(outboxRoot: fixture.outbox, templatePath: Self.repoTemplatePath)
        let goodHTML = writer.html.render(good)
        #expect(goodHTML.contains("Reconciled: 2 AP invoices $1,235,327.89"))
        #expect(goodHTML.contains("headline ok"))
        #expect(goodHTML.contains("Bayside &lt;Concrete&gt; &amp; Sons"))
        #expect(goodHTML.contains("None: every document of the run is in Sage"))

        let bad = try fixture.ledger.insertRecord(NewLedgerRecord(
            resource: "requisitions", companyID: 1, projectID: 7, sourceID: 7003, sourceUpdatedAt: "2026-11-21T10:00:00Z",
            contentSHA256: String(repeating: "d", count: 64), runID: fixture.runID, idempotencyKey: fixture.key(.apInvoices, 7003)))
        try fixture.ledger.settleValidation(recordID: bad.id, valid: false, reasons: [
            "requisition 7003 (Keystone Drywall, invoice 88): cost code 09-250 has no GL mapping; add a row to mapping/cost-codes.csv"],
            runID: fixture.runID)
        let report = try await reconciler.reconcile(runID: fixture.runID)
        let files = try writer.write(report)
        let html = try String(contentsOfFile: files.html, encoding: .utf8)
        #expect(html.contains("1 exception needs attention") && html.contains("headline attention"))
        #expect(html.contains("Invalid, not sent") && html.contains("cost code 09-250 has no GL mapping"))
        #expect(html.contains("<strong>Fix:</strong> correct it as the reason says"))
        #expect(html.contains("1,234,567.89"))   // account 5100-01-00 + 5100-04-00 of R7001 in the vendor section
        if let out = ProcessInfo.processInfo.environment["RECONCILE_SAMPLE_OUT"] {
            try ReconciliationWriter(outboxRoot: out, templatePath: Self.repoTemplatePath).write(report)
        }
    }
}
