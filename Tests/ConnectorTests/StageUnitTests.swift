import Foundation
import Ledger
import Sage100
import Sandbox
import Testing
@testable import Connector

/// The stages end to end on in-process parts only: a ledger in memory, a local Sage agent (the
/// simulator's BOI rules over an in-memory database) and no HTTP server or socket anywhere.
@Suite("Stages without HTTP: ledger in memory, local Sage agent")
struct StageUnitTests {
    /// Procore vendor 5551234 is Sage vendor 0001000 (in the seed); Procore vendor 7777 is not
    /// in Sage, so the transform creates it and its documents must wait for it.
    final class World {
        let ledger: Ledger
        let agent: LocalSageAgent
        let outbox: String
        var mapping: MappingConfiguration
        var reference: ReferenceData

        init() async throws {
            ledger = try Ledger.inMemory()
            agent = try LocalSageAgent()
            outbox = FileManager.default.temporaryDirectory.appendingPathComponent("stage-unit-\(UUID().uuidString)").path
            let yaml = TransformSandboxTests.mappingYAML.replacingOccurrences(
                of: "    number_scheme: { prefix: \"P\", width: 6 }",
                with: "    number_scheme: { prefix: \"P\", width: 6 }\n    table: { \"5551234\": \"0001000\" }")
            mapping = try MappingConfiguration.parse(yaml: yaml, file: "connector.yml", baseDirectory: nil)
            reference = try await ReferenceData.refresh(using: agent, ledger: ledger, company: "ABC")
        }

        deinit { try? FileManager.default.removeItem(atPath: outbox) }

        func receive(_ lines: [String: [String]]) throws {
            var versions: [NewSourceVersion] = []
            for resource in lines.keys.sorted() {
                for line in lines[resource]! { versions.append(try SourceVersionBuilder.version(ofLine: Data(line.utf8)).get()) }
            }
            try ledger.insertSourceVersions(versions, origin: "pull", runID: nil)
        }

        func transform(options: TransformOptions = .init()) throws -> TransformSummary {
            try Transformer(ledger: ledger, mapping: mapping, reference: reference, company: "ABC", outboxRoot: outbox,
                            options: options).run()
        }

        func post() async throws -> PostSummary {
            try await Poster(ledger: ledger, agent: agent, options: PostOptions(outboxRoot: outbox)).run()
        }
    }

    static let newVendorContract = Staged.workOrder(9002, vendor: 7777, vendorName: "Northwind Glazing", number: "SC-002", lines: [
        Staged.lineItem(90021, amount: "8000.00", code: "08-400", type: "S"),
    ])
    static let newVendor = Staged.vendor(7777, "Northwind Glazing")
    static let newVendorRequisition = Staged.requisition(1280801, vendor: 7777, vendorName: "Northwind Glazing", invoice: "NW-1",
                                                         commitment: 9002, claimed: "2000.00", due: "1800.00", items: [
        Staged.contractItem(11, lineItem: 90021, thisPeriod: "2000.00", retained: "200.00"),
    ])

    @Test("transform, post and reconcile: each document once, vendors before what needs them, totals to the cent")
    func payCycleWithoutHTTP() async throws {
        let world = try await World()
        try world.receive([
            "vendors": [Self.newVendor],
            "work_order_contracts": [Staged.acmeSubcontract, Self.newVendorContract],
            "requisitions": [Staged.goodRequisition, Self.newVendorRequisition],
            "contract_payments": [Staged.payment(5001, requisition: 1280646, amount: "11160.00")],
        ])
        let transform = try world.transform()
        #expect(transform.invalid.isEmpty, "\(transform.invalid)")
        #expect(Set(transform.batches.map(\.kind)) == ["vendors", "purchase-orders", "ap-invoices", "manual-checks"])
        let batched = transform.batches.reduce(0) { $0 + $1.count }

        let post = try await world.post()
        #expect(post.stopped == nil)
        #expect(post.waiting.isEmpty, "the new vendor is posted first, so nothing waits: \(post.waiting)")
        #expect(post.postedCount == batched)
        let postings = try await world.agent.postings()
        #expect(postings.count == batched)
        #expect(Set(postings.map(\.idempotencyKey)).count == postings.count)
        #expect(Set(try world.ledger.records(in: .posted).map(\.idempotencyKey)) == Set(postings.map(\.idempotencyKey)))

        let again = try await world.post()
        #expect(again.batches.isEmpty && again.postedCount == 0)
        #expect(try await world.agent.postings().count == batched)

        let report = try await Reconciler(ledger: world.ledger, source: AgentReconciliationSource(agent: world.agent),
                                          options: .init(company: "ABC")).reconcile()
        #expect(report.isReconciled, "\(report.exceptions)")
        #expect(!report.byVendor.isEmpty && !report.byAccount.isEmpty)
        for row in report.byVendor + report.byJob + report.byAccount {
            #expect(row.sourceTotal == row.postedTotal, "\(row.kind) \(row.key ?? "-")")
        }
    }

