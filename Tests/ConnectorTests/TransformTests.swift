import Foundation
import Ledger
import Sage100
import Testing
@testable import Connector

@Suite("Transform: staging to Sage documents and outbox batches")
struct TransformTests {
    static let run1 = "20261129T010000Z-aaaa"
    static let run2 = "20261129T020000Z-bbbb"

    func decimal(_ any: Any?) -> Decimal? {
        (any as? String).flatMap { Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) }
    }

    @Test("an approved requisition with retainage becomes an AP invoice whose lines sum to net, with a negative retainage line")
    func requisitionWithRetainage() throws {
        let world = try TransformWorld()
        let run = try world.stage(Self.run1, [
            "work_order_contracts": [Staged.acmeSubcontract],
            "requisitions": [Staged.goodRequisition],
        ])
        let summary = try world.transform(run)
        #expect(summary.invalid.isEmpty, "\(summary.invalid)")
        let batch = try #require(summary.batches.first { $0.kind == "ap-invoices" })
        #expect(batch.id == "\(summary.runID)-ap-invoices")
        let records = try world.importRecords(batch)
        #expect(records.count == 1)
        let entry = try #require(records.first)
        #expect(entry["idempotency_key"] as? String == "ABC:ap-invoices:requisitions:1280646")
        let invoice = try #require(entry["record"] as? [String: Any])
        #expect(invoice["VendorNo"] as? String == "ACMEDRY")
        #expect(invoice["InvoiceNo"] as? String == "123")
        #expect(invoice["JobNo"] as? String == "2501")
        #expect(decimal(invoice["InvoiceAmt"]) == Decimal(string: "11160.00"))
        #expect(decimal(invoice["RetentionAmt"]) == Decimal(string: "1240.00"))
        let lines = try #require(invoice["lines"] as? [[String: Any]])
        let total = lines.compactMap { decimal($0["DistributionAmt"]) }.reduce(0, +)
        #expect(total == Decimal(string: "11160.00"))
        let retainageLine = try #require(lines.first { $0["AccountKey"] as? String == "000000021" })
        #expect(decimal(retainageLine["DistributionAmt"]) == Decimal(string: "-1240.00"))
        let drywall = try #require(lines.first { $0["AccountKey"] as? String == "000000510" })
        #expect(decimal(drywall["DistributionAmt"]) == Decimal(string: "10400.00"))
        #expect(drywall["CostCode"] as? String == "09-250")
        #expect(drywall["CostType"] as? String == "S")
        let framing = try #require(lines.first { $0["AccountKey"] as? String == "000000503" })
        #expect(decimal(framing["DistributionAmt"]) == Decimal(string: "2000.00"))

        // The ledger: record batched with the batch id, identity map has the invoice, amounts recorded.
        let record = try #require(try world.ledger.liveRecord(idempotencyKey: "ABC:ap-invoices:requisitions:1280646"))
        #expect(record.state == .batched)
        #expect(record.batchID == batch.id)
        #expect(try world.ledger.sageKey(company: "ABC", resource: "ap-invoices", procoreID: 1280646) == "00-ACMEDRY-123")
        let amounts = try world.ledger.recordAmounts(recordID: record.id)
        #expect(amounts.first { $0.line == "gross" }?.amount == Decimal(string: "12400"))
        #expect(amounts.first { $0.line == "retainage" }?.amount == Decimal(string: "1240"))
        #expect(amounts.first { $0.line == "net" }?.amount == Decimal(string: "11160"))
        let distributed = amounts.filter { $0.line == "distribution" }.map(\.amount).reduce(0, +)
        #expect(distributed == Decimal(string: "11160"))
        #expect(Set(amounts.compactMap(\.account)) == ["5100-04-00", "5030-04-00", "2150-00-00"])
        #expect(try world.ledger.postingBatch(id: batch.id)?.state == .ready)
    }

    @Test("a negative requisition is a credit memo, a retainage release withholds nothing, a requisition of zero is nothing to post")
    func creditsReleasesAndZeros() throws {
        let world = try TransformWorld()
        let run = try world.stage(Self.run1, [
            "work_order_contracts": [Staged.acmeSubcontract],
            "requisitions": [
                // Work backed out: -1,000.00 with the 100.00 retainage on it given back: net -900.00.
                Staged.requisition(2001, invoice: "CR-1", claimed: "-1000.00", due: "-900.00", items: [
                    Staged.contractItem(1, lineItem: 90011, thisPeriod: "-1000.00", retained: "-100.00"),
                ]),
                // Retainage released: nothing billed, 500.00 released and payable now.
                Staged.requisition(2002, invoice: "REL-1", claimed: "0.00", due: "500.00", items: [
                    Staged.contractItem(2, lineItem: 90011, thisPeriod: "0.00", retained: "0.00", released: "500.00"),
                ]),
                Staged.requisition(2003, invoice: "ZERO-1", claimed: "0.00", due: "0.00", items: [
                    Staged.contractItem(3, lineItem: 90011, thisPeriod: "0.00", retained: "0.00"),
                ]),
            ],
        ])
        let summary = try world.transform(run)
        #expect(summary.invalid.isEmpty, "\(summary.invalid)")
        #expect(summary.nothingToPost.map(\.sourceID) == [2003])
        #expect(summary.nothingToPost.first?.reason.contains("bills 0.00 this period") == true)
        #expect(try world.ledger.liveRecord(idempotencyKey: "ABC:ap-invoices:requisitions:2003") == nil)

        let batch = try #require(summary.batches.first { $0.kind == "ap-invoices" })
        let invoices = try world.importRecords(batch).compactMap { $0["record"] as? [String: Any] }
        let credit = try #require(invoices.first { $0["InvoiceNo"] as? String == "CR-1" })
        #expect(decimal(credit["InvoiceAmt"]) == Decimal(string: "-900.00"))
        #expect(decimal(credit["RetentionAmt"]) == Decimal(string: "-100.00"))
        let creditLines = try #require(credit["lines"] as? [[String: Any]])
        #expect(creditLines.compactMap { decimal($0["DistributionAmt"]) }.reduce(0, +) == Decimal(string: "-900.00"))

        let release = try #require(invoices.first { $0["InvoiceNo"] as? String == "REL-1" })
        #expect(decimal(release["InvoiceAmt"]) == Decimal(string: "500.00"))
        #expect(decimal(release["RetentionAmt"]) == 0)
        let releaseLines = try #require(release["lines"] as? [[String: Any]])
        #expect(releaseLines.count == 1)
        #expect(releaseLines.first?["AccountKey"] as? String == "000000021")
        #expect(releaseLines.first?["CommentText"] as? String == "retainage released this period")
        #expect(decimal(releaseLines.first?["DistributionAmt"]) == Decimal(string: "500.00"))
    }

    @Test("an unmapped cost code makes the requisition invalid with the fix, and does not block the good records")
    func unmappedCostCode() throws {
        let world = try TransformWorld()
        let bad = Staged.requisition(1280700, invoice: "124", claimed: "700.00", due: "630.00", items: [
            Staged.contractItem(7, lineItem: 90013, thisPeriod: "700.00", retained: "70.00"),
        ])
        let contract = Staged.workOrder(9001, vendor: 5551234, vendorName: "Acme Drywall", lines: [
            Staged.lineItem(90011, amount: "10000.00", code: "09-250", type: "S"),
            Staged.lineItem(90012, amount: "5000.00", code: "03-100", type: "L"),
            Staged.lineItem(90013, amount: "700.00", code: "09-999", type: "L"),
        ])
        let run = try world.stage(Self.run1, ["work_order_contracts": [contract], "requisitions": [Staged.goodRequisition, bad]])
        let summary = try world.transform(run)
        // The subcontract itself carries the unmapped line too: it is invalid as well.
        let invalid = try #require(summary.invalid.first { $0.sourceID == 1280700 })
        #expect(invalid.label == "requisition 1280700 (Acme Drywall, invoice 124)")
        #expect(invalid.reasons.contains {
            $0.hasPrefix("requisition 1280700 (Acme Drywall, invoice 124): cost code 09-999 (type L) on project 1001 has no GL mapping; add a row to cost-codes.csv")
        }, "\(invalid.reasons)")
        let record = try #require(try world.ledger.liveRecord(idempotencyKey: "ABC:ap-invoices:requisitions:1280700"))
        #expect(record.state == .invalid)
        #expect(record.errors == invalid.reasons)
        // The good requisition still went out.
        #expect(summary.counts("ap-invoices").valid == 1)
        #expect(summary.counts("ap-invoices").invalid == 1)
        let batch = try #require(summary.batches.first { $0.kind == "ap-invoices" })
        #expect(try world.importRecords(batch).count == 1)
        #expect(try world.ledger.liveRecord(idempotencyKey: "ABC:ap-invoices:requisitions:1280646")?.state == .batched)
    }

    @Test("items that do not add up to the requisition's totals are refused with both amounts")
    func itemsMustAddUp() throws {
        let world = try TransformWorld()
        let short = Staged.requisition(1280646, invoice: "123", claimed: "12400.00", due: "11106.00", items: [
            Staged.contractItem(1, lineItem: 90011, thisPeriod: "10000.00", stored: "340.00", retained: "1000.00", storedRetained: "34.00"),
            Staged.contractItem(2, lineItem: 90012, thisPeriod: "2000.00", retained: "200.00"),
        ])
        let run = try world.stage(Self.run1, ["work_order_contracts": [Staged.acmeSubcontract], "requisitions": [short]])
        let summary = try world.transform(run)
        let invalid = try #require(summary.invalid.first)
        #expect(invalid.reasons.contains {
            $0.hasPrefix("requisition 1280646 (Acme Drywall, invoice 123): items add up to 12,340.00 but the requisition says 12,400.00")
        }, "\(invalid.reasons)")
        #expect(summary.batches.allSatisfy { $0.kind != "ap-invoices" })
    }

    @Test("a vendor name longer than 30 characters is rejected, or truncated and reported, per policy")
    func vendorNamePolicy() throws {
        let longName = "Northwest Commercial Drywall & Acoustical Ceilings"
        func stageRun(_ world: TransformWorld) throws -> String {
            try world.stage(Self.run1, [
                "vendors": [Staged.vendor(888, longName)],
                "work_order_contracts": [Staged.workOrder(9002, vendor: 888, vendorName: longName, number: "SC-002", lines: [
                    Staged.lineItem(90021, amount: "2500.00", code: "09-250", type: "S"),
                ])],
            ])
        }
        let rejecting = try TransformWorld()
        let rejected = try rejecting.transform(try stageRun(rejecting), options: TransformOptions(vendorNamePolicy: .reject))
        let vendorProblem = try #require(rejected.invalid.first { $0.resource == "vendors" })
        #expect(vendorProblem.reasons.contains { $0.contains("VendorName is \(longName.count) characters; Sage 100 allows 30") })
        let orderProblem = try #require(rejected.invalid.first { $0.resource == "work_order_contracts" })
        #expect(orderProblem.reasons.contains { $0.contains("VendorName is \(longName.count) characters") })
        #expect(rejected.batches.isEmpty)

        let truncating = try TransformWorld()
        let truncated = try truncating.transform(try stageRun(truncating), options: TransformOptions(vendorNamePolicy: .truncate))
        #expect(truncated.invalid.isEmpty, "\(truncated.invalid)")
        let cut = try #require(truncated.adjusted.first { $0.field == "VendorName" })
        #expect(cut.original == longName)
        #expect(cut.written == String(longName.prefix(30)).trimmingCharacters(in: .whitespaces))
        let vendors = try #require(truncated.batches.first { $0.kind == "vendors" })
        let vendor = try #require(try truncating.importRecords(vendors).first?["record"] as? [String: Any])
        #expect(vendor["VendorName"] as? String == cut.written)
        #expect(vendor["VendorNo"] as? String == "P000888")
        #expect(vendor["AddressLine1"] as? String == "100 Main St")
        #expect(vendor["AddressLine2"] as? String == "Suite 200")
        let order = try #require(truncated.batches.first { $0.kind == "purchase-orders" })
        let po = try #require(try truncating.importRecords(order).first?["record"] as? [String: Any])
        #expect(po["VendorNo"] as? String == "P000888")
        #expect(try truncating.ledger.sageKey(company: "ABC", resource: "vendors", procoreID: 888) == "00-P000888")
    }

    @Test("an unknown vendor with create_missing false is invalid and says how to map it")
    func unknownVendorNotCreated() throws {
        let world = try TransformWorld(createMissing: false)
        let run = try world.stage(Self.run1, [
            "vendors": [Staged.vendor(777, "Brightline Electric")],
            "work_order_contracts": [Staged.workOrder(9003, vendor: 777, vendorName: "Brightline Electric", number: "SC-003", lines: [
                Staged.lineItem(90031, amount: "900.00", code: "09-250", type: "S"),
            ])],
        ])
        let summary = try world.transform(run)
        let invalid = try #require(summary.invalid.first { $0.sourceID == 9003 })
        #expect(invalid.reasons.contains {
            $0.contains("Procore vendor 777 (Brightline Electric) has no Sage vendor") && $0.contains("create_missing is false")
                && $0.contains("add it to mapping.vendors.table")
        }, "\(invalid.reasons)")
        #expect(summary.batches.isEmpty)
        #expect(summary.counts("vendors").valid == 0)
    }

    @Test("the same records delivered again change nothing: no new version, nothing transformed, nothing batched")
    func secondRunIsQuiet() throws {
        let world = try TransformWorld()
        let lines = [
            "work_order_contracts": [Staged.acmeSubcontract],
            "requisitions": [Staged.goodRequisition],
            "commitment_change_orders": [Staged.changeOrder(4001, lines: [Staged.lineItem(40011, amount: "1500.00", code: "09-250", type: "S")])],
            "contract_payments": [Staged.payment(5001, requisition: 1280646, amount: "11160.00")],
        ]
        try world.stage(Self.run1, lines)
        let first = try world.transform()
        #expect(first.invalid.isEmpty, "\(first.invalid)")
        #expect(Set(first.batches.map(\.kind)) == ["purchase-orders", "purchase-order-changes", "ap-invoices", "manual-checks"])
        let stored = try world.ledger.sourceVersionCount()
        try world.stage(Self.run2, lines)
        #expect(try world.ledger.sourceVersionCount() == stored)
        let second = try world.transform()
        #expect(second.versionsFrom == first.versionsThrough + 1 && second.versionsThrough == first.versionsThrough)
        #expect(second.batches.isEmpty)
        #expect(second.invalid.isEmpty)
        for kind in ["purchase-orders", "purchase-order-changes", "ap-invoices", "manual-checks"] {
            #expect(second.counts(kind).valid == 0 && second.counts(kind).superseded == 0, "\(kind): \(second.counts(kind))")
        }
        #expect(try world.ledger.records(in: .batched).count == 4)
        let outbox = try FileManager.default.contentsOfDirectory(atPath: world.outboxRoot).filter { !$0.hasPrefix(".") }
        #expect(outbox.count == 4)
    }

    @Test("a changed version of a posted record goes to drift; of an unposted one, supersedes it")
    func driftAndSupersede() throws {
        let world = try TransformWorld()
        let first = try world.transform(try world.stage(Self.run1, [
            "work_order_contracts": [Staged.acmeSubcontract],
            "requisitions": [Staged.goodRequisition],
        ]))
        #expect(first.invalid.isEmpty)
        // Post the invoice (as the post stage would), leave the purchase order batched.
        let invoice = try #require(try world.ledger.liveRecord(idempotencyKey: "ABC:ap-invoices:requisitions:1280646"))
        try world.ledger.transition(recordID: invoice.id, to: .posting)
        try world.ledger.transition(recordID: invoice.id, to: .posted, targetKey: "00-ACMEDRY-123")
        let order = try #require(try world.ledger.liveRecord(idempotencyKey: "ABC:purchase-orders:work_order_contracts:9001"))

        // The amount billed changed after posting: Sage has the old invoice.
        let changedRequisition = Staged.requisition(1280646, invoice: "123", claimed: "12500.00", due: "11250.00", items: [
            Staged.contractItem(1, lineItem: 90011, thisPeriod: "10100.00", stored: "400.00", retained: "1010.00", storedRetained: "40.00"),
            Staged.contractItem(2, lineItem: 90012, thisPeriod: "2000.00", retained: "200.00"),
        ], updated: "2026-11-22T09:00:00Z")
        let changedContract = Staged.workOrder(9001, vendor: 5551234, vendorName: "Acme Drywall", lines: [
            Staged.lineItem(90011, amount: "11000.00", code: "09-250", type: "S"),
            Staged.lineItem(90012, amount: "5000.00", code: "03-100", type: "L", description: "Framing"),
        ], updated: "2026-11-22T09:00:00Z")
        let second = try world.transform(try world.stage(Self.run2, [
            "work_order_contracts": [changedContract], "requisitions": [changedRequisition],
        ]))
        #expect(second.counts("ap-invoices").drift == 1)
        #expect(second.drift.first?.sourceID == 1280646)
        #expect(try world.ledger.record(id: invoice.id)?.state == .drift)
        #expect(second.batches.allSatisfy { $0.kind != "ap-invoices" })
        #expect(try world.ledger.records(resource: "requisitions", sourceID: 1280646).count == 1)

        #expect(second.counts("purchase-orders").superseded == 1)
        #expect(try world.ledger.record(id: order.id)?.state == .superseded)
        let newOrder = try #require(try world.ledger.liveRecord(idempotencyKey: "ABC:purchase-orders:work_order_contracts:9001"))
        #expect(newOrder.id != order.id)
        #expect(newOrder.state == .batched)
        let batch = try #require(second.batches.first { $0.kind == "purchase-orders" })
        #expect(batch.controlTotal == "16000.00")
    }

    @Test("a new version of a posted record that would send Sage the same document is no change: not drift, nothing sent")
    func sameDocumentIsNotDrift() throws {
        let world = try TransformWorld()
        let first = try world.transform(try world.stage(Self.run1, [
            "work_order_contracts": [Staged.acmeSubcontract],
            "requisitions": [Staged.goodRequisition],
        ]))
        #expect(first.invalid.isEmpty)
        let invoice = try #require(try world.ledger.liveRecord(idempotencyKey: "ABC:ap-invoices:requisitions:1280646"))
        #expect(invoice.documentSHA256?.count == 64, "the batched document's digest is kept")
        try world.ledger.transition(recordID: invoice.id, to: .posting)
        try world.ledger.transition(recordID: invoice.id, to: .posted, targetKey: "00-ACMEDRY-123")

        // Procore stamped the requisition again (a comment, an attachment): same money, same invoice.
        let touched = Staged.goodRequisition.replacingOccurrences(of: "2026-11-20T10:00:00Z", with: "2026-11-22T09:00:00Z")
        let second = try world.transform(try world.stage(Self.run2, ["requisitions": [touched]]))
        #expect(second.counts("ap-invoices").drift == 0 && second.drift.isEmpty, "\(second.drift)")
        #expect(second.counts("ap-invoices").unchanged == 1)
        #expect(second.batches.isEmpty, "nothing is sent again")
        #expect(try world.ledger.record(id: invoice.id)?.state == .posted)
    }

    @Test("a commitment or requisition carrying another integration's origin_id is held naming it; the connector's own link is not")
    func foreignOrigin() throws {
        let world = try TransformWorld()
        let foreign = Staged.acmeSubcontract.replacingOccurrences(of: "\"deleted_at\":null", with: "\"deleted_at\":null,\"origin_id\":\"VISTA-SC-77\"")
        #expect(foreign != Staged.acmeSubcontract)
        let summary = try world.transform(try world.stage(Self.run1, ["work_order_contracts": [foreign]]))
        let held = try #require(summary.invalid.first { $0.sourceID == 9001 })
        #expect(held.reasons.contains { $0.contains("VISTA-SC-77") && $0.contains("another integration") }, "\(held.reasons)")
        #expect(summary.batches.allSatisfy { $0.kind != "purchase-orders" })

        // The Sage key this connector gives it (its own link-back, read back) is no obstacle.
        let other = try TransformWorld()
        let first = try other.transform(try other.stage(Self.run1, ["work_order_contracts": [Staged.acmeSubcontract]]))
        let number = try #require(first.batches.first { $0.kind == "purchase-orders" }.flatMap { _ in
            try other.ledger.liveRecord(idempotencyKey: "ABC:purchase-orders:work_order_contracts:9001")?.targetKey })
        let linked = Staged.acmeSubcontract
            .replacingOccurrences(of: "\"deleted_at\":null", with: "\"deleted_at\":null,\"origin_id\":\"\(number)\"")
            .replacingOccurrences(of: "2026-11-02T10:00:00Z", with: "2026-11-03T10:00:00Z")
        let again = try other.transform(try other.stage(Self.run2, ["work_order_contracts": [linked]]))
        #expect(again.invalid.isEmpty, "\(again.invalid)")
    }

    @Test("allOrNothing: one invalid record stops every batch and the valid records wait")
    func allOrNothing() throws {
        let world = try TransformWorld()
        let bad = Staged.requisition(1280700, invoice: "124", claimed: "1.00", due: "1.00", items: [
            Staged.contractItem(7, lineItem: 99999, thisPeriod: "1.00", retained: "0.00"),
        ])
        let run = try world.stage(Self.run1, ["work_order_contracts": [Staged.acmeSubcontract],
                                              "requisitions": [Staged.goodRequisition, bad]])
        let summary = try world.transform(run, options: TransformOptions(allOrNothing: true))
        #expect(summary.blocked)
        #expect(summary.batches.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: world.outboxRoot).filter { !$0.hasPrefix(".") }.isEmpty)
        #expect(try world.ledger.liveRecord(idempotencyKey: "ABC:ap-invoices:requisitions:1280646")?.state == .valid)
        #expect(try world.ledger.liveRecord(idempotencyKey: "ABC:ap-invoices:requisitions:1280700")?.state == .invalid)
        #expect(try world.ledger.sageKey(company: "ABC", resource: "ap-invoices", procoreID: 1280646) == nil)

        // Without the bad record the waiting valid ones are batched by the next transform.
        let fixed = try world.transform(run)
        #expect(fixed.batches.contains { $0.kind == "ap-invoices" })
        #expect(try world.ledger.liveRecord(idempotencyKey: "ABC:ap-invoices:requisitions:1280646")?.state == .batched)
    }

    @Test("a payment pays the invoice allocated in the same transform; a payment of an unknown requisition is invalid")
    func paymentsFindTheirInvoice() throws {
        let world = try TransformWorld()
        let run = try world.stage(Self.run1, [
            "work_order_contracts": [Staged.acmeSubcontract],
            "requisitions": [Staged.goodRequisition],
            "contract_payments": [Staged.payment(5001, requisition: 1280646, amount: "11160.00"),
                                  Staged.payment(5002, requisition: 4242, amount: "10.00", check: "10046")],
        ])
        let summary = try world.transform(run)
        let batch = try #require(summary.batches.first { $0.kind == "manual-checks" })
        let check = try #require(try world.importRecords(batch).first?["record"] as? [String: Any])
        #expect(check["BankCode"] as? String == "A")
        #expect(check["CheckNo"] as? String == "10045")
        #expect(check["VendorNo"] as? String == "ACMEDRY")
        let paid = try #require((check["lines"] as? [[String: Any]])?.first)
        #expect(paid["InvoiceNo"] as? String == "123")
        #expect(decimal(paid["InvoiceAmt"]) == Decimal(string: "11160.00"))
        let orphan = try #require(summary.invalid.first { $0.sourceID == 5002 })
        #expect(orphan.reasons.contains { $0.contains("requisition 4242 has no AP invoice in Sage 100 yet") })

        // A later run: the payment finds the invoice through the identity map.
        let later = try world.transform(try world.stage(Self.run2, [
            "contract_payments": [Staged.payment(5003, requisition: 1280646, amount: "100.00", check: "10047")],
        ]))
        let laterBatch = try #require(later.batches.first { $0.kind == "manual-checks" })
        let laterCheck = try #require(try world.importRecords(laterBatch).first?["record"] as? [String: Any])
        #expect((laterCheck["lines"] as? [[String: Any]])?.first?["InvoiceNo"] as? String == "123")
        #expect(laterCheck["VendorNo"] as? String == "ACMEDRY")
    }

    @Test("batch files match the manifest's sha256, control totals equal the documents to the cent; a change order adds lines to its commitment's purchase order")
    func filesTotalsAndBalance() throws {
        let world = try TransformWorld()
        let run = try world.stage(Self.run1, [
            "work_order_contracts": [Staged.acmeSubcontract],
            "requisitions": [Staged.goodRequisition],
            "commitment_change_orders": [Staged.changeOrder(4001, lines: [
                Staged.lineItem(40011, amount: "1500.25", code: "09-250", type: "S"),
                Staged.lineItem(40012, amount: "-300.10", code: "03-100", type: "L"),
            ])],
        ])
        let summary = try world.transform(run)
        #expect(summary.invalid.isEmpty, "\(summary.invalid)")
        #expect(summary.batches.count == 3)
        for batch in summary.batches {
            let manifest = try world.manifest(batch)
            #expect(manifest.batchID == batch.id)
            #expect(manifest.company == "ABC")
            #expect(manifest.runID == summary.runID)
            #expect(manifest.approval == "ready")
            for file in manifest.files {
                let data = try Data(contentsOf: URL(fileURLWithPath: batch.path + "/" + file.name))
                #expect(ContentHash.sha256(data) == file.sha256, "\(file.name)")
                #expect(data.count == file.bytes)
            }
            let sum = manifest.records.compactMap { Decimal(string: $0.amount, locale: Locale(identifier: "en_US_POSIX")) }.reduce(0, +)
            #expect(AgentWire.money(sum) == manifest.controlTotal)
            #expect(manifest.controlTotal == batch.controlTotal)
            #expect(try world.ledger.postingBatch(id: batch.id)?.controlTotal == batch.controlTotal)
        }
        #expect(summary.batches.first { $0.kind == "ap-invoices" }?.controlTotal == "11160.00")
        #expect(summary.batches.first { $0.kind == "purchase-orders" }?.controlTotal == "15000.00")
        // The change order: lines added to the subcontract's purchase order, after it, at the
        // cost code's account, job and cost type; nothing in the GL.
        #expect(!summary.batches.contains { $0.kind == "gl-entries" })
        let poBatch = try #require(summary.batches.first { $0.kind == "purchase-orders" })
        let po = try #require(try world.importRecords(poBatch).first?["record"] as? [String: Any])
        let changes = try #require(summary.batches.first { $0.kind == "purchase-order-changes" })
        #expect(changes.controlTotal == "1200.15")
        let entry = try #require(try world.importRecords(changes).first)
        let change = try #require(entry["record"] as? [String: Any])
        #expect(change["PurchaseOrderNo"] as? String == po["PurchaseOrderNo"] as? String)
        #expect(Set(change.keys) == ["PurchaseOrderNo", "lines"], "the header names the purchase order and changes nothing else")
        let lines = try #require(change["lines"] as? [[String: Any]])
        #expect(lines.map { $0["ItemCode"] as? String } == ["/CHANGEORDER", "/CHANGEORDER"])
        #expect(lines.map { decimal($0["ExtensionAmt"]) } == [Decimal(string: "1500.25"), Decimal(string: "-300.10")])
        #expect(lines.map { $0["PurchasesAcctKey"] as? String } == ["000000510", "000000503"])
        #expect(lines.map { $0["CostCode"] as? String } == ["09-250", "03-100"])
        #expect(lines.map { $0["JobNo"] as? String } == ["2501", "2501"])
        let record = try #require(try world.ledger.liveRecord(idempotencyKey: "ABC:purchase-order-changes:commitment_change_orders:4001"))
        #expect(try world.ledger.postBlockers(recordIDs: [record.id])[record.id]?.first?.contains("purchase order ABC:purchase-orders:work_order_contracts:9001") == true)
    }

    @Test("payments: sage keeps Procore's payments out of Sage: listed as nothing to post, never a second check")
    func paymentsRecordedInSage() throws {
        let world = try TransformWorld()
        world.mapping.payments = .sage
        let run = try world.stage(Self.run1, [
            "work_order_contracts": [Staged.acmeSubcontract],
            "requisitions": [Staged.goodRequisition],
            "contract_payments": [Staged.payment(5001, requisition: 1280646, amount: "11160.00")],
        ])
        let summary = try world.transform(run)
        #expect(summary.invalid.isEmpty, "\(summary.invalid)")
        #expect(!summary.batches.contains { $0.kind == "manual-checks" })
        #expect(summary.batches.contains { $0.kind == "ap-invoices" })
        #expect(summary.nothingToPost.map(\.sourceID) == [5001])
        #expect(summary.nothingToPost.first?.reason.contains("mapping.payments: sage") == true)
        #expect(try world.ledger.liveRecord(idempotencyKey: "ABC:manual-checks:contract_payments:5001") == nil)
    }

    @Test("change_orders: journal_entry posts a memo entry between the two memo accounts, never to a cost account")
    func changeOrderMemoJournal() throws {
        let world = try TransformWorld()
        world.mapping.changeOrders = .journalEntry
        world.mapping.accounts[.committedCost] = try AccountTemplate("9100-00-00")
        world.mapping.accounts[.commitmentsOffset] = try AccountTemplate("9110-00-00")
        let run = try world.stage(Self.run1, [
            "work_order_contracts": [Staged.acmeSubcontract],
            "commitment_change_orders": [Staged.changeOrder(4001, lines: [
                Staged.lineItem(40011, amount: "1500.25", code: "09-250", type: "S"),
                Staged.lineItem(40012, amount: "-300.10", code: "03-100", type: "L"),
            ])],
        ])
        let summary = try world.transform(run)
        #expect(summary.invalid.isEmpty, "\(summary.invalid)")
        #expect(!summary.batches.contains { $0.kind == "purchase-order-changes" })
        let gl = try #require(summary.batches.first { $0.kind == "gl-entries" })
        let entry = try #require(try world.importRecords(gl).first?["record"] as? [String: Any])
        let lines = try #require(entry["lines"] as? [[String: Any]])
        #expect(Set(lines.compactMap { $0["AccountKey"] as? String }) == ["000000091", "000000092"])
        let debits = lines.compactMap { decimal($0["DebitAmount"]) }.reduce(0, +)
        let credits = lines.compactMap { decimal($0["CreditAmount"]) }.reduce(0, +)
        #expect(debits == credits)
        let offset = try #require(lines.first { $0["AccountKey"] as? String == "000000092" })
        #expect(decimal(offset["CreditAmount"]) == Decimal(string: "1200.15"))
        #expect(gl.controlTotal == "1500.25")
    }

    @Test("an invalid record becomes valid and is batched once the mapping is fixed, without a new pull")
    func mappingFixRevalidates() throws {
        let world = try TransformWorld()
        let bad = Staged.requisition(1280700, invoice: "124", claimed: "700.00", due: "630.00", items: [
            Staged.contractItem(7, lineItem: 90013, thisPeriod: "700.00", retained: "70.00"),
        ])
        let contract = Staged.workOrder(9001, vendor: 5551234, vendorName: "Acme Drywall", lines: [
            Staged.lineItem(90013, amount: "700.00", code: "09-999", type: "L"),
        ])
        let run = try world.stage(Self.run1, ["work_order_contracts": [contract], "requisitions": [bad]])
        let first = try world.transform(run)
        #expect(first.counts("ap-invoices").invalid == 1)
        let record = try #require(try world.ledger.liveRecord(idempotencyKey: "ABC:ap-invoices:requisitions:1280700"))
        #expect(record.state == .invalid)

        world.mapping = try MappingConfiguration.parse(
            yaml: TransformWorld.mappingYAML.replacingOccurrences(of: "CREATE", with: "true")
                .replacingOccurrences(of: "  accounts:", with: "  default_account: \"5999-{division}-00\"\n  accounts:"),
            file: "connector.yml", baseDirectory: nil)
        let second = try world.transform(run)
        #expect(second.invalid.isEmpty, "\(second.invalid)")
        #expect(second.counts("ap-invoices").valid == 1)
        let fixed = try #require(try world.ledger.record(id: record.id))
        #expect(fixed.state == .batched)
        #expect(fixed.errors.count == 1)
        let batch = try #require(second.batches.first { $0.kind == "ap-invoices" })
        let invoice = try #require(try world.importRecords(batch).first?["record"] as? [String: Any])
        #expect((invoice["lines"] as? [[String: Any]])?.first?["AccountKey"] as? String == "000000599")
    }

    @Test("a record with a malformed field is invalid, naming the record and the field")
    func malformedField() throws {
        let world = try TransformWorld()
        let broken = Staged.goodRequisition.replacingOccurrences(of: "\"total_claimed_amount\":\"12400.00\"",
                                                                 with: "\"total_claimed_amount\":\"12,400.00\"")
        let run = try world.stage(Self.run1, ["work_order_contracts": [Staged.acmeSubcontract], "requisitions": [broken]])
        let summary = try world.transform(run)
        let invalid = try #require(summary.invalid.first { $0.resource == "requisitions" })
        #expect(invalid.reasons.count == 1)
        let reason = try #require(invalid.reasons.first)
        #expect(reason.hasPrefix("requisition 1280646 (ledger version 1 of requisitions 1280646): requisitions record 1280646, field 'total_claimed_amount'"), "\(reason)")
        #expect(reason.hasSuffix("fix the record in Procore and pull again"))
        #expect(summary.batches.map(\.kind) == ["purchase-orders"])
    }

    @Test("a second transform while one holds the outbox lock stops at once and says why")
    func lockedOutbox() throws {
        let world = try TransformWorld()
        let run = try world.stage(Self.run1, ["work_order_contracts": [Staged.acmeSubcontract]])
        let held = try OutboxLock.acquire(outboxRoot: world.outboxRoot)
        #expect(throws: TransformError.locked(path: held.path)) { try world.transform(run) }
        #expect(try world.ledger.records(in: .staged).isEmpty && world.ledger.records(in: .valid).isEmpty)
        withExtendedLifetime(held) {}
    }

    @Test("staging/ is an export: the transform reads the ledger, so removing the staging folders changes nothing")
    func stagingIsNotRead() throws {
        let world = try TransformWorld()
        try FileManager.default.createDirectory(atPath: world.stagingRoot + "/" + Self.run1, withIntermediateDirectories: true)
        try Data("{not a staged line\n".utf8).write(to: URL(fileURLWithPath: world.stagingRoot + "/" + Self.run1 + "/requisitions.jsonl"))
        try world.stage(Self.run1, ["work_order_contracts": [Staged.acmeSubcontract], "requisitions": [Staged.goodRequisition]])
        try FileManager.default.removeItem(atPath: world.stagingRoot)
        let summary = try world.transform()
        #expect(summary.unreadable.isEmpty)
        #expect(summary.invalid.isEmpty, "\(summary.invalid)")
        #expect(Set(summary.batches.map(\.kind)) == ["purchase-orders", "ap-invoices"])
    }

    @Test("pending approval batches, reference-only resources, ineligible statuses and unreadable lines")
    func approvalAndSkips() throws {
        let world = try TransformWorld()
        let draft = Staged.requisition(1280800, invoice: "125", claimed: "1.00", due: "1.00", status: "under_review", items: [])
        let run = try world.stage(Self.run1, [
            "work_order_contracts": [Staged.acmeSubcontract, "{not json"],
            "requisitions": [draft],
            "cost_codes": [Staged.line("cost_codes", project: 1001, "{\"id\":501,\"full_code\":\"09-250\",\"name\":\"Drywall\"}")],
            "payment_applications": [Staged.line("payment_applications", project: 1001, "{\"id\":77,\"status\":\"approved\"}")],
        ])
        let summary = try world.transform(run, options: TransformOptions(approvalRequired: true))
        #expect(summary.counts("ap-invoices").notEligible == 1)
        #expect(summary.reference["cost_codes"] == 1)
        #expect(summary.counts("gl-entries").invalid == 1) // an approved payment application without an amount
        #expect(summary.unreadable.count == 1)
        #expect(summary.unreadable.first?.contains("of work_order_contracts line 1: line is not a JSON object") == true, "\(summary.unreadable)")
        let batch = try #require(summary.batches.first)
        #expect(batch.state == "pending_approval")
        #expect(try world.ledger.postingBatch(id: batch.id)?.state == .pendingApproval)
        #expect(try world.manifest(batch).approval == "pending_approval")
    }
}