    @Test("two payments with one check number both post as manual checks under different Sage keys, and the report shows both numbers")
    func repeatedCheckNumberPosts() async throws {
        let world = try await World()
        try world.receive([
            "work_order_contracts": [Staged.acmeSubcontract],
            "requisitions": [Staged.goodRequisition, CheckNumberTests.second],
            "contract_payments": [Staged.payment(5001, requisition: 1280646, amount: "11160.00", check: "10045"),
                                  Staged.payment(5002, requisition: 1280647, amount: "900.00", check: "10045")],
        ])
        let transform = try world.transform()
        #expect(transform.invalid.isEmpty, "\(transform.invalid)")
        let post = try await world.post()
        #expect(post.stopped == nil && post.waiting.isEmpty, "\(post.waiting)")
        let checks = try await world.agent.postings().filter { $0.kind == .manualChecks }
        #expect(checks.count == 2)
        #expect(Set(checks.map(\.sageKey)).count == 2, "\(checks.map(\.sageKey))")
        #expect(checks.map(\.amount).reduce(0, +) == Decimal(string: "12060.00"))

        let report = try await Reconciler(ledger: world.ledger, source: AgentReconciliationSource(agent: world.agent),
                                          options: .init(company: "ABC")).reconcile()
        #expect(report.isReconciled, "\(report.exceptions)")
        let renumbered = try #require(report.renumbered.first { $0.field == "CheckNo" })
        #expect(renumbered.procoreNumber == "10045" && renumbered.sageNumber != "10045")
        #expect(checks.contains { $0.sageKey.contains(renumbered.sageNumber) }, "\(checks.map(\.sageKey)) vs \(renumbered.sageNumber)")
    }

    @Test("a credit memo and a retainage release post to Sage and reconcile; a requisition of zero is listed as nothing to post")
    func creditsPostAndReconcile() async throws {
        let world = try await World()
        try world.receive([
            "work_order_contracts": [Staged.acmeSubcontract],
            "requisitions": [
                Staged.goodRequisition,
                Staged.requisition(2001, invoice: "CR-1", claimed: "-1000.00", due: "-900.00", items: [
                    Staged.contractItem(11, lineItem: 90011, thisPeriod: "-1000.00", retained: "-100.00"),
                ]),
                Staged.requisition(2002, invoice: "REL-1", claimed: "0.00", due: "500.00", items: [
                    Staged.contractItem(12, lineItem: 90011, thisPeriod: "0.00", retained: "0.00", released: "500.00"),
                ]),
                Staged.requisition(2003, invoice: "ZERO-1", claimed: "0.00", due: "0.00", items: [
                    Staged.contractItem(13, lineItem: 90011, thisPeriod: "0.00", retained: "0.00"),
                ]),
            ],
        ])
        let transform = try world.transform()
        #expect(transform.invalid.isEmpty, "\(transform.invalid)")
        let post = try await world.post()
        #expect(post.stopped == nil && post.waiting.isEmpty, "\(post.waiting)")
        let invoices = try await world.agent.postings().filter { $0.kind == .apInvoices }
        #expect(invoices.map(\.amount).sorted() == [Decimal(string: "-900.00")!, Decimal(string: "500.00")!, Decimal(string: "11160.00")!])

        let report = try await Reconciler(ledger: world.ledger, source: AgentReconciliationSource(agent: world.agent),
                                          options: .init(company: "ABC")).reconcile()
        #expect(report.isReconciled, "\(report.exceptions)")
        #expect(report.nothingToPost.map(\.sourceID) == [2003])
        #expect(report.nothingToPost.first?.reason.contains("bills 0.00 this period") == true)
        let html = try ReconciliationHTML(templatePath: nil).render(report)
        #expect(html.contains("Nothing to post (1)") && html.contains("ZERO-1"))
    }

    @Test("ledger show finds a record by its Sage key, its Sage document number, Procore's invoice or commitment number, and shows amount, vendor, job and the line received")
    func ledgerShowByNumbers() async throws {
        let world = try await World()
        try world.receive([
            "work_order_contracts": [Staged.acmeSubcontract],
            "requisitions": [Staged.goodRequisition],
            "contract_payments": [Staged.payment(5001, requisition: 1280646, amount: "11160.00", check: "10045")],
        ])
        _ = try world.transform()
        let post = try await world.post()
        #expect(post.stopped == nil && post.waiting.isEmpty, "\(post.waiting)")
        let invoiceKey = try #require(try await world.agent.postings().first { $0.kind == .apInvoices }?.sageKey)
        for query in [invoiceKey, "123"] {
            let shown = try LedgerShow.find(query, ledger: world.ledger)
            #expect(shown.record?.resource == "requisitions" && shown.record?.sourceID == 1280646, "\(query)")
        }
        let requisition = try #require(try LedgerShow.find(invoiceKey, ledger: world.ledger).record)
        #expect(requisition.amount == "11160")
        #expect(requisition.jobNo == nil, "this world maps no project to a job")
        #expect(requisition.vendorName == "Sage vendor 0001000")
        #expect(requisition.sourceLine?.contains("\"invoice_number\":\"123\"") == true)
        #expect(requisition.text.contains("amount 11,160.00") && requisition.text.contains("As received from Procore"))

        let commitment = try #require(try LedgerShow.find("SC-001", ledger: world.ledger).record)
        #expect(commitment.resource == "work_order_contracts" && commitment.sourceID == 9001)
        #expect(try LedgerShow.find("SC001", ledger: world.ledger).record?.sourceID == 9001, "the Sage purchase order number")
        #expect(try LedgerShow.find("number:10045", ledger: world.ledger).record?.resource == "contract_payments")
        #expect(try LedgerShow.find("1", ledger: world.ledger).record != nil, "a bare number is a ledger record id first")
        #expect(throws: LedgerShowError.self) { try LedgerShow.find("NOPE-42", ledger: world.ledger) }
    }

    @Test("a document waits while the vendor it needs is not in Sage, and is sent once the vendor is")
    func waitsForVendor() async throws {
        let world = try await World()
        try world.receive(["vendors": [Self.newVendor], "work_order_contracts": [Self.newVendorContract],
                           "requisitions": [Self.newVendorRequisition]])
        let transform = try world.transform(options: TransformOptions(approvalRequired: true))
        let vendorBatch = try #require(transform.batches.first { $0.kind == "vendors" })
        // A person approves the documents but not yet the new vendor: the documents wait for it.
        for batch in transform.batches where batch.kind != "vendors" {
            try Approvals(ledger: world.ledger).approve(batch: batch.id, by: "Dana Ortiz")
        }
        let first = try await world.post()
        #expect(first.postedCount == 0)
        #expect(first.waiting.count == 2, "the purchase order and the invoice wait: \(first.waiting)")
        #expect(first.waiting.allSatisfy { $0.reasons.contains { $0.contains("ABC:vendors:vendors:7777") } })
        #expect(try await world.agent.postings().isEmpty)

        try Approvals(ledger: world.ledger).approve(batch: vendorBatch.id, by: "Dana Ortiz")
        let second = try await world.post()
        #expect(second.waiting.isEmpty)
        #expect(second.postedCount == 3)
    }

    @Test("after a crash the agent wrote a record but the ledger says posting: settled by lookup, never sent twice")
    func crashAfterAgentWrote() async throws {
        let world = try await World()
        try world.receive(["work_order_contracts": [Staged.acmeSubcontract], "requisitions": [Staged.goodRequisition]])
        let transform = try world.transform()
        let invoices = try #require(transform.batches.first { $0.kind == "ap-invoices" })
        let request = try JSONDecoder().decode(ImportRequest.self, from: Data(contentsOf: URL(fileURLWithPath: invoices.path + "/ap-invoices.json")))
        let record = try #require(try world.ledger.records(batchID: invoices.id).first)
        // The killed run had marked the record and the agent had written it; the answer was lost.
        _ = try world.ledger.beginPosting(recordIDs: [record.id], batchID: invoices.id)
        let written = try await world.agent.post(kind: .apInvoices, batchID: invoices.id, records: request.records, onEvent: nil)
        #expect(written.counts.posted == 1)

        let post = try await world.post()
        #expect(post.recovered >= 1 && post.settledFound >= 1, "\(post)")
        #expect(try world.ledger.record(id: record.id)?.state == .posted)
        let keys = try await world.agent.postings().map(\.idempotencyKey)
        #expect(keys.filter { $0 == record.idempotencyKey }.count == 1)
    }
}
